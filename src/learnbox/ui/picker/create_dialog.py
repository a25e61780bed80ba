"""Create a profile: display name, optional PIN (typed twice), preferred language, colour."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.core.text import clean_name
from learnbox.i18n import N_, _
from learnbox.services import LearnBox, ServiceError
from learnbox.services.learners import AVATARS, Profile
from learnbox.ui import theme
from learnbox.ui.controls import LANGUAGE_NAMES, button, dialog_buttons, label
from learnbox.ui.dialog_fit import fit_to_screen, scrolling_body
from learnbox.ui.picker.swatch import ColourSwatch

_COLOUR_NAMES: dict[str, str] = {
    "teal": N_("Teal"),
    "orange": N_("Orange"),
    "purple": N_("Purple"),
    "green": N_("Green"),
    "blue": N_("Blue"),
    "red": N_("Red"),
    "brown": N_("Brown"),
    "pink": N_("Pink"),
}


class CreateProfileDialog(QDialog):
    """Collects the new profile; the learner service validates and creates it."""

    def __init__(self, lb: LearnBox, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createProfileDialog")
        self.lb = lb
        self.created: Profile | None = None
        self.setModal(True)
        self.setMinimumWidth(560)

        self.title = label("title")
        self.name = QLineEdit()
        self.name.setObjectName("nameEdit")
        digits = QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self)
        self.pin = QLineEdit()
        self.pin.setObjectName("pinEdit")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(digits)
        self.pin_again = QLineEdit()
        self.pin_again.setObjectName("pinAgainEdit")
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self))
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code in SUPPORTED_LOCALES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))

        self.colours = QButtonGroup(self)
        colour_row = QHBoxLayout()
        colour_row.setSpacing(6)
        self.colour_buttons: dict[str, ColourSwatch] = {}
        for key in AVATARS:
            swatch = ColourSwatch(theme.NAMED_AVATARS.get(key, theme.PRIMARY))
            swatch.setObjectName(f"colour-{key}")
            swatch.setProperty("avatar", key)
            self.colours.addButton(swatch)
            self.colour_buttons[key] = swatch
            colour_row.addWidget(swatch)
        colour_row.addStretch(1)

        self.name_label, self.pin_label, self.pin_again_label = QLabel(), QLabel(), QLabel()
        self.language_label, self.colour_label = QLabel(), QLabel()
        for lab, buddy in (
            (self.name_label, self.name),
            (self.pin_label, self.pin),
            (self.pin_again_label, self.pin_again),
            (self.language_label, self.language),
        ):
            lab.setBuddy(buddy)
        self.pin_help = label("muted")
        self.error = label("error")
        self.error.setObjectName("errorLabel")
        self.error.hide()

        form = QFormLayout()
        # Labels above fields: long translations and 150 % text never squeeze the fields.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.pin_again_label, self.pin_again)
        form.addRow(self.pin_help)
        form.addRow(self.language_label, self.language)
        form.addRow(self.colour_label, colour_row)

        self.create_button = button("primary", object_name="createButton")
        self.create_button.setDefault(True)
        self.cancel_button = button(object_name="cancelButton")
        self.create_button.clicked.connect(self._create)
        self.cancel_button.clicked.connect(self.reject)
        buttons = dialog_buttons(self.cancel_button, self.create_button)

        body, outer = scrolling_body(self)
        body.setSpacing(14)
        body.addWidget(self.title)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addStretch(1)
        outer.addLayout(buttons)
        fit_to_screen(self)
        # Deliberate tab order: fields top to bottom, then Create, then Cancel.
        QWidget.setTabOrder(self.name, self.pin)
        QWidget.setTabOrder(self.pin, self.pin_again)
        QWidget.setTabOrder(self.pin_again, self.language)
        previous: QWidget = self.language
        for swatch in self.colour_buttons.values():
            QWidget.setTabOrder(previous, swatch)
            previous = swatch
        QWidget.setTabOrder(previous, self.create_button)
        QWidget.setTabOrder(self.create_button, self.cancel_button)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New profile"))
        self.title.setText(_("Make your profile"))
        self.name_label.setText(_("Your &name"))
        self.name.setPlaceholderText(_("For example: Nguyễn Thị Lan"))
        self.pin_label.setText(_("&PIN (optional)"))
        self.pin_again_label.setText(_("PIN &again"))
        self.pin_help.setText(
            _("A PIN is 4 to 6 digits. Others cannot open your profile without it. You can leave it empty.")
        )
        self.language_label.setText(_("&Language"))
        self.colour_label.setText(_("Colour"))
        for key, swatch in self.colour_buttons.items():
            name = _(_COLOUR_NAMES.get(key, key))
            swatch.setAccessibleName(name)
            swatch.setToolTip(name)
        self.create_button.setText(_("Create profile"))
        self.cancel_button.setText(_("Cancel"))

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _create(self) -> None:
        # Show the name as it will be stored (NFC, spaces tidied) so what you see is what is saved.
        cleaned = clean_name(self.name.text())
        if cleaned != self.name.text():
            self.name.setText(cleaned)
        pin, again = self.pin.text(), self.pin_again.text()
        if pin != again:
            self._show_error(_("The two PINs are not the same. Please type them again."))
            self.pin.clear()
            self.pin_again.clear()
            self.pin.setFocus()
            return
        checked = self.colours.checkedButton()
        avatar = str(checked.property("avatar")) if checked is not None else None
        try:
            created = self.lb.learners.create(cleaned, pin or None, str(self.language.currentData()), avatar)
            # Sign in straight away with the PIN just typed twice (records "last here").
            self.created = self.lb.learners.sign_in(created.learner_id, pin or None)
        except ServiceError as exc:
            self._show_error(str(exc))
            self.name.setFocus()
            return
        self.accept()
