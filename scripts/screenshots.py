"""Regenerate docs/screenshots/*.png: the real app, offscreen, walked through every screen in Vietnamese.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--sizes 1366x768,1024x600]

Uses a throw-away data folder and the bundled content. Dialogs are drawn over the main window
(offscreen they are separate windows) so each picture shows what the person at the PC sees.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from learnbox.core.model import ItemKind, Quiz  # noqa: E402
from learnbox.i18n import set_language  # noqa: E402
from learnbox.resources import content_dir  # noqa: E402
from learnbox.services import LearnBox  # noqa: E402
from learnbox.services.quizzes import Attempt  # noqa: E402
from learnbox.ui.main import make_app  # noqa: E402
from learnbox.ui.main_window import MainWindow  # noqa: E402
from learnbox.ui.quiz.items import (  # noqa: E402
    ChoiceItemWidget,
    FillInWidget,
    ImageChoiceWidget,
    MatchingWidget,
)

NAMES = (
    "Nguyễn Thị Lan", "Trần Văn An", "Lê Thị Hoa", "Phạm Minh Đức", "Nguyễn Văn An", "Nguyễn Văn An",
    "Hoàng Thu Trang", "Võ Thị Ánh", "Đặng Quốc Bảo", "Bùi Thị Mai", "Ngô Thanh Tâm", "Đỗ Văn Hùng",
)
COURSE = "using-a-computer"


class Shooter:
    def __init__(self, app: QApplication, window: MainWindow, out: Path, prefix: str) -> None:
        self.app, self.window, self.out, self.prefix = app, window, out, prefix
        self.n = 0

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def shot(self, name: str, dialog: QWidget | None = None) -> Path:
        self.settle()
        picture = self.window.grab()
        if dialog is not None:
            dialog.adjustSize()
            self.settle()
            over = dialog.grab()
            painter = QPainter(picture)
            painter.fillRect(picture.rect(), QColor(0, 0, 0, 110))  # the dimmed window behind a dialog
            painter.drawPixmap(
                QPoint((picture.width() - over.width()) // 2, max(0, (picture.height() - over.height()) // 2)), over
            )
            painter.end()
        self.n += 1
        path = self.out / f"{self.prefix}-{self.n:02d}-{name}.png"
        picture.save(str(path))
        return path


def _one_item_attempt(lb: LearnBox, learner_id: str, kind: ItemKind) -> Attempt | None:
    """A display-only attempt holding the first bundled item of ``kind`` (nothing is recorded)."""
    catalog = lb.catalog
    for course_id in catalog.course_ids():
        quizzes: list[Quiz] = [catalog.test_quiz(course_id, "vi")]
        for ref in catalog.course(course_id, "vi").lessons:
            check = catalog.lesson(course_id, ref.id, "vi").check
            if check is not None:
                quizzes.append(check)
        for quiz in quizzes:
            for item in quiz.items:
                if item.kind is kind:
                    return Attempt("screenshot", learner_id, course_id, None, quiz, (item,), "vi")
    return None


def _answer_right_through_widgets(window: MainWindow) -> None:
    """Fill the current item's controls with the right answer (what a learner would click)."""
    widget, item = window.quiz.item_widget, window.quiz.current_item()
    assert widget is not None and item is not None
    if isinstance(widget, MatchingWidget) and isinstance(item.key, dict):
        for cid, combo in zip(widget._ids, widget.combos, strict=True):
            combo.setCurrentIndex(combo.findData(item.key[cid]))
    elif isinstance(widget, ChoiceItemWidget):
        wanted = {"true" if item.key else "false"} if item.kind is ItemKind.TRUE_FALSE else (
            set(item.key) if isinstance(item.key, tuple) else {item.key})
        for cid, row in zip(widget._ids, widget.rows, strict=True):
            row.button.setChecked(cid in wanted)
    elif isinstance(widget, FillInWidget):
        widget.edit.setText(item.accepted[0])
    elif isinstance(widget, ImageChoiceWidget):
        for b in widget.buttons:
            b.setChecked(b.property("choice_id") == item.key)


def walk(app: QApplication, lb: LearnBox, size: tuple[int, int], out: Path) -> list[Path]:
    set_language("vi")
    window = MainWindow(lb, app, idle_ms=3_600_000)
    window.resize(*size)
    window.show()
    s = Shooter(app, window, out, f"vi-{size[0]}x{size[1]}")
    shots: list[Path] = []
    step: Callable[..., Path] = s.shot

    window.picker.refresh()
    shots.append(step("picker"))
    window.picker.search.setText("nguyen van")
    window.picker._apply_search()
    shots.append(step("picker-search"))
    window.picker.refresh()

    window.picker.open_create()
    create = window.picker.dialog
    assert create is not None
    create.name.setText("Phan Thị Ngọc Hân")  # type: ignore[attr-defined]
    shots.append(step("create-profile", create))
    create.reject()

    lan = next(p for p in lb.learners.list_profiles() if p.has_pin)
    window.picker.choose(lan)
    pin = window.picker.dialog
    assert pin is not None
    pin.pin.setText("0000")  # type: ignore[attr-defined]
    pin._submit()  # type: ignore[attr-defined]
    shots.append(step("pin-wrong", pin))
    pin.reject()
    s.settle()

    an = next(p for p in lb.learners.list_profiles() if p.display_name == "Trần Văn An")
    window.sign_in(lb.learners.sign_in(an.learner_id, None))
    shots.append(step("courses"))
    window.show_course(COURSE)
    shots.append(step("course-detail"))
    window.show_lesson(COURSE, "mouse")
    shots.append(step("lesson"))

    # A lesson check answered right through the widgets, with its explanation.
    window.start_check(COURSE, "mouse")
    _answer_right_through_widgets(window)
    window.quiz._primary()
    shots.append(step("check-feedback"))

    for kind in ItemKind:
        one = _one_item_attempt(lb, an.learner_id, kind)
        if one is None:
            print(f"no bundled item of type {kind.value}", file=sys.stderr)
            continue
        window._start_quiz(one)
        shots.append(step(f"item-{kind.value.replace('_', '-')}"))

    # A failed test with its review.
    window.start_test(COURSE)
    test = window.quiz.attempt
    assert test is not None
    for n, it in enumerate(test.items):
        wrong = n % 3 == 0
        response = it.key if it.kind is not ItemKind.FILL_IN else it.accepted[0]
        lb.quizzes.answer(test, it.id, "zzz" if wrong and it.kind is ItemKind.FILL_IN else (None if wrong else response))
    window.show_result(test, lb.quizzes.finish(test))
    shots.append(step("test-result"))
    window.show_progress()
    shots.append(step("progress"))

    # Khmer: the learner switches language; a course not yet translated falls back with a notice.
    window.language.setCurrentIndex(window.language.findData("km"))
    window._learner_language_chosen(0)
    window.show_lesson(COURSE, "mouse")
    shots.append(step("lesson-km"))
    untranslated = next(
        (c for c in lb.catalog.course_ids() if "km" not in lb.catalog.complete_locales(c)), None
    )
    if untranslated is not None:
        window.show_lesson(untranslated, lb.catalog.course(untranslated, "km").lessons[0].id)
        shots.append(step("lesson-km-fallback"))
    window.language.setCurrentIndex(window.language.findData("vi"))
    window._learner_language_chosen(0)

    window.sign_out()
    window.open_staff()
    panel = window._staff_panel
    assert panel is not None
    shots.append(step("staff-sync", panel))
    panel.open_settings()  # type: ignore[attr-defined]
    settings = next(w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == "settingsDialog")
    shots.append(step("settings", settings))
    settings.reject()
    panel.reject()
    s.settle()
    window.open_roam()
    roam = next(w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == "roamDialog")
    shots.append(step("roaming", roam))
    roam.reject()

    set_language("km")
    window.picker.refresh()
    shots.append(step("picker-km"))
    set_language("vi")
    window.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--sizes", default="1366x768,1024x600")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = make_app()
        lb = LearnBox.open(Path(tmp) / "data", content_dir())
        for name in NAMES:
            lb.learners.create(name, "1234" if name == "Nguyễn Thị Lan" else None, "vi")
        for name in NAMES[1:6]:
            profile = next(p for p in lb.learners.list_profiles() if p.display_name == name)
            lb.learners.sign_in(profile.learner_id, None)
        for size_text in args.sizes.split(","):
            width, height = (int(v) for v in size_text.lower().split("x"))
            for path in walk(app, lb, (width, height), out):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        lb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
