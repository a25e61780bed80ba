"""One widget per quiz item type, each usable by keyboard alone.

single / true-false: radio rows (arrow keys move, Space picks); multiple: check-box rows;
image choice: large picture buttons; ordering: a list with Move up / Move down (Alt+Up/Alt+Down);
matching: one combo box per left-hand item; fill-in: a line edit where Enter checks the answer.
"""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from learnbox.core.model import Choice, Item, ItemKind
from learnbox.i18n import _
from learnbox.ui.quiz.base import ItemContext, ItemWidget
from learnbox.ui.quiz.rows import ChoiceRow


class ChoiceItemWidget(ItemWidget):
    """single, multiple and true/false: a column of choice rows."""

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(item, ctx, parent)
        self.multiple = item.kind is ItemKind.MULTIPLE
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.rows: list[ChoiceRow] = []
        self._ids: list[str] = []
        for choice in self._choices():
            row = ChoiceRow(choice.text, self.multiple)
            self.group.addButton(row.button)
            row.button.toggled.connect(lambda _c: self.changed.emit())
            row.button.installEventFilter(self)
            self.rows.append(row)
            self._ids.append(choice.id)
            self._layout.addWidget(row)
        self._layout.addStretch(1)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down move between rows (each row has its own frame, so Qt's radio-group arrow
        # handling does not apply); for one-answer items the newly focused row is picked.
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            buttons = [row.button for row in self.rows]
            if watched in buttons and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                target = buttons[(buttons.index(watched) + step) % len(buttons)]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.multiple and target.isEnabled():
                    target.setChecked(True)
                return True
        return False

    def _choices(self) -> list[Choice]:
        if self.item.kind is ItemKind.TRUE_FALSE:
            return [Choice("true", _("True")), Choice("false", _("False"))]
        return list(self.item.choices)

    def retranslate(self) -> None:
        if self.item.kind is ItemKind.TRUE_FALSE:
            for row, text in zip(self.rows, (_("True"), _("False")), strict=True):
                row.label.setText(text)
                row.button.setAccessibleName(text)
        self.hint.setText(_("Choose every correct answer.") if self.multiple else _("Choose one answer."))

    def response(self) -> Any | None:
        picked = [cid for cid, row in zip(self._ids, self.rows, strict=True) if row.button.isChecked()]
        if not picked:
            return None
        if self.item.kind is ItemKind.TRUE_FALSE:
            return picked[0] == "true"
        return picked if self.multiple else picked[0]

    def focus_first(self) -> None:
        if self.rows:
            self.rows[0].button.setFocus(Qt.FocusReason.TabFocusReason)


class ImageChoiceWidget(ItemWidget):
    """Large picture buttons; the picture's description is the button text and accessible name."""

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(item, ctx, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QToolButton] = []
        grid = QGridLayout()
        grid.setSpacing(12)
        columns = 2 if len(item.choices) == 4 else min(3, max(1, len(item.choices)))
        for n, choice in enumerate(item.choices):
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(160, 110))
            pix = ctx.pixmap(choice.image, 320, 220) if choice.image else None
            if pix is not None:
                button.setIcon(QIcon(pix))
            button.setText(choice.text)
            button.setAccessibleName(choice.text or _("Picture {number}").format(number=n + 1))
            button.setMinimumSize(190, 160)
            button.setStyleSheet(
                "QToolButton:checked { background: #DCE8F7; border: 4px solid #0B4F9C; }"
                "QToolButton:checked:focus { border: 4px solid #E08A00; }"
            )
            button.setProperty("choice_id", choice.id)
            button.toggled.connect(lambda _c: self.changed.emit())
            self.group.addButton(button)
            self.buttons.append(button)
            grid.addWidget(button, n // columns, n % columns)
        self._layout.addLayout(grid)
        self._layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(_("Choose one picture. Use the arrow keys and Space, or click."))

    def response(self) -> Any | None:
        checked = self.group.checkedButton()
        return str(checked.property("choice_id")) if checked is not None else None

    def focus_first(self) -> None:
        if self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.TabFocusReason)


class OrderingWidget(ItemWidget):
    """Put the steps in order with Move up / Move down (or Alt+Up / Alt+Down)."""

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(item, ctx, parent)
        self._text = {c.id: c.text for c in item.choices}
        order = [c.id for c in item.choices]
        if isinstance(item.key, tuple) and tuple(order) == item.key and len(order) > 1:
            # Content may list the steps already in order; never show the answer as the start.
            rng = random.Random(item.id)
            while tuple(order) == item.key:
                rng.shuffle(order)
        self.list = QListWidget()
        self.list.setObjectName("orderingList")
        self.list.setSpacing(4)
        self.list.setWordWrap(True)
        for cid in order:
            self.list.addItem(self._text[cid])
            self.list.item(self.list.count() - 1).setData(Qt.ItemDataRole.UserRole, cid)
        self.list.setCurrentRow(0)
        self.list.setMinimumHeight(min(60 * len(order), 320))
        self.up = QPushButton()
        self.down = QPushButton()
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.list.installEventFilter(self)
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self._layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.up.setText(_("Move up"))
        self.down.setText(_("Move down"))
        self.up.setToolTip(_("Alt+Up"))
        self.down.setToolTip(_("Alt+Down"))
        self.list.setAccessibleName(_("Steps in your order"))
        self.hint.setText(
            _("Select a step, then press Move up or Move down (Alt+Up / Alt+Down) until the order is right.")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Alt+Up / Alt+Down (or Ctrl+) move the selected step; plain arrows just select.
        if watched is self.list and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            moving = event.modifiers() & (
                Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
            )
            if moving and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
        return False

    def _move(self, step: int) -> None:
        if not self.list.isEnabled():
            return
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        moved = self.list.takeItem(row)
        self.list.insertItem(target, moved)
        self.list.setCurrentRow(target)
        self.changed.emit()

    def order(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def response(self) -> Any | None:
        return self.order()

    def focus_first(self) -> None:
        self.list.setFocus(Qt.FocusReason.TabFocusReason)


class MatchingWidget(ItemWidget):
    """One combo box per left-hand item, listing the right-hand targets."""

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(item, ctx, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        self.combos: list[QComboBox] = []
        self._ids: list[str] = []
        for row, choice in enumerate(item.choices):
            label = QLabel(choice.text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            combo = QComboBox()
            combo.setAccessibleName(choice.text)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
            combo.addItem("", None)
            for target in item.targets:
                combo.addItem(target.text, target.id)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            label.setBuddy(combo)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.combos.append(combo)
            self._ids.append(choice.id)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._layout.addLayout(grid)
        self._layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        for combo in self.combos:
            combo.setItemText(0, _("— choose —"))
        self.hint.setText(_("For each line, choose the matching answer in the list."))

    def response(self) -> Any | None:
        pairs: dict[str, str] = {}
        for cid, combo in zip(self._ids, self.combos, strict=True):
            target = combo.currentData()
            if target is None:
                return None
            pairs[cid] = str(target)
        return pairs

    def focus_first(self) -> None:
        if self.combos:
            self.combos[0].setFocus(Qt.FocusReason.TabFocusReason)


class FillInWidget(ItemWidget):
    """Type the answer; Enter checks it (the line edit passes Enter on to the quiz screen)."""

    def __init__(self, item: Item, ctx: ItemContext, parent: QWidget | None = None) -> None:
        super().__init__(item, ctx, parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(200)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self._layout.addWidget(self.edit)
        self._layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(_("Type your answer here"))
        self.edit.setAccessibleName(_("Your answer"))
        self.hint.setText(_("Type your answer, then press Enter."))

    def response(self) -> Any | None:
        text = self.edit.text().strip()
        return text or None

    def focus_first(self) -> None:
        self.edit.setFocus(Qt.FocusReason.TabFocusReason)


def make_item_widget(item: Item, ctx: ItemContext, parent: QWidget | None = None) -> ItemWidget:
    """The widget for ``item``'s type."""
    if item.kind in (ItemKind.SINGLE, ItemKind.MULTIPLE, ItemKind.TRUE_FALSE):
        return ChoiceItemWidget(item, ctx, parent)
    if item.kind is ItemKind.IMAGE_CHOICE:
        return ImageChoiceWidget(item, ctx, parent)
    if item.kind is ItemKind.ORDERING:
        return OrderingWidget(item, ctx, parent)
    if item.kind is ItemKind.MATCHING:
        return MatchingWidget(item, ctx, parent)
    if item.kind is ItemKind.FILL_IN:
        return FillInWidget(item, ctx, parent)
    raise ValueError(f"unknown item type {item.kind!r}")
