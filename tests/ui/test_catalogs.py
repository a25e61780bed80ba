"""Translations: Vietnamese is complete, nothing is fuzzy, and every UI string is in the template."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with (LOCALES / language / "LC_MESSAGES" / "learnbox.po").open("rb") as fh:
        return read_po(fh, locale=language)


def _template_ids() -> set[object]:
    with (LOCALES / "learnbox.pot").open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def test_vietnamese_translates_every_template_string() -> None:
    vi = _catalog("vi")
    missing = []
    for msgid in _template_ids():
        message = vi.get(msgid)
        strings = message.string if message is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(msgid)
    assert missing == []


@pytest.mark.parametrize("language", ["vi", "en", "km", "fil"])
def test_no_fuzzy_entries(language: str) -> None:
    catalog = _catalog(language)
    assert not catalog.fuzzy
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_every_ui_string_is_in_the_template() -> None:
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "src" / "learnbox" / "ui"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    assert found - _template_ids() == set()


def test_the_picker_and_navigation_exist_in_khmer_and_filipino() -> None:
    for language in ("km", "fil"):
        catalog = _catalog(language)
        for msgid in ("Who is learning today?", "New profile", "Search for your name", "Sign out", "My courses"):
            message = catalog.get(msgid)
            assert message is not None and message.string, (language, msgid)
