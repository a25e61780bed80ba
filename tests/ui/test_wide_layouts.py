"""Grids use the width they get: two course columns on 1366 px, one on 1024; picker rows filled."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from learnbox.ui.main_window import MainWindow


def _settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(20)


@pytest.mark.parametrize(("width", "height", "columns"), [(1366, 768, 2), (1024, 600, 1)])
def test_course_cards_use_two_columns_only_when_wide(
    qtbot: QtBot, window: MainWindow, width: int, height: int, columns: int
) -> None:
    window.resize(width, height)
    profile = window.lb.learners.create("Lan", None, "vi")
    window.picker.choose(profile)
    _settle(qtbot)
    frames = window.courses._frames
    assert len(frames) >= 2
    lefts = sorted({f.geometry().left() for f in frames})
    assert len(lefts) == columns
    if columns == 2:
        assert abs(frames[0].width() - frames[1].width()) <= 1  # equal columns
        assert frames[0].geometry().top() == frames[1].geometry().top()  # row by row


def test_course_columns_follow_a_resize(qtbot: QtBot, window: MainWindow) -> None:
    profile = window.lb.learners.create("Lan", None, "vi")
    window.picker.choose(profile)
    _settle(qtbot)
    assert window.courses._columns == 2
    window.resize(1024, 600)
    _settle(qtbot)
    assert window.courses._columns == 1
    window.resize(1366, 768)
    _settle(qtbot)
    assert window.courses._columns == 2
    # Tab still walks the cards in reading order.
    buttons = list(window.courses.open_buttons.values())
    assert _next_tab_stop(buttons[0]) is buttons[1]


def _next_tab_stop(widget: QWidget) -> QWidget | None:
    following = widget.nextInFocusChain()
    while following is not None and not following.focusPolicy() & Qt.FocusPolicy.TabFocus:
        following = following.nextInFocusChain()
    return following


@pytest.mark.parametrize(("width", "height"), [(1024, 600), (1366, 768), (1200, 700)])
def test_picker_tiles_fill_the_row(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    for n in range(12):
        window.lb.learners.create(f"Học viên {n}", None, "vi")
    window.resize(width, height)
    window.picker.refresh()
    _settle(qtbot)
    view = window.picker.view
    rects = [view.visualRect(view.model().index(row, 0)) for row in range(view.model().rowCount())]
    first_row = [r for r in rects if r.top() == rects[0].top()]
    gap = view.viewport().width() - first_row[-1].right()
    natural = window.picker.delegate.natural_width()
    # Less than a tile's worth of empty space at the right; before, whole tiles' widths were left over.
    assert gap < natural // 4, f"{gap} px empty at the right of {len(first_row)} tiles"
    assert all(r.width() >= natural for r in first_row)
