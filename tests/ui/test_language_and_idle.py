"""Live language switching, fonts for Khmer, idle sign-out resets on input, font scale is remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learnbox.i18n import current_language
from learnbox.ui import prefs
from learnbox.ui.fonts import KHMER_FAMILY, PRIMARY_FAMILY
from learnbox.ui.main_window import MainWindow


def test_bundled_fonts_are_registered(app: QApplication) -> None:
    families = QFontDatabase.families()
    assert PRIMARY_FAMILY in families and KHMER_FAMILY in families
    assert app.font().families()[:2] == [PRIMARY_FAMILY, KHMER_FAMILY]


def test_picker_language_buttons_switch_live(qtbot: QtBot, window: MainWindow) -> None:
    picker = window.picker
    title_widget = picker.title
    qtbot.mouseClick(picker.language_buttons["en"], Qt.MouseButton.LeftButton)
    assert current_language() == "en"
    assert picker.title is title_widget and picker.title.text() == "Who is learning today?"
    qtbot.mouseClick(picker.language_buttons["km"], Qt.MouseButton.LeftButton)
    # Khmer has no spaces between words: the catalog may carry zero-width spaces as line-break hints.
    assert picker.title.text().replace("\u200b", "") == "តើអ្នកណាកំពុងរៀននៅថ្ងៃនេះ?"
    qtbot.mouseClick(picker.language_buttons["vi"], Qt.MouseButton.LeftButton)
    assert picker.title.text() == "Ai đang học hôm nay?"


def test_learner_language_follows_sign_in_and_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    lb = window.lb
    profile = lb.learners.create("Maria Santos", None, "en")
    window.picker.refresh()
    window.picker.choose(profile)
    assert current_language() == "en" and window.sign_out_button.text() == "Sign out"
    window.show_lesson("using-a-computer", "mouse")
    window.language.setCurrentIndex(window.language.findData("vi"))
    window.language.activated.emit(window.language.currentIndex())
    assert current_language() == "vi" and window.sign_out_button.text() == "Đăng xuất"
    assert window.lesson.page is not None and window.lesson.page.lesson.locale == "vi"  # reloaded
    assert lb.learners.get(profile.learner_id).locale == "vi"
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert current_language() == lb.settings.device_language


def test_input_postpones_idle_sign_out(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Lan", None, "vi")
    window.picker.choose(profile)
    window.idle.set_timeout_ms(400)
    window.idle.arm()
    for _n in range(4):
        qtbot.wait(150)
        qtbot.keyClick(window.courses, Qt.Key.Key_Shift)  # any key counts
        assert window.profile is not None
    qtbot.waitUntil(lambda: window.profile is None, timeout=3000)
    assert window.stack.currentWidget() is window.picker


def test_font_scale_is_remembered_and_applied(qtbot: QtBot, window: MainWindow) -> None:
    prefs.set_font_scale_percent(150)
    assert prefs.font_scale_percent() == 150
    window.apply_scale(150)
    assert window.picker.delegate.scale == 1.5
    assert QApplication.font().pointSizeF() > 12 * 1.4
    window.apply_scale(100)


def test_escape_goes_back_one_step(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Lan", None, "vi")
    window.picker.choose(profile)
    window.show_lesson("using-a-computer", "mouse")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.lesson.browser, Qt.Key.Key_Escape)
    assert window.screens.currentWidget() is window.course
    qtbot.keyClick(window.course.continue_button, Qt.Key.Key_Escape)
    assert window.screens.currentWidget() is window.courses
