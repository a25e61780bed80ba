"""A learner sets, changes and removes their own PIN on "My progress", and sees their code there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learnbox.i18n import _
from learnbox.ui.main_window import MainWindow
from learnbox.ui.pin_change_dialog import PinChangeDialog
from tests.ui.keyboard import Key, press, type_keys


def _open_dialog(qtbot: QtBot, window: MainWindow) -> PinChangeDialog:
    def shown() -> PinChangeDialog | None:
        found = window.findChild(PinChangeDialog)
        return found if isinstance(found, PinChangeDialog) and found.isVisible() else None

    qtbot.waitUntil(lambda: shown() is not None)
    dialog = shown()
    assert dialog is not None

    def has_focus() -> bool:
        current = QApplication.focusWidget()
        return current is not None and dialog.isAncestorOf(current)

    qtbot.waitUntil(has_focus)
    return dialog


def test_set_change_and_remove_pin_from_my_progress(qtbot: QtBot, window: MainWindow) -> None:
    lb = window.lb
    profile = lb.learners.create("Lê Thị Hoa", None, "vi")
    window.sign_in(lb.learners.sign_in(profile.learner_id, None))
    qtbot.mouseClick(window.progress_button, Qt.MouseButton.LeftButton)
    screen = window.progress
    assert screen.code_label.text() == _("Your code for another computer: {code}").format(code=profile.learner_code)
    assert profile.learner_code in screen.code_label.text()
    assert screen.pin_button.text() == _("Set a PIN") and not screen.remove_pin_button.isVisible()

    # Set: no current PIN asked; the two new PINs must match.
    qtbot.mouseClick(screen.pin_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, window)
    assert not dialog.current.isVisible() and QApplication.focusWidget() is dialog.new
    type_keys("2580")
    press(qtbot, Key.Key_Tab)
    type_keys("2581")
    press(qtbot, Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == _("The two PINs are not the same. Please type them again.")
    assert QApplication.focusWidget() is dialog.new
    type_keys("2580")
    press(qtbot, Key.Key_Tab)
    type_keys("2580")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.profile is not None and window.profile.has_pin
    assert lb.learners.get(profile.learner_id).has_pin
    assert screen.pin_message.text() == _("Your PIN is saved.")
    assert screen.pin_button.text() == _("Change my PIN") and screen.remove_pin_button.isVisible()

    # Change: a wrong current PIN is refused with the tries left, the right one works.
    qtbot.mouseClick(screen.pin_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, window)
    assert QApplication.focusWidget() is dialog.current
    type_keys("1111")
    press(qtbot, Key.Key_Tab)
    type_keys("1357")
    press(qtbot, Key.Key_Tab)
    type_keys("1357")
    press(qtbot, Key.Key_Return)
    assert dialog.isVisible() and "4" in dialog.error.text()
    assert QApplication.focusWidget() is dialog.current
    type_keys("2580")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert lb.learners.sign_in(profile.learner_id, "1357").has_pin

    # Remove: only the current PIN is asked.
    qtbot.mouseClick(screen.remove_pin_button, Qt.MouseButton.LeftButton)
    dialog = _open_dialog(qtbot, window)
    assert not dialog.new.isVisible()
    type_keys("1357")
    press(qtbot, Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not lb.learners.get(profile.learner_id).has_pin
    assert screen.pin_message.text() == _("Your PIN is removed.")
    assert screen.pin_button.text() == _("Set a PIN")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.pin_button)
