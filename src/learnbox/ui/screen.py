"""What the learner screens share: a reference to the navigator and the retranslate/back hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLayout, QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from learnbox.ui.main_window import MainWindow


class Screen(QWidget):
    """A full-window page inside the learner area."""

    def __init__(self, nav: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = nav

    def retranslate(self) -> None:
        """Re-set every text in the current language (called on a language switch)."""

    def reload(self) -> None:
        """Re-read data whose wording depends on the language (course titles, lesson text)."""

    def leaving(self) -> None:
        """The learner is leaving this screen (another screen, sign-out, closing): save what must last."""

    def back(self) -> None:
        """Where Esc goes from here."""
        self.nav.show_courses()

    def focus_target(self) -> QWidget | None:
        """The control keyboard focus lands on when this screen is shown (its main action)."""
        return None

    def take_focus(self) -> None:
        """Put focus on :meth:`focus_target`, or the first focusable control.

        Called by the main window *after* the screen is shown: focus set on a hidden widget is
        lost when the stack switches, which left keyboard users with no focus at all.
        """
        target = self.focus_target()
        if target is not None and target.isVisible() and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            current = QApplication.focusWidget()
            if current is None or not self.isAncestorOf(current):
                self.focusNextChild()


def scroll_column(parent: QWidget | None = None) -> tuple[QScrollArea, QVBoxLayout]:
    """A vertically scrolling column for content that may be taller than a 600 px screen."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    inner = QWidget()
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(0, 0, 8, 0)
    layout.setSpacing(12)
    area.setWidget(inner)
    return area, layout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and sub-layout of ``layout``."""
    while layout.count():
        entry = layout.takeAt(0)
        if entry is None:
            continue
        widget = entry.widget()
        if widget is not None:
            widget.hide()  # gone at once: deleteLater waits for the event loop
            widget.deleteLater()
        child = entry.layout()
        if child is not None:
            clear_layout(child)
