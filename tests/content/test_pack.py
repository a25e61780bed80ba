"""Pack build -> load round trip, manifest, hash verification and refusal to build bad content."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from learnbox.cli.content_cmd import main
from learnbox.content import Catalog, ContentError
from learnbox.content.khmer import ZWSP
from learnbox.content.pack import BuildError, build_pack

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "content"
NOW = dt.datetime(2026, 11, 22, 8, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "content.lbpack"
    build_pack(FIXTURES, out, now=NOW)
    return out


def test_manifest(pack: Path) -> None:
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["format"] == 1
    assert manifest["content_version"].startswith("2026.11.22-")
    assert manifest["created"] == "2026-11-22T08:30:00Z"
    assert manifest["courses"] == [
        {"id": "basics", "version": 2, "locales": ["vi"]},
        {"id": "second", "version": 1, "locales": ["vi"]},
    ]
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert "basics/images/left.svg" in names and "basics/vi/test.yaml" in names


def test_same_source_same_version(pack: Path, tmp_path: Path) -> None:
    again = build_pack(FIXTURES, tmp_path / "again.lbpack", now=NOW)
    assert again["content_version"] == Catalog.open(pack).content_version


def test_round_trip_equals_source(pack: Path) -> None:
    src, packed = Catalog.open(FIXTURES), Catalog.open(pack)
    assert packed.course_ids() == src.course_ids()
    for locale in ("vi", "en", "fil"):
        assert packed.courses(locale) == src.courses(locale)
        for course in src.courses(locale):
            for ref in course.lessons:
                assert packed.lesson(course.id, ref.id, locale) == src.lesson(course.id, ref.id, locale)
    assert packed.test_quiz("basics", "en") == src.test_quiz("basics", "en")
    assert packed.image_bytes("basics", "images/left.svg") == src.image_bytes("basics", "images/left.svg")


def test_khmer_prose_gets_word_breaks_but_not_paths(pack: Path) -> None:
    lesson = Catalog.open(pack).lesson("basics", "mouse", "km")
    assert ZWSP in lesson.title and lesson.title.replace(ZWSP, "") == "ការប្រើកណ្ដុរ"
    assert ZWSP in lesson.body
    assert "](images/mouse-buttons.svg)" in lesson.body
    assert "(https://example.org/help)" in lesson.body
    source_body = Catalog.open(FIXTURES).lesson("basics", "mouse", "km").body
    assert lesson.body.replace(ZWSP, "") == source_body
    course = Catalog.open(pack).course("basics", "km")
    assert ZWSP in course.description


def test_tampered_file_is_detected(pack: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.lbpack"
    with zipfile.ZipFile(pack) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "basics/vi/test.yaml":
                data = data.replace(b"answer: a", b"answer: b", 1)
            dst.writestr(info, data)
    with pytest.raises(ContentError, match="SHA-256 does not match") as info:
        Catalog.open(bad)
    assert "basics/vi/test.yaml" in info.value.file


def test_extra_or_missing_files_are_refused(pack: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.lbpack"
    shutil.copy(pack, extra)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("basics/vi/evil.md", "---\ntitle: x\n---\nx\n")
    with pytest.raises(ContentError, match="not in its manifest"):
        Catalog.open(extra)


def test_bad_manifest(tmp_path: Path) -> None:
    bad = tmp_path / "bad.lbpack"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("manifest.json", '{"format": 99}')
    with pytest.raises(ContentError, match="unsupported pack format"):
        Catalog.open(bad)


def test_build_refuses_invalid_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    shutil.copytree(HERE / "broken" / "answer-not-a-choice", root, dirs_exist_ok=True)
    out = tmp_path / "x.lbpack"
    with pytest.raises(BuildError):
        build_pack(root, out)
    assert main(["build", str(root), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "answer 'z' is not one of the choice ids" in printed and "not built" in printed
    assert not out.exists()


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "c.lbpack"
    assert main(["build", str(FIXTURES), "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0  # a pack validates like its source
