"""Each quiz item widget gives the response shape the service grades, by keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from learnbox.core.grading import grade
from learnbox.core.model import Choice, Item, ItemKind
from learnbox.ui.quiz.base import ItemContext
from learnbox.ui.quiz.items import (
    ChoiceItemWidget,
    FillInWidget,
    ImageChoiceWidget,
    MatchingWidget,
    OrderingWidget,
    make_item_widget,
)

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#08f"/></svg>'
CTX = ItemContext(html=lambda md: f"<p>{md}</p>", image=lambda path: SVG if path.endswith(".svg") else None)
ABC = (Choice("a", "Một"), Choice("b", "Hai"), Choice("c", "Ba"))


def _show(qtbot: QtBot, item: Item):  # type: ignore[no-untyped-def]
    widget = make_item_widget(item, CTX)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_first()
    return widget


def test_single_choice_by_arrow_keys_and_space(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.SINGLE, "Chọn", choices=ABC, key="b")
    widget = _show(qtbot, item)
    assert isinstance(widget, ChoiceItemWidget) and widget.response() is None
    qtbot.keyClick(widget.rows[0].button, Qt.Key.Key_Space)
    assert widget.response() == "a"
    qtbot.keyClick(widget.rows[0].button, Qt.Key.Key_Down)  # arrows move and pick in a radio group
    assert widget.response() == "b" and grade(item, widget.response())


def test_multiple_choice_checkboxes(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.MULTIPLE, "Chọn", choices=ABC, key=("a", "c"))
    widget = _show(qtbot, item)
    qtbot.keyClick(widget.rows[0].button, Qt.Key.Key_Space)
    qtbot.keyClick(widget.rows[2].button, Qt.Key.Key_Space)
    assert widget.response() == ["a", "c"] and grade(item, widget.response())
    qtbot.mouseClick(widget.rows[2].label, Qt.MouseButton.LeftButton)  # the label is part of the hit area
    assert widget.response() == ["a"]


def test_true_false_gives_a_bool(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.TRUE_FALSE, "Đúng không?", key=False)
    widget = _show(qtbot, item)
    qtbot.keyClick(widget.rows[1].button, Qt.Key.Key_Space)
    assert widget.response() is False and grade(item, widget.response())


def test_image_choice_buttons_have_pictures_and_names(qtbot: QtBot, app: QApplication) -> None:
    choices = tuple(Choice(c.id, c.text, f"images/{c.id}.svg") for c in ABC)
    item = Item("q", ItemKind.IMAGE_CHOICE, "Hình nào?", choices=choices, key="c")
    widget = _show(qtbot, item)
    assert isinstance(widget, ImageChoiceWidget)
    assert all(not b.icon().isNull() for b in widget.buttons)
    assert [b.accessibleName() for b in widget.buttons] == ["Một", "Hai", "Ba"]
    qtbot.keyClick(widget.buttons[2], Qt.Key.Key_Space)
    assert widget.response() == "c" and grade(item, widget.response())


def test_ordering_with_move_buttons_and_shortcuts(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.ORDERING, "Sắp xếp", choices=ABC, key=("c", "a", "b"))
    widget = _show(qtbot, item)
    assert isinstance(widget, OrderingWidget)
    assert widget.order() == ["a", "b", "c"]
    widget.list.setCurrentRow(2)
    qtbot.mouseClick(widget.up, Qt.MouseButton.LeftButton)
    assert widget.order() == ["a", "c", "b"]
    widget.list.setFocus()
    qtbot.keyClick(widget.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert widget.order() == ["c", "a", "b"] and grade(item, widget.response())
    qtbot.keyClick(widget.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert widget.order() == ["a", "c", "b"]


def test_ordering_never_starts_in_the_right_order(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.ORDERING, "Sắp xếp", choices=ABC, key=("a", "b", "c"))
    widget = _show(qtbot, item)
    assert tuple(widget.order()) != item.key and sorted(widget.order()) == ["a", "b", "c"]


def test_matching_one_combo_per_line(qtbot: QtBot, app: QApplication) -> None:
    targets = (Choice("x", "Mở"), Choice("y", "Đóng"))
    item = Item("q", ItemKind.MATCHING, "Nối", choices=ABC[:2], targets=targets, key={"a": "y", "b": "x"})
    widget = _show(qtbot, item)
    assert isinstance(widget, MatchingWidget) and len(widget.findChildren(QComboBox)) == 2
    assert widget.response() is None  # incomplete until every line has a match
    widget.combos[0].setFocus()
    qtbot.keyClick(widget.combos[0], Qt.Key.Key_Down)
    qtbot.keyClick(widget.combos[0], Qt.Key.Key_Down)
    assert widget.response() is None
    widget.combos[1].setFocus()
    qtbot.keyClick(widget.combos[1], Qt.Key.Key_Down)
    assert widget.response() == {"a": "y", "b": "x"} and grade(item, widget.response())


def test_fill_in_strips_and_keeps_what_was_typed(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.FILL_IN, "Gõ", accepted=("Enter",))
    widget = _show(qtbot, item)
    assert isinstance(widget, FillInWidget)
    qtbot.keyClicks(widget.edit, "  enter ")
    assert widget.response() == "enter" and grade(item, widget.response())


def test_locked_widget_cannot_change(qtbot: QtBot, app: QApplication) -> None:
    item = Item("q", ItemKind.SINGLE, "Chọn", choices=ABC, key="a")
    widget = _show(qtbot, item)
    qtbot.mouseClick(widget.rows[0], Qt.MouseButton.LeftButton)
    widget.set_locked(True)
    qtbot.mouseClick(widget.rows[1], Qt.MouseButton.LeftButton)
    assert widget.response() == "a"
