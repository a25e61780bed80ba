"""A round colour swatch for choosing a profile's avatar colour.

Painted by hand rather than styled: a style sheet's border-radius is dropped as soon as the
layout makes the button smaller than the radius allows, which drew the swatches as squares.
The chosen colour gets a dark ring, keyboard focus an amber one outside it (seen from afar).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QEnterEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from learnbox.ui import theme

#: Outer size: the 48 px touch target every control keeps.
SWATCH_PX = theme.MIN_TARGET_PX
RING_PX = 3  # width of each ring (chosen, focus)


class ColourSwatch(QAbstractButton):
    """A checkable circle in ``colour``; its accessible name is the colour's name."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = QColor(colour)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(SWATCH_PX, SWATCH_PX)

    def sizeHint(self) -> QSize:
        return QSize(SWATCH_PX, SWATCH_PX)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outer = QRectF(self.rect()).adjusted(RING_PX / 2, RING_PX / 2, -RING_PX / 2, -RING_PX / 2)
        # Focus ring on the very edge, the "chosen" ring inside it, the colour inside both.
        if self.hasFocus():
            painter.setPen(QPen(QColor(theme.FOCUS), RING_PX))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(outer)
        inner = outer.adjusted(RING_PX, RING_PX, -RING_PX, -RING_PX)
        if self.isChecked():
            painter.setPen(QPen(QColor(theme.INK), RING_PX))
            painter.setBrush(QColor("#FFFFFF"))  # a white gap makes the ring readable on dark colours
            painter.drawEllipse(inner)
            inner = inner.adjusted(RING_PX + 1, RING_PX + 1, -RING_PX - 1, -RING_PX - 1)
        elif self.underMouse():
            painter.setPen(QPen(QColor(theme.PRIMARY), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(inner)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawEllipse(inner)
        painter.end()

    def enterEvent(self, event: QEnterEvent) -> None:  # repaint for the hover ring
        super().enterEvent(event)
        self.update()

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self.update()
