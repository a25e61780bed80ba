"""The group committer: many jobs, one transaction; a failing job never takes the others down."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from learnbox.server import migrate
from learnbox.server.db import Database
from learnbox.server.models import Centre


def _add(name: str, fail: bool = False) -> Callable[[Session], str]:
    def job(session: Session) -> str:
        session.add(Centre(centre_id=name, name=name, created_ms=0))
        session.flush()
        if fail:
            raise ValueError(f"{name} fails after writing")
        return name

    return job


def test_jobs_queued_together_commit_together_except_the_failing_one(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 's.db'}")
    migrate.upgrade(db)
    gate, started = threading.Event(), threading.Event()

    def hold(_session: Session) -> None:  # keeps the committer busy while the others queue up
        started.set()
        gate.wait(10)

    first = db.committer.submit(hold)
    assert started.wait(10)
    futures = [db.committer.submit(_add(f"c{i}", fail=i == 2)) for i in range(5)]
    gate.set()
    first.result(10)
    assert [f.result(10) for i, f in enumerate(futures) if i != 2] == ["c0", "c1", "c3", "c4"]
    with pytest.raises(ValueError, match="c2 fails"):
        futures[2].result(10)
    with db.read() as s:
        assert sorted(s.scalars(select(Centre.name))) == ["c0", "c1", "c3", "c4"]  # c2's write undone
    db.dispose()
    assert db.committer.submit(_add("c5")).result(10) == "c5"  # restarts
    db.dispose()
