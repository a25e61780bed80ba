"""Staff settings for this PC: idle sign-out time, text size, the picker's language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.i18n import _
from learnbox.services import LearnBox, ServiceError
from learnbox.services.settings import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES
from learnbox.ui import prefs
from learnbox.ui.controls import LANGUAGE_NAMES, button, dialog_buttons, label
from learnbox.ui.dialog_fit import fit_to_screen, scrolling_body


class SettingsDialog(QDialog):
    """Changes are applied when "Save" is pressed; ``saved`` results are read by the main window."""

    def __init__(self, lb: LearnBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.lb = lb
        self.setModal(True)
        self.setMinimumWidth(520)
        self.title = label("title")
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle.setValue(lb.settings.idle_timeout_minutes)
        self.scale = QComboBox()
        self.scale.setObjectName("fontScale")
        for percent in prefs.FONT_SCALES:
            self.scale.addItem(f"{percent}%", percent)
        self.scale.setCurrentIndex(max(0, self.scale.findData(prefs.font_scale_percent())))
        self.language = QComboBox()
        self.language.setObjectName("deviceLanguage")
        for code in SUPPORTED_LOCALES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(lb.settings.device_language)))
        self.idle_label, self.scale_label, self.language_label = QLabel(), QLabel(), QLabel()
        self.idle_label.setBuddy(self.idle)
        self.scale_label.setBuddy(self.scale)
        self.language_label.setBuddy(self.language)
        self.error = label("error")
        self.error.hide()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.idle_label, self.idle)
        form.addRow(self.scale_label, self.scale)
        form.addRow(self.language_label, self.language)
        self.save = button("primary", object_name="saveSettings")
        self.save.setDefault(True)
        self.cancel = button(object_name="cancelSettings")
        self.save.clicked.connect(self._save)
        self.cancel.clicked.connect(self.reject)
        row = dialog_buttons(self.cancel, self.save)
        body, outer = scrolling_body(self)
        body.setSpacing(14)
        body.addWidget(self.title)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addStretch(1)
        outer.addLayout(row)
        fit_to_screen(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.title.setText(_("Settings for this computer"))
        self.idle_label.setText(_("Sign out after this many &minutes without use"))
        self.idle.setSuffix(" " + _("min"))
        self.scale_label.setText(_("&Text size"))
        self.language_label.setText(_("&Language before sign-in"))
        self.save.setText(_("Save"))
        self.cancel.setText(_("Cancel"))

    def _save(self) -> None:
        try:
            self.lb.settings.idle_timeout_minutes = self.idle.value()
            self.lb.settings.device_language = str(self.language.currentData())
        except ServiceError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        prefs.set_font_scale_percent(int(self.scale.currentData()))
        self.accept()
