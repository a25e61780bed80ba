"""Bundled fonts: Noto Sans (Latin + Vietnamese) with Noto Sans Khmer as fallback.

A bare Windows or Linux PC may have no font with Vietnamese stacked tones or Khmer, so the app
registers the fonts shipped as Python packages (``fontpkg-noto-sans*``) at start-up instead of
trusting the system.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

PRIMARY_FAMILY = "Noto Sans"
KHMER_FAMILY = "Noto Sans Khmer"
BASE_POINT_SIZE = 12.0


def _font_files() -> list[Path]:
    """Font files of the bundled families; missing packages are logged, never fatal."""
    files: list[Path] = []
    for module_name in ("fontpkg_noto_sans", "fontpkg_noto_sans_khmer"):
        try:
            module = __import__(module_name)
        except ImportError:
            log.warning("font package %s is not installed", module_name)
            continue
        folder = Path(module.ROOT) / "files"
        files.extend(sorted(p for p in folder.glob("*.ttf") if p.is_file()))
    return files


def register_fonts() -> list[str]:
    """Add the bundled fonts to Qt's database; returns the families that were registered."""
    families: list[str] = []
    for path in _font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load font file %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def app_font(scale: float = 1.0) -> QFont:
    """The application font at ``scale`` (1.0 = 100 %), Khmer falling back to Noto Sans Khmer."""
    font = QFont()
    font.setFamilies([PRIMARY_FAMILY, KHMER_FAMILY])
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    return font


def apply_app_font(app: QApplication, scale: float) -> None:
    app.setFont(app_font(scale))
