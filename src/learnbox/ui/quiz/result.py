"""After a quiz: the score, passed or not, what to do next, and a review of every answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from learnbox.core.model import QuizKind
from learnbox.i18n import _
from learnbox.i18n.formatting import percent
from learnbox.services.quizzes import Attempt, AttemptResult, ReviewLine
from learnbox.ui.controls import button, label
from learnbox.ui.quiz.review import describe_response
from learnbox.ui.screen import Screen, clear_layout, scroll_column

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow


class ResultScreen(Screen):
    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("resultScreen")
        self.attempt: Attempt | None = None
        self.result: AttemptResult | None = None
        self.next_lesson_id: str | None = None
        self.review_rows: list[tuple[ReviewLine, QLabel, QLabel, QLabel | None]] = []
        self.headline = label("title")
        self.headline.setObjectName("resultHeadline")
        self.score = label("subtitle")
        self.score.setObjectName("resultScore")
        self.detail = label()
        self.review_heading = label("subtitle")
        area, self.review = scroll_column()
        self.again = button(object_name="tryAgain")
        self.again.clicked.connect(self._again)
        self.onward = button("primary", object_name="resultOnward")
        self.onward.clicked.connect(self._onward)
        self.to_course = button(object_name="backToCourse")
        self.to_course.clicked.connect(self.back)
        bottom = QHBoxLayout()
        bottom.addWidget(self.to_course)
        bottom.addStretch(1)
        bottom.addWidget(self.again)
        bottom.addWidget(self.onward)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.headline)
        layout.addWidget(self.score)
        layout.addWidget(self.detail)
        layout.addWidget(self.review_heading)
        layout.addWidget(area, 1)
        layout.addLayout(bottom)

    def show_result(self, attempt: Attempt, result: AttemptResult) -> None:
        self.attempt, self.result = attempt, result
        self.next_lesson_id = None
        if attempt.kind is QuizKind.CHECK and attempt.lesson_id is not None:
            course = self.nav.lb.courses.course(attempt.course_id, self.nav.learner_locale)
            ids = [ref.id for ref in course.lessons]
            if attempt.lesson_id in ids and ids.index(attempt.lesson_id) + 1 < len(ids):
                self.next_lesson_id = ids[ids.index(attempt.lesson_id) + 1]
        self._fill_review()
        self.retranslate()

    def focus_target(self) -> QWidget | None:
        # isHidden, not isVisible: this is asked while the screen itself may still be hidden.
        for candidate in (self.onward, self.again):
            if not candidate.isHidden():
                return candidate
        return self.to_course

    def _fill_review(self) -> None:
        clear_layout(self.review)
        self.review_rows = []
        result, attempt = self.result, self.attempt
        if result is None or attempt is None or attempt.kind is not QuizKind.TEST:
            return
        html = self.nav.lb.quizzes.item_html
        for n, line in enumerate(result.review, start=1):
            frame = QFrame()
            frame.setProperty("role", "feedback-good" if line.correct else "feedback-bad")
            inner = QVBoxLayout(frame)
            prompt = label()
            prompt.setTextFormat(Qt.TextFormat.RichText)
            prompt.setText(f"<b>{n}.</b> {html(line.item.prompt)}")
            verdict = label("good" if line.correct else "bad")
            yours = label()
            right = label() if not line.correct else None
            for widget in (prompt, verdict, yours, right):
                if widget is not None:
                    inner.addWidget(widget)
            self.review.addWidget(frame)
            self.review_rows.append((line, verdict, yours, right))
        self.review.addStretch(1)

    def _retranslate_review(self) -> None:
        for line, verdict, yours, right in self.review_rows:
            verdict.setText(_("Right") if line.correct else _("Not right"))
            yours.setText(
                _("Your answer: {answer}").format(answer=describe_response(line.item, line.response))
            )
            if right is not None:
                right.setText(_("Right answer: {answer}").format(answer=line.correct_response_text))

    def retranslate(self) -> None:
        self.to_course.setText(_("Back to the course"))
        result, attempt = self.result, self.attempt
        if result is None or attempt is None:
            return
        fraction = result.correct / result.total if result.total else 0.0
        self.score.setText(
            _("You got {correct} of {total} right ({score}).").format(
                correct=result.correct, total=result.total, score=percent(fraction)
            )
        )
        if attempt.kind is QuizKind.CHECK:
            self.headline.setText(_("Well done! You finished this lesson."))
            self.detail.setText(_("Every answer is right now."))
            self.review_heading.hide()
            self.again.hide()
            self.onward.setVisible(self.next_lesson_id is not None)
            self.onward.setText(_("Next lesson"))
            return
        self.review_heading.show()
        self.review_heading.setText(_("Your answers"))
        needed = percent(result.pass_mark)
        if result.passed:
            self.headline.setText(_("You passed the test!"))
            self.detail.setText(
                _("You needed {needed}.").format(needed=needed)
                + (
                    " " + _("Your certificate now waits for verification.")
                    if result.claimed_certificate
                    else ""
                )
            )
            self.again.hide()
            self.onward.hide()
        else:
            self.headline.setText(_("Not passed yet"))
            self.detail.setText(
                _(
                    "You need {needed} to pass. Look at your answers below, read the lessons again, then try again."
                ).format(needed=needed)
            )
            self.again.show()
            self.again.setText(_("Try the test again"))
            self.onward.hide()
        self._retranslate_review()

    def _again(self) -> None:
        if self.attempt is not None:
            self.nav.start_test(self.attempt.course_id)

    def _onward(self) -> None:
        if self.attempt is not None and self.next_lesson_id is not None:
            self.nav.show_lesson(self.attempt.course_id, self.next_lesson_id)

    def back(self) -> None:
        if self.attempt is not None:
            self.nav.show_course(self.attempt.course_id)
        else:
            self.nav.show_courses()
