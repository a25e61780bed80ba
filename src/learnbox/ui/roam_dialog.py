"""A learner who studied on another PC brings their profile here: learner code + PIN.

The lookup runs on the server, so it happens in a worker; the dialog shows a busy bar meanwhile
and the service's plain-language message if it fails.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from learnbox.i18n import _
from learnbox.services import LearnBox
from learnbox.ui.controls import button, dialog_buttons, label
from learnbox.ui.dialog_fit import fit_to_screen, scrolling_body
from learnbox.ui.staff_panel import plain_error
from learnbox.ui.worker import Task, run_in_background


class RoamDialog(QDialog):
    roamed = Signal(str)  # learner id

    def __init__(self, lb: LearnBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roamDialog")
        self.lb = lb
        self.task: Task | None = None
        self.setModal(True)
        self.setMinimumWidth(520)
        self.title = label("title")
        self.explain = label()
        self.code = QLineEdit()
        self.code.setObjectName("learnerCode")
        self.pin = QLineEdit()
        self.pin.setObjectName("roamPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self))
        self.code_label, self.pin_label = QLabel(), QLabel()
        self.code_label.setBuddy(self.code)
        self.pin_label.setBuddy(self.pin)
        form = QFormLayout()
        form.addRow(self.code_label, self.code)
        form.addRow(self.pin_label, self.pin)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = label("error")
        self.error.setObjectName("roamError")
        self.error.hide()
        self.ok = button("primary", object_name="roamButton")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.start)
        self.cancel = button(object_name="cancelRoam")
        self.cancel.clicked.connect(self.reject)
        row = dialog_buttons(self.cancel, self.ok)
        body, outer = scrolling_body(self)
        body.addWidget(self.title)
        body.addWidget(self.explain)
        body.addLayout(form)
        body.addWidget(self.busy)
        body.addWidget(self.error)
        body.addStretch(1)
        outer.addLayout(row)
        fit_to_screen(self)
        self.retranslate()
        if lb.sync is None or not lb.sync.status().enrolled:
            self._show_error(_("This PC is not connected to a server yet. Ask the staff to enrol it first."))
            self.ok.setEnabled(False)

    def retranslate(self) -> None:
        self.setWindowTitle(_("I studied on another computer"))
        self.title.setText(_("Bring your profile to this computer"))
        self.explain.setText(
            _("Type your learner code (it is on your old computer, under your name) and your PIN.")
        )
        self.code_label.setText(_("Learner &code"))
        self.pin_label.setText(_("&PIN"))
        self.code.setPlaceholderText("ABCD-EFGH")
        self.ok.setText(_("Bring my profile"))
        self.cancel.setText(_("Cancel"))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def start(self) -> None:
        if self.task is not None or self.lb.sync is None:
            return
        code, pin = self.code.text().strip(), self.pin.text()
        if not code or not pin:
            self._show_error(_("Please type your learner code and your PIN."))
            return
        sync = self.lb.sync
        self.error.hide()
        self.busy.show()
        self.ok.setEnabled(False)
        self.task = run_in_background(
            lambda _p, _c: sync.roam(code, pin), self._done, self._failed, on_finished=self._finished
        )

    def _done(self, learner_id: Any) -> None:
        self.roamed.emit(str(learner_id))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(plain_error(exc))
        self.pin.clear()

    def _finished(self) -> None:
        self.task = None
        self.busy.hide()
        self.ok.setEnabled(True)
