"""Catalog: loading the fixture course in every locale, fallback, caching and errors."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from learnbox.content import Catalog, ContentError
from learnbox.core.model import ItemKind, QuizKind

FIXTURES = Path(__file__).parent / "fixtures" / "content"


@pytest.fixture
def cat() -> Catalog:
    return Catalog.open(FIXTURES)


def test_course_ids_follow_order_field_then_id(cat: Catalog) -> None:
    assert cat.course_ids() == ["basics", "second"]


def test_course_in_primary_locale(cat: Catalog) -> None:
    course = cat.course("basics", "vi")
    assert course.title == "Dùng máy tính"
    assert course.version == 2
    assert course.pass_mark == 0.75
    assert course.test_draw == 3
    assert course.digcomp == ("1.3", "5.1")
    assert [ref.id for ref in course.lessons] == ["mouse", "files"]
    assert [ref.minutes for ref in course.lessons] == [10, 15]
    assert course.lessons[0].title == "Dùng chuột"
    assert course.locales == ("vi",)  # en lacks files.md, km lacks most files
    assert not course.is_fallback


def test_course_lesson_titles_fall_back_per_lesson(cat: Catalog) -> None:
    course = cat.course("basics", "en")
    assert course.title == "Using a computer"
    assert [(r.title, r.locale) for r in course.lessons] == [
        ("Using the mouse", "en"),
        ("Tệp và thư mục", "vi"),
    ]


def test_courses_lists_all(cat: Catalog) -> None:
    assert [c.id for c in cat.courses("vi")] == ["basics", "second"]


def test_lesson_and_check(cat: Catalog) -> None:
    lesson = cat.lesson("basics", "mouse", "vi")
    assert lesson.title == "Dùng chuột"
    assert lesson.body.startswith("Chuột giúp bạn")
    assert lesson.minutes == 10 and lesson.digcomp == ("1.3",)
    assert lesson.check is not None
    assert lesson.check.id == "basics/mouse/check"
    assert lesson.check.kind is QuizKind.CHECK
    assert [i.id for i in lesson.check.items] == ["q1", "q2", "q3"]
    assert lesson.check.items[2].accepted == ("chuột", "con chuột")


def test_lesson_without_check(cat: Catalog) -> None:
    assert cat.lesson("basics", "files", "vi").check is None


def test_missing_fil_falls_back_to_en(cat: Catalog) -> None:
    lesson = cat.lesson("basics", "mouse", "fil")
    assert lesson.locale == "en" and lesson.requested_locale == "fil"
    assert lesson.is_fallback
    assert lesson.title == "Using the mouse"


def test_km_lesson_is_khmer_but_its_check_falls_back(cat: Catalog) -> None:
    lesson = cat.lesson("basics", "mouse", "km")
    assert lesson.locale == "km" and not lesson.is_fallback
    assert lesson.title == "ការប្រើកណ្ដុរ"
    assert lesson.check is not None and lesson.check.items[0].prompt == "Which button opens a file?"


def test_en_falls_back_to_vi(cat: Catalog) -> None:
    lesson = cat.lesson("basics", "files", "en")
    assert lesson.locale == "vi" and lesson.is_fallback


def test_unknown_locale_uses_the_chain(cat: Catalog) -> None:
    assert cat.lesson("basics", "mouse", "xx").locale == "en"


def test_test_quiz_has_every_item_type(cat: Catalog) -> None:
    quiz = cat.test_quiz("basics", "vi")
    assert quiz.id == "basics/test"
    assert quiz.kind is QuizKind.TEST
    assert quiz.draw == 3 and quiz.pass_mark == 0.75
    assert {i.kind for i in quiz.items} == set(ItemKind)
    by_id = {i.id: i for i in quiz.items}
    assert by_id["t1"].key == "a" and by_id["t1"].image == "images/mouse-buttons.svg"
    assert by_id["t2"].key == ("a", "b")
    assert by_id["t3"].key is True
    assert by_id["t4"].choices[0].image == "images/left.svg" and by_id["t4"].choices[1].text == ""
    assert by_id["t5"].key == ("s1", "s2", "s3")
    assert by_id["t6"].key == {"left": "select", "right": "menu"}
    assert [t.id for t in by_id["t6"].targets] == ["select", "menu", "scroll"]
    assert by_id["t7"].accepted == ("đúp", "bấm đúp")
    assert by_id["t1"].choices[2].text == "Bánh xe, ở giữa"


def test_quiz_by_id(cat: Catalog) -> None:
    assert cat.quiz("basics/test", "en").items[0].prompt == "Which button opens a file?"
    assert cat.quiz("basics/mouse/check", "vi").kind is QuizKind.CHECK
    with pytest.raises(ContentError, match="no check quiz"):
        cat.quiz("basics/files/check", "vi")
    with pytest.raises(ContentError, match="malformed quiz id"):
        cat.quiz("nonsense", "vi")
    with pytest.raises(ContentError, match="no such course"):
        cat.quiz("nope/test", "vi")


def test_unknown_course_and_lesson(cat: Catalog) -> None:
    with pytest.raises(ContentError, match="no such course"):
        cat.course("nope", "vi")
    with pytest.raises(ContentError, match="no lesson 'nope'"):
        cat.lesson("basics", "nope", "vi")


def test_second_course_without_test(cat: Catalog) -> None:
    with pytest.raises(ContentError, match="file not found"):
        cat.test_quiz("second", "vi")
    assert cat.course("second", "km").title == "Khoá thứ hai"


def test_image_bytes(cat: Catalog) -> None:
    assert cat.image_bytes("basics", "images/left.svg").startswith(b"<svg")


@pytest.mark.parametrize(
    "path",
    [
        "../second/course.yaml",
        "/etc/passwd",
        "images/../../second/vi/only.md",
        "vi/test.yaml",
        "images/none.svg",
        "",
    ],
)
def test_image_bytes_refuses_outside_or_missing(cat: Catalog, path: str) -> None:
    with pytest.raises(ContentError):
        cat.image_bytes("basics", path)


def test_lessons_are_cached(cat: Catalog) -> None:
    first = cat.lesson("basics", "mouse", "vi")
    second = cat.lesson("basics", "mouse", "vi")
    assert first == second
    assert first.check is second.check  # the parsed quiz is reused, not re-read


def test_content_version_of_source_is_a_stable_hash(cat: Catalog, tmp_path: Path) -> None:
    again = Catalog.open(FIXTURES)
    assert cat.content_version == again.content_version
    assert cat.content_version.startswith("src-")
    copy = tmp_path / "content"
    shutil.copytree(FIXTURES, copy)
    (copy / "basics" / "vi" / "files.md").write_text("---\ntitle: Khác\n---\nKhác.\n", encoding="utf-8")
    assert Catalog.open(copy).content_version != cat.content_version


def test_text_is_nfc_even_when_the_file_is_not(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURES, copy)
    nfd = unicodedata.normalize("NFD", "---\ntitle: Tệp và thư mục\n---\nViệt Nam.\n")
    (copy / "basics" / "vi" / "files.md").write_text(nfd, encoding="utf-8")
    lesson = Catalog.open(copy).lesson("basics", "files", "vi")
    assert lesson.title == unicodedata.normalize("NFC", "Tệp và thư mục")
    assert unicodedata.is_normalized("NFC", lesson.body)


def test_error_names_file_and_line(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURES, copy)
    path = copy / "basics" / "vi" / "mouse.check.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("answer: a", "answer: z"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        Catalog.open(copy).lesson("basics", "mouse", "vi")
    assert info.value.file == str(path)
    assert info.value.line == 8
    assert str(info.value) == f"{path}:8: answer 'z' is not one of the choice ids (a, b)"


def test_open_missing_path() -> None:
    with pytest.raises(ContentError, match="no such content folder"):
        Catalog.open("/nonexistent/content")


def test_open_a_file_that_is_no_pack(tmp_path: Path) -> None:
    bogus = tmp_path / "x.lbpack"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(ContentError, match="not a readable content pack"):
        Catalog.open(bogus)


def test_a_broken_course_does_not_hide_the_others(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(FIXTURES, copy)
    (copy / "second" / "course.yaml").write_text("id: second\nversion: [\n", encoding="utf-8")
    cat = Catalog.open(copy)
    assert cat.course_ids() == ["basics", "second"]
    assert cat.course("basics", "vi").title == "Dùng máy tính"
    with pytest.raises(ContentError, match="YAML syntax error") as info:
        cat.course("second", "vi")
    assert info.value.file.endswith("second/course.yaml") and info.value.line == 3
