"""The main window: the profile picker, the learner area, sign-in/out, language and idle handling.

The learner area has a header (who is signed in, My courses, My progress, language, Sign out)
over a stack of screens. Esc goes back one step. After the idle time without any key or mouse
input the learner is signed out, every dialog is closed and the picker comes back, so the next
person at the PC never lands in someone else's profile.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from learnbox.content.errors import ContentError
from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.i18n import _, current_language, on_language_changed, set_language
from learnbox.services import LearnBox, ServiceError
from learnbox.services.learners import Profile
from learnbox.services.quizzes import Attempt, AttemptResult
from learnbox.storage.errors import StoreError
from learnbox.ui import fonts, prefs, theme
from learnbox.ui.controls import LANGUAGE_NAMES, ElidedLabel, button, label
from learnbox.ui.courses import CourseDetailScreen, CoursesScreen
from learnbox.ui.idle import IdleWatcher
from learnbox.ui.lesson import LessonScreen
from learnbox.ui.picker.screen import PickerScreen
from learnbox.ui.progress_screen import ProgressScreen
from learnbox.ui.quiz.result import ResultScreen
from learnbox.ui.quiz.screen import QuizScreen
from learnbox.ui.screen import Screen
from learnbox.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

#: After start-up, when to warm the lesson renderer: late enough not to delay the first paint.
WARM_UP_DELAY_MS = 1000
#: How often to ask the sync policy whether an automatic sync is due (it decides the real pace).
AUTO_SYNC_CHECK_MS = 60_000


class MainWindow(QMainWindow):
    def __init__(self, lb: LearnBox, app: QApplication, idle_ms: int | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.lb = lb
        self.app = app
        self.profile: Profile | None = None
        self.scale = prefs.font_scale_percent() / 100
        self._fixed_idle_ms = idle_ms  # tests use a tiny timeout; None = the staff setting
        self._staff_panel: QDialog | None = None

        self.stack = QStackedWidget()
        self.picker = PickerScreen(lb, self.scale)
        self.picker.signed_in.connect(self.sign_in)
        self.picker.language_requested.connect(set_language)
        self.picker.staff_requested.connect(self.open_staff)
        self.picker.roam_requested.connect(self.open_roam)
        self.stack.addWidget(self.picker)

        self.learner_area = QWidget()
        self.learner_area.setObjectName("learnerArea")
        self.header = QFrame()
        self.header.setProperty("role", "header")
        self.avatar = QLabel()
        self.avatar.setFixedSize(44, 44)
        self.avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = ElidedLabel()
        self.who.setProperty("role", "subtitle")
        self.who.setObjectName("whoLabel")
        self.home_button = button(object_name="homeButton")
        self.home_button.clicked.connect(self.show_courses)
        self.progress_button = button(object_name="progressButton")
        self.progress_button.clicked.connect(self.show_progress)
        self.language = QComboBox()
        self.language.setObjectName("learnerLanguage")
        for code in SUPPORTED_LOCALES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.activated.connect(self._learner_language_chosen)
        self.sign_out_button = button(object_name="signOutButton")
        self.sign_out_button.clicked.connect(self.sign_out)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(16, 6, 16, 6)
        head.addWidget(self.avatar)
        head.addWidget(self.who, 1)
        head.addWidget(self.home_button)
        head.addWidget(self.progress_button)
        head.addWidget(self.language)
        head.addWidget(self.sign_out_button)
        self.error = label("error")
        self.error.setObjectName("screenError")
        self.error.hide()
        self.screens = QStackedWidget()
        self.courses = CoursesScreen(self)
        self.course = CourseDetailScreen(self)
        self.lesson = LessonScreen(self)
        self.quiz = QuizScreen(self)
        self.result = ResultScreen(self)
        self.progress = ProgressScreen(self)
        for screen in (self.courses, self.course, self.lesson, self.quiz, self.result, self.progress):
            self.screens.addWidget(screen)
        area = QVBoxLayout(self.learner_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        area.addWidget(self.header)
        area.addWidget(self.error)
        area.addWidget(self.screens, 1)
        self.stack.addWidget(self.learner_area)
        self.setCentralWidget(self.stack)

        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.learner_area)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.go_back)

        self._auto_task: Task | None = None
        self.auto_sync_timer = QTimer(self)
        self.auto_sync_timer.setInterval(AUTO_SYNC_CHECK_MS)
        self.auto_sync_timer.timeout.connect(self._auto_sync)
        # Always armed: _auto_sync builds the sync service on first use, so start-up never pays for
        # importing the HTTP stack, and a PC enrolled later starts syncing without a restart.
        self.auto_sync_timer.start()

        # While the picker waits for someone to find their name, build the lesson renderer so the
        # first lesson opens as fast as the rest (measured in bench/bench_ui.py).
        QTimer.singleShot(WARM_UP_DELAY_MS, self.lb.lessons.prepare)

        self.idle = IdleWatcher(app, self.idle_ms())
        self.idle.idle.connect(self.idle_sign_out)
        # i18n keeps listeners forever; hold this window weakly so a closed window is not called.
        this = weakref.ref(self)

        def _listener(language: str) -> None:
            window = this()
            if window is not None and not window._closed:
                window._language_changed(language)

        self._closed = False
        on_language_changed(_listener)
        self.retranslate()
        self.picker.refresh()

    # ------------------------------------------------------------------ helpers for screens
    @property
    def learner_locale(self) -> str:
        return self.profile.locale if self.profile is not None else current_language()

    def base_point_size(self) -> float:
        return fonts.BASE_POINT_SIZE * self.scale

    def idle_ms(self) -> int:
        if self._fixed_idle_ms is not None:
            return self._fixed_idle_ms
        return self.lb.settings.idle_timeout_minutes * 60_000

    def current_screen(self) -> Screen | None:
        widget = self.screens.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def _leave_current(self) -> None:
        """Let the screen the learner is on save what must last (e.g. the lesson's reading position)."""
        screen = self.current_screen()
        if (
            screen is not None
            and self.profile is not None
            and self.stack.currentWidget() is self.learner_area
        ):
            try:
                screen.leaving()
            except (ServiceError, StoreError) as exc:  # a full disk must not keep the learner on this screen
                log.warning("could not save the screen state: %s", exc)

    def _go(self, screen: Screen) -> None:
        if screen is not self.current_screen():
            self._leave_current()
        self.error.hide()
        self.screens.setCurrentWidget(screen)
        self.stack.setCurrentWidget(self.learner_area)
        screen.take_focus()

    def _failed(self, exc: Exception) -> None:
        """A service refused (missing content, full disk…): say so in plain words, stay put."""
        log.warning("action failed: %s", exc)
        self.error.setText(
            str(exc)
            if isinstance(exc, ServiceError)
            else _("Something went wrong: {error}").format(error=exc)
        )
        self.error.show()

    # ------------------------------------------------------------------ navigation
    def show_courses(self) -> None:
        try:
            self.courses.reload()
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._go(self.courses)

    def show_course(self, course_id: str) -> None:
        try:
            self.course.show_course(course_id)
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._go(self.course)

    def show_lesson(self, course_id: str, lesson_id: str) -> None:
        try:
            self.lesson.show_lesson(course_id, lesson_id)
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._go(self.lesson)

    def _start_quiz(self, attempt: Attempt) -> None:
        self.quiz.start(attempt)
        self._go(self.quiz)

    def start_check(self, course_id: str, lesson_id: str) -> None:
        if self.profile is None:
            return
        try:
            attempt = self.lb.quizzes.start_check(
                self.profile.learner_id, course_id, lesson_id, self.learner_locale
            )
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._start_quiz(attempt)

    def start_test(self, course_id: str) -> None:
        if self.profile is None:
            return
        try:
            attempt = self.lb.quizzes.start_test(self.profile.learner_id, course_id, self.learner_locale)
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._start_quiz(attempt)

    def show_result(self, attempt: Attempt, result: AttemptResult) -> None:
        self.result.show_result(attempt, result)
        self._go(self.result)

    def show_progress(self) -> None:
        try:
            self.progress.reload()
        except (ServiceError, ContentError) as exc:
            self._failed(exc)
            return
        self._go(self.progress)

    def go_back(self) -> None:
        screen = self.current_screen()
        if screen is not None and self.stack.currentWidget() is self.learner_area:
            screen.back()

    # ------------------------------------------------------------------ session
    def sign_in(self, profile: Profile) -> None:
        self.profile = profile
        if profile.locale != current_language():
            set_language(profile.locale)  # retranslates everything through the listener
        self._update_header()
        self.idle.set_timeout_ms(self.idle_ms())
        self.idle.arm()
        self.show_courses()

    def profile_changed(self, profile: Profile) -> None:
        """The signed-in learner's profile changed (e.g. their PIN): keep the header up to date."""
        if self.profile is not None and profile.learner_id == self.profile.learner_id:
            self.profile = profile
            self._update_header()

    def sign_out(self) -> None:
        """Back to the picker, in the device language, with nothing of the learner left open."""
        self.idle.disarm()
        self.close_dialogs()
        self._leave_current()
        self.profile = None
        self.quiz.attempt = None
        device_language = self.lb.settings.device_language
        if device_language != current_language():
            set_language(device_language)
        self.stack.setCurrentWidget(self.picker)
        self.picker.refresh()

    def idle_sign_out(self) -> None:
        if self.profile is not None:
            log.info("signing out after %d ms without input", self.idle.timeout_ms())
            self.sign_out()

    def close_dialogs(self) -> None:
        self.picker.close_dialogs()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
            elif isinstance(widget, QMenu) and widget.isVisible():
                widget.close()

    def _learner_language_chosen(self, _index: int) -> None:
        code = str(self.language.currentData())
        if self.profile is None or code == self.profile.locale:
            return
        try:
            self.profile = self.lb.learners.set_locale(self.profile.learner_id, code)
        except ServiceError as exc:
            self._failed(exc)
            return
        set_language(code)

    # ------------------------------------------------------------------ language and scale
    def _language_changed(self, _language: str) -> None:
        self.retranslate()
        screen = self.current_screen()
        if (
            self.profile is not None
            and screen is not None
            and self.stack.currentWidget() is self.learner_area
        ):
            # Course and lesson texts come in the new language too (or their fallback).
            try:
                screen.reload() if screen is not self.quiz else screen.retranslate()
            except (ServiceError, ContentError) as exc:
                self._failed(exc)

    def retranslate(self) -> None:
        self.setWindowTitle(_("LearnBox"))
        self.home_button.setText(_("My courses"))
        self.progress_button.setText(_("My progress"))
        self.sign_out_button.setText(_("Sign out"))
        self.language.setAccessibleName(_("Language"))
        self.language.setToolTip(_("Language"))
        self.picker.retranslate()
        for screen in (self.courses, self.course, self.lesson, self.quiz, self.result, self.progress):
            screen.retranslate()
        if self._staff_panel is not None and hasattr(self._staff_panel, "retranslate"):
            self._staff_panel.retranslate()
        self._update_header()

    def _update_header(self) -> None:
        profile = self.profile
        if profile is None:
            return
        self.who.setText(profile.display_name)
        self.who.setAccessibleName(_("Signed in: {name}").format(name=profile.display_name))
        colour = theme.avatar_colour(profile.avatar, profile.learner_id).name()
        self.avatar.setText(profile.initials)
        self.avatar.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 22px; font-weight: 700;"
        )
        self.language.setCurrentIndex(max(0, self.language.findData(profile.locale)))

    def apply_scale(self, percent: int) -> None:
        self.scale = percent / 100
        fonts.apply_app_font(self.app, self.scale)
        self.app.setStyleSheet(theme.stylesheet(self.scale))
        self.picker.set_scale(self.scale)

    # ------------------------------------------------------------------ staff
    def open_staff(self) -> None:
        from learnbox.ui.staff_panel import StaffPanel

        if self._staff_panel is not None:
            return
        panel = StaffPanel(self.lb, self)
        panel.settings_saved.connect(self._settings_saved)
        panel.profiles_changed.connect(self.picker.refresh)
        self._staff_panel = panel
        panel.finished.connect(self._staff_closed)
        panel.open()

    def _staff_closed(self, _result: int) -> None:
        panel, self._staff_panel = self._staff_panel, None
        if panel is not None:
            panel.deleteLater()
        self.activateWindow()  # some window systems leave no window active after a dialog
        self.picker.refresh()

    def _settings_saved(self) -> None:
        self.apply_scale(prefs.font_scale_percent())
        self.idle.set_timeout_ms(self.idle_ms())
        device_language = self.lb.settings.device_language
        if self.profile is None and device_language != current_language():
            set_language(device_language)

    def open_roam(self) -> None:
        from learnbox.ui.roam_dialog import RoamDialog

        dialog = RoamDialog(self.lb, self)
        dialog.roamed.connect(self._roamed)
        dialog.finished.connect(lambda _r: self._roam_closed(dialog))
        dialog.open()

    def _roam_closed(self, dialog: QDialog) -> None:
        dialog.deleteLater()
        self.activateWindow()
        # Cancelled: back on the button that opened it (a roamed profile's tile has focus instead).
        if self.focusWidget() is not self.picker.view and self.stack.currentWidget() is self.picker:
            self.picker.roam_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _roamed(self, learner_id: str) -> None:
        self.picker.refresh()
        self.picker.select(learner_id)

    # ------------------------------------------------------------------ automatic sync
    def _auto_sync(self) -> None:
        """Every minute: if this PC is enrolled and the policy says so, sync in the background."""
        sync = self.lb.sync
        if sync is None or self._auto_task is not None or not sync.auto_sync_due():
            return
        self._auto_task = run_in_background(
            lambda _p, _c: sync.auto_sync(),
            self._auto_synced,
            self._auto_failed,
            on_finished=self._auto_finished,
        )

    def _auto_synced(self, result: object) -> None:
        # New profiles or progress may have arrived: refresh what nobody is looking at closely.
        pulled = int(getattr(result, "pulled", 0) or 0)
        if pulled and self.profile is None and self.picker.dialog is None:
            self.picker.refresh()

    def _auto_failed(self, exc: BaseException) -> None:
        log.info("automatic sync failed: %s", exc)  # recorded by the service for the staff panel

    def _auto_finished(self) -> None:
        self._auto_task = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._leave_current()
        self.auto_sync_timer.stop()
        self._closed = True
        self.idle.disarm()
        self.idle.uninstall()
        super().closeEvent(event)
