"""The field-staff panel, reached from the picker's "Staff" button (never from a learner's screens).

Shows only what actually happened: server, last success, events waiting, last error in plain
words, this PC's clock skew. "Sync now" and "Enrol this PC" run in a worker thread with a
progress bar; the panel stays responsive and can stop a sync (it resumes later where it stopped).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from learnbox.i18n import _
from learnbox.i18n.formatting import datetime_from_ms
from learnbox.services import LearnBox
from learnbox.ui.controls import button, label
from learnbox.ui.dialog_fit import fit_to_screen, scrolling_body
from learnbox.ui.settings_dialog import SettingsDialog
from learnbox.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)


def plain_error(exc: BaseException) -> str:
    """Sync and service errors carry translated plain words; anything else is summarised."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    text = str(exc)
    return text if text else _("Something went wrong: {error}").format(error=type(exc).__name__)


class StaffPanel(QDialog):
    settings_saved = Signal()
    profiles_changed = Signal()

    def __init__(self, lb: LearnBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffPanel")
        self.lb = lb
        self.sync: Any = lb.sync
        self.task: Task | None = None
        self.message: str = ""
        self.setModal(True)
        self.setMinimumWidth(620)

        self.title = label("title")
        self.server, self.centre, self.last_success = label(), label(), label()
        self.pending, self.last_error, self.skew = label(), label(), label()
        self.last_error.setObjectName("lastError")
        self.names = [QLabel() for _n in range(6)]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, value in zip(
            self.names,
            (self.server, self.centre, self.last_success, self.pending, self.last_error, self.skew),
            strict=True,
        ):
            form.addRow(name, value)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.hide()
        self.outcome = label("notice")
        self.outcome.setObjectName("syncOutcome")
        self.outcome.hide()

        self.sync_button = button("primary", object_name="syncNow")
        self.sync_button.clicked.connect(self.start_sync)
        self.stop_button = button(object_name="stopSync")
        self.stop_button.clicked.connect(self._stop)
        self.stop_button.hide()
        self.enrol_toggle = button(object_name="enrolToggle")
        self.enrol_toggle.clicked.connect(self._toggle_enrol)

        self.enrol_box = QFrame()
        self.enrol_box.setProperty("role", "card")
        self.url = QLineEdit()
        self.url.setObjectName("serverUrl")
        self.url.setPlaceholderText("https://")
        self.code = QLineEdit()
        self.code.setObjectName("enrolCode")
        self.url_label, self.code_label = QLabel(), QLabel()
        self.url_label.setBuddy(self.url)
        self.code_label.setBuddy(self.code)
        self.enrol_button = button("primary", object_name="enrolButton")
        self.enrol_button.clicked.connect(self.start_enrol)
        enrol_form = QFormLayout(self.enrol_box)
        enrol_form.addRow(self.url_label, self.url)
        enrol_form.addRow(self.code_label, self.code)
        enrol_form.addRow("", self.enrol_button)
        self.enrol_box.hide()

        self.settings_button = button(object_name="openSettings")
        self.settings_button.clicked.connect(self.open_settings)
        self.close_button = button(object_name="closeStaff")
        self.close_button.clicked.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.stop_button)
        actions.addWidget(self.enrol_toggle)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.settings_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        body, outer = scrolling_body(self)
        body.addWidget(self.title)
        body.addLayout(form)
        body.addWidget(self.progress)
        body.addWidget(self.outcome)
        body.addLayout(actions)
        body.addWidget(self.enrol_box)
        body.addStretch(1)
        outer.addLayout(bottom)
        fit_to_screen(self)
        self.retranslate()

    # ------------------------------------------------------------------ status
    def retranslate(self) -> None:
        self.setWindowTitle(_("Staff"))
        self.title.setText(_("Sync and settings"))
        for name, text in zip(
            self.names,
            (
                _("Server"),
                _("Centre"),
                _("Last successful sync"),
                _("Waiting to send"),
                _("Last error"),
                _("Clock of this PC"),
            ),
            strict=True,
        ):
            name.setText(text)
        self.sync_button.setText(_("Sync now"))
        self.stop_button.setText(_("Stop"))
        self.enrol_toggle.setText(_("Enrol this PC"))
        self.url_label.setText(_("Server &address"))
        self.code_label.setText(_("Enrolment &code"))
        self.enrol_button.setText(_("Enrol"))
        self.settings_button.setText(_("Settings…"))
        self.close_button.setText(_("Close"))
        self.refresh_status()

    def refresh_status(self) -> None:
        if self.sync is None:
            for value in (
                self.server,
                self.centre,
                self.last_success,
                self.pending,
                self.last_error,
                self.skew,
            ):
                value.setText("—")
            self.last_error.setText(_("Sync is not installed on this computer."))
            self.sync_button.setEnabled(False)
            self.enrol_toggle.setEnabled(False)
            return
        status = self.sync.status()
        self.server.setText(status.server_url or _("not enrolled"))
        self.centre.setText(status.centre_name or "—")
        self.last_success.setText(
            datetime_from_ms(status.last_success_ms) if status.last_success_ms else _("never")
        )
        self.pending.setText(str(status.pending_events))
        self.last_error.setText(status.last_error or _("none"))
        if status.clock_skew_ms is None:
            self.skew.setText(_("not measured yet"))
        elif status.clock_warning:
            minutes = round(status.clock_skew_ms / 60_000)
            self.skew.setText(
                _("Wrong by about {minutes} minutes. Please set the date and time.").format(
                    minutes=abs(minutes)
                )
            )
        else:
            self.skew.setText(_("Correct"))
        running = self.task is not None
        self.sync_button.setEnabled(status.enrolled and not running)
        self.enrol_toggle.setEnabled(not running)
        self.enrol_button.setEnabled(not running)

    # ------------------------------------------------------------------ sync
    def start_sync(self) -> None:
        if self.sync is None or self.task is not None:
            return
        sync = self.sync
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.progress.show()
        self.stop_button.show()
        self.outcome.hide()
        self.task = run_in_background(
            lambda progress, cancelled: sync.sync_now(progress, cancelled),
            self._sync_done,
            self._failed,
            self._progress,
            on_finished=self._task_finished,
        )
        self.refresh_status()

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        self.progress.setFormat(text or "%p%")

    def _sync_done(self, result: Any) -> None:
        self._say(
            _("Sync finished: {pushed} events sent, {pulled} received.").format(
                pushed=getattr(result, "pushed", 0), pulled=getattr(result, "pulled", 0)
            )
        )
        if getattr(result, "pulled", 0):
            self.profiles_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._say(plain_error(exc))

    def _say(self, message: str) -> None:
        self.message = message
        self.outcome.setText(message)
        self.outcome.show()

    def _task_finished(self) -> None:
        self.task = None
        self.progress.hide()
        self.stop_button.hide()
        self.refresh_status()

    def _stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # ------------------------------------------------------------------ enrol
    def _toggle_enrol(self) -> None:
        self.enrol_box.setVisible(not self.enrol_box.isVisible())
        if self.enrol_box.isVisible():
            self.url.setFocus()

    def start_enrol(self) -> None:
        if self.sync is None or self.task is not None:
            return
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url.startswith(("http://", "https://")):
            self._say(_("The server address must start with http:// or https://"))
            return
        if not code:
            self._say(_("Type the enrolment code from the programme office."))
            return
        sync = self.sync
        self.progress.setRange(0, 0)
        self.progress.show()
        self.task = run_in_background(
            lambda _p, _c: sync.enrol(url, code),
            self._enrolled,
            self._failed,
            on_finished=self._task_finished,
        )
        self.refresh_status()

    def _enrolled(self, _result: Any) -> None:
        status = self.sync.status()
        self._say(
            _("This PC is now enrolled with {server} (centre: {centre}).").format(
                server=status.server_url or "", centre=status.centre_name or "—"
            )
        )
        self.enrol_box.hide()

    # ------------------------------------------------------------------ settings
    def open_settings(self) -> None:
        dialog = SettingsDialog(self.lb, self)
        dialog.accepted.connect(self.settings_saved)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # the worker stops at its next check; results are kept
        super().reject()
