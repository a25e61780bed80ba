"""Answering a lesson check or a course test, one question at a time.

Lesson check: "Check answer" gives feedback at once with the explanation; a wrong answer can be
changed and checked again as often as needed. Course test: no feedback until the end; each answer
is recorded when the learner moves on. Every answer goes to ``quizzes.answer`` (which writes it to
the database) the moment it is given.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from learnbox.core.model import Choice, Item, ItemKind, QuizKind
from learnbox.i18n import _
from learnbox.services import ServiceError
from learnbox.services.quizzes import Attempt, Feedback
from learnbox.ui.controls import button, label, set_role
from learnbox.ui.quiz.base import ItemContext, ItemWidget
from learnbox.ui.quiz.items import make_item_widget
from learnbox.ui.screen import Screen

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow


def _displayed(attempt: Attempt, item: Item) -> Item:
    """``item`` with its choices in the attempt's shuffled display order."""
    if item.kind in (ItemKind.TRUE_FALSE, ItemKind.FILL_IN) or not item.choices:
        return item
    ordered: list[Choice] = attempt.choices_in_order(item)
    return replace(item, choices=tuple(ordered))


class QuizScreen(Screen):
    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("quizScreen")
        self.attempt: Attempt | None = None
        self.index = 0
        self.item_widget: ItemWidget | None = None
        self.answered_correctly = False
        self.last_feedback: Feedback | None = None

        self.title = label("subtitle")
        self.counter = label("muted")
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.feedback = QFrame()
        self.feedback.setObjectName("feedbackFrame")
        self.feedback_title = label()
        self.feedback_title.setObjectName("feedbackTitle")
        self.feedback_text = QLabel()
        self.feedback_text.setWordWrap(True)
        self.feedback_text.setTextFormat(Qt.TextFormat.RichText)
        fb_layout = QVBoxLayout(self.feedback)
        fb_layout.addWidget(self.feedback_title)
        fb_layout.addWidget(self.feedback_text)
        self.feedback.hide()
        self.leave = button(object_name="leaveQuiz")
        self.leave.clicked.connect(self.back)
        self.primary = button("primary", object_name="quizPrimary")
        self.primary.clicked.connect(self._primary)
        bottom = QHBoxLayout()
        bottom.addWidget(self.leave)
        bottom.addStretch(1)
        bottom.addWidget(self.primary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.counter)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------ flow
    def start(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.index = 0
        self._show_item()

    @property
    def is_test(self) -> bool:
        return self.attempt is not None and self.attempt.kind is QuizKind.TEST

    def current_item(self) -> Item | None:
        if self.attempt is None or not 0 <= self.index < len(self.attempt.items):
            return None
        return self.attempt.items[self.index]

    def _context(self, course_id: str) -> ItemContext:
        lb = self.nav.lb

        def image(rel_path: str) -> bytes | None:
            try:
                return lb.lessons.image(course_id, rel_path)
            except ServiceError:
                return None

        return ItemContext(html=lb.quizzes.item_html, image=image)

    def _show_item(self) -> None:
        attempt, item = self.attempt, self.current_item()
        if attempt is None or item is None:
            return
        self.answered_correctly = False
        self.last_feedback = None
        self.feedback.hide()
        widget = make_item_widget(_displayed(attempt, item), self._context(attempt.course_id))
        widget.setObjectName("itemWidget")
        widget.changed.connect(self._update_primary)
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 8, 0)
        holder_layout.addWidget(widget)
        self.area.setWidget(holder)
        self.item_widget = widget
        QWidget.setTabOrder(widget, self.primary)
        QWidget.setTabOrder(self.primary, self.leave)
        self.retranslate()
        widget.focus_first()

    def take_focus(self) -> None:
        if self.item_widget is not None:
            self.item_widget.focus_first()
        else:
            super().take_focus()

    def _update_primary(self) -> None:
        widget = self.item_widget
        if widget is None:
            return
        self.primary.setEnabled(self.answered_correctly or widget.response() is not None)
        if not self.is_test and not self.answered_correctly and self.last_feedback is not None:
            self.primary.setText(_("Check again"))

    def _primary(self) -> None:
        attempt, item, widget = self.attempt, self.current_item(), self.item_widget
        if attempt is None or item is None or widget is None or not self.primary.isEnabled():
            return
        if self.answered_correctly:
            self._advance()
            return
        response = widget.response()
        if response is None:
            return
        feedback = self.nav.lb.quizzes.answer(attempt, item.id, response)
        if self.is_test:
            self._advance()
            return
        self.last_feedback = feedback
        self.answered_correctly = feedback.correct
        if feedback.correct:
            widget.set_locked(True)
        self._show_feedback(feedback)
        self.retranslate()
        self.primary.setFocus(Qt.FocusReason.OtherFocusReason)

    def _advance(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        if self.index + 1 < len(attempt.items):
            self.index += 1
            self._show_item()
            return
        result = self.nav.lb.quizzes.finish(attempt)
        self.nav.show_result(attempt, result)

    def _show_feedback(self, feedback: Feedback) -> None:
        set_role(self.feedback, "feedback-good" if feedback.correct else "feedback-bad")
        set_role(self.feedback_title, "good" if feedback.correct else "bad")
        self.feedback_text.setText(feedback.explanation_html)
        self.feedback_text.setVisible(bool(feedback.explanation_html))
        self.feedback.show()

    # ------------------------------------------------------------------ texts and keys
    def retranslate(self) -> None:
        self.leave.setText(_("Stop for now"))
        attempt = self.attempt
        if attempt is None:
            return
        if self.is_test:
            course = self.nav.lb.courses.course(attempt.course_id, self.nav.learner_locale)
            self.title.setText(_("Course test: {title}").format(title=course.title))
        else:
            self.title.setText(_("Questions about the lesson"))
        self.counter.setText(_("Question {n} of {count}").format(n=self.index + 1, count=len(attempt.items)))
        last = self.index + 1 >= len(attempt.items)
        if self.is_test:
            self.primary.setText(_("Finish the test") if last else _("Next question"))
        elif self.answered_correctly:
            self.primary.setText(_("See the result") if last else _("Next question"))
        elif self.last_feedback is not None:
            self.primary.setText(_("Check again"))
        else:
            self.primary.setText(_("Check my answer"))
        if self.last_feedback is not None:
            self.feedback_title.setText(
                _("Right!")
                if self.last_feedback.correct
                else _("Not quite. Change your answer and try again.")
            )
        if self.item_widget is not None:
            self.item_widget.retranslate()
        self._update_primary()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter anywhere in the question (radio button, list, line edit, closed combo box) reaches
        # here because those controls ignore it, and means "check my answer" / "next".
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._primary()
            event.accept()
            return
        super().keyPressEvent(event)

    def back(self) -> None:
        attempt = self.attempt
        if attempt is None:
            self.nav.show_courses()
        elif attempt.lesson_id is not None:
            self.nav.show_lesson(attempt.course_id, attempt.lesson_id)
        else:
            self.nav.show_course(attempt.course_id)
