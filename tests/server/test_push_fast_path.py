"""The push fast path (checks outside the lock, group commit) against races it must detect.

Races are staged deterministically: two requests are *prepared* from the same database state,
then committed one after the other, exactly as two concurrent requests would be. The second must
come out as the serialised reference path (``ingest``) would have decided it.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.sync.harness import postgres_available, postgres_database

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.server import migrate
from learnbox.server.db import Database
from learnbox.server.enrolment import create_centre
from learnbox.server.errors import ApiError
from learnbox.server.ingest import IngestResult
from learnbox.server.models import Device, StoredEvent
from learnbox.server.push import Prepared, Stale, commit, commit_checked, prepare

NOW = 1_795_000_000_000


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 's.db'}")
        migrate.upgrade(database)
        yield database
        database.dispose()
        return
    if postgres_available() is None:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    with postgres_database() as url:
        database = Database(url)
        migrate.upgrade(database)
        yield database
        database.dispose()


def _devices(db: Database, n: int) -> list[str]:
    ids = [new_id() for _ in range(n)]
    with db.write(serialise=False) as s:
        centre = create_centre(s, "Centre", 0)
        for i, device_id in enumerate(ids):
            s.add(Device(device_id=device_id, centre_id=centre.centre_id, name="", token_hash=f"t{i}",
                         revoked=False, enrolled_ms=0, acked_seq=0))
    return ids


def _events(device_id: str, learner_id: str, seqs: range) -> list[Event]:
    return [
        Event(new_id(), learner_id, device_id, s, HLC(NOW + s, 0, device_id[:8]).encode(), NOW + s,
              "lesson.opened", {"course_id": "c", "lesson_id": f"l{s}"})
        for s in seqs
    ]


def _prepare(db: Database, device_id: str, events: list[Event]) -> Prepared:
    with db.read() as s:
        device = s.get(Device, device_id)
        assert device is not None
        return prepare(s, device, events)


def _commit(db: Database, prepared: Prepared) -> IngestResult:
    """Like the push route: the fast job first, the checked one after Stale."""
    try:
        return db.committer.submit(lambda s: commit(s, prepared, NOW, None, None)).result(timeout=30)
    except Stale:
        return db.committer.submit(lambda s: commit_checked(s, prepared, NOW, None, None)).result(timeout=30)


def _stored(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(StoredEvent)) or 0)


def test_same_batch_pushed_twice_at_once_is_stored_once(db: Database) -> None:
    (dev,) = _devices(db, 1)
    events = _events(dev, new_id(), range(1, 51))
    first, second = _prepare(db, dev, events), _prepare(db, dev, events)  # both see an empty server
    assert len(second.new) == 50
    assert _commit(db, first) == IngestResult(50, 50, 0)
    with pytest.raises(Stale):  # the fast path notices that its rows were not all inserted ...
        db.committer.submit(lambda s: commit(s, second, NOW, None, None)).result(timeout=30)
    assert _stored(db) == 50  # ... and its savepoint left nothing behind
    assert _commit(db, second) == IngestResult(50, 0, 50)
    assert _stored(db) == 50


def test_learner_created_by_two_devices_at_once(db: Database) -> None:
    a, b = _devices(db, 2)
    lid = new_id()
    pa, pb = _prepare(db, a, _events(a, lid, range(1, 4))), _prepare(db, b, _events(b, lid, range(1, 4)))
    assert pa.create == pb.create == [lid]
    assert _commit(db, pa).stored == 3
    with pytest.raises(ApiError) as info:  # the learner is A's now: B may not write for her
        _commit(db, pb)
    assert info.value.code == "learner_not_hosted"
    assert _stored(db) == 3


def test_gaps_filled_out_of_order_are_acknowledged(db: Database) -> None:
    (dev,) = _devices(db, 1)
    events = _events(dev, new_id(), range(1, 31))
    assert _commit(db, _prepare(db, dev, events[20:])).acked_seq == 0  # 21..30 first: a gap
    assert _commit(db, _prepare(db, dev, events[:10])).acked_seq == 10
    assert _commit(db, _prepare(db, dev, events[10:20])).acked_seq == 30  # the gap closes


def test_reused_device_seq_is_a_conflict_before_the_lock(db: Database) -> None:
    (dev,) = _devices(db, 1)
    lid = new_id()
    _commit(db, _prepare(db, dev, _events(dev, lid, range(1, 3))))
    with pytest.raises(ApiError) as info:
        _prepare(db, dev, _events(dev, lid, range(2, 4)))  # seq 2 again, with a new event id
    assert info.value.code == "seq_conflict"


def test_a_failing_job_does_not_undo_the_others(db: Database) -> None:
    (a,) = _devices(db, 1)
    good = _prepare(db, a, _events(a, new_id(), range(1, 6)))

    def failing(session: Session) -> None:
        commit(session, good, NOW, None, None)  # writes, then fails
        raise ApiError(409, "boom", "staged failure")

    futures: list[Future[Any]] = [
        db.committer.submit(failing),
        db.committer.submit(lambda s: commit(s, good, NOW, None, None)),
    ]
    with pytest.raises(ApiError, match="staged failure"):
        futures[0].result(timeout=30)
    assert futures[1].result(timeout=30).stored == 5
    assert _stored(db) == 5
