"""Reading a lesson: sanitized HTML in a text browser, font size, previous/next, fallback notice.

The reading position (a fraction of the scroll range, so it survives another font size or
screen) is saved through the lesson service whenever the learner leaves the page, and restored
when the page is opened again, here or on another PC.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, QUrl
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from learnbox.content.images import IMAGE_SCHEME
from learnbox.i18n import _
from learnbox.services import ServiceError
from learnbox.services.courses import LessonPage
from learnbox.storage.errors import StoreError
from learnbox.ui.controls import LANGUAGE_NAMES, button, label
from learnbox.ui.screen import Screen

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow

log = logging.getLogger(__name__)

MAX_IMAGE_WIDTH = 640
ZOOM_STEPS: tuple[float, ...] = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


class LessonBrowser(QTextBrowser):
    """A text browser that never follows links and loads only ``lbimg:`` pictures from content."""

    def __init__(self, image_source: Callable[[str, str], bytes], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image_source = image_source
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        url = QUrl(url) if isinstance(url, str) else url
        if kind != QTextDocument.ResourceType.ImageResource.value or url.scheme() != IMAGE_SCHEME:
            return None  # no files, no network, no style sheets: only pictures from the course
        course_id, _sep, rel_path = url.path().partition("/")
        try:
            data = self._image_source(course_id, rel_path)
        except ServiceError:
            log.info("missing lesson picture %s", url.toString())
            return None
        return _image(data, MAX_IMAGE_WIDTH)


def _image(data: bytes, max_width: int) -> QImage | None:
    """Decode ``data``; SVGs are rendered at their size, shrunk to ``max_width`` if wider."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and size.width() > max_width:
        reader.setScaledSize(size.scaled(max_width, 10_000, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


class LessonScreen(Screen):
    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("lessonScreen")
        self.course_id: str | None = None
        self.lesson_id: str | None = None
        self.page: LessonPage | None = None
        self.zoom = 1
        self._page_course_id: str | None = None  # the course of ``self.page`` (course_id may be ahead)
        self._reading = False  # a page is on screen whose position has not been saved yet
        # A position still to apply: the text is laid out (and re-laid out on resize, zoom and
        # pictures) after setHtml, so it is re-applied on every range change until the learner scrolls.
        self._pending_fraction: float | None = None
        self._restoring = False

        self.title = label("title")
        self.position = label("muted")
        self.notice = label("notice")
        self.notice.setObjectName("fallbackNotice")
        self.notice.hide()
        self.browser = LessonBrowser(self.nav.lb.lessons.image)
        self.browser.setObjectName("lessonBrowser")
        scroll = self.browser.verticalScrollBar()
        scroll.rangeChanged.connect(self._range_changed)
        scroll.valueChanged.connect(self._scrolled)
        self.smaller = button(object_name="smallerText")
        self.bigger = button(object_name="biggerText")
        self.smaller.clicked.connect(lambda: self._zoom(-1))
        self.bigger.clicked.connect(lambda: self._zoom(1))
        self.previous = button(object_name="previousLesson")
        self.next = button("primary", object_name="nextLesson")
        self.previous.clicked.connect(self._previous)
        self.next.clicked.connect(self._next)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, lambda: self._zoom(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self, lambda: self._zoom(-1))

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.position)
        top.addLayout(titles, 1)
        top.addWidget(self.smaller)
        top.addWidget(self.bigger)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous)
        bottom.addStretch(1)
        bottom.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bottom)
        # Reading order: the text, then the main action, then the rest.
        QWidget.setTabOrder(self.browser, self.next)
        QWidget.setTabOrder(self.next, self.previous)
        QWidget.setTabOrder(self.previous, self.smaller)
        QWidget.setTabOrder(self.smaller, self.bigger)

    def show_lesson(self, course_id: str, lesson_id: str) -> None:
        self._save_position()  # previous/next: the page being left
        self.course_id, self.lesson_id = course_id, lesson_id
        self.reload()

    def leaving(self) -> None:
        self._save_position()
        self._reading = False
        self._pending_fraction = None

    def focus_target(self) -> QWidget | None:
        # The text first: arrow keys and Page Down scroll it; one Tab reaches the main action.
        return self.browser

    def reload(self) -> None:
        profile = self.nav.profile
        if profile is None or self.course_id is None or self.lesson_id is None:
            return
        self._save_position()  # a language switch reloads the same page: keep its place first
        page = self.nav.lb.lessons.open(
            profile.learner_id, self.course_id, self.lesson_id, self.nav.learner_locale
        )
        self.page, self._page_course_id = page, self.course_id
        self._pending_fraction = None
        self.browser.setHtml(page.html)
        self._apply_zoom()
        self.retranslate()
        self._reading = True
        self._restore(page.position_fraction)

    # ------------------------------------------------------------------ reading position
    def position_fraction(self) -> float:
        """Where the text is scrolled to, 0.0 (top) .. 1.0 (end); a position not yet applied counts."""
        if self._pending_fraction is not None:
            return self._pending_fraction
        bar = self.browser.verticalScrollBar()
        span = bar.maximum() - bar.minimum()
        return (bar.value() - bar.minimum()) / span if span > 0 else 0.0

    def _save_position(self) -> None:
        profile, page, course_id = self.nav.profile, self.page, self._page_course_id
        if not self._reading or profile is None or page is None or course_id is None:
            return
        self._reading = False  # once per visit: the page is saved until it is shown again
        try:
            self.nav.lb.lessons.remember_position(
                profile.learner_id, course_id, page.lesson.id, self.position_fraction()
            )
        except (ServiceError, StoreError) as exc:
            # A full disk must not stop the learner from turning the page or signing out.
            log.warning("could not save the reading position: %s", exc)

    def _restore(self, fraction: float) -> None:
        self._pending_fraction = fraction if fraction > 0 else None
        self._apply_pending()
        # The layout may only settle once the event loop runs (first show, resize, pictures).
        QTimer.singleShot(0, self._apply_pending)

    def _apply_pending(self) -> None:
        fraction = self._pending_fraction
        if fraction is None:
            return
        bar = self.browser.verticalScrollBar()
        self._restoring = True
        try:
            bar.setValue(bar.minimum() + round(fraction * (bar.maximum() - bar.minimum())))
        finally:
            self._restoring = False

    def _range_changed(self, _minimum: int, _maximum: int) -> None:
        self._apply_pending()

    def _scrolled(self, _value: int) -> None:
        # Any move not made by _apply_pending is the learner's (or a range clamp): from now on
        # the scroll bar itself says where they are.
        if not self._restoring:
            self._pending_fraction = None

    def _apply_zoom(self) -> None:
        font = self.browser.font()
        font.setPointSizeF(self.nav.base_point_size() * ZOOM_STEPS[self.zoom])
        self.browser.document().setDefaultFont(font)

    def _zoom(self, step: int) -> None:
        fraction = self.position_fraction()  # bigger text must not move the learner to another paragraph
        self.zoom = max(0, min(len(ZOOM_STEPS) - 1, self.zoom + step))
        self._apply_zoom()
        self._pending_fraction = fraction
        self._apply_pending()
        self.smaller.setEnabled(self.zoom > 0)
        self.bigger.setEnabled(self.zoom < len(ZOOM_STEPS) - 1)

    def retranslate(self) -> None:
        self.smaller.setText("A−")
        self.bigger.setText("A+")
        self.smaller.setAccessibleName(_("Smaller text"))
        self.bigger.setAccessibleName(_("Bigger text"))
        self.smaller.setToolTip(_("Smaller text"))
        self.bigger.setToolTip(_("Bigger text"))
        self.previous.setText(_("Previous lesson"))
        page = self.page
        if page is None:
            return
        self.title.setText(page.lesson.title)
        self.position.setText(
            _("Lesson {n} of {count} · about {minutes} minutes").format(
                n=page.position, count=page.count, minutes=page.lesson.minutes
            )
        )
        if page.is_fallback:
            self.notice.setText(
                _("This lesson is not yet available in {wanted}; showing {shown}.").format(
                    wanted=LANGUAGE_NAMES.get(page.lesson.requested_locale, page.lesson.requested_locale),
                    shown=LANGUAGE_NAMES.get(page.lesson.locale, page.lesson.locale),
                )
            )
            self.notice.show()
        else:
            self.notice.hide()
        self.previous.setEnabled(page.previous_id is not None)
        if page.lesson.check is not None:
            self.next.setText(_("Answer the questions"))
        elif page.next_id is not None:
            self.next.setText(_("Next lesson"))
        else:
            self.next.setText(_("Finish the lesson"))

    def _previous(self) -> None:
        if self.page is not None and self.page.previous_id and self.course_id:
            self.nav.show_lesson(self.course_id, self.page.previous_id)

    def _next(self) -> None:
        page, course_id, profile = self.page, self.course_id, self.nav.profile
        if page is None or course_id is None or profile is None:
            return
        if page.lesson.check is not None:
            self.nav.start_check(course_id, page.lesson.id)
            return
        # A lesson without questions is done once read to the end.
        self.nav.lb.lessons.complete(profile.learner_id, course_id, page.lesson.id)
        if page.next_id is not None:
            self.nav.show_lesson(course_id, page.next_id)
        else:
            self.nav.show_course(course_id)

    def back(self) -> None:
        if self.course_id is not None:
            self.nav.show_course(self.course_id)
        else:
            self.nav.show_courses()
