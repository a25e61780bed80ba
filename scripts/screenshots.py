"""Regenerate docs/screenshots/*.png: the real app, offscreen, walked through every screen in Vietnamese.

Also, at 1366x768: a lesson and a lesson check of "using-a-computer" with the interface and the
content in Khmer (km-1366x768-lesson.png, km-1366x768-quiz.png), and the certificates dialog with
one issued, verified certificate (vi-1366x768-certificates.png).

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
            # The offscreen screen is 800x600 whatever the window size: let the dialog use the room
            # a real screen of the shot's size would give it (as dialog_fit.fit_to_screen does).
            dialog.setMaximumSize(picture.width() - 30, picture.height() - 60)
            # Not adjustSize(): it would clamp to the 800x600 offscreen screen again.
            dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSize()).boundedTo(dialog.maximumSize()))
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


def _issue_certificate(lb: LearnBox, learner_id: str, course_id: str) -> None:
    """Record a claim and a server-issued, signed credential for it, as a pull would bring it.

    Built the way tests/services/test_certificates.py does: a throw-away issuer key, pinned on this
    PC, so the dialog shows the certificate as verified with its code and date.
    """
    from datetime import UTC, datetime

    from learnbox.certs.credential import (
        AchievementInfo,
        CredentialInput,
        IssuerProfile,
        StatusEntry,
        hashed_identity,
        issue_credential,
        new_credential_id,
    )
    from learnbox.certs.keys import SigningKey, generate_private_key
    from learnbox.core.events import Event, EventType
    from learnbox.core.hlc import HLC
    from learnbox.core.ids import new_id
    from learnbox.services.certificates import ISSUER_KEYS_SETTING

    public, code = "https://chungchi.learnbox.vn", "7KQM-X4TB"
    key = SigningKey.for_controller(generate_private_key(), f"{public}/issuer")
    course = lb.catalog.course(course_id, "vi")
    name = lb.learners.get(learner_id).display_name
    url = f"{public}/v/{code}"
    credential = issue_credential(
        CredentialInput(
            credential_id=new_credential_id(),
            code=code,
            verification_url=url,
            issuer=IssuerProfile(id=f"{public}/issuer", name="Trung tâm LearnBox Hà Nội", url=public),
            achievement=AchievementInfo(
                id=f"{public}/achievements/{course_id}",
                name=course.title,
                description=course.description,
                criteria="Đạt bài kiểm tra cuối khoá.",
                language="vi",
            ),
            recipient=(hashed_identity("systemId", learner_id), hashed_identity("name", name)),
            valid_from=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
            status=StatusEntry(f"{public}/status/1", 42),
            description=f"Chứng chỉ {code}. Kiểm tra tại {url}",
        ),
        key,
    )
    claim_id = new_id()
    lb.store.append(
        learner_id,
        EventType.CERTIFICATE_CLAIMED,
        {"claim_id": claim_id, "course_id": course_id, "content_version": "1", "attempt_ids": []},
    )
    now = 1_795_000_100_000
    issued = Event(
        new_id(), learner_id, "server", 1, HLC(now, 0, "server").encode(), now, EventType.CERTIFICATE_ISSUED,
        {"claim_id": claim_id, "course_id": course_id, "code": code, "credential": credential},
    )
    lb.store.ingest([issued])
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])


def extras(app: QApplication, lb: LearnBox, out: Path) -> list[Path]:
    """The Khmer lesson and quiz, and the certificates dialog, at 1366x768 (fixed file names)."""
    size = (1366, 768)
    shots: list[Path] = []
    window = MainWindow(lb, app, idle_ms=3_600_000)
    window.resize(*size)
    window.show()
    s = Shooter(app, window, out, "")

    def save(name: str, dialog: QWidget | None = None) -> None:
        made = s.shot(name, dialog)
        final = out / f"{name}.png"
        made.replace(final)
        shots.append(final)

    # Khmer: a Khmer-speaking learner (interface and content in Khmer) reads a lesson and checks it.
    sokha = lb.learners.create("សុខា ចាន់", None, "km")
    window.sign_in(lb.learners.sign_in(sokha.learner_id, None))
    assert "km" in lb.catalog.complete_locales(COURSE), "the Khmer screenshots need Khmer content"
    window.show_lesson(COURSE, "mouse")
    save(f"km-{size[0]}x{size[1]}-lesson")
    window.start_check(COURSE, "mouse")
    _answer_right_through_widgets(window)
    window.quiz._primary()
    save(f"km-{size[0]}x{size[1]}-quiz")
    window.sign_out()

    # Certificates: a Vietnamese learner with one verified certificate.
    set_language("vi")
    lan = next(p for p in lb.learners.list_profiles() if p.display_name == "Trần Văn An")
    _issue_certificate(lb, lan.learner_id, COURSE)
    window.sign_in(lb.learners.sign_in(lan.learner_id, None))
    window.show_progress()
    window.progress.open_certificates()
    dialog = next(w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.objectName() == "certificatesDialog")
    save(f"vi-{size[0]}x{size[1]}-certificates", dialog)
    dialog.reject()
    window.sign_out()
    window.close()
    return shots


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

    # The learner's own area: their code, and setting a PIN so they can continue elsewhere.
    window.sign_in(lb.learners.sign_in(an.learner_id, None))
    window.show_progress()
    from learnbox.ui.pin_change_dialog import PinChange

    set_pin = window.progress.open_pin_dialog(PinChange.SET)
    assert set_pin is not None
    shots.append(step("set-pin", set_pin))
    set_pin.reject()
    window.sign_out()
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
        for path in extras(app, lb, out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        lb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
