"""LessonService keeps the reading position inside a lesson as events, for resume on any PC."""

from __future__ import annotations

import pytest

from learnbox.core.events import EventType
from learnbox.services import LearnBox
from learnbox.services.courses import MIN_POSITION_CHANGE


def _positions(lb: LearnBox, learner: str) -> list[dict[str, object]]:
    return [e.payload for e in lb.store.events_for_learner(learner, types=[EventType.LESSON_POSITION])]


def test_position_is_recorded_and_comes_back_on_the_page(lb: LearnBox) -> None:
    learner = lb.learners.create("Hoa", None, "vi").learner_id
    assert lb.lessons.open(learner, "mini", "one", "vi").position_fraction == 0.0

    assert lb.lessons.remember_position(learner, "mini", "one", 0.42)
    assert _positions(lb, learner) == [{"course_id": "mini", "lesson_id": "one", "position": 0.42}]
    assert lb.lessons.open(learner, "mini", "one", "vi").position_fraction == 0.42
    assert lb.lessons.open(learner, "mini", "two", "vi").position_fraction == 0.0  # per lesson

    assert lb.lessons.remember_position(learner, "mini", "one", 0.0)  # back to the top counts too
    assert lb.lessons.open(learner, "mini", "one", "vi").position_fraction == 0.0


def test_tiny_changes_are_not_logged(lb: LearnBox) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    assert not lb.lessons.remember_position(learner, "mini", "one", MIN_POSITION_CHANGE / 2)  # ~ the top
    assert lb.lessons.remember_position(learner, "mini", "one", 0.5)
    assert not lb.lessons.remember_position(learner, "mini", "one", 0.5 + MIN_POSITION_CHANGE / 2)
    assert not lb.lessons.remember_position(learner, "mini", "one", 0.5)
    assert lb.lessons.remember_position(learner, "mini", "one", 0.5 + 2 * MIN_POSITION_CHANGE)
    assert len(_positions(lb, learner)) == 2


def test_out_of_range_is_clamped_and_garbage_refused(lb: LearnBox) -> None:
    learner = lb.learners.create("Minh", None, "vi").learner_id
    assert lb.lessons.remember_position(learner, "mini", "one", 1.3)
    assert lb.lessons.open(learner, "mini", "one", "vi").position_fraction == 1.0
    for bad in (float("nan"), float("inf"), True):
        with pytest.raises(ValueError, match="not a reading position"):
            lb.lessons.remember_position(learner, "mini", "one", bad)
    assert len(_positions(lb, learner)) == 1


def test_completed_flag_still_comes_with_the_page(lb: LearnBox) -> None:
    learner = lb.learners.create("Tuan", None, "vi").learner_id
    lb.lessons.remember_position(learner, "mini", "one", 0.7)
    assert not lb.lessons.open(learner, "mini", "one", "vi").completed
    lb.lessons.complete(learner, "mini", "one")
    page = lb.lessons.open(learner, "mini", "one", "vi")
    assert page.completed and page.position_fraction == 0.7
