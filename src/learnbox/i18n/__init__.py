"""Translations (gettext catalogs compiled from ``locales/``) and locale-aware formatting.

``_`` translates at call time in the current language, so a learner switching language sees the
new language on the next redraw. ``N_`` marks constants for extraction without translating them
(translate them where they are shown). Catalogs are ``.po`` files compiled to ``.mo`` by Babel; when
a ``.mo`` is missing or older than its ``.po`` (a fresh checkout), it is compiled in memory.
"""

from __future__ import annotations

import gettext as _gettext
import io
import logging
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "learnbox"
DEFAULT_LANGUAGE = "vi"

_lock = threading.Lock()
_catalogs: dict[str, _gettext.NullTranslations] = {}
_current: list[str] = [DEFAULT_LANGUAGE]
_listeners: list[Callable[[str], None]] = []


def _locales_dir() -> Path:
    from learnbox.resources import locales_dir

    return locales_dir()


def _load(language: str) -> _gettext.NullTranslations:
    with _lock:
        cached = _catalogs.get(language)
        if cached is not None:
            return cached
        base = _locales_dir() / language / "LC_MESSAGES"
        po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
        catalog: _gettext.NullTranslations = _gettext.NullTranslations()
        try:
            if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
                with mo.open("rb") as fh:
                    catalog = _gettext.GNUTranslations(fh)
            elif po.exists():
                catalog = _compile_in_memory(po)
        except (OSError, ValueError) as exc:
            log.error("could not load translations for %s: %s", language, exc)
        _catalogs[language] = catalog
        return catalog


def _compile_in_memory(po: Path) -> _gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        parsed = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, parsed, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


def set_language(language: str) -> None:
    """Switch the interface language for everything translated from now on."""
    _current[0] = language
    _load(language)
    for listener in list(_listeners):
        listener(language)


def current_language() -> str:
    return _current[0]


def on_language_changed(callback: Callable[[str], None]) -> None:
    """Be told when :func:`set_language` switches language (the UI retranslates its widgets)."""
    _listeners.append(callback)


def _(message: str) -> str:
    """``message`` translated into the current language."""
    return _load(_current[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _load(_current[0]).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later with ``_``."""
    return message


def translate_in(language: str, message: str) -> str:
    """``message`` in ``language`` regardless of the current language (e.g. a server page)."""
    return _load(language).gettext(message)
