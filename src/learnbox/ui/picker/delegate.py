"""Paints one profile tile: a coloured circle with initials, the name, and what tells it apart.

Painting (instead of one widget per profile) keeps the picker fast with thousands of profiles.
Every tile shows when the learner was last here; tiles whose name also belongs to someone else
also show the learner's code, so two "Nguyễn Văn An" can tell which one is theirs.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from learnbox.i18n import _
from learnbox.i18n.formatting import date_from_ms
from learnbox.services.learners import Profile
from learnbox.ui import theme
from learnbox.ui.picker.model import DUPLICATE_ROLE, PROFILE_ROLE

TILE_W, TILE_H = 210, 190


def last_seen_text(profile: Profile) -> str:
    if profile.last_seen_ms is None:
        return _("New profile")
    return _("Last here: {date}").format(date=date_from_ms(profile.last_seen_ms, fmt="medium"))


class ProfileTileDelegate(QStyledItemDelegate):
    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale = scale
        self.tile_width: int | None = None  # set by the view to fill its rows evenly; None = natural

    def natural_width(self) -> int:
        return round(TILE_W * self.scale)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(self.tile_width or self.natural_width(), round(TILE_H * self.scale))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        profile = index.data(PROFILE_ROLE)
        if not isinstance(profile, Profile):
            return
        duplicate = bool(index.data(DUPLICATE_ROLE))
        s = self.scale
        rect: QRect = option.rect.adjusted(6, 6, -6, -6)
        state = option.state
        focused = bool(state & (QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_Selected))
        hovered = bool(state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        # Tile background and border; the focus ring is thick and amber so it is seen from afar.
        painter.setBrush(QColor("#DCE8F7") if focused else QColor(theme.TILE))
        border = QColor(theme.FOCUS) if focused else QColor(theme.PRIMARY if hovered else theme.LINE)
        painter.setPen(QPen(border, 4 if focused else 2))
        painter.drawRoundedRect(rect, 12, 12)

        # Avatar: a circle in the profile's colour with white initials.
        diameter = round(70 * s)
        circle = QRect(rect.center().x() - diameter // 2, rect.top() + round(12 * s), diameter, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.avatar_colour(profile.avatar, profile.learner_id))
        painter.drawEllipse(circle)
        base: QFont = option.font
        initials_font = QFont(base)
        initials_font.setPixelSize(round(28 * s))
        initials_font.setBold(True)
        painter.setFont(initials_font)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, profile.initials)

        if profile.has_pin:
            badge_font = QFont(base)
            badge_font.setPixelSize(round(11 * s))
            badge_font.setBold(True)
            painter.setFont(badge_font)
            badge = QRect(
                circle.right() - round(10 * s), circle.bottom() - round(18 * s), round(36 * s), round(20 * s)
            )
            painter.setBrush(QColor(theme.INK))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor("#FFFFFF"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, _("PIN"))

        # Name: up to two lines, elided, bold.
        name_font = QFont(base)
        name_font.setPixelSize(round(17 * s))
        name_font.setBold(True)
        painter.setFont(name_font)
        painter.setPen(QColor(theme.INK))
        text_rect = QRect(rect.left() + 8, circle.bottom() + round(8 * s), rect.width() - 16, round(46 * s))
        metrics = QFontMetrics(name_font)
        name = _two_lines(profile.display_name, metrics, text_rect.width())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

        # Details: last seen, plus the learner code for names that repeat.
        small = QFont(base)
        small.setPixelSize(round(13 * s))
        painter.setFont(small)
        painter.setPen(QColor(theme.MUTED))
        detail = last_seen_text(profile)
        if duplicate:
            detail += "\n" + _("Code: {code}").format(code=profile.learner_code)
        detail_rect = QRect(
            rect.left() + 4, text_rect.bottom() + 2, rect.width() - 8, rect.bottom() - text_rect.bottom() - 4
        )
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, detail)
        painter.restore()


def _two_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken into at most two lines at word boundaries, the second elided if needed."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    first = ""
    rest_start = len(words)
    for n, word in enumerate(words):
        candidate = f"{first} {word}".strip()
        if metrics.horizontalAdvance(candidate) > width and first:
            rest_start = n
            break
        first = candidate
    else:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if metrics.horizontalAdvance(first) > width:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    second = metrics.elidedText(" ".join(words[rest_start:]), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}"
