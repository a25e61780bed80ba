"""The course list (with the learner's own progress) and one course's page."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from learnbox.core.progress import CourseProgress, CourseStatus
from learnbox.i18n import _, ngettext
from learnbox.services.courses import CourseCard, CourseDetail
from learnbox.ui.controls import button, label
from learnbox.ui.progress_text import certificate_text, lessons_text, status_text, test_text
from learnbox.ui.screen import Screen, clear_layout, scroll_column

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow


#: Two course cards side by side from this width (at 100 % text): 1366 px screens get two
#: columns, 1024 px ones (and large text on 1366) one, so titles and descriptions never squeeze.
TWO_COLUMNS_FROM_PX = 1100


def _progress_bar(progress: CourseProgress) -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 100)
    bar.setValue(progress.percent)
    bar.setFormat(f"{progress.percent}%")
    bar.setAccessibleName(lessons_text(progress))
    return bar


class CoursesScreen(Screen):
    """Every course as a card: title, description, status, lessons done, one button."""

    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("coursesScreen")
        self.heading = label("title")
        area, self.column = scroll_column()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(14)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.grid_host)
        self.column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.heading)
        layout.addWidget(area, 1)
        self.cards: list[CourseCard] = []
        self.open_buttons: dict[str, QWidget] = {}
        self._frames: list[QFrame] = []
        self._columns = 0

    def reload(self) -> None:
        profile = self.nav.profile
        if profile is None:
            return
        self.cards = self.nav.lb.courses.overview(profile.learner_id, self.nav.learner_locale)
        clear_layout(self.grid)
        self.open_buttons = {}
        self._frames = []
        for card in self.cards:
            frame, open_button = self._card(card)
            self._frames.append(frame)
            self.open_buttons[card.course.id] = open_button
        # While hidden this screen may still have an old size; the stack it will fill has the real one.
        self._arrange(self.columns_for(self.nav.screens.width()), force=True)
        buttons = list(self.open_buttons.values())  # in the window now, so Tab order can be set
        for previous, following in pairwise(buttons):
            QWidget.setTabOrder(previous, following)
        self.retranslate()

    def columns_for(self, width: int) -> int:
        return 2 if width >= TWO_COLUMNS_FROM_PX * self.nav.scale else 1

    def _arrange(self, columns: int, force: bool = False) -> None:
        """Put the cards in ``columns`` equal columns, row by row (reading and Tab order stay the same)."""
        if columns == self._columns and not force:
            return
        self._columns = columns
        for frame in self._frames:
            self.grid.removeWidget(frame)
        for n, frame in enumerate(self._frames):
            self.grid.addWidget(frame, n // columns, n % columns)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.columns_for(event.size().width()))

    def focus_target(self) -> QWidget | None:
        # Coming back from a course (Esc), focus returns to that course's button.
        last = self.nav.course.course_id
        if last in self.open_buttons:
            return self.open_buttons[last]
        return self.open_buttons[self.cards[0].course.id] if self.cards else None

    def _card(self, card: CourseCard) -> tuple[QFrame, QWidget]:
        frame = QFrame()
        frame.setProperty("role", "card")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(16, 12, 16, 12)
        title = label("subtitle")
        title.setText(card.course.title)
        description = label()
        description.setText(card.course.description)
        status = label("muted")
        status.setText(f"{status_text(card.progress.status)} · {lessons_text(card.progress)}")
        open_button = button("primary", object_name=f"open-{card.course.id}")
        if card.progress.status is CourseStatus.NOT_STARTED:
            open_button.setText(_("Start"))
        elif card.progress.status is CourseStatus.COMPLETED:
            open_button.setText(_("Review"))
        else:
            open_button.setText(_("Continue"))
        open_button.setAccessibleName(f"{open_button.text()}: {card.course.title}")
        open_button.clicked.connect(lambda _c=False, cid=card.course.id: self.nav.show_course(cid))
        row = QHBoxLayout()
        row.addWidget(_progress_bar(card.progress), 1)
        row.addWidget(open_button)
        inner.addWidget(title)
        inner.addWidget(description)
        inner.addWidget(status)
        inner.addLayout(row)
        return frame, open_button

    def retranslate(self) -> None:
        self.heading.setText(_("Choose a course"))

    def back(self) -> None:
        """Esc on the home screen does nothing: signing out is a deliberate button."""


class CourseDetailScreen(Screen):
    """One course: continue where you left off, every lesson, the test, the certificate."""

    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("courseDetailScreen")
        self.course_id: str | None = None
        self.detail: CourseDetail | None = None
        self.title = label("title")
        self.description = label()
        self.summary = label("muted")
        self.continue_button = button("primary", object_name="continueButton")
        self.continue_button.clicked.connect(self._continue)
        self.test_button = button(object_name="testButton")
        self.test_button.clicked.connect(self._test)
        self.test_label = label("muted")
        self.certificate_label = label("notice")
        self.certificate_label.hide()
        self.lessons_heading = label("subtitle")
        area, self.lessons = scroll_column()
        self.lesson_buttons: dict[str, QWidget] = {}
        self.lesson_marks: dict[str, QLabel] = {}
        top = QHBoxLayout()
        top.addWidget(self.continue_button)
        top.addWidget(self.test_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.test_label)
        layout.addWidget(self.certificate_label)
        layout.addWidget(self.lessons_heading)
        layout.addWidget(area, 1)

    def show_course(self, course_id: str) -> None:
        self.course_id = course_id
        self.reload()

    def focus_target(self) -> QWidget | None:
        return self.continue_button

    def reload(self) -> None:
        profile = self.nav.profile
        if profile is None or self.course_id is None:
            return
        self.detail = self.nav.lb.courses.detail(profile.learner_id, self.course_id, self.nav.learner_locale)
        clear_layout(self.lessons)
        self.lesson_buttons = {}
        self.lesson_marks = {}
        previous: QWidget = self.test_button
        for n, status in enumerate(self.detail.lessons, start=1):
            row = QHBoxLayout()
            lesson_button = button("choice", object_name=f"lesson-{status.ref.id}")
            lesson_button.setText(f"{n}. {status.ref.title}")
            lesson_button.clicked.connect(lambda _c=False, lid=status.ref.id: self._open(lid))
            mark = label("good" if status.completed else "muted", wrap=False)
            self.lesson_marks[status.ref.id] = mark
            row.addWidget(lesson_button, 1)
            row.addWidget(mark)
            self.lessons.addLayout(row)
            self.lesson_buttons[status.ref.id] = lesson_button
            QWidget.setTabOrder(previous, lesson_button)
            previous = lesson_button
        self.lessons.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.lessons_heading.setText(_("Lessons"))
        self.test_button.setText(_("Take the course test"))
        detail = self.detail
        if detail is None:
            return
        self.title.setText(detail.course.title)
        self.description.setText(detail.course.description)
        minutes = sum(ref.minutes for ref in detail.course.lessons)
        self.summary.setText(
            f"{status_text(detail.progress.status)} · {lessons_text(detail.progress)} · "
            + ngettext("about %(n)d minute", "about %(n)d minutes", minutes) % {"n": minutes}
        )
        if detail.progress.lessons_completed == 0 and detail.progress.resume_lesson_id is None:
            self.continue_button.setText(_("Start the first lesson"))
        elif detail.progress.lessons_completed == detail.progress.lessons_total:
            self.continue_button.setText(_("Read the lessons again"))
        else:
            self.continue_button.setText(_("Continue where I stopped"))
        self.test_label.setText(test_text(detail.progress))
        if detail.certificate is not None:
            self.certificate_label.setText(certificate_text(detail.certificate))
            self.certificate_label.show()
        else:
            self.certificate_label.hide()
        for status in detail.lessons:
            mark = self.lesson_marks.get(status.ref.id)
            if mark is not None:
                mark.setText(_("Done") if status.completed else (_("Started") if status.opened else ""))

    def _continue(self) -> None:
        detail = self.detail
        if detail is None or not detail.lessons:
            return
        resume = detail.progress.resume_lesson_id
        first_open = next((s.ref.id for s in detail.lessons if not s.completed), None)
        target = resume or first_open or detail.lessons[0].ref.id
        self._open(target)

    def _open(self, lesson_id: str) -> None:
        if self.course_id is not None:
            self.nav.show_lesson(self.course_id, lesson_id)

    def _test(self) -> None:
        if self.course_id is not None:
            self.nav.start_test(self.course_id)
