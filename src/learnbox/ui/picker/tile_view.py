"""The picker's grid of profile tiles, stretched so the row fills the width evenly.

A plain icon-mode list packs fixed-width tiles from the left and leaves the rest of the row
empty (about 80 px on a 1024 px screen). Here the tile width is recomputed on every resize:
as many tiles as fit at their natural width, then each widened to share the leftover space.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle

from learnbox.ui.picker.delegate import ProfileTileDelegate


class TileView(QListView):
    def __init__(self, delegate: ProfileTileDelegate) -> None:
        super().__init__()
        self._delegate = delegate
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setWrapping(True)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.setItemDelegate(delegate)

    def columns_and_width(self, width: int) -> tuple[int, int]:
        """How many tiles fit in a view ``width`` px wide, and how wide each one is drawn."""
        # Always leave room for the scroll bar: the width must not depend on whether it shows,
        # or adding it would shrink the tiles, which could hide it, which would widen them...
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        bar = max(bar, self.verticalScrollBar().sizeHint().width())
        usable = width - 2 * self.frameWidth() - bar - 2  # 2 px: the list wraps one pixel early
        spacing = self.spacing()
        natural = self._delegate.natural_width()
        # Items sit at `spacing` from the edge and `spacing` apart: n * (w + s) + s <= usable.
        columns = max(1, (usable - spacing) // (natural + spacing))
        tile = max(natural, (usable - spacing) // columns - spacing)
        return columns, tile

    def fit_tiles(self) -> None:
        _columns, tile = self.columns_and_width(self.width())
        if tile != self._delegate.tile_width:
            self._delegate.tile_width = tile
            self.scheduleDelayedItemsLayout()  # uniform sizes are cached: ask again

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.fit_tiles()
        super().resizeEvent(event)
