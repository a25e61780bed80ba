"""Ask for a profile's PIN; shows the service's wrong-PIN and lockout messages."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from learnbox.i18n import _
from learnbox.services import LearnBox, LockedOut, ServiceError
from learnbox.services.learners import Profile
from learnbox.ui.controls import button, dialog_buttons, label


class PinDialog(QDialog):
    def __init__(self, lb: LearnBox, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.lb = lb
        self.profile = profile
        self.signed_in: Profile | None = None
        self.setModal(True)
        self.setMinimumWidth(460)
        self.title = label("title")
        self.prompt = label()
        self.pin = QLineEdit()
        self.pin.setObjectName("pinEdit")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self))
        self.prompt.setBuddy(self.pin)
        self.error = label("error")
        self.error.setObjectName("errorLabel")
        self.error.hide()
        self.ok = button("primary", object_name="signInButton")
        self.ok.setDefault(True)
        self.cancel = button(object_name="cancelButton")
        self.ok.clicked.connect(self._submit)
        self.cancel.clicked.connect(self.reject)
        row = dialog_buttons(self.cancel, self.ok)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addLayout(row)
        QWidget.setTabOrder(self.pin, self.ok)
        QWidget.setTabOrder(self.ok, self.cancel)
        self.pin.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Type your PIN"))
        self.title.setText(self.profile.display_name)
        self.prompt.setText(_("Type your PIN (4 to 6 digits), then press Enter."))
        self.pin.setAccessibleName(_("PIN"))
        self.ok.setText(_("Sign in"))
        self.cancel.setText(_("Back"))

    def _submit(self) -> None:
        try:
            self.signed_in = self.lb.learners.sign_in(self.profile.learner_id, self.pin.text() or None)
        except LockedOut as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.pin.clear()
            self.pin.setEnabled(False)
            self.ok.setEnabled(False)
            self.cancel.setFocus()
            return
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.pin.clear()
            self.pin.setFocus()
            return
        self.accept()
