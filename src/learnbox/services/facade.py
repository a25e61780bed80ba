"""``LearnBox``: the one object the UI holds; it opens the store and content and wires services."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnbox.services.courses import CourseService, LessonService
from learnbox.services.learners import LearnerService
from learnbox.services.paths import database_path
from learnbox.services.progress import ProgressService
from learnbox.services.quizzes import QuizService
from learnbox.services.settings import SettingsService
from learnbox.storage import Store
from learnbox.storage.store import wall_clock_ms

if TYPE_CHECKING:
    from learnbox.content import Catalog

log = logging.getLogger(__name__)


class LearnBox:
    """All services over one local store and one content catalogue."""

    def __init__(self, store: Store, catalog: Catalog, clock: Callable[[], int] = wall_clock_ms) -> None:
        self.store = store
        self.catalog = catalog
        self.learners = LearnerService(store, clock)
        self.courses = CourseService(store, catalog)
        self.lessons = LessonService(store, catalog)
        self.quizzes = QuizService(store, catalog)
        self.progress = ProgressService(self.courses)
        self.settings = SettingsService(store)

    @classmethod
    def open(
        cls, data_dir: Path, content: Path | None = None, clock: Callable[[], int] = wall_clock_ms
    ) -> LearnBox:
        """Open the store in ``data_dir`` (migrating it if needed) and the content catalogue."""
        from learnbox.content import Catalog
        from learnbox.resources import content_dir

        store = Store.open(database_path(Path(data_dir)), clock=clock)
        try:
            catalog = Catalog.open(Path(content) if content else content_dir())
        except Exception:
            store.close()
            raise
        return cls(store, catalog, clock)

    @cached_property
    def sync(self) -> Any:
        """The sync service, built on first use: it pulls in ``requests``, which start-up can do without."""
        return _make_sync(self.store)

    def close(self) -> None:
        self.store.close()


def _make_sync(store: Store) -> Any:
    """The sync service, when the sync package is installed (it is optional for a kiosk build)."""
    try:
        from learnbox.services.sync_service import SyncService
    except ImportError:
        return None
    return SyncService(store)
