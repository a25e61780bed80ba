"""The learner's own results: every course with status, lessons, test and certificate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from learnbox.i18n import _, ngettext
from learnbox.services.courses import CertificateStatus
from learnbox.services.progress import ProgressSummary
from learnbox.ui.controls import button, label
from learnbox.ui.progress_text import certificate_text, lessons_text, status_text, test_text
from learnbox.ui.screen import Screen, clear_layout, scroll_column

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow


class ProgressScreen(Screen):
    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(nav, parent)
        self.setObjectName("progressScreen")
        self.summary: ProgressSummary | None = None
        self.heading = label("title")
        self.totals = label("subtitle")
        self.totals.setObjectName("progressTotals")
        area, self.column = scroll_column()
        self.course_labels: dict[str, QLabel] = {}
        self.home = button("primary", object_name="progressHome")
        self.home.clicked.connect(self.back)
        self.certificates = button(object_name="certificatesButton")
        self.certificates.clicked.connect(self.open_certificates)
        self.certificates.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.certificates)
        bottom.addStretch(1)
        bottom.addWidget(self.home)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.totals)
        layout.addWidget(area, 1)
        layout.addLayout(bottom)

    def reload(self) -> None:
        profile = self.nav.profile
        if profile is None:
            return
        self.summary = self.nav.lb.progress.summary(profile.learner_id, self.nav.learner_locale)
        clear_layout(self.column)
        self.course_labels = {}
        certificates = {c.course_id: c for c in self.summary.certificates}
        for card in self.summary.courses:
            frame = QFrame()
            frame.setProperty("role", "card")
            inner = QVBoxLayout(frame)
            inner.setContentsMargins(16, 10, 16, 10)
            title = label("subtitle")
            title.setText(card.course.title)
            state = label()
            state.setObjectName(f"progress-{card.course.id}")
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(card.progress.percent)
            bar.setFormat(f"{card.progress.percent}%")
            inner.addWidget(title)
            inner.addWidget(state)
            inner.addWidget(bar)
            cert = certificates.get(card.course.id)
            if cert is not None:
                cert_label = label("notice" if cert.status is CertificateStatus.WAITING else None)
                cert_label.setText(certificate_text(cert))
                inner.addWidget(cert_label)
            self.column.addWidget(frame)
            self.course_labels[card.course.id] = state
        self.column.addStretch(1)
        self.certificates.setVisible(bool(self.summary.certificates))
        self.retranslate()
        self.home.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        self.heading.setText(_("My progress"))
        self.home.setText(_("Back to my courses"))
        self.certificates.setText(_("My certificates"))
        summary = self.summary
        if summary is None:
            return
        total = len(summary.courses)
        self.totals.setText(
            ngettext(
                "%(done)d of %(total)d course completed",
                "%(done)d of %(total)d courses completed",
                total,
            )
            % {"done": summary.courses_completed, "total": total}
            + " · "
            + ngettext(
                "%(done)d of %(total)d lesson done",
                "%(done)d of %(total)d lessons done",
                summary.lessons_total,
            )
            % {"done": summary.lessons_completed, "total": summary.lessons_total}
        )
        for card in summary.courses:
            state = self.course_labels.get(card.course.id)
            if state is not None:
                state.setText(
                    f"{status_text(card.progress.status)} · {lessons_text(card.progress)} · {test_text(card.progress)}"
                )

    def open_certificates(self) -> None:
        """The certificates dialog (statuses, and Save as PDF for verified ones)."""
        from learnbox.ui.certificate.view import CertificatesDialog

        profile = self.nav.profile
        if profile is None:
            return
        dialog = CertificatesDialog(self.nav.lb, profile.learner_id, self.nav.learner_locale, self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
