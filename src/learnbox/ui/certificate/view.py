"""The learner's certificates: one card per course with its status, and "Save as PDF" for verified ones.

Open it with ``CertificatesDialog(services, learner_id, locale, parent).exec()``. The PDF is drawn in
a worker (learnbox.ui.worker) so the window stays responsive on a slow PC; the card says where the
file went, or why it could not be saved, in plain words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from learnbox.i18n import _
from learnbox.i18n.formatting import date_from_ms
from learnbox.services.certificates import CertificateService, CertificateView
from learnbox.services.courses import CertificateStatus
from learnbox.ui.certificate.pdf import CertificatePdfError, write_certificate_pdf
from learnbox.ui.controls import button, label
from learnbox.ui.screen import scroll_column
from learnbox.ui.worker import Task, run_in_background

log = logging.getLogger(__name__)

#: Asks where to save; returns None when the learner cancels. Replaceable in tests.
PathChooser = Callable[[QWidget, Path], Path | None]


def status_text(view: CertificateView) -> str:
    """The one-line status a learner reads on the card."""
    if view.status is CertificateStatus.WAITING:
        return _("Waiting for verification")
    if view.status is CertificateStatus.REJECTED:
        return _("Not accepted: {reason}").format(reason=view.reason)
    if view.status is CertificateStatus.REVOKED:
        return _("Revoked")
    if view.verified:
        return _("Verified")
    return _("Could not be checked: {reason}").format(reason=view.problem_text)


def status_role(view: CertificateView) -> str:
    if view.status is CertificateStatus.WAITING:
        return "notice"
    return "good" if view.printable else "bad"


def default_file_name(view: CertificateView) -> str:
    """e.g. ``certificate-using-a-computer-7KQM-X4TB.pdf``: no spaces or accents, safe on any disk."""
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", view.course_id).strip("-") or "course"
    return f"certificate-{slug}-{view.code or 'x'}.pdf"


def ask_pdf_path(parent: QWidget, suggested: Path) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save certificate as PDF"), str(suggested), _("PDF files (*.pdf)")
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class CertificateCard(QFrame):
    """One certificate: course, status, code and date, and the Save button when it may be printed."""

    def __init__(self, view: CertificateView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setProperty("role", "card")
        self.setObjectName(f"certificate-{view.course_id}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.title = label("subtitle")
        self.title.setText(view.course_title)
        self.status = label(status_role(view))
        self.status.setObjectName(f"certificateStatus-{view.course_id}")
        self.status.setText(status_text(view))
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        self.details = label()
        facts = self._facts()
        self.details.setText(facts)
        self.details.setVisible(bool(facts))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.message = label()
        self.message.setObjectName(f"certificateMessage-{view.course_id}")
        self.message.hide()
        layout.addWidget(self.message)
        self.save: QPushButton | None = None
        if view.printable:
            self.save = button("primary", object_name=f"savePdf-{view.course_id}")
            self.save.setText(_("Save as PDF"))
            self.save.setAccessibleName(_("Save as PDF: {course}").format(course=view.course_title))
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.save)
            layout.addLayout(row)
        self.setAccessibleName(f"{view.course_title}. {status_text(view)}")

    def _facts(self) -> str:
        view = self.view
        lines = []
        if view.code and view.status in (CertificateStatus.ISSUED, CertificateStatus.REVOKED):
            lines.append(_("Code: {code}").format(code=view.code))
        if view.issued_at is not None and view.status is CertificateStatus.ISSUED:
            issued = date_from_ms(int(view.issued_at.timestamp() * 1000), fmt="long")
            lines.append(_("Issued on {date}").format(date=issued))
        if view.printable and view.verification_url:
            lines.append(_("Anyone can check it at {url}").format(url=view.verification_url))
        if view.printable and view.name_matches is False:
            lines.append(
                _("Your name was changed after this certificate was issued; it shows your name as it is now.")
            )
        return "\n".join(lines)

    def show_message(self, text: str, role: str) -> None:
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()


class CertificatesDialog(QDialog):
    """Every certificate of one learner. ``services`` is the app's LearnBox facade."""

    def __init__(self, services: Any, learner_id: str, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificatesDialog")
        self.setModal(True)
        self.setMinimumSize(640, 480)
        self.setWindowTitle(_("My certificates"))
        self.learner_id = learner_id
        self.language = locale  # not "locale": QWidget.locale() exists
        self.service: CertificateService = getattr(services, "certificates", None) or CertificateService(
            services.store, services.catalog
        )
        self.choose_path: PathChooser = ask_pdf_path
        self.tasks: dict[str, Task] = {}
        self.cards: dict[str, CertificateCard] = {}

        heading = label("title")
        heading.setText(_("My certificates"))
        area, self.column = scroll_column()
        self.empty = label()
        self.empty.setObjectName("certificatesEmpty")
        self.close_button = button(object_name="closeCertificates")
        self.close_button.setText(_("Close"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(area, 1)
        layout.addLayout(bottom)
        self.load()

    def load(self) -> None:
        views = self.service.for_learner(self.learner_id, self.language)
        self.column.addWidget(self.empty)
        self.empty.setText(_("You have no certificates yet. Pass a course's final test to ask for one."))
        self.empty.setVisible(not views)
        for view in views:
            card = CertificateCard(view)
            if card.save is not None:
                card.save.clicked.connect(lambda _checked=False, c=card: self.save_pdf(c))
            self.column.addWidget(card)
            self.cards[view.course_id] = card
        self.column.addStretch(1)

    def first_action(self) -> QPushButton:
        """Where keyboard focus starts: the first Save button, else Close."""
        return next((c.save for c in self.cards.values() if c.save is not None), self.close_button)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Set here, not in __init__: a hidden widget's focus is reset when the dialog is shown.
        self.first_action().setFocus(Qt.FocusReason.OtherFocusReason)

    def save_pdf(self, card: CertificateCard) -> None:
        """Ask where, then write the PDF in the background; the card reports the outcome."""
        view = card.view
        if view.course_id in self.tasks or card.save is None:
            return
        path = self.choose_path(self, documents_folder() / default_file_name(view))
        if path is None:
            return
        save = card.save
        save.setEnabled(False)
        card.show_message(_("Saving the PDF…"), "muted")
        language = self.language

        def job(_progress: Callable[[int, int, str], None], _cancelled: Callable[[], bool]) -> Path:
            write_certificate_pdf(view, path, language)
            return path

        def done(result: object) -> None:
            self.tasks.pop(view.course_id, None)
            save.setEnabled(True)
            card.show_message(_("Saved: {path}").format(path=str(result)), "good")
            save.setFocus(Qt.FocusReason.OtherFocusReason)

        def failed(error: BaseException) -> None:
            self.tasks.pop(view.course_id, None)
            save.setEnabled(True)
            if isinstance(error, CertificatePdfError):
                text = str(error)
            else:
                log.error("could not write certificate PDF %s: %r", path, error)
                text = _("The PDF could not be saved to {path}. Choose another folder.").format(
                    path=str(path)
                )
            card.show_message(text, "error")
            save.setFocus(Qt.FocusReason.OtherFocusReason)

        self.tasks[view.course_id] = run_in_background(job, done, failed, parent=self)

    def card(self, course_id: str) -> CertificateCard:
        return self.cards[course_id]

    def status_label(self, course_id: str) -> QLabel:
        return self.cards[course_id].status
