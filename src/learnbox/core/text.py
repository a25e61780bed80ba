"""Text normalisation: NFC everywhere, and a tone-insensitive key for search."""

from __future__ import annotations

import unicodedata

# Letters that do not decompose into base + combining mark but that a learner types without tones.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "ơ": "o", "ư": "u"})


def nfc(text: str) -> str:
    """``text`` in Unicode Normalization Form C (what we store and compare)."""
    return unicodedata.normalize("NFC", text)


def clean_name(text: str) -> str:
    """A display name as typed: NFC, inner whitespace collapsed, ends trimmed."""
    return " ".join(nfc(text).split())


def fold(text: str) -> str:
    """A search key that ignores case, tones and diacritics: "Nguyễn Đức" -> "nguyen duc"."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.translate(_FOLD_EXTRA).split())


def answer_key(text: str) -> str:
    """How fill-in answers are compared: NFC, case-folded, whitespace collapsed (tones kept)."""
    return " ".join(nfc(text).casefold().split())
