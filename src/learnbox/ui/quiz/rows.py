"""A choice row: a radio button or check box with a wrapping label and a big hit area.

``QRadioButton`` text never wraps, so long Vietnamese answers would be cut off on a 1024 px
screen. The row puts the button and a word-wrapped label in a frame; a click anywhere on the row
toggles the button, and the whole row shows the focus ring when the button has focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFrame, QHBoxLayout, QLabel, QRadioButton, QWidget

from learnbox.ui.theme import FOCUS, LINE, PRIMARY


class ChoiceRow(QFrame):
    def __init__(self, text: str, multiple: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choiceRow")
        self.button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
        self.button.setAccessibleName(text)
        self.button.setStyleSheet("QRadioButton, QCheckBox { border: none; min-height: 0; padding: 0; }")
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label, 1)
        self.setMinimumHeight(52)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.installEventFilter(self)
        self.button.toggled.connect(lambda _checked: self._restyle())
        self._restyle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._restyle()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            if isinstance(self.button, QCheckBox):
                self.button.toggle()
            else:
                self.button.setChecked(True)
            event.accept()
            return
        super().mousePressEvent(event)

    def _restyle(self) -> None:
        border = FOCUS if self.button.hasFocus() else (PRIMARY if self.button.isChecked() else LINE)
        width = 3 if self.button.hasFocus() or self.button.isChecked() else 2
        background = "#DCE8F7" if self.button.isChecked() else "#FFFFFF"
        self.setStyleSheet(
            f"QFrame#choiceRow {{ background: {background}; border: {width}px solid {border};"
            " border-radius: 8px; }"
        )
