"""Layouts survive longer translations and big text.

1. A pseudo-locale makes every interface string ~40 % longer (vowels repeated, in brackets) —
   Vietnamese, Khmer and Filipino often run longer than English. On the main screens at
   1366x768 no button may be narrower than its text needs.
2. At 1024x600 with 150 % text every screen and dialog fits: nothing needs more room than the
   screen has (dialogs scroll their body and keep their buttons in view).
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from learnbox import i18n
from learnbox.core.model import ItemKind
from learnbox.services import LearnBox
from learnbox.ui import prefs
from learnbox.ui.main_window import MainWindow

PSEUDO = "x-stretch"
COURSE = "using-a-computer"
# Placeholders and mnemonics must survive untouched, or formatting would break.
_KEEP = re.compile(r"(\{[^}]*\}|%\([^)]*\)[a-z]|%[a-z%]|&.)")


def stretch(text: str) -> str:
    """``text`` about 40 % longer: vowels doubled outside placeholders, wrapped in brackets."""
    if not text:
        return text
    parts = _KEEP.split(text)
    grown = "".join(p if _KEEP.fullmatch(p) else re.sub(r"([aeiouAEIOU])", r"\1\1", p) for p in parts)
    return f"[{grown}]"


class StretchTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return stretch(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return stretch(msgid1 if n == 1 else msgid2)


def test_stretch_keeps_placeholders() -> None:
    assert stretch("Lesson {n} of {count}") == "[Leessoon {n} oof {count}]"
    assert stretch("%(n)d profiles found") == "[%(n)d proofiilees foouund]"
    assert stretch("&PIN again") == "[&PIIN aagaaiin]"
    assert len(stretch("Take the course test")) >= 1.3 * len("Take the course test")


@pytest.fixture
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(i18n._catalogs, PSEUDO, StretchTranslations())
    previous = i18n.current_language()
    i18n.set_language(PSEUDO)
    yield
    i18n.set_language(previous)


def _cut_buttons(root: QWidget) -> list[str]:
    """Visible buttons under ``root`` whose text needs more width than they got."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # drop replaced cards
    cut = []
    for widget in root.findChildren(QPushButton):
        if widget.isVisible() and widget.text() and widget.sizeHint().width() > widget.width():
            cut.append(f"{widget.objectName() or widget.text()!r}: needs {widget.sizeHint().width()}, has {widget.width()}")
    return cut


def _screens(window: MainWindow, lb: LearnBox) -> Iterator[str]:
    """Show each main screen in turn; yields its name once it is on screen."""
    window.picker.refresh()
    yield "picker"
    profile = lb.learners.create("Nguyễn Thị Lan", None, "vi")
    window.sign_in(lb.learners.sign_in(profile.learner_id, None))
    if i18n.current_language() != PSEUDO:  # signing in switches to the learner's language
        i18n.set_language(PSEUDO)
    yield "courses"
    window.show_course(COURSE)
    yield "course"
    window.show_lesson(COURSE, "mouse")
    yield "lesson"
    window.start_check(COURSE, "mouse")
    yield "quiz"
    window.start_test(COURSE)
    for kind in (ItemKind.ORDERING, ItemKind.MATCHING):
        attempt = window.quiz.attempt
        assert attempt is not None
        for n, item in enumerate(attempt.items):
            if item.kind is kind:
                window.quiz.index = n
                window.quiz._show_item()
                yield f"quiz-{kind.value}"
                break
    attempt = window.quiz.attempt
    assert attempt is not None
    window.show_result(attempt, lb.quizzes.finish(attempt))
    yield "result"
    window.show_progress()
    yield "progress"


def test_no_button_is_cut_off_with_longer_translations(
    qtbot: QtBot, window: MainWindow, pseudo_locale: None
) -> None:
    window.resize(1366, 768)
    cut: dict[str, list[str]] = {}
    for name in _screens(window, window.lb):
        assert window.picker.title.text().startswith("[")  # the pseudo-locale is really in use
        problems = _cut_buttons(window)
        if problems:
            cut[name] = problems
    assert cut == {}


@pytest.fixture
def big_text(app: QApplication) -> Iterator[None]:
    from learnbox.ui import fonts, theme

    previous = prefs.font_scale_percent()
    prefs.set_font_scale_percent(150)
    fonts.apply_app_font(app, 1.5)
    app.setStyleSheet(theme.stylesheet(1.5))
    yield
    prefs.set_font_scale_percent(previous)
    fonts.apply_app_font(app, previous / 100)
    app.setStyleSheet(theme.stylesheet(previous / 100))


SMALL_W, SMALL_H = 1024, 600
#: A dialog must fit under the title bar and above a taskbar on a 600 px screen.
DIALOG_MAX_H = SMALL_H - 70


def _dialog_problems(dialog: QDialog) -> list[str]:
    QApplication.processEvents()
    need = dialog.minimumSizeHint()
    problems = []
    if need.width() > SMALL_W or need.height() > DIALOG_MAX_H:
        problems.append(f"{dialog.objectName()} needs {need.width()}x{need.height()}")
    problems += [f"{dialog.objectName()}: {p}" for p in _cut_buttons(dialog)]
    return problems


def test_every_screen_and_dialog_fits_1024x600_at_150_percent(
    qtbot: QtBot, window: MainWindow, big_text: None
) -> None:
    from learnbox.ui.pin_change_dialog import PinChange

    window.apply_scale(150)
    window.resize(SMALL_W, SMALL_H)
    lb = window.lb
    problems: list[str] = []
    need = window.minimumSizeHint()
    assert need.width() <= SMALL_W and need.height() <= SMALL_H, need

    window.picker.open_create()
    assert window.picker.dialog is not None
    problems += _dialog_problems(window.picker.dialog)
    window.picker.dialog.reject()
    pinned = lb.learners.create("Trần Văn An", "2580", "vi")
    window.picker.refresh()
    window.picker.choose(pinned)
    assert window.picker.dialog is not None
    problems += _dialog_problems(window.picker.dialog)
    window.picker.dialog.reject()

    window.open_staff()
    panel = window._staff_panel
    assert panel is not None
    problems += _dialog_problems(panel)
    panel.open_settings()  # type: ignore[attr-defined]
    settings = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "settingsDialog" and w.isVisible())
    assert isinstance(settings, QDialog)
    problems += _dialog_problems(settings)
    settings.reject()
    panel.reject()
    window.open_roam()
    roam = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "roamDialog" and w.isVisible())
    assert isinstance(roam, QDialog)
    problems += _dialog_problems(roam)
    roam.reject()

    for name in _screens(window, lb):
        need = window.minimumSizeHint()
        if need.width() > SMALL_W or need.height() > SMALL_H:
            problems.append(f"{name} needs {need.width()}x{need.height()}")
        problems += [f"{name}: {p}" for p in _cut_buttons(window)]
    for mode in PinChange:
        dialog = window.progress.open_pin_dialog(mode)
        assert dialog is not None
        problems += _dialog_problems(dialog)
        dialog.reject()
    window.progress.open_certificates()
    certificates = window.progress.findChild(QDialog, "certificatesDialog")
    assert certificates is not None
    problems += _dialog_problems(certificates)
    certificates.reject()
    assert problems == []
