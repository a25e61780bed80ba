"""A signed-in learner sets, changes or removes their own PIN.

Asks for the current PIN when the profile has one (the service applies the same wrong-PIN count
and lockout as signing in, so a passer-by cannot use this to guess it), then the new PIN twice.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from learnbox.i18n import _
from learnbox.services import LearnBox, LockedOut, ProfileError, ServiceError
from learnbox.services.learners import Profile
from learnbox.ui.controls import button, dialog_buttons, label
from learnbox.ui.dialog_fit import fit_to_screen, scrolling_body


class PinChange(Enum):
    SET = "set"
    CHANGE = "change"
    REMOVE = "remove"


def _pin_edit(name: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), parent))
    return edit


class PinChangeDialog(QDialog):
    """``changed`` holds the updated profile after a successful accept."""

    def __init__(
        self, lb: LearnBox, profile: Profile, mode: PinChange, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pinChangeDialog")
        self.lb = lb
        self.profile = profile
        self.mode = mode
        self.changed: Profile | None = None
        self.setModal(True)
        self.setMinimumWidth(520)

        self.title = label("title")
        self.explain = label()
        self.current = _pin_edit("currentPin", self)
        self.new = _pin_edit("newPin", self)
        self.again = _pin_edit("newPinAgain", self)
        self.current_label, self.new_label, self.again_label = QLabel(), QLabel(), QLabel()
        for lab, buddy in (
            (self.current_label, self.current),
            (self.new_label, self.new),
            (self.again_label, self.again),
        ):
            lab.setBuddy(buddy)
            lab.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        needs_current = profile.has_pin
        needs_new = mode is not PinChange.REMOVE
        if needs_current:
            form.addRow(self.current_label, self.current)
        if needs_new:
            form.addRow(self.new_label, self.new)
            form.addRow(self.again_label, self.again)
        for widget, shown in ((self.current, needs_current), (self.new, needs_new), (self.again, needs_new)):
            widget.setVisible(shown)
        self.error = label("error")
        self.error.setObjectName("pinChangeError")
        self.error.hide()

        self.ok = button("primary", object_name="savePin")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self._submit)
        self.cancel = button(object_name="cancelPin")
        self.cancel.clicked.connect(self.reject)
        row = dialog_buttons(self.cancel, self.ok)

        # The fields scroll (big text on a small screen); the buttons always stay in view.
        body, outer = scrolling_body(self)
        body.addWidget(self.title)
        body.addWidget(self.explain)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addStretch(1)
        outer.addLayout(row)
        fit_to_screen(self)

        fields: list[QWidget] = [
            w
            for w, shown in ((self.current, needs_current), (self.new, needs_new), (self.again, needs_new))
            if shown
        ]
        previous: QWidget | None = None
        for stop in [*fields, self.ok, self.cancel]:
            if previous is not None:
                QWidget.setTabOrder(previous, stop)
            previous = stop
        (fields[0] if fields else self.ok).setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def retranslate(self) -> None:
        titles = {
            PinChange.SET: _("Set a PIN"),
            PinChange.CHANGE: _("Change my PIN"),
            PinChange.REMOVE: _("Remove my PIN"),
        }
        self.setWindowTitle(titles[self.mode])
        self.title.setText(titles[self.mode])
        if self.mode is PinChange.REMOVE:
            self.explain.setText(
                _(
                    "Without a PIN anyone at this computer can open your profile, and you cannot continue on another computer."
                )
            )
            self.ok.setText(_("Remove my PIN"))
        else:
            self.explain.setText(
                _("A PIN is 4 to 6 digits. Choose one that others cannot guess, and remember it.")
            )
            self.ok.setText(_("Save my PIN"))
        self.current_label.setText(_("&Current PIN"))
        self.new_label.setText(_("&New PIN"))
        self.again_label.setText(_("New PIN &again"))
        self.current.setAccessibleName(_("Current PIN"))
        self.new.setAccessibleName(_("New PIN"))
        self.again.setAccessibleName(_("New PIN again"))
        self.cancel.setText(_("Cancel"))

    def _show_error(self, message: str, focus: QLineEdit | None) -> None:
        self.error.setText(message)
        self.error.show()
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _submit(self) -> None:
        new: str | None = None
        if self.mode is not PinChange.REMOVE:
            new = self.new.text()
            if not new:
                self._show_error(_("Please type your new PIN."), self.new)
                return
            if new != self.again.text():
                self.new.clear()
                self.again.clear()
                self._show_error(_("The two PINs are not the same. Please type them again."), self.new)
                return
        try:
            self.changed = self.lb.learners.set_pin(self.profile.learner_id, self.current.text() or None, new)
        except LockedOut as exc:
            for edit in (self.current, self.new, self.again):
                edit.clear()
                edit.setEnabled(False)
            self.ok.setEnabled(False)
            self._show_error(str(exc), None)
            self.cancel.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except ProfileError as exc:  # the new PIN is not 4-6 digits
            self.new.clear()
            self.again.clear()
            self._show_error(str(exc), self.new)
            return
        except ServiceError as exc:  # wrong or missing current PIN
            self.current.clear()
            self._show_error(str(exc), self.current if self.current.isVisibleTo(self) else None)
            return
        self.accept()
