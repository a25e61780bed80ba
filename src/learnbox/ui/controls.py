"""Small building blocks shared by the screens: styled buttons and labels, language names."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

#: Each language written in its own script, so people who cannot read the current one find theirs.
LANGUAGE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "km": "ខ្មែរ",
    "fil": "Filipino",
}


def button(role: str | None = None, parent: QWidget | None = None, object_name: str | None = None) -> QPushButton:
    """A push button; ``role`` ("primary", "small", "choice") picks its style."""
    widget = QPushButton(parent)
    if role:
        widget.setProperty("role", role)
    if object_name:
        widget.setObjectName(object_name)
    widget.setAutoDefault(True)  # Enter activates the focused button
    return widget


def label(role: str | None = None, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    widget = QLabel(parent)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's style role and re-apply the style sheet to it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
