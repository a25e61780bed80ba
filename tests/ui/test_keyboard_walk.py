"""Keyboard-only proof: a learner who never touches the mouse gets through the whole path.

Every action is a key press on whatever has focus (tests/ui/keyboard.py); the test only reads
state. After each screen change it checks where focus landed, so a screen that drops focus (and
leaves a keyboard user stranded) fails here.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from learnbox.core.model import ItemKind, QuizKind
from learnbox.services.quizzes import Attempt
from learnbox.ui.main_window import MainWindow
from learnbox.ui.picker.create_dialog import CreateProfileDialog
from learnbox.ui.picker.pin_dialog import PinDialog
from tests.ui.keyboard import Key, focused, press, right_keys_answer, tab_to, type_keys

COURSE = "using-a-computer"


def _wait_focus(qtbot: QtBot, widget: object, where: str) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)
    assert focused(where) is widget


def _answer_check_by_keys(qtbot: QtBot, window: MainWindow) -> set[ItemKind]:
    """Answer every question of the open lesson check right, by keys; returns the item types met."""
    quiz = window.quiz
    assert quiz.attempt is not None and quiz.attempt.kind is QuizKind.CHECK
    kinds: set[ItemKind] = set()
    for n in range(len(quiz.attempt.items)):
        item, widget = quiz.current_item(), quiz.item_widget
        assert item is not None and widget is not None and quiz.index == n
        kinds.add(item.kind)
        focused(f"on question {n + 1}")
        assert widget.isAncestorOf(focused()), f"question {n + 1} ({item.kind}) does not take focus"
        right_keys_answer(qtbot, widget, item)
        press(qtbot, Key.Key_Return)  # Enter checks the answer from inside the question
        assert quiz.answered_correctly, (item.kind, quiz.feedback_title.text())
        _wait_focus(qtbot, quiz.primary, "after checking an answer")
        press(qtbot, Key.Key_Return)  # Enter on "Next question" / "See the result"
    return kinds


def test_whole_learner_path_by_keyboard_only(qtbot: QtBot, window: MainWindow) -> None:
    lb = window.lb
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.picker.search, timeout=2000)

    # 1. New profile: Tab from the search box to "New profile", Enter, fill the form, Enter.
    tab_to(qtbot, window.picker.new_button)
    press(qtbot, Key.Key_Return)
    dialog = window.picker.dialog
    assert isinstance(dialog, CreateProfileDialog)
    _wait_focus(qtbot, dialog.name, "when the new-profile form opens")
    type_keys("Nguyễn Thị Lan")
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.pin
    type_keys("2468")
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.pin_again
    type_keys("2468")
    press(qtbot, Key.Key_Return)  # Enter in a field presses the default "Create profile"
    qtbot.waitUntil(lambda: window.profile is not None)
    assert window.profile is not None and window.profile.has_pin
    learner_id = window.profile.learner_id
    assert window.screens.currentWidget() is window.courses
    _wait_focus(qtbot, window.courses.open_buttons[window.courses.cards[0].course.id], "on the course list")

    # 2. Sign out: Shift+Tab back to the header's "Sign out", Space.
    tab_to(qtbot, window.sign_out_button, backwards=True)
    press(qtbot, Key.Key_Space)
    assert window.profile is None and window.stack.currentWidget() is window.picker
    _wait_focus(qtbot, window.picker.search, "on the picker after signing out")

    # 3. Find the profile by typing (no tones), Enter, type the PIN, Enter.
    type_keys("nguyen thi")
    qtbot.waitUntil(lambda: window.picker.filter.rowCount() == 1)
    press(qtbot, Key.Key_Return)
    pin_dialog = window.picker.dialog
    assert isinstance(pin_dialog, PinDialog)
    _wait_focus(qtbot, pin_dialog.pin, "when the PIN dialog opens")
    type_keys("2468")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None)
    assert window.profile is not None and window.profile.learner_id == learner_id

    # 4. Open the course: Tab to its button, Enter; focus lands on "Start the first lesson".
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), type(window.sign_out_button)))
    tab_to(qtbot, window.courses.open_buttons[COURSE])
    press(qtbot, Key.Key_Return)
    assert window.screens.currentWidget() is window.course
    _wait_focus(qtbot, window.course.continue_button, "on the course page")
    press(qtbot, Key.Key_Return)

    # 5. The lesson: focus is in the text (arrow keys scroll it); Tab reaches the main action.
    assert window.screens.currentWidget() is window.lesson
    _wait_focus(qtbot, window.lesson.browser, "on the lesson")
    page = window.lesson.page
    assert page is not None and page.lesson.check is not None
    press(qtbot, Key.Key_Down)
    assert tab_to(qtbot, window.lesson.next) == 1
    press(qtbot, Key.Key_Return)

    # 6. The lesson check, every item type in it answered with keys.
    assert window.screens.currentWidget() is window.quiz
    kinds = _answer_check_by_keys(qtbot, window)
    assert len(kinds) >= 3, kinds
    assert window.screens.currentWidget() is window.result
    focused("on the result")
    assert lb.courses.detail(learner_id, COURSE, "vi").lessons[0].completed

    # 7. Esc goes back step by step: result -> course -> course list.
    press(qtbot, Key.Key_Escape)
    assert window.screens.currentWidget() is window.course
    _wait_focus(qtbot, window.course.continue_button, "on the course page after Esc")
    press(qtbot, Key.Key_Escape)
    assert window.screens.currentWidget() is window.courses
    focused("on the course list after Esc")

    # 8. Sign out.
    tab_to(qtbot, window.sign_out_button, backwards=True)
    press(qtbot, Key.Key_Return)
    assert window.profile is None and window.stack.currentWidget() is window.picker
    _wait_focus(qtbot, window.picker.search, "on the picker at the end")


def _one_item_attempt(window: MainWindow, kind: ItemKind) -> Attempt:
    """A lesson-check attempt holding the first bundled item of ``kind``."""
    catalog, learner = window.lb.catalog, window.profile
    assert learner is not None
    for course_id in catalog.course_ids():
        for ref in catalog.course(course_id, "vi").lessons:
            check = catalog.lesson(course_id, ref.id, "vi").check
            if check is None:
                continue
            for item in check.items:
                if item.kind is kind:
                    return Attempt("kbd", learner.learner_id, course_id, ref.id, check, (item,), "vi")
    pytest.skip(f"no bundled lesson check has a {kind.value} item")


@pytest.mark.parametrize("kind", list(ItemKind), ids=lambda k: k.value)
def test_every_item_type_is_answered_by_keyboard(qtbot: QtBot, window: MainWindow, kind: ItemKind) -> None:
    profile = window.lb.learners.create("Trần Văn An", None, "vi")
    window.sign_in(profile)
    window.activateWindow()
    attempt = _one_item_attempt(window, kind)
    window._start_quiz(attempt)  # setting the scene; everything after is keys only
    quiz = window.quiz
    item, widget = quiz.current_item(), quiz.item_widget
    assert item is not None and widget is not None
    qtbot.waitUntil(lambda: widget.isAncestorOf(focused("on the question")), timeout=2000)
    right_keys_answer(qtbot, widget, item)
    if kind is not ItemKind.FILL_IN:
        assert not isinstance(focused(), QLineEdit)
    press(qtbot, Key.Key_Return)
    assert quiz.answered_correctly, quiz.feedback_title.text()
    _wait_focus(qtbot, quiz.primary, "after checking")
    press(qtbot, Key.Key_Return)
    assert window.screens.currentWidget() is window.result
    focused("on the result")
    press(qtbot, Key.Key_Escape)  # back to the course
    assert window.screens.currentWidget() is window.course
    focused("on the course page after Esc")
