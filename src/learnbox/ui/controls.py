"""Small building blocks shared by the screens: styled buttons and labels, language names."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

#: Each language written in its own script, so people who cannot read the current one find theirs.
LANGUAGE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "km": "ខ្មែរ",
    "fil": "Filipino",
}


def button(
    role: str | None = None, parent: QWidget | None = None, object_name: str | None = None
) -> QPushButton:
    """A push button; ``role`` ("primary", "small", "choice") picks its style."""
    widget = QPushButton(parent)
    if role:
        widget.setProperty("role", role)
    if object_name:
        widget.setObjectName(object_name)
    widget.setAutoDefault(True)  # Enter activates the focused button
    return widget


def dialog_buttons(cancel: QPushButton, primary: QPushButton) -> QHBoxLayout:
    """The bottom row of every dialog: Cancel on the left, the main action on the right."""
    row = QHBoxLayout()
    row.addWidget(cancel)
    row.addStretch(1)
    row.addWidget(primary)
    return row


def label(role: str | None = None, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class ElidedLabel(QLabel):
    """A one-line label that gives way to buttons next to it, ending in "…" when it has to.

    Used for the learner's name in the header: on a 1024 px screen at 150 % text a long name
    must not push "Sign out" out of view or cut the buttons' words.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("W…") * 2, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()), text)
        self.setToolTip(self.text() if text != self.text() else "")


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's style role and re-apply the style sheet to it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
