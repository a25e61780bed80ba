"""Colours and the application style sheet: high contrast, big targets, visible focus.

People who have never used a mouse drive the app by keyboard, so focus must be obvious (a thick
amber ring) and every button at least 48 px tall. Sizes scale with the font-scale preference.
"""

from __future__ import annotations

import hashlib

from PySide6.QtGui import QColor

INK = "#111111"
PAPER = "#FAFAF7"
MUTED = "#4A4A4A"
PRIMARY = "#0B4F9C"
PRIMARY_DARK = "#083B75"
FOCUS = "#E08A00"
GOOD = "#1B6E20"
BAD = "#B00020"
LINE = "#8A8A8A"
TILE = "#FFFFFF"

#: Avatar colours: dark enough for white initials to pass WCAG AA (>= 4.5:1).
AVATAR_COLOURS: tuple[str, ...] = (
    "#0B4F9C",
    "#8E1B5A",
    "#1B6E20",
    "#7A4A00",
    "#5B2C91",
    "#00695C",
    "#A02C0C",
    "#37474F",
    "#283593",
    "#6D4C41",
    "#AD1457",
    "#2E7D32",
)

MIN_TARGET_PX = 48


#: The services' avatar keys (learners.AVATARS) and their colours on screen.
NAMED_AVATARS: dict[str, str] = {
    "teal": "#00695C",
    "orange": "#A84300",
    "purple": "#5B2C91",
    "green": "#1B6E20",
    "blue": "#0B4F9C",
    "red": "#B00020",
    "brown": "#6D4C41",
    "pink": "#AD1457",
}


def avatar_colour(key: str | None, fallback: str) -> QColor:
    """The tile colour: the profile's avatar key if it is one of ours, else derived from ``fallback``.

    Deriving from the learner id (not the name) gives two people called "Lan" different colours.
    """
    if key and key in NAMED_AVATARS:
        return QColor(NAMED_AVATARS[key])
    digest = hashlib.sha1(fallback.encode("utf-8")).digest()
    return QColor(AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)])


def px(base: float, scale: float) -> int:
    return round(base * scale)


def stylesheet(scale: float = 1.0) -> str:
    """The whole-app style sheet at ``scale`` (1.0 = 100 %)."""
    body = px(16, scale)
    title = px(26, scale)
    subtitle = px(19, scale)
    small = px(14, scale)
    target = max(MIN_TARGET_PX, px(48, scale))
    return f"""
QWidget {{ color: {INK}; font-size: {body}px; }}
QMainWindow, QDialog, QStackedWidget > QWidget {{ background: {PAPER}; }}
QLabel[role="title"] {{ font-size: {title}px; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: {subtitle}px; font-weight: 700; }}
QLabel[role="muted"] {{ color: {MUTED}; font-size: {small}px; }}
QLabel[role="notice"] {{ background: #FFF4D6; border: 2px solid {FOCUS}; border-radius: 6px; padding: 8px; }}
QLabel[role="good"] {{ color: {GOOD}; font-weight: 700; font-size: {subtitle}px; }}
QLabel[role="bad"] {{ color: {BAD}; font-weight: 700; font-size: {subtitle}px; }}
QLabel[role="error"] {{ color: {BAD}; font-weight: 600; }}
QPushButton, QToolButton {{
    min-height: {target}px; min-width: {target}px; padding: 4px 16px;
    background: #FFFFFF; border: 2px solid {LINE}; border-radius: 8px;
}}
QPushButton:hover, QToolButton:hover {{ border-color: {PRIMARY}; }}
QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus, QListView:focus,
QTextBrowser:focus, QSpinBox:focus, QRadioButton:focus, QCheckBox:focus {{
    border: 3px solid {FOCUS};
}}
QPushButton[role="primary"] {{
    background: {PRIMARY}; color: #FFFFFF; border-color: {PRIMARY_DARK}; font-weight: 700;
}}
QPushButton[role="primary"]:focus {{ border: 3px solid {FOCUS}; }}
QPushButton[role="primary"]:disabled {{ background: #9DB3CC; }}
QPushButton:disabled {{ color: #777777; }}
QPushButton[role="small"] {{ min-height: {max(40, px(40, scale))}px; font-size: {small}px; }}
QPushButton[role="choice"] {{ text-align: left; padding: 8px 16px; }}
QPushButton[role="choice"]:checked {{ background: #DCE8F7; border: 3px solid {PRIMARY}; }}
QPushButton[role="choice"]:checked:focus {{ border: 3px solid {FOCUS}; }}
QLineEdit, QComboBox, QSpinBox {{
    min-height: {target - 8}px; padding: 2px 8px; background: #FFFFFF;
    border: 2px solid {LINE}; border-radius: 6px;
}}
QRadioButton, QCheckBox {{
    min-height: {target}px; padding: 4px 10px; border: 2px solid transparent; border-radius: 6px;
    spacing: 12px;
}}
QRadioButton::indicator, QCheckBox::indicator {{ width: {px(22, scale)}px; height: {px(22, scale)}px; }}
QListView {{ background: {PAPER}; border: 2px solid transparent; }}
QListWidget#orderingList {{ background: #FFFFFF; border: 2px solid {LINE}; border-radius: 6px; }}
QListWidget#orderingList::item {{ min-height: {target - 8}px; padding: 4px 8px; border-bottom: 1px solid #DDDDDD; }}
QListWidget#orderingList::item:selected {{ background: #DCE8F7; color: {INK}; border: 3px solid {PRIMARY}; }}
QScrollArea {{ background: transparent; border: 3px solid transparent; border-radius: 6px; }}
QScrollArea:focus {{ border-color: {FOCUS}; }}
QScrollBar:vertical {{ width: {px(16, scale)}px; background: #E6E6E1; border: none; margin: 0; }}
QScrollBar:horizontal {{ height: {px(16, scale)}px; background: #E6E6E1; border: none; margin: 0; }}
QScrollBar::handle {{ background: {LINE}; border-radius: {px(6, scale)}px; margin: 3px; }}
QScrollBar::handle:vertical {{ min-height: 40px; }}
QScrollBar::handle:horizontal {{ min-width: 40px; }}
QScrollBar::handle:hover {{ background: {PRIMARY}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QScrollArea > QWidget > QWidget {{ background: {PAPER}; }}
QPushButton:checked {{ background: #DCE8F7; border: 3px solid {PRIMARY}; font-weight: 700; }}
QPushButton:checked:focus {{ border: 3px solid {FOCUS}; }}
QListWidget#orderingList:focus {{ border: 3px solid {FOCUS}; }}
QTextBrowser {{ background: #FFFFFF; border: 2px solid {LINE}; border-radius: 6px; padding: 6px; }}
QProgressBar {{
    min-height: {px(22, scale)}px; border: 2px solid {LINE}; border-radius: 6px; text-align: center;
    background: #FFFFFF;
}}
QProgressBar::chunk {{ background: {GOOD}; }}
QFrame[role="card"] {{ background: {TILE}; border: 2px solid {LINE}; border-radius: 10px; }}
QFrame[role="feedback-good"] {{ background: #E6F4E7; border: 2px solid {GOOD}; border-radius: 8px; }}
QFrame[role="feedback-bad"] {{ background: #FCE8EC; border: 2px solid {BAD}; border-radius: 8px; }}
QFrame[role="header"] {{ background: #FFFFFF; border-bottom: 2px solid {LINE}; }}
"""
