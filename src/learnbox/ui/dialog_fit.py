"""Dialogs that fit a 1024x600 screen at 150 % text: a scrolling body, buttons always in view.

Field PCs are often small laptops with a taskbar, so a dialog may have barely 520 px of height.
The body (title, fields, messages) scrolls; the row of buttons stays below it; and the dialog is
never larger than the screen it opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QFrame, QScrollArea, QVBoxLayout, QWidget

#: Room left around a dialog for its title bar and frame, and for a taskbar.
SCREEN_MARGIN_PX = 60


class DialogBody(QScrollArea):
    """A scroll area that asks for all of its content's size.

    QScrollArea's own size hint stops at about 24 lines, so a dialog would scroll even on a big
    screen; asking for everything lets :func:`fit_to_screen` be the only limit.
    """

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        hint = inner.sizeHint()
        return QSize(hint.width() + frame + bar, hint.height() + frame)


def scrolling_body(dialog: QDialog) -> tuple[QVBoxLayout, QVBoxLayout]:
    """``(body, outer)``: add the content to ``body`` (it scrolls), the button row to ``outer``."""
    area = DialogBody()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget()
    body = QVBoxLayout(inner)
    body.setContentsMargins(0, 0, 8, 0)
    body.setSpacing(12)
    area.setWidget(inner)
    area.setObjectName("dialogBody")
    # Not a Tab stop: the fields inside are, and tabbing to one scrolls it into view.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    outer = QVBoxLayout(dialog)
    outer.setSpacing(12)
    outer.addWidget(area, 1)
    return body, outer


def fit_to_screen(widget: QWidget) -> None:
    """Cap ``widget``'s size to its screen's free area (minus room for the frame and title bar)."""
    screen = widget.screen()
    if screen is None:
        return
    free = screen.availableGeometry()
    widget.setMaximumSize(
        max(320, free.width() - SCREEN_MARGIN_PX // 2), max(240, free.height() - SCREEN_MARGIN_PX)
    )
    if widget.minimumWidth() > widget.maximumWidth():
        widget.setMinimumWidth(widget.maximumWidth())
