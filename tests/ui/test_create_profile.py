"""Bad input in the create-profile dialog: clear messages, normalized names, never a traceback."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learnbox.i18n import _
from learnbox.services import LearnBox
from learnbox.ui.picker.create_dialog import CreateProfileDialog
from tests.ui.robot import type_text


def _dialog(qtbot: QtBot, lb: LearnBox) -> CreateProfileDialog:
    dialog = CreateProfileDialog(lb, "vi")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_ten_thousand_character_name_gets_a_clear_message(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    dialog = _dialog(qtbot, bundled_lb)
    dialog.name.setText("A" * 10_000)  # a paste, not 10,000 key presses
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.created is None
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Tên chỉ được dài tối đa 60 chữ cái."
    assert bundled_lb.learners.list_profiles() == []


def test_empty_name_and_mismatched_pins(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    dialog = _dialog(qtbot, bundled_lb)
    type_text(dialog.name, "   ")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == _("Please type your name.")
    type_text(dialog.name, "Lan")
    qtbot.keyClicks(dialog.pin, "1234")
    qtbot.keyClicks(dialog.pin_again, "1243")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "Hai mã PIN không giống nhau. Hãy gõ lại."
    assert dialog.pin.text() == "" and dialog.created is None


def test_pin_field_takes_digits_only(qtbot: QtBot, app: QApplication, bundled_lb: LearnBox) -> None:
    dialog = _dialog(qtbot, bundled_lb)
    qtbot.keyClicks(dialog.pin, "12ab345678")
    assert dialog.pin.text() == "123456"


def test_nfd_name_is_stored_and_shown_as_nfc(
    qtbot: QtBot, app: QApplication, bundled_lb: LearnBox, vietnamese: None
) -> None:
    dialog = _dialog(qtbot, bundled_lb)
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Lan ")
    assert nfd != unicodedata.normalize("NFC", nfd)
    dialog.name.setText(nfd)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter presses the default button
    assert dialog.created is not None
    assert dialog.created.display_name == "Nguyễn Thị Lan"
    assert unicodedata.is_normalized("NFC", dialog.created.display_name)
    assert dialog.name.text() == "Nguyễn Thị Lan"
    assert [p.display_name for p in bundled_lb.learners.search("nguyen")] == ["Nguyễn Thị Lan"]
