"""Where bundled files live: a source checkout, an installed wheel, or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    # src/learnbox/ -> repository root in a checkout (the editable install the Makefile makes)
    return _PACKAGE.parent.parent


def content_dir() -> Path:
    """The bundled course content: a built pack if one ships, else the source folder."""
    root = _root()
    pack = root / "content.lbpack"
    return pack if pack.exists() else root / "content"


def locales_dir() -> Path:
    return _root() / "locales"


def repo_root() -> Path:
    return _root()
