"""The learner's whole path, in Vietnamese, through the real widgets of the real app:
create a profile with a PIN, get refused with a wrong PIN, read lessons, pass every lesson check,
fail then pass the course test, see the course completed, be signed out after idle time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from learnbox.core.model import ItemKind, QuizKind
from learnbox.core.progress import CourseStatus
from learnbox.i18n import _
from learnbox.ui.main_window import MainWindow
from learnbox.ui.picker.create_dialog import CreateProfileDialog
from learnbox.ui.picker.pin_dialog import PinDialog
from tests.ui.robot import give, right_response, type_text, wrong_response

COURSE = "using-a-computer"


def _create_profile(qtbot: QtBot, window: MainWindow, name: str, pin: str) -> None:
    qtbot.mouseClick(window.picker.new_button, Qt.MouseButton.LeftButton)
    dialog = window.picker.dialog
    assert isinstance(dialog, CreateProfileDialog)
    type_text(dialog.name, name)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClicks(dialog.pin_again, pin)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.profile is not None)


def _answer_current(qtbot: QtBot, window: MainWindow, correct: bool) -> None:
    quiz = window.quiz
    item = quiz.current_item()
    assert item is not None and quiz.item_widget is not None
    give(qtbot, quiz.item_widget, right_response(item) if correct else wrong_response(item))
    if item.kind is ItemKind.FILL_IN:
        qtbot.keyClick(quiz.item_widget.findChild(QLineEdit), Qt.Key.Key_Return)  # Enter checks
    else:
        assert quiz.primary.isEnabled()
        qtbot.mouseClick(quiz.primary, Qt.MouseButton.LeftButton)


def _pass_check(qtbot: QtBot, window: MainWindow, first_wrong: bool) -> None:
    quiz = window.quiz
    assert quiz.attempt is not None and quiz.attempt.kind is QuizKind.CHECK
    for n in range(len(quiz.attempt.items)):
        if first_wrong and n == 0:
            _answer_current(qtbot, window, correct=False)
            assert quiz.feedback.isVisible()
            assert not quiz.answered_correctly
            assert quiz.feedback_title.text() == _("Not quite. Change your answer and try again.")
        _answer_current(qtbot, window, correct=True)
        assert quiz.answered_correctly, quiz.current_item()
        qtbot.mouseClick(quiz.primary, Qt.MouseButton.LeftButton)  # next question / see the result
    assert window.screens.currentWidget() is window.result


def test_learner_walks_the_whole_path_in_vietnamese(qtbot: QtBot, window: MainWindow) -> None:
    lb = window.lb
    assert window.picker.title.text() == "Ai đang học hôm nay?"

    # 1. A new learner makes a profile with a PIN and lands on the course list.
    _create_profile(qtbot, window, "Nguyễn Thị Lan", "2468")
    assert window.profile is not None and window.profile.has_pin
    assert window.screens.currentWidget() is window.courses
    learner_id = window.profile.learner_id

    # 2. Sign out; find the name by typing without tones; a wrong PIN is refused.
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert window.profile is None and window.stack.currentWidget() is window.picker
    qtbot.keyClicks(window.picker.search, "nguyen thi")
    qtbot.waitUntil(lambda: window.picker.filter.rowCount() == 1)
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    pin_dialog = window.picker.dialog
    assert isinstance(pin_dialog, PinDialog)
    qtbot.keyClicks(pin_dialog.pin, "1111")
    qtbot.keyClick(pin_dialog.pin, Qt.Key.Key_Return)
    assert window.profile is None
    assert pin_dialog.error.isVisible() and "4" in pin_dialog.error.text()  # "… 4 lần thử"
    qtbot.keyClicks(pin_dialog.pin, "2468")
    qtbot.keyClick(pin_dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None)
    assert window.profile is not None and window.profile.learner_id == learner_id

    # 3. Open the course and its first lesson.
    qtbot.mouseClick(window.courses.open_buttons[COURSE], Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.course
    qtbot.mouseClick(window.course.continue_button, Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.lesson
    page = window.lesson.page
    assert page is not None and page.position == 1
    assert window.lesson.browser.toPlainText().strip()

    # 4. Every lesson: read it, answer its check (the first one wrong once), go on.
    course = lb.courses.course(COURSE, "vi")
    for n, _ref in enumerate(course.lessons):
        page = window.lesson.page
        assert page is not None and page.position == n + 1
        qtbot.mouseClick(window.lesson.next, Qt.MouseButton.LeftButton)
        if page.lesson.check is None:
            continue
        assert window.screens.currentWidget() is window.quiz
        _pass_check(qtbot, window, first_wrong=(n == 0))
        assert window.result.headline.text() == _("Well done! You finished this lesson.")
        if window.result.onward.isVisible():
            qtbot.mouseClick(window.result.onward, Qt.MouseButton.LeftButton)
    detail = lb.courses.detail(learner_id, COURSE, "vi")
    assert all(s.completed for s in detail.lessons)
    assert detail.progress.status is CourseStatus.IN_PROGRESS  # the test is still to pass

    # 5. The course test: fail it first, review, try again and pass.
    window.show_course(COURSE)
    qtbot.mouseClick(window.course.test_button, Qt.MouseButton.LeftButton)
    quiz = window.quiz
    assert quiz.attempt is not None and quiz.attempt.kind is QuizKind.TEST
    for _n in range(len(quiz.attempt.items)):
        _answer_current(qtbot, window, correct=False)
    assert window.screens.currentWidget() is window.result
    assert window.result.headline.text() == _("Not passed yet")
    assert window.result.again.isVisible()
    assert window.result.review_rows and not any(line.correct for line, *_ in window.result.review_rows)
    qtbot.mouseClick(window.result.again, Qt.MouseButton.LeftButton)
    assert quiz.attempt is not None and not quiz.attempt.finished
    for _n in range(len(quiz.attempt.items)):
        _answer_current(qtbot, window, correct=True)
    assert window.result.headline.text() == _("You passed the test!")
    # Every answer of both attempts was written as it was given.
    answers = [e for e in lb.store.events_for_learner(learner_id) if e.type == "answer.given"]
    assert len(answers) >= 2 * len(quiz.attempt.items)

    # 6. My progress shows the course completed.
    qtbot.mouseClick(window.progress_button, Qt.MouseButton.LeftButton)
    assert window.screens.currentWidget() is window.progress
    assert window.progress.course_labels[COURSE].text().startswith(_("Completed"))
    assert _("Completed") == "Đã hoàn thành"

    # 7. Left alone, the PC signs the learner out and closes what was open.
    stray = QDialog(window)
    stray.open()
    window.idle.set_timeout_ms(150)
    window.idle.arm()
    qtbot.waitUntil(lambda: window.profile is None, timeout=5000)
    assert window.stack.currentWidget() is window.picker
    assert not stray.isVisible()
    assert not window.idle.armed
