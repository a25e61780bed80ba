"""The real bundled content/: it validates, and every quiz item grades its key right and a wrong
answer wrong, in every locale.

Courses whose folder (or course.yaml) does not exist yet are skipped: the curriculum writers
are still adding them. Once a course is there, any validation error fails this test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from learnbox.content import Catalog
from learnbox.content.validate import Report, validate
from learnbox.core.grading import grade
from learnbox.core.model import SUPPORTED_LOCALES, Quiz

from .responses import correct_response, wrong_response

CONTENT = Path(__file__).resolve().parents[2] / "content"
FIXTURES = Path(__file__).parent / "fixtures" / "content"
COURSES = [
    "using-a-computer",
    "the-internet",
    "email-and-communication",
    "online-safety",
    "finding-work-online",
    "everyday-productivity",
]


@cache
def _report() -> Report:
    return validate(CONTENT)


def _require(course_id: str) -> None:
    if not (CONTENT / course_id / "course.yaml").exists():
        pytest.skip(f"{course_id} is not written yet")


def test_no_errors_outside_course_folders() -> None:
    # e.g. a stray course folder with a bad name, or an unreadable content/ folder
    outside = [str(p) for p in _report().errors if not any(f"/{c}/" in p.file for c in COURSES)]
    assert outside == [], "\n".join(outside)


@pytest.mark.parametrize("course_id", COURSES)
def test_course_validates(course_id: str) -> None:
    _require(course_id)
    prefix = str(CONTENT / course_id) + "/"
    errors = [str(p) for p in _report().errors if p.file.startswith(prefix)]
    assert errors == [], "\n".join(errors)


def _check_quiz(quiz: Quiz) -> None:
    for item in quiz.items:
        where = f"{quiz.id} item {item.id}"
        assert grade(item, correct_response(item)), f"{where}: its own key grades wrong"
        assert not grade(item, wrong_response(item)), f"{where}: a wrong answer grades right"
        for accepted in item.accepted:
            assert grade(item, accepted), f"{where}: accepted answer {accepted!r} grades wrong"


def _grade_all(catalog: Catalog, course_id: str) -> int:
    checked = 0
    for locale in SUPPORTED_LOCALES:
        course = catalog.course(course_id, locale)
        for ref in course.lessons:
            lesson = catalog.lesson(course_id, ref.id, locale)
            assert lesson.title and lesson.body
            if lesson.check is not None:
                _check_quiz(lesson.check)
                checked += len(lesson.check.items)
        if course.test_draw is not None:
            test = catalog.test_quiz(course_id, locale)
            _check_quiz(test)
            checked += len(test.items)
    return checked


@pytest.mark.parametrize("course_id", COURSES)
def test_every_item_grades_in_every_locale(course_id: str) -> None:
    _require(course_id)
    prefix = str(CONTENT / course_id) + "/"
    if any(p.file.startswith(prefix) for p in _report().errors):
        pytest.skip(f"{course_id} has validation errors (reported by test_course_validates)")
    assert _grade_all(Catalog.open(CONTENT), course_id) > 0


def test_fixture_items_grade() -> None:
    # The same walk on the fixture course, so the helper itself is exercised on every item type.
    assert _grade_all(Catalog.open(FIXTURES), "basics") == 4 * (3 + 7)
