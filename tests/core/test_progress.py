from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnbox.core.events import Event, EventType
from learnbox.core.model import Course, LessonRef
from learnbox.core.progress import PROGRESS_EVENT_TYPES, CourseStatus, course_progress, derive

L = "learner-1"
COURSE = Course("c", 1, "C", "", (LessonRef("l1", "1", 5), LessonRef("l2", "2", 5)))


def ev(n: int, type_: EventType, **payload: object) -> Event:
    return Event(f"e{n:04d}", L, "dev", n, f"{n:015d}.000000.dev", n, type_.value, dict(payload))


EVENTS = [
    ev(1, EventType.PROFILE_CREATED, display_name="An", locale="vi"),
    ev(2, EventType.LESSON_OPENED, course_id="c", lesson_id="l1"),
    ev(3, EventType.LESSON_COMPLETED, course_id="c", lesson_id="l1"),
    ev(4, EventType.LESSON_OPENED, course_id="c", lesson_id="l2"),
    ev(
        5,
        EventType.QUIZ_FINISHED,
        attempt_id="a1",
        quiz_id="c/test",
        course_id="c",
        correct=5,
        total=10,
        passed=False,
    ),
    ev(6, EventType.PROFILE_CHANGED, locale="en"),
    ev(7, EventType.LESSON_COMPLETED, course_id="c", lesson_id="l2"),
    ev(9, EventType.LESSON_POSITION, course_id="c", lesson_id="l1", position=0.25),
    ev(10, EventType.LESSON_POSITION, course_id="c", lesson_id="l1", position=0.5),
    ev(11, EventType.LESSON_POSITION, course_id="c", lesson_id="l2", position=1),
    ev(
        8,
        EventType.QUIZ_FINISHED,
        attempt_id="a2",
        quiz_id="c/test",
        course_id="c",
        correct=9,
        total=10,
        passed=True,
    ),
]


def test_course_completes_when_all_lessons_and_test_are_done() -> None:
    lp = derive(L, EVENTS)
    cp = course_progress(lp, COURSE)
    assert cp.status is CourseStatus.COMPLETED
    assert cp.percent == 100
    assert cp.test_best is not None and cp.test_best.best_correct == 9 and cp.test_best.attempts == 2
    assert lp.profile_value("locale") == "en"
    assert cp.resume_lesson_id == "l2"


def test_partial_progress() -> None:
    cp = course_progress(derive(L, EVENTS[:4]), COURSE)
    assert cp.status is CourseStatus.IN_PROGRESS and cp.percent == 50
    assert course_progress(derive(L, []), COURSE).status is CourseStatus.NOT_STARTED


def test_malformed_events_are_skipped_not_fatal() -> None:
    bad = Event("x", L, "dev", 99, "0", 0, EventType.LESSON_COMPLETED.value, {"nope": 1})
    assert course_progress(derive(L, [bad, *EVENTS]), COURSE).status is CourseStatus.COMPLETED


@settings(max_examples=200, deadline=None)
@given(st.permutations(EVENTS), st.lists(st.sampled_from(EVENTS), max_size=8))
def test_any_order_and_duplicates_give_the_same_progress(order: list[Event], dupes: list[Event]) -> None:
    expected = derive(L, EVENTS)
    got = derive(L, [*order, *dupes])
    assert got.completed == expected.completed
    assert got.quizzes == expected.quizzes
    assert got.profile == expected.profile
    assert got.last_opened == expected.last_opened
    assert got.positions == expected.positions


def test_reading_position_is_the_newest_per_lesson() -> None:
    lp = derive(L, EVENTS)
    assert lp.lesson_position("c", "l1") == 0.5  # e10 is newer than e9 whatever the order
    assert lp.lesson_position("c", "l2") == 1.0
    assert lp.lesson_position("c", "never-read") == 0.0
    assert EventType.LESSON_POSITION.value in PROGRESS_EVENT_TYPES
    assert EventType.ANSWER_GIVEN.value not in PROGRESS_EVENT_TYPES


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), float("inf"), "0.5", True, None])
def test_malformed_positions_are_ignored(bad: object) -> None:
    newest = ev(99, EventType.LESSON_POSITION, course_id="c", lesson_id="l1", position=bad)
    lp = derive(L, [*EVENTS, newest])
    assert lp.lesson_position("c", "l1") == 0.5
    assert lp.completed == derive(L, EVENTS).completed
