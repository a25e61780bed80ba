"""Drives the quiz item widgets the way a learner would: clicks, arrow buttons, typing, Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
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


def wrong_response(item: Item) -> object:
    """A response that is certainly wrong for ``item`` (same shape as a real one)."""
    ids = [c.id for c in item.choices]
    if item.kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE):
        return next(i for i in ids if i != item.key)
    if item.kind is ItemKind.TRUE_FALSE:
        return not item.key
    if item.kind is ItemKind.MULTIPLE:
        assert isinstance(item.key, tuple)
        wrong = [i for i in ids if i not in item.key]
        return wrong[:1] if wrong else list(item.key)[:-1] or ids
    if item.kind is ItemKind.ORDERING:
        assert isinstance(item.key, tuple)
        return list(reversed(item.key))
    if item.kind is ItemKind.MATCHING:
        assert isinstance(item.key, dict)
        targets = [t.id for t in item.targets]
        return {c: targets[(targets.index(t) + 1) % len(targets)] for c, t in item.key.items()}
    return "zzz-not-an-answer"


def give(qtbot: QtBot, widget: ItemWidget, response: object) -> None:
    """Put ``response`` into ``widget`` through its controls."""
    if isinstance(widget, ChoiceItemWidget):
        if widget.item.kind is ItemKind.TRUE_FALSE:
            wanted = {"true" if response else "false"}
        elif isinstance(response, str):
            wanted = {response}
        else:
            assert isinstance(response, list | tuple)
            wanted = set(response)
        for cid, row in zip(widget._ids, widget.rows, strict=True):
            if row.button.isChecked() != (cid in wanted):
                qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    elif isinstance(widget, ImageChoiceWidget):
        for b in widget.buttons:
            if b.property("choice_id") == response:
                qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
    elif isinstance(widget, OrderingWidget):
        assert isinstance(response, list | tuple)
        for target, cid in enumerate(response):
            position = widget.order().index(cid)
            widget.list.setCurrentRow(position)
            widget.list.setFocus()
            while widget.list.currentRow() > target:
                qtbot.keyClick(widget.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    elif isinstance(widget, MatchingWidget):
        assert isinstance(response, dict)
        for cid, combo in zip(widget._ids, widget.combos, strict=True):
            combo.setFocus()
            combo.setCurrentIndex(combo.findData(response[cid]))
    elif isinstance(widget, FillInWidget):
        widget.edit.clear()
        type_text(widget.edit, str(response))
    else:  # pragma: no cover - a new item type needs a robot
        raise AssertionError(f"no robot for {type(widget).__name__}")


def right_response(item: Item) -> object:
    if item.kind is ItemKind.FILL_IN:
        return item.accepted[0]
    if item.kind is ItemKind.MULTIPLE or item.kind is ItemKind.ORDERING:
        assert isinstance(item.key, tuple)
        return list(item.key)
    return item.key


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one key at a time, like a Telex/VNI keyboard delivering "ễ".

    QTest.keyClicks only handles Latin-1, so letters such as "ễ" are sent as key events that
    carry the composed character, which is what an input method hands to the application.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
