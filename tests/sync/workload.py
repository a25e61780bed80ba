"""Learner activity written straight into a client Store, and the check that all copies agree."""

from __future__ import annotations

import random
from pathlib import Path

from learnbox.core.events import Event, EventType
from learnbox.core.ids import new_id
from learnbox.core.pin import hash_pin
from learnbox.core.progress import LearnerProgress, derive
from learnbox.storage import Store
from learnbox.sync.engine import SyncEngine
from learnbox.sync.enrolment import enrol
from learnbox.sync.http import RetryPolicy, SyncClient

PIN = "2468"
_PIN_HASH = hash_pin(PIN)  # scrypt is slow on purpose: hash once per test run


def new_device(tmp: Path, name: str, server_url: str, code: str) -> Store:
    store = Store.open(tmp / name / "learnbox.db")
    enrol(store, server_url, code)
    return store


def engine(store: Store, url: str | None = None, attempts: int = 5, timeout: float = 10.0) -> SyncEngine:
    from learnbox.sync import state

    client = SyncClient(
        url or state.server_url(store) or "",
        state.token(store),
        retry=RetryPolicy(attempts=attempts, base_s=0.05, cap_s=0.5),
        timeout=(2.0, timeout),
    )
    return SyncEngine(store, client, batch_size=200, page_size=300)


def create_learner(store: Store, name: str, pin: bool = True) -> str:
    learner_id = new_id()
    store.append(
        learner_id,
        EventType.PROFILE_CREATED,
        {"display_name": name, "locale": "vi", "avatar": "teal", "pin_hash": _PIN_HASH if pin else None},
    )
    return learner_id


def study(store: Store, learner_id: str, rng: random.Random, n: int) -> list[Event]:
    """``n`` events of plausible activity: lessons opened/completed, quiz attempts with answers."""
    out = []
    for _ in range(n):
        course = rng.choice(["using-a-computer", "online-safety"])
        kind = rng.random()
        if kind < 0.3:
            out.append(
                store.append(
                    learner_id,
                    EventType.LESSON_OPENED,
                    {"course_id": course, "lesson_id": f"l{rng.randint(1, 5)}", "locale": "vi"},
                )
            )
        elif kind < 0.5:
            out.append(
                store.append(
                    learner_id,
                    EventType.LESSON_COMPLETED,
                    {"course_id": course, "lesson_id": f"l{rng.randint(1, 5)}"},
                )
            )
        elif kind < 0.85:
            out.append(
                store.append(
                    learner_id,
                    EventType.ANSWER_GIVEN,
                    {
                        "attempt_id": new_id(),
                        "quiz_id": f"{course}/test",
                        "item_id": f"q{rng.randint(1, 20)}",
                        "response": rng.randint(0, 3),
                        "correct": rng.random() < 0.7,
                        "locale": "vi",
                    },
                )
            )
        else:
            correct = rng.randint(0, 10)
            out.append(
                store.append(
                    learner_id,
                    EventType.QUIZ_FINISHED,
                    {
                        "attempt_id": new_id(),
                        "quiz_id": f"{course}/test",
                        "course_id": course,
                        "correct": correct,
                        "total": 10,
                        "passed": correct >= 8,
                    },
                )
            )
    return out


def progress_of(store: Store, learner_id: str) -> LearnerProgress:
    return derive(learner_id, store.events_for_learner(learner_id))


def comparable(lp: LearnerProgress) -> dict[str, object]:
    """The derived state, without bookkeeping that legitimately differs."""
    return {
        "opened": lp.opened,
        "completed": lp.completed,
        "last_opened": lp.last_opened,
        "quizzes": lp.quizzes,
        "profile": {k: v[2] for k, v in lp.profile.items()},
        "events": lp.event_ids,
    }


def bulk_study(store: Store, learner_id: str, rng: random.Random, n: int) -> None:
    """Like :func:`study` for big volumes: the same kind of events, written in one transaction.

    ``Store.append`` fsyncs every event (as it must for learners); tests that need thousands of
    events write them like this instead, with the same device_seq/HLC bookkeeping.
    """
    import json

    from learnbox.core import hlc as hlc_mod

    with store._write() as conn:
        seq, last = conn.execute("SELECT next_seq, hlc FROM device WHERE id = 1").fetchone()
        clock = hlc_mod.HLC.decode(last) if last else None
        now = store._clock()
        rows = []
        for i in range(n):
            clock = hlc_mod.tick(clock, now + i, store.device_id)
            course = rng.choice(["using-a-computer", "online-safety"])
            payload: dict[str, object]
            if rng.random() < 0.4:
                type_, payload = EventType.LESSON_COMPLETED.value, {"course_id": course, "lesson_id": f"l{rng.randint(1, 9)}"}
            else:
                type_, payload = EventType.ANSWER_GIVEN.value, {
                    "attempt_id": new_id(), "quiz_id": f"{course}/test", "item_id": f"q{rng.randint(1, 20)}",
                    "response": rng.randint(0, 3), "correct": rng.random() < 0.7, "locale": "vi"}
            rows.append((new_id(), learner_id, store.device_id, seq + i, clock.encode(), now + i, type_, 1,
                         json.dumps(payload, separators=(",", ":"))))
        conn.executemany(
            "INSERT INTO events (event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type, "
            "schema_version, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("UPDATE device SET next_seq = ?, hlc = ? WHERE id = 1",
                     (seq + n, clock.encode() if clock else last))
