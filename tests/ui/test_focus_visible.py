"""Every place the Tab key stops shows that it has focus.

For each focus stop on the main screens (and the quiz with every item type) the pixels around
the control are compared with focus on it and with focus taken away: if nothing changes, a
keyboard user cannot see where they are.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from learnbox.core.model import ItemKind
from learnbox.services.quizzes import Attempt
from learnbox.ui.main_window import MainWindow
from tests.ui.keyboard import Key, press

COURSE = "using-a-computer"
#: Far enough to take in a frame drawn around the control (e.g. a choice row around its radio).
RING_PX = 16


def _region(window: QWidget, widget: QWidget) -> QRect:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    rect = QRect(top_left, widget.size()).adjusted(-RING_PX, -RING_PX, RING_PX, RING_PX)
    return rect.intersected(window.rect())


def _grab(window: QWidget, rect: QRect) -> QImage:
    QApplication.processEvents()
    return window.grab(rect).toImage()


def _invisible_focus_stops(qtbot: QtBot, window: MainWindow, limit: int = 30) -> list[str]:
    """Tab through the window once; name every stop whose focus changes nothing on screen."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    seen: list[QWidget] = []
    invisible: list[str] = []
    for _n in range(limit):
        widget = QApplication.focusWidget()
        assert widget is not None
        if widget in seen:
            break
        seen.append(widget)
        rect = _region(window, widget)
        focused = _grab(window, rect)
        widget.clearFocus()
        unfocused = _grab(window, rect)
        widget.setFocus()
        QApplication.processEvents()
        if focused == unfocused:
            invisible.append(f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}")
        press(qtbot, Key.Key_Tab)
    return invisible


def _sign_in(window: MainWindow) -> None:
    lb = window.lb
    profile = lb.learners.create("Nguyễn Thị Lan", None, "vi")
    window.sign_in(lb.learners.sign_in(profile.learner_id, None))


def test_focus_is_visible_on_the_picker(qtbot: QtBot, window: MainWindow) -> None:
    window.lb.learners.create("Trần Văn An", None, "vi")
    window.picker.refresh()
    assert _invisible_focus_stops(qtbot, window) == []


def test_focus_is_visible_on_the_learner_screens(qtbot: QtBot, window: MainWindow) -> None:
    _sign_in(window)
    problems: dict[str, list[str]] = {}
    for name, show in (
        ("courses", window.show_courses),
        ("course", lambda: window.show_course(COURSE)),
        ("lesson", lambda: window.show_lesson(COURSE, "mouse")),
        ("progress", window.show_progress),
    ):
        show()
        found = _invisible_focus_stops(qtbot, window)
        if found:
            problems[name] = found
    assert problems == {}


@pytest.mark.parametrize("kind", list(ItemKind), ids=lambda k: k.value)
def test_focus_is_visible_in_every_item_type(qtbot: QtBot, window: MainWindow, kind: ItemKind) -> None:
    _sign_in(window)
    catalog, profile = window.lb.catalog, window.profile
    assert profile is not None
    for course_id in catalog.course_ids():
        test = catalog.test_quiz(course_id, "vi")
        item = next((i for i in test.items if i.kind is kind), None)
        if item is not None:
            window._start_quiz(Attempt("focus", profile.learner_id, course_id, None, test, (item,), "vi"))
            break
    else:
        pytest.skip(f"no bundled {kind.value} item")
    assert _invisible_focus_stops(qtbot, window) == []
