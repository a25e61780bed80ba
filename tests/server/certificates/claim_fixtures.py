"""Test data for the certificate office: an in-memory test catalog, a learner event factory, and
helpers that push events into a server database the way the sync API does."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from learnbox.content import ContentError
from learnbox.core.events import Event, EventType
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.core.model import Choice, Course, Item, ItemKind, Quiz, QuizKind
from learnbox.server.db import Database
from learnbox.server.enrolment import create_centre
from learnbox.server.ingest import ingest
from learnbox.server.models import Device, StoredEvent
from learnbox.server.server_events import row_event

COURSE = "using-a-computer"
BASE_MS = 1_795_000_000_000  # 2026-11-17, device clock of the fake learner
NOW = 1_795_100_000_000  # server clock


def _pool() -> tuple[Item, ...]:
    ab = (Choice("a", "A"), Choice("b", "B"), Choice("c", "C"))
    items: list[Item] = [Item(f"s{i}", ItemKind.SINGLE, f"Q{i}", ab, key="a") for i in range(1, 9)]
    items += [
        Item("tf", ItemKind.TRUE_FALSE, "True?", key=True),
        Item("m", ItemKind.MULTIPLE, "Which?", ab, key=("a", "c")),
        Item("o", ItemKind.ORDERING, "Order", ab, key=("c", "a", "b")),
        Item("f", ItemKind.FILL_IN, "Word?", accepted=("chuột", "con chuột")),
        Item(
            "mt",
            ItemKind.MATCHING,
            "Pair",
            ab[:2],
            targets=(Choice("x"), Choice("y")),
            key={"a": "x", "b": "y"},
        ),
    ]
    return tuple(items)


class FakeCatalog:
    """Test pool of 13 items, 10 drawn, pass mark 0.8; fill_in accepts other words in English."""

    content_version = "test-1"

    def __init__(self) -> None:
        self.pool = _pool()

    def test_quiz(self, course_id: str, locale: str) -> Quiz:
        if course_id != COURSE:
            raise ContentError(f"{course_id}/course.yaml", None, "no such course")
        items = self.pool
        if locale == "en":
            items = tuple(
                Item(i.id, i.kind, i.prompt, accepted=("mouse",)) if i.kind is ItemKind.FILL_IN else i
                for i in items
            )
        return Quiz(f"{COURSE}/test", QuizKind.TEST, items, draw=10, pass_mark=0.8)


CORRECT: dict[str, Any] = {
    **{f"s{i}": "a" for i in range(1, 9)},
    "tf": True,
    "m": ["c", "a"],
    "o": ["c", "a", "b"],
    "f": " Chuột ",
    "mt": {"a": "x", "b": "y"},
}


#: One device_seq counter per device, shared by every learner on it (as on a real PC).
_DEVICE_SEQ: dict[str, itertools.count[int]] = {}


@dataclass
class Learner:
    """Builds a learner's event log the way the client records it."""

    learner_id: str = field(default_factory=new_id)
    device_id: str = field(default_factory=new_id)
    events: list[Event] = field(default_factory=list)

    def add(self, type_: EventType, payload: dict[str, Any]) -> Event:
        seq = next(_DEVICE_SEQ.setdefault(self.device_id, itertools.count(1)))
        wall = BASE_MS + seq * 1000
        stamp = HLC(wall, 0, self.device_id[:8]).encode()
        event = Event(new_id(), self.learner_id, self.device_id, seq, stamp, wall, type_, payload)
        self.events.append(event)
        return event

    def attempt(
        self,
        responses: dict[str, Any],
        *,
        drawn: list[str] | None = None,
        locale: str = "vi",
        quiz_id: str = f"{COURSE}/test",
    ) -> str:
        attempt_id = new_id()
        drawn = drawn if drawn is not None else list(responses)
        self.add(
            EventType.QUIZ_STARTED,
            {
                "attempt_id": attempt_id,
                "quiz_id": quiz_id,
                "course_id": COURSE,
                "kind": "test",
                "item_ids": drawn,
                "locale": locale,
                "content_version": "test-1",
            },
        )
        for item_id, response in responses.items():
            self.add(
                EventType.ANSWER_GIVEN,
                {
                    "attempt_id": attempt_id,
                    "quiz_id": quiz_id,
                    "item_id": item_id,
                    "response": response,
                    "correct": True,  # what a lying client would say; the server must ignore it
                    "locale": locale,
                },
            )
        self.add(
            EventType.QUIZ_FINISHED,
            {
                "attempt_id": attempt_id,
                "quiz_id": quiz_id,
                "course_id": COURSE,
                "correct": 10,
                "total": 10,
                "passed": True,
            },
        )
        return attempt_id

    def claim(self, *attempt_ids: str, claim_id: str | None = None, course_id: str = COURSE) -> Event:
        return self.add(
            EventType.CERTIFICATE_CLAIMED,
            {
                "claim_id": claim_id or new_id(),
                "course_id": course_id,
                "content_version": "test-1",
                "attempt_ids": list(attempt_ids),
            },
        )


def ten_of(responses: dict[str, Any], wrong: int = 0) -> dict[str, Any]:
    """The first ten items of ``responses``, the first ``wrong`` of them answered wrongly."""
    chosen = dict(list(responses.items())[:10])
    for item_id in list(chosen)[:wrong]:
        chosen[item_id] = "zzz"
    return chosen


class CourseCatalog(FakeCatalog):
    def course(self, course_id: str, locale: str) -> Course:
        self.test_quiz(course_id, locale)  # raises for unknown courses
        title = "Dùng máy tính" if locale == "vi" else "Using a computer"
        return Course(course_id, 3, title, "Chuột, bàn phím, USB.", (), digcomp=("1.3", "5.1"), locale=locale)


def add_device(db: Database, centre_name: str) -> str:
    with db.write() as s:
        centre = create_centre(s, centre_name, NOW)
        device_id = new_id()
        s.add(
            Device(
                device_id=device_id,
                centre_id=centre.centre_id,
                name="PC",
                token_hash=new_id(),
                revoked=False,
                enrolled_ms=NOW,
                acked_seq=0,
            )
        )
    return device_id


def push(db: Database, device_id: str, events: list[Event], now_ms: int = NOW) -> None:
    with db.write() as s:
        s.info["learnbox.catalog"] = CourseCatalog()
        s.info["learnbox.now_ms"] = now_ms
        device = s.get(Device, device_id)
        assert device is not None
        ingest(s, device, events, now_ms)


def server_records(db: Database, learner_id: str) -> list[Event]:
    with db.read() as s:
        rows = s.scalars(
            select(StoredEvent)
            .where(StoredEvent.learner_id == learner_id, StoredEvent.type.like("certificate.%"))
            .order_by(StoredEvent.server_seq)
        )
        return [row_event(r) for r in rows if r.type != EventType.CERTIFICATE_CLAIMED]
