"""Zero-width spaces between Khmer words, so Qt can wrap Khmer lines (Khmer writes no spaces).

Word boundaries come from ``khmercut`` (a small CRF model on python-crfsuite, no heavy ML
stack; chosen over khmer-segmenter, which pulls in scikit-learn/scipy, and over PyICU, whose
wheels are large and not available everywhere). Without khmercut we fall back to breaking at
orthographic syllable boundaries: lines may then wrap inside a word, which still beats a
paragraph that cannot wrap at all. Only the pack builder calls this (build time, never at start-up).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable

log = logging.getLogger(__name__)

ZWSP = "\u200b"
#: Khmer letters, signs and digits (U+1780-U+17FF) and Khmer symbols (U+19E0-U+19FF).
_KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
_KHMER_LETTER = re.compile(r"[\u1780-\u17b3]")
_COENG = "\u17d2"
_PUNCT = set("\u17d4\u17d5\u17d6\u17d7\u17d8\u17d9\u17da")  # ។ ៕ ៖ ៗ ៘ ៙ ៚: no break before these


def _syllables(run: str) -> list[str]:
    """Fallback: split before every consonant or independent vowel that is not subscript (after COENG)."""
    parts: list[str] = []
    start = 0
    for index in range(1, len(run)):
        if _KHMER_LETTER.match(run[index]) and run[index - 1] != _COENG:
            parts.append(run[start:index])
            start = index
    parts.append(run[start:])
    return parts


def _load_segmenter() -> tuple[str, Callable[[str], list[str]]]:
    try:
        from khmercut import tokenize
    except ImportError:
        log.warning("khmercut is not installed: Khmer line breaks fall back to syllable boundaries")
        return "syllables", _syllables
    return "khmercut", tokenize


_segmenter: tuple[str, Callable[[str], list[str]]] | None = None


def segmenter_name() -> str:
    """Which segmenter is in use ("khmercut" or "syllables")."""
    global _segmenter
    if _segmenter is None:
        _segmenter = _load_segmenter()
    return _segmenter[0]


def _words(run: str) -> list[str]:
    global _segmenter
    if _segmenter is None:
        _segmenter = _load_segmenter()
    try:
        return [w for w in _segmenter[1](run) if w]
    except Exception:  # a third-party model failing must not stop a build; syllables still work
        log.exception("Khmer segmenter failed on %r; using syllable breaks", run[:40])
        return _syllables(run)


def _join(words: list[str]) -> str:
    out = words[0]
    for prev, word in itertools.pairwise(words):
        breakable = (
            _KHMER_RUN.search(prev) is not None
            and _KHMER_LETTER.search(word) is not None
            and word[0] not in _PUNCT
            and prev[-1] != _COENG
        )
        out += (ZWSP if breakable else "") + word
    return out


def break_khmer(text: str) -> str:
    """``text`` with U+200B between Khmer words; non-Khmer text is returned unchanged."""
    if not _KHMER_RUN.search(text):
        return text
    return _KHMER_RUN.sub(lambda m: _join(_words(m.group(0))) if len(m.group(0)) > 1 else m.group(0), text)


# Markdown parts that must never change: code, link/image destinations, autolinks, reference defs.
_PROTECTED = re.compile(
    r"(?P<fence>^(```|~~~).*?^\2[^\n]*$)"
    r"|(?P<code>(`+).+?\4)"
    r"|(?P<dest>\]\([^)]*\))"
    r"|(?P<auto><[^>\s]+>)"
    r"|(?P<refdef>^ {0,3}\[[^\]]+\]:[^\n]*$)",
    re.MULTILINE | re.DOTALL,
)


def break_khmer_markdown(text: str) -> str:
    """Like :func:`break_khmer` for Markdown, leaving code, URLs and image paths untouched."""
    out: list[str] = []
    pos = 0
    for match in _PROTECTED.finditer(text):
        out.append(break_khmer(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(break_khmer(text[pos:]))
    return "".join(out)
