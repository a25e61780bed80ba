"""Khmer word breaks and the translation coverage table."""

from __future__ import annotations

from pathlib import Path

from learnbox.content import Catalog
from learnbox.content.khmer import ZWSP, _syllables, break_khmer, break_khmer_markdown
from learnbox.content.stats import coverage, format_table

FIXTURES = Path(__file__).parent / "fixtures" / "content"


def test_breaks_between_khmer_words_only() -> None:
    text = "កណ្ដុរជួយអ្នកចុចលើអេក្រង់។ Hello, world"
    broken = break_khmer(text)
    assert broken.replace(ZWSP, "") == text
    assert broken.count(ZWSP) >= 3
    assert ZWSP + "។" not in broken  # never before Khmer punctuation
    assert broken.endswith("។ Hello, world")


def test_non_khmer_text_is_untouched() -> None:
    assert break_khmer("Dùng chuột, 123 abc") == "Dùng chuột, 123 abc"


def test_markdown_keeps_code_urls_and_image_paths() -> None:
    text = "ចុចប៊ូតុងឆ្វេង `ចុចប៊ូតុង` ![ប៊ូតុងឆ្វេង](images/ចុចប៊ូតុង.svg) [តំណ](https://example.org/ចុចប៊ូតុង)"
    broken = break_khmer_markdown(text)
    assert "`ចុចប៊ូតុង`" in broken
    assert "(images/ចុចប៊ូតុង.svg)" in broken
    assert "(https://example.org/ចុចប៊ូតុង)" in broken
    assert broken.startswith("ចុច" + ZWSP)


def test_syllable_fallback_never_splits_a_subscript_cluster() -> None:
    parts = _syllables("ខ្ញុំស្រឡាញ់")
    assert "".join(parts) == "ខ្ញុំស្រឡាញ់"
    assert all(not p.startswith("\u17d2") for p in parts)
    assert parts[0] == "ខ្ញុំ"


def test_coverage_table() -> None:
    rows = coverage(Catalog.open(FIXTURES))
    cells = {(r.course_id, r.name): r.cells for r in rows}
    assert cells[("basics", "mouse")] == ("ok", "ok", "ok", "->en")
    assert cells[("basics", "files")] == ("ok", "->vi", "->vi", "->vi")
    assert cells[("basics", "mouse (check)")] == ("ok", "ok", "->en", "->en")
    table = format_table(rows)
    assert table.splitlines()[0].split() == ["course", "lesson", "vi", "en", "km", "fil"]
    assert "translated: vi 7/7, en 4/7, km 2/7, fil 0/7" in table


def test_coverage_marks_missing_primary_files(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    (root / "basics" / "vi" / "files.md").unlink()
    cells = {(r.course_id, r.name): r.cells for r in coverage(Catalog.open(root))}
    assert cells[("basics", "files")] == ("MISSING",) * 4
