"""What every quiz item widget offers the quiz screen, and what it needs from outside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from learnbox.core.model import Item


@dataclass(frozen=True)
class ItemContext:
    """How item widgets get rendered prompts and pictures without knowing about services."""

    html: Callable[[str], str]  # Markdown -> sanitized HTML
    image: Callable[[str], bytes | None]  # course-relative path -> image bytes (None if unavailable)

    def pixmap(self, rel_path: str, max_w: int, max_h: int) -> QPixmap | None:
        data = self.image(rel_path)
        if not data:
            return None
        pix = QPixmap()
        if not pix.loadFromData(data):
            return None
        return pix.scaled(
            max_w, max_h, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )


class ItemWidget(QWidget):
    """Base for item widgets: a prompt on top, the answer controls below.

    ``changed`` fires when the response changes. Enter is not handled here: controls pass it on
    to the quiz screen, which treats it as "check my answer" / "next".
    """

    changed = Signal()

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.ctx = ctx
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.prompt = QLabel()
        self.prompt.setObjectName("itemPrompt")
        self.prompt.setProperty("role", "subtitle")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.prompt.setText(ctx.html(item.prompt))
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._layout.addWidget(self.prompt)
        if item.image:
            pix = ctx.pixmap(item.image, 420, 220)
            if pix is not None:
                picture = QLabel()
                picture.setPixmap(pix)
                picture.setAccessibleName(item.prompt)
                self._layout.addWidget(picture)
        self.hint = QLabel()
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self._layout.addWidget(self.hint)

    def response(self) -> Any | None:
        """The learner's answer in the shape ``quizzes.answer`` expects, or None if incomplete."""
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        """Freeze the controls (after a correct answer, or while showing a review)."""
        for child in self.findChildren(QWidget):
            if child is not self.prompt:
                child.setEnabled(not locked)

    def focus_first(self) -> None:
        """Put keyboard focus on the first control of the item."""
        self.focusNextChild()

    def retranslate(self) -> None:
        """Re-set the item's own interface texts (the item text itself comes from content)."""
