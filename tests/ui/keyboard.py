"""A keyboard-only learner: every action is a key press sent to whatever has focus right now.

Nothing here clicks or calls a widget's methods; it only reads state (which widget has focus,
which choice is checked) to decide the next key, the way a person looks at the screen. If focus
is lost (no focus widget, or a hidden one) the helpers fail at once, naming the place.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from learnbox.core.model import Item, ItemKind
from learnbox.ui.quiz.base import ItemWidget
from learnbox.ui.quiz.items import (
    ChoiceItemWidget,
    FillInWidget,
    ImageChoiceWidget,
    MatchingWidget,
    OrderingWidget,
)

MAX_TABS = 40

Key = Qt.Key
NoMod = Qt.KeyboardModifier.NoModifier


def focused(where: str = "") -> QWidget:
    """The widget with keyboard focus; fails if there is none or it cannot be seen."""
    widget = QApplication.focusWidget()
    assert widget is not None, f"keyboard focus is lost {where}".strip()
    assert widget.isVisible(), f"focus is on a hidden {type(widget).__name__} {where}".strip()
    assert widget.isEnabled(), f"focus is on a disabled {type(widget).__name__} {where}".strip()
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NoMod) -> None:
    """Press and release ``key`` on the focused widget (shortcuts such as Esc fire as for a person)."""
    qtbot.keyClick(focused(f"before pressing {key!r}"), key, modifier)


def type_keys(text: str) -> None:
    """Type ``text`` into the focused widget, one character per key (Vietnamese letters included)."""
    for char in text:
        target = focused(f"while typing {text!r}")
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, NoMod, char))


def tab_to(qtbot: QtBot, target: QWidget, backwards: bool = False, limit: int = MAX_TABS) -> int:
    """Press Tab (or Shift+Tab) until ``target`` has focus; returns how many presses it took."""
    for presses in range(limit + 1):
        if QApplication.focusWidget() is target:
            return presses
        if backwards:
            press(qtbot, Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            press(qtbot, Key.Key_Tab)
    last = QApplication.focusWidget()
    raise AssertionError(
        f"{target.objectName() or type(target).__name__} cannot be reached with "
        f"{'Shift+Tab' if backwards else 'Tab'} ({limit} presses; focus ended on "
        f"{type(last).__name__} {last.objectName() if last is not None else ''!r})"
    )


def right_keys_answer(qtbot: QtBot, widget: ItemWidget, item: Item) -> None:
    """Put the right answer for ``item`` into ``widget`` with keys only, starting from its first control."""
    if isinstance(widget, ChoiceItemWidget):
        _choice_rows(qtbot, widget, item)
    elif isinstance(widget, ImageChoiceWidget):
        _image_choice(qtbot, widget, item)
    elif isinstance(widget, OrderingWidget):
        _ordering(qtbot, widget, item)
    elif isinstance(widget, MatchingWidget):
        _matching(qtbot, widget, item)
    elif isinstance(widget, FillInWidget):
        assert isinstance(focused("in a fill-in item"), QLineEdit)
        type_keys(item.accepted[0])
    else:  # pragma: no cover - a new item type needs keys here
        raise AssertionError(f"no keyboard robot for {type(widget).__name__}")


def _choice_rows(qtbot: QtBot, widget: ChoiceItemWidget, item: Item) -> None:
    if item.kind is ItemKind.TRUE_FALSE:
        wanted = {"true" if item.key else "false"}
    elif isinstance(item.key, tuple):
        wanted = set(item.key)
    else:
        wanted = {str(item.key)}
    buttons = [row.button for row in widget.rows]
    ids = dict(zip(buttons, widget._ids, strict=True))
    if widget.multiple:  # Space ticks, Down moves on
        for n, button in enumerate(buttons):
            assert focused(f"on choice {n + 1}") is button, f"focus is not on choice {n + 1}"
            if button.isChecked() != (ids[button] in wanted):
                press(qtbot, Key.Key_Space)
            if n + 1 < len(buttons):
                press(qtbot, Key.Key_Down)
    else:  # Down moves and picks; Space picks the first row
        for _n in range(len(buttons) + 1):
            current = focused("in a one-answer item")
            assert current in ids, f"focus left the choices ({type(current).__name__})"
            if ids[current] in wanted:
                if not current.isChecked():
                    press(qtbot, Key.Key_Space)
                break
            press(qtbot, Key.Key_Down)
    assert {ids[b] for b in buttons if b.isChecked()} == wanted


def _image_choice(qtbot: QtBot, widget: ImageChoiceWidget, item: Item) -> None:
    for _n in range(len(widget.buttons) + 1):
        current = focused("in an image choice")
        assert isinstance(current, QAbstractButton) and current in widget.buttons
        if current.property("choice_id") == item.key:
            press(qtbot, Key.Key_Space)
            assert current.isChecked()
            return
        press(qtbot, Key.Key_Right)
    raise AssertionError("the right picture cannot be reached with the arrow keys")


def _ordering(qtbot: QtBot, widget: OrderingWidget, item: Item) -> None:
    assert isinstance(item.key, tuple)
    steps = widget.list
    assert focused("in an ordering item") is steps and isinstance(steps, QListWidget)
    for target, cid in enumerate(item.key):
        row = widget.order().index(cid)
        while steps.currentRow() < row:  # plain arrows select ...
            press(qtbot, Key.Key_Down)
        while steps.currentRow() > row:
            press(qtbot, Key.Key_Up)
        while steps.currentRow() > target:  # ... Alt+arrows move the selected step
            press(qtbot, Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert tuple(widget.order()) == item.key


def _matching(qtbot: QtBot, widget: MatchingWidget, item: Item) -> None:
    assert isinstance(item.key, dict)
    for n, (cid, combo) in enumerate(zip(widget._ids, widget.combos, strict=True)):
        if n:
            press(qtbot, Key.Key_Tab)
        assert focused("in a matching item") is combo and isinstance(combo, QComboBox)
        wanted = combo.findData(item.key[cid])
        for _step in range(combo.count()):
            if combo.currentIndex() == wanted:
                break
            press(qtbot, Key.Key_Down if combo.currentIndex() < wanted else Key.Key_Up)
        assert combo.currentIndex() == wanted
