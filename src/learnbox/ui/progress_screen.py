"""The learner's own area: their code and PIN, then every course with status, lessons, test, certificate.

The code card says what a learner needs to continue on another computer (their code and their
PIN: roaming needs a PIN) and lets them set, change or remove the PIN themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from learnbox.i18n import _, ngettext
from learnbox.services.courses import CertificateStatus
from learnbox.services.progress import ProgressSummary
from learnbox.ui.controls import button, label, set_role
from learnbox.ui.pin_change_dialog import PinChange, PinChangeDialog
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
        area, column = scroll_column()
        self.account = self._account_card()
        column.addWidget(self.account)
        courses_host = QWidget()
        self.column = QVBoxLayout(courses_host)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(12)
        column.addWidget(courses_host)
        column.addStretch(1)
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
        QWidget.setTabOrder(self.home, self.pin_button)
        QWidget.setTabOrder(self.pin_button, self.remove_pin_button)
        QWidget.setTabOrder(self.remove_pin_button, self.certificates)

    def _account_card(self) -> QFrame:
        frame = QFrame()
        frame.setProperty("role", "card")
        frame.setObjectName("accountCard")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(16, 10, 16, 10)
        self.code_label = label("subtitle")
        self.code_label.setObjectName("learnerCodeLabel")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_help = label()
        self.code_help.setObjectName("learnerCodeHelp")
        self.pin_message = label("good")
        self.pin_message.setObjectName("pinMessage")
        self.pin_message.hide()
        self.pin_button = button(object_name="pinButton")
        self.pin_button.clicked.connect(self._set_or_change_pin)
        self.remove_pin_button = button(object_name="removePinButton")
        self.remove_pin_button.clicked.connect(lambda: self.open_pin_dialog(PinChange.REMOVE))
        row = QHBoxLayout()
        row.addWidget(self.pin_button)
        row.addWidget(self.remove_pin_button)
        row.addStretch(1)
        inner.addWidget(self.code_label)
        inner.addWidget(self.code_help)
        inner.addLayout(row)
        inner.addWidget(self.pin_message)
        return frame

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

    def focus_target(self) -> QWidget | None:
        return self.home

    def retranslate(self) -> None:
        self.heading.setText(_("My progress"))
        self.home.setText(_("Back to my courses"))
        self.certificates.setText(_("My certificates"))
        self._retranslate_account()
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

    def _retranslate_account(self) -> None:
        profile = self.nav.profile
        if profile is None:
            return
        self.code_label.setText(_("Your code for another computer: {code}").format(code=profile.learner_code))
        if profile.has_pin:
            self.code_help.setText(
                _(
                    "To continue on another computer, press “I studied on another computer” there"
                    " and type this code and your PIN."
                )
            )
            self.pin_button.setText(_("Change my PIN"))
            self.remove_pin_button.setText(_("Remove my PIN"))
        else:
            self.code_help.setText(
                _("To continue on another computer you need this code and a PIN. Set a PIN first.")
            )
            self.pin_button.setText(_("Set a PIN"))
        self.remove_pin_button.setVisible(profile.has_pin)

    def _set_or_change_pin(self) -> None:
        profile = self.nav.profile
        if profile is not None:
            self.open_pin_dialog(PinChange.CHANGE if profile.has_pin else PinChange.SET)

    def open_pin_dialog(self, mode: PinChange) -> PinChangeDialog | None:
        profile = self.nav.profile
        if profile is None:
            return None
        self.pin_message.hide()
        dialog = PinChangeDialog(self.nav.lb, profile, mode, self)
        dialog.accepted.connect(lambda: self._pin_changed(dialog))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        dialog.open()
        return dialog

    def _pin_changed(self, dialog: PinChangeDialog) -> None:
        profile = dialog.changed
        if profile is None:
            return
        self.nav.profile_changed(profile)
        self._retranslate_account()
        set_role(self.pin_message, "good")
        self.pin_message.setText(_("Your PIN is saved.") if profile.has_pin else _("Your PIN is removed."))
        self.pin_message.show()

    def _dialog_closed(self, dialog: PinChangeDialog) -> None:
        dialog.deleteLater()
        self.window().activateWindow()  # some window systems leave no window active after a dialog
        self.pin_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_certificates(self) -> None:
        """The certificates dialog (statuses, and Save as PDF for verified ones)."""
        from learnbox.ui.certificate.view import CertificatesDialog

        profile = self.nav.profile
        if profile is None:
            return
        dialog = CertificatesDialog(self.nav.lb, profile.learner_id, self.nav.learner_locale, self)
        dialog.finished.connect(lambda _r: self._certificates_closed(dialog))
        dialog.open()

    def _certificates_closed(self, dialog: QWidget) -> None:
        dialog.deleteLater()
        self.window().activateWindow()
        self.certificates.setFocus(Qt.FocusReason.OtherFocusReason)
