"""Run blocking work (network, reports, big loads) off the GUI thread.

The job runs in ``QThreadPool.globalInstance()``; its result, error and progress come back through
signals of a small QObject created on the GUI thread, so slots always run on the GUI thread and
never touch widgets from a worker. A job gets a ``progress(done, total, text)`` callback and a
``cancelled()`` predicate it may poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Job = Callable[[Progress, Callable[[], bool]], Any]


class Task(QObject):
    """Handle of one background job; connect to its signals before calling :meth:`start`."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    progressed = Signal(int, int, str)
    finished = Signal()

    _running: ClassVar[set[Task]] = set()  # keeps Python wrappers alive until the job reports back

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        Task._running.add(self)
        self.finished.connect(lambda: Task._running.discard(self))
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._job(lambda d, t, s: self.progressed.emit(d, t, s), self._cancel.is_set)
        except Exception as exc:  # reported to the GUI thread, shown in plain words there
            log.info("background job failed: %r", exc)
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


def run_in_background(
    job: Job,
    on_success: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int, str], None] | None = None,
    parent: QObject | None = None,
    on_finished: Callable[[], None] | None = None,
) -> Task:
    """Start ``job`` in the pool; the callbacks run on the GUI thread.

    Everything is connected before the job starts: a signal emitted from the worker is only
    delivered to slots connected at that moment, so connecting afterwards could miss a fast job.
    """
    task = Task(job, parent)
    task.succeeded.connect(on_success)
    task.failed.connect(on_error)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if on_finished is not None:
        task.finished.connect(on_finished)
    task.start()
    return task
