"""Group commit: one thread runs the serialised writes of many requests in one transaction.

Every push must allocate ``server_seq`` under the global write lock (see :mod:`learnbox.server.db`)
so that numbers are handed out in commit order. Taking that lock once per request made 50
concurrent devices queue behind each other's fsync, and SQLite's busy-wait polling let some
requests starve for seconds. Here requests do everything that needs no lock themselves (decode,
validate, authenticate, dedup) and hand a short job to this committer. It takes every job
waiting, runs each in its own savepoint inside ONE locked transaction, and commits once:

* one fsync and one lock acquisition per group instead of per request;
* jobs run in arrival order (a FIFO queue): no request starves;
* a job that fails (a conflict found under the lock) fails alone: the group first runs without
  savepoints (the common case: nobody fails), and when a job raises, the whole transaction is
  rolled back and the group runs again with one savepoint per job, so the failing job is rolled
  back alone and the others commit. A failed commit fails every job of the group (nothing of
  it was stored). Jobs must therefore be safe to run twice (they only write to the session).

One committer per server process; several processes on PostgreSQL still serialise on the counter
row lock, each group being one holder.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from learnbox.server.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Cap per group: a bigger group holds the lock longer and makes its first job wait for the rest.
MAX_GROUP_JOBS = 32
MAX_GROUP_WEIGHT = 16_000  # events


@dataclass
class _Job(Generic[T]):
    run: Callable[[Session], T]
    weight: int
    future: Future[T] = field(default_factory=Future)


class GroupCommitter:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._queue: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def submit(self, run: Callable[[Session], T], weight: int = 1) -> Future[T]:
        """Run ``run(session)`` inside the next locked write transaction; its result or error
        arrives in the future once the transaction has committed (or failed)."""
        job: _Job[T] = _Job(run, max(1, weight))
        self._ensure_thread()
        self._queue.put(job)
        return job.future

    def close(self) -> None:
        """Finish the queued jobs and stop the thread (a later submit starts a new one)."""
        with self._start_lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join(timeout=30)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="learnbox-group-commit", daemon=True)
                self._thread.start()

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            weight = first.weight
            stop = False
            while len(group) < MAX_GROUP_JOBS and weight < MAX_GROUP_WEIGHT:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                group.append(job)
                weight += job.weight
            self._run_group(group)
            if stop:
                return

    def _run_group(self, group: list[_Job[Any]]) -> None:
        if len(group) > 1 and self._run_optimistic(group):
            return
        self._run_isolated(group)

    def _run_optimistic(self, group: list[_Job[Any]]) -> bool:
        """All jobs in one transaction without savepoints (two round trips less per job); False
        when any job fails: then nothing was committed and the group runs again isolated."""
        try:
            with self._db.write() as session:
                results = [job.run(session) for job in group]
        except Exception:  # which job failed, and why, the isolated run tells
            return False
        for job, result in zip(group, results, strict=True):
            job.future.set_result(result)
        return True

    def _run_isolated(self, group: list[_Job[Any]]) -> None:
        """Each job in its own savepoint: a failing job is rolled back alone."""
        outcomes: list[tuple[bool, Any]] = []
        try:
            with self._db.write() as session:
                for job in group:
                    try:
                        with session.begin_nested():
                            outcomes.append((True, job.run(session)))
                    except Exception as exc:  # this job's savepoint is rolled back; the others go on
                        outcomes.append((False, exc))
        except BaseException as exc:  # the commit (or the lock) failed: nothing of the group is stored
            if not isinstance(exc, Exception):
                log.error("group commit interrupted: %r", exc)
            else:
                log.warning("group commit of %d job(s) failed: %s", len(group), exc)
            for job in group:
                job.future.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for job, (ok, value) in zip(group, outcomes, strict=True):
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)
