"""Resume inside a lesson: the reading position is saved on leaving and restored on reopening."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from learnbox.core.events import EventType
from learnbox.ui.main_window import MainWindow

COURSE, LESSON = "using-a-computer", "mouse"


def _scroll_to(window: MainWindow, fraction: float) -> None:
    bar = window.lesson.browser.verticalScrollBar()
    assert bar.maximum() > 200, "the lesson must be long enough to scroll at this window size"
    bar.setValue(round(fraction * bar.maximum()))


def _fraction(window: MainWindow) -> float:
    bar = window.lesson.browser.verticalScrollBar()
    return bar.value() / bar.maximum()


def _positions(window: MainWindow, learner_id: str) -> list[float]:
    events = window.lb.store.events_for_learner(learner_id, types=[EventType.LESSON_POSITION])
    return [float(e.payload["position"]) for e in events]


def near(*fractions: float) -> list[object]:
    """Saved fractions match the scrolled ones up to a pixel of rounding."""
    return [pytest.approx(f, abs=0.005) for f in fractions]


def test_scroll_leave_and_reopen_returns_to_the_same_place(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Lan", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    assert _fraction(window) == 0.0  # never read: the top
    _scroll_to(window, 0.6)

    qtbot.keyClick(window.lesson.browser, Qt.Key.Key_Escape)  # back to the course
    assert window.screens.currentWidget() is window.course
    assert _positions(window, profile.learner_id) == near(0.6)

    qtbot.mouseClick(window.course.continue_button, Qt.MouseButton.LeftButton)  # "continue" = resume
    assert window.screens.currentWidget() is window.lesson
    assert window.lesson.page is not None and window.lesson.page.position_fraction == pytest.approx(0.6, abs=0.005)
    qtbot.waitUntil(lambda: abs(_fraction(window) - 0.6) < 0.01, timeout=2000)

    # Leaving again without moving writes nothing new.
    window.show_courses()
    assert _positions(window, profile.learner_id) == near(0.6)


def test_position_survives_sign_out_and_another_window_size(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Minh", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.5)
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert _positions(window, profile.learner_id) == near(0.5)

    window.resize(1024, 600)  # another PC, another screen: the fraction still holds
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.waitUntil(lambda: abs(_fraction(window) - 0.5) < 0.01, timeout=2000)


def test_next_and_language_switch_keep_each_lesson_place(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Hoa", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.3)
    page = window.lesson.page
    assert page is not None and page.next_id is not None
    window.show_lesson(COURSE, page.next_id)  # what "next" does for a lesson with questions done
    assert _positions(window, profile.learner_id) == near(0.3)
    qtbot.wait(10)
    assert _fraction(window) == 0.0  # the next lesson starts at the top

    _scroll_to(window, 0.8)
    window.language.setCurrentIndex(window.language.findData("en"))
    window.language.activated.emit(window.language.currentIndex())  # reloads the page in English
    qtbot.waitUntil(lambda: abs(_fraction(window) - 0.8) < 0.02, timeout=2000)
    assert _positions(window, profile.learner_id) == near(0.3, 0.8)


def test_a_failed_save_does_not_keep_the_learner_in_the_lesson(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnbox.storage.errors import StorageFullError

    profile = window.lb.learners.create("Tuan", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.7)

    def full(*_args: object) -> bool:
        raise StorageFullError(window.lb.store.path)

    monkeypatch.setattr(window.lb.lessons, "remember_position", full)
    window.show_courses()
    assert window.screens.currentWidget() is window.courses


def test_idle_sign_out_saves_the_position(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Thu", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.4)
    window.idle.set_timeout_ms(200)
    window.idle.arm()
    qtbot.waitUntil(lambda: window.profile is None, timeout=3000)
    assert _positions(window, profile.learner_id) == near(0.4)


def test_bigger_text_keeps_the_reading_place(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Vy", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.5)
    before = window.lesson.browser.verticalScrollBar().maximum()
    qtbot.mouseClick(window.lesson.bigger, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.lesson.bigger, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert window.lesson.browser.verticalScrollBar().maximum() > before  # the text did grow
    assert _fraction(window) == pytest.approx(0.5, abs=0.02)


def test_a_failed_save_on_next_still_turns_the_page(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnbox.storage.errors import StorageFullError

    profile = window.lb.learners.create("Khoa", None, "vi")
    window.picker.choose(profile)
    window.show_lesson(COURSE, LESSON)
    qtbot.wait(10)
    _scroll_to(window, 0.7)
    page = window.lesson.page
    assert page is not None and page.next_id is not None

    def full(*_args: object) -> bool:
        raise StorageFullError(window.lb.store.path)

    monkeypatch.setattr(window.lb.lessons, "remember_position", full)
    window.show_lesson(COURSE, page.next_id)
    assert window.lesson.page is not None and window.lesson.page.lesson.id == page.next_id
