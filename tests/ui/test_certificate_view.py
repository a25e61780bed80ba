"""The certificates dialog: statuses in plain words, and Save as PDF through a background worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from learnbox.certs.keys import SigningKey, generate_private_key
from learnbox.core.events import EventType
from learnbox.i18n import set_language
from learnbox.services import LearnBox
from learnbox.services.certificates import ISSUER_KEYS_SETTING
from learnbox.ui.certificate.view import CertificatesDialog
from tests.services.test_certificates import claim, credential_for, issue, server_event

KEY = SigningKey.for_controller(generate_private_key(), "https://certs.learnbox.test/issuer")


def learner_with_three_states(lb: LearnBox) -> str:
    """'mini' issued and verified; a second learner's claims are not shown; one rejected, one waiting."""
    learner = lb.learners.create("Nguyễn Thị Lan", None, "vi").learner_id
    issue(lb, learner, claim(lb, learner), credential_for(learner, "Nguyễn Thị Lan", KEY))
    rejected = claim(lb, learner, "retired")
    payload = {"claim_id": rejected, "course_id": "retired", "reason_code": "test_missing", "reason": "x"}
    lb.store.ingest([server_event(learner, EventType.CERTIFICATE_REJECTED, payload)])
    claim(lb, learner, "waiting-course")
    lb.store.set_setting(ISSUER_KEYS_SETTING, [KEY.public_multikey])
    return learner


def make_dialog(lb: LearnBox, learner: str, qtbot) -> CertificatesDialog:  # type: ignore[no-untyped-def]
    dialog = CertificatesDialog(lb, learner, "en")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_statuses_and_save_as_pdf(app: QApplication, lb: LearnBox, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    try:
        learner = learner_with_three_states(lb)
        dialog = make_dialog(lb, learner, qtbot)
        assert dialog.status_label("mini").text() == "Verified"
        assert dialog.status_label("retired").text().startswith("Not accepted: You have not yet passed")
        assert dialog.status_label("waiting-course").text() == "Waiting for verification"
        assert not dialog.empty.isVisible()
        assert dialog.card("retired").save is None and dialog.card("waiting-course").save is None
        save = dialog.card("mini").save
        assert save is not None and dialog.focusWidget() is save  # keyboard users land on the one action
        assert "Khoá học nhỏ" in save.accessibleName() or "Mini course" in save.accessibleName()
        assert "7KQM-X4TB" in dialog.card("mini").details.text()

        target = tmp_path / "mine.pdf"
        dialog.choose_path = lambda _parent, suggested: target
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        message = dialog.card("mini").message
        qtbot.waitUntil(lambda: message.text().startswith("Saved"), timeout=10_000)
        assert str(target) in message.text()
        assert target.read_bytes().startswith(b"%PDF-")
        assert save.isEnabled()
    finally:
        set_language("vi")


def test_cancelled_file_dialog_writes_nothing(app: QApplication, lb: LearnBox, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(lb, learner_with_three_states(lb), qtbot)
    dialog.choose_path = lambda _parent, suggested: None
    save = dialog.card("mini").save
    assert save is not None
    save.click()
    assert not dialog.card("mini").message.isVisible()
    assert dialog.tasks == {}


def test_unwritable_folder_is_reported_on_the_card(app: QApplication, lb: LearnBox, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = make_dialog(lb, learner_with_three_states(lb), qtbot)
    dialog.choose_path = lambda _parent, suggested: tmp_path / "missing" / "x.pdf"
    save = dialog.card("mini").save
    assert save is not None
    save.click()
    message = dialog.card("mini").message
    qtbot.waitUntil(lambda: message.isVisible() and message.property("role") == "error", timeout=10_000)
    assert "missing" in message.text()
    assert save.isEnabled()


def test_no_certificates(app: QApplication, lb: LearnBox, qtbot) -> None:  # type: ignore[no-untyped-def]
    learner = lb.learners.create("Lan", None, "vi").learner_id
    dialog = make_dialog(lb, learner, qtbot)
    assert dialog.empty.isVisible() and dialog.cards == {}
    assert dialog.focusWidget() is dialog.close_button
