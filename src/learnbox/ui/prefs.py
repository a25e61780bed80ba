"""UI preferences of this PC, kept in QSettings (learner data lives only in the database)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

FONT_SCALES: tuple[int, ...] = (100, 125, 150)
_SCALE_KEY = "ui/font_scale_percent"


def _settings() -> QSettings:
    # The default format (not always the native one) so tests and the screenshot script can
    # redirect preferences to a temporary folder with QSettings.setPath.
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "LearnBox", "LearnBox")


def font_scale_percent() -> int:
    value = _settings().value(_SCALE_KEY, 100)
    try:
        percent = int(str(value))
    except ValueError:
        return 100
    return percent if percent in FONT_SCALES else 100


def set_font_scale_percent(percent: int) -> None:
    if percent not in FONT_SCALES:
        raise ValueError(f"font scale must be one of {FONT_SCALES}")
    _settings().setValue(_SCALE_KEY, percent)
