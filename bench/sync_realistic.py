"""Realistic sync traffic: events written through the real client path (services -> Store.append).

Learners on one shared centre PC open lessons, answer the lesson checks and the course tests of
the bundled courses (right about three times in four, wrong otherwise, with the response shapes
the UI sends), finish attempts and complete lessons. Every event goes through ``Store.append``
with its real UUIDv7 id, HLC stamp and payload.

Time is simulated: a learner needs seconds to answer and minutes to read, and the wire format's
size depends on those gaps. The store gets a virtual clock, and the UUIDv7 generator (``uuid6``)
reads the same virtual clock, so ids carry the time they would have carried in real life. The
virtual day starts 60 days ago, so ids made after the bench still sort after these.
"""

from __future__ import annotations

import random
import time
import types
from pathlib import Path
from typing import Any

from learnbox.core.model import Item, ItemKind
from learnbox.services import LearnBox

_DAY_MS = 86_400_000


class VirtualClock:
    """Milliseconds that move only when a simulated learner spends time."""

    def __init__(self, start_ms: int) -> None:
        self.now_ms = start_ms

    def __call__(self) -> int:
        return self.now_ms

    def spend(self, rng: random.Random, low_s: float, high_s: float) -> None:
        self.now_ms += int(rng.uniform(low_s, high_s) * 1000)

    def time_ns(self) -> int:
        return self.now_ms * 1_000_000


def _response(item: Item, right: bool, rng: random.Random) -> Any:
    """What the UI would send for ``item``: the key when ``right``, a plausible mistake otherwise."""
    ids = [c.id for c in item.choices]
    kind = item.kind
    if kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE):
        wrong = [i for i in ids if i != item.key] or ids
        return item.key if right else rng.choice(wrong)
    if kind is ItemKind.TRUE_FALSE:
        return bool(item.key) if right else not bool(item.key)
    if kind is ItemKind.MULTIPLE:
        key = list(item.key) if isinstance(item.key, tuple) else []
        return key if right else rng.sample(ids, max(1, min(len(ids), len(key) - 1 or 1)))
    if kind is ItemKind.ORDERING:
        key = list(item.key) if isinstance(item.key, tuple) else ids
        if right:
            return key
        shuffled = key[:]
        rng.shuffle(shuffled)
        return shuffled
    if kind is ItemKind.MATCHING:
        key_map = dict(item.key) if isinstance(item.key, dict) else {}
        if right:
            return key_map
        targets = list(key_map.values())
        rng.shuffle(targets)
        return dict(zip(key_map, targets, strict=True))
    if kind is ItemKind.FILL_IN:
        return (
            (item.accepted[0] if item.accepted else "") if right else rng.choice(["không biết", "abc", "?"])
        )
    return None


def realistic_device(data_dir: Path, n_events: int, learners: int = 12, seed: int = 7) -> LearnBox:
    """A client data folder holding at least ``n_events`` events of simulated centre activity."""
    import uuid6

    rng = random.Random(seed)
    clock = VirtualClock(time.time_ns() // 1_000_000 - 60 * _DAY_MS)
    real_time = uuid6.time
    # uuid6 keeps ids monotonic: after ids made at real time it would stamp every virtual (past)
    # id "last + 1 ms". Forget that during the simulation, and restore it afterwards.
    last_real = uuid6._last_v7_timestamp
    uuid6.time = types.SimpleNamespace(time_ns=clock.time_ns)  # type: ignore[assignment]
    uuid6._last_v7_timestamp = None
    try:
        lb = LearnBox.open(data_dir, clock=clock)
        _study(lb, clock, rng, n_events, learners)
    finally:
        uuid6.time = real_time
        uuid6._last_v7_timestamp = last_real
    return lb


def _study(lb: LearnBox, clock: VirtualClock, rng: random.Random, n_events: int, learners: int) -> None:
    locale = "vi"
    courses = lb.courses.available(locale)
    names = ["Nguyễn Thị Lan", "Trần Văn Minh", "Lê Thu Hà", "Phạm Đức", "Sokha", "Maria Santos"]
    profiles = [
        lb.learners.create(f"{rng.choice(names)} {i}", "2468" if i % 2 else None, locale).learner_id
        for i in range(learners)
    ]
    position: dict[str, tuple[int, int]] = {lid: (rng.randrange(len(courses)), 0) for lid in profiles}
    while lb.store.event_count() < n_events:
        lid = rng.choice(profiles)  # one learner at a time at the PC: a session
        clock.spend(rng, 60, 1800)
        for _lesson in range(rng.randint(1, 4)):
            c_index, l_index = position[lid]
            course = courses[c_index]
            if l_index >= len(course.lessons):
                _take_test(lb, clock, rng, lid, course.id, locale)
                position[lid] = ((c_index + 1) % len(courses), 0)
                continue
            lesson_id = course.lessons[l_index].id
            page = lb.lessons.open(lid, course.id, lesson_id, locale)
            clock.spend(rng, 60, 600)  # reading
            if page.lesson.check is None:
                lb.lessons.complete(lid, course.id, lesson_id)
                position[lid] = (c_index, l_index + 1)
                continue
            attempt = lb.quizzes.start_check(lid, course.id, lesson_id, locale)
            for item in attempt.items:
                clock.spend(rng, 4, 40)
                feedback = lb.quizzes.answer(attempt, item.id, _response(item, rng.random() < 0.75, rng))
                if not feedback.correct:  # a check lets the learner try again
                    clock.spend(rng, 3, 20)
                    lb.quizzes.answer(attempt, item.id, _response(item, rng.random() < 0.9, rng))
            clock.spend(rng, 1, 5)
            if lb.quizzes.finish(attempt).passed:
                position[lid] = (c_index, l_index + 1)


def _take_test(
    lb: LearnBox, clock: VirtualClock, rng: random.Random, lid: str, course_id: str, locale: str
) -> None:
    attempt = lb.quizzes.start_test(lid, course_id, locale)
    for item in attempt.items:
        clock.spend(rng, 5, 60)
        lb.quizzes.answer(attempt, item.id, _response(item, rng.random() < 0.85, rng))
    clock.spend(rng, 1, 5)
    lb.quizzes.finish(attempt)
