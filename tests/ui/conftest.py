"""Qt fixtures for UI tests: offscreen platform (set in tests/conftest.py), bundled fonts and theme,
an isolated QSettings folder, a LearnBox over the bundled content, and the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from learnbox.i18n import set_language
from learnbox.resources import content_dir
from learnbox.services import LearnBox


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    """The pytest-qt application with LearnBox's fonts and style sheet."""
    from learnbox.ui.main import make_app

    return make_app()


@pytest.fixture
def bundled_lb(tmp_path: Path) -> Iterator[LearnBox]:
    box = LearnBox.open(tmp_path / "data", content_dir())
    yield box
    box.close()


@pytest.fixture
def vietnamese() -> Iterator[None]:
    """The app as a Vietnamese learner sees it (the device default)."""
    from learnbox.i18n import current_language

    previous = current_language()
    set_language("vi")
    yield
    set_language(previous)


@pytest.fixture
def window(app: QApplication, bundled_lb: LearnBox, vietnamese: None, qtbot):  # type: ignore[no-untyped-def]
    from learnbox.ui.main_window import MainWindow

    win = MainWindow(bundled_lb, app, idle_ms=10 * 60_000)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
