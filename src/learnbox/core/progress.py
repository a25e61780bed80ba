"""Progress derived from a learner's events by order-independent rules.

Feeding the same set of events in any order (or with duplicates) gives the same result: that is
what makes merging logs from several devices safe. Rules: a lesson is completed if any
completion exists; a quiz's best result is the maximum over finished attempts; "resume here" is
the lesson opened with the highest HLC stamp, and the reading position inside a lesson is the
``lesson.position`` with the highest HLC stamp; profile fields are last-writer-wins by HLC.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from learnbox.core.events import Event, EventType
from learnbox.core.model import Course

#: The event types :func:`apply` folds; answers are left out (attempt results carry what progress needs),
#: which lets the store skip the bulk of a learner's log.
PROGRESS_EVENT_TYPES: tuple[str, ...] = tuple(
    t.value for t in EventType if t is not EventType.ANSWER_GIVEN and t is not EventType.QUIZ_STARTED
)


class CourseStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True)
class QuizResult:
    quiz_id: str
    attempts: int
    best_correct: int
    best_total: int
    passed: bool


@dataclass
class LearnerProgress:
    """Everything derived for one learner; build it with :func:`derive`."""

    learner_id: str
    opened: set[tuple[str, str]] = field(default_factory=set)  # (course_id, lesson_id)
    completed: set[tuple[str, str]] = field(default_factory=set)
    last_opened: dict[str, tuple[str, str]] = field(default_factory=dict)  # course_id -> (hlc, lesson_id)
    last_opened_any: tuple[str, str, str] | None = None  # (hlc, course_id, lesson_id)
    quizzes: dict[str, QuizResult] = field(default_factory=dict)
    claims: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim_id -> payload
    issued: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim_id -> payload
    rejected: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim_id -> payload
    revoked_codes: set[str] = field(default_factory=set)
    profile: dict[str, tuple[str, str, Any]] = field(default_factory=dict)  # field -> (hlc, event_id, value)
    # (course_id, lesson_id) -> (hlc, event_id, fraction 0..1 of the lesson's scroll range)
    positions: dict[tuple[str, str], tuple[str, str, float]] = field(default_factory=dict)
    event_ids: set[str] = field(default_factory=set)

    def profile_value(self, name: str, default: Any = None) -> Any:
        entry = self.profile.get(name)
        return entry[2] if entry else default

    def resume_lesson(self, course_id: str) -> str | None:
        entry = self.last_opened.get(course_id)
        return entry[1] if entry else None

    def quiz(self, quiz_id: str) -> QuizResult | None:
        return self.quizzes.get(quiz_id)

    def lesson_position(self, course_id: str, lesson_id: str) -> float:
        """Where the learner last left this lesson's text (0.0 = the top, also when never recorded)."""
        entry = self.positions.get((course_id, lesson_id))
        return entry[2] if entry else 0.0


def derive(learner_id: str, events: Iterable[Event]) -> LearnerProgress:
    """Fold ``events`` (any order, duplicates allowed) into a :class:`LearnerProgress`."""
    lp = LearnerProgress(learner_id)
    for event in events:
        apply(lp, event)
    return lp


def apply(lp: LearnerProgress, event: Event) -> None:
    """Fold one more event in; a no-op for events already applied or for other learners."""
    if event.learner_id != lp.learner_id or event.event_id in lp.event_ids:
        return
    lp.event_ids.add(event.event_id)
    p = event.payload
    t = event.type
    try:
        if t in (EventType.PROFILE_CREATED, EventType.PROFILE_CHANGED):
            for name, value in p.items():
                current = lp.profile.get(name)
                if current is None or (event.hlc, event.event_id) > current[:2]:
                    lp.profile[name] = (event.hlc, event.event_id, value)
        elif t == EventType.LESSON_OPENED:
            key = (str(p["course_id"]), str(p["lesson_id"]))
            lp.opened.add(key)
            prev = lp.last_opened.get(key[0])
            if prev is None or (event.hlc, key[1]) > prev:
                lp.last_opened[key[0]] = (event.hlc, key[1])
            if lp.last_opened_any is None or (event.hlc, *key) > lp.last_opened_any:
                lp.last_opened_any = (event.hlc, *key)
        elif t == EventType.LESSON_COMPLETED:
            key = (str(p["course_id"]), str(p["lesson_id"]))
            lp.completed.add(key)
            lp.opened.add(key)
        elif t == EventType.LESSON_POSITION:
            key = (str(p["course_id"]), str(p["lesson_id"]))
            fraction = position_fraction(p["position"])
            held = lp.positions.get(key)
            # (hlc, event_id) is a total order, so the winner does not depend on arrival order.
            if held is None or (event.hlc, event.event_id) > held[:2]:
                lp.positions[key] = (event.hlc, event.event_id, fraction)
        elif t == EventType.QUIZ_FINISHED:
            _merge_quiz(lp, str(p["quiz_id"]), int(p["correct"]), int(p["total"]), bool(p["passed"]))
        elif t == EventType.CERTIFICATE_CLAIMED:
            lp.claims[str(p["claim_id"])] = p
        elif t == EventType.CERTIFICATE_ISSUED:
            lp.issued[str(p["claim_id"])] = p
        elif t == EventType.CERTIFICATE_REJECTED:
            lp.rejected[str(p["claim_id"])] = p
        elif t == EventType.CERTIFICATE_REVOKED:
            lp.revoked_codes.add(str(p["code"]))
    except (KeyError, TypeError, ValueError):
        # A malformed event (e.g. from a buggy client) must not hide everything else.
        return


def position_fraction(value: Any) -> float:
    """``value`` as a reading position 0..1; raises ValueError for anything else (bools included)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a lesson position must be a number, not {value!r}")
    fraction = float(value)
    if not math.isfinite(fraction) or not 0.0 <= fraction <= 1.0:
        raise ValueError(f"a lesson position must be between 0 and 1, not {value!r}")
    return fraction


def _merge_quiz(lp: LearnerProgress, quiz_id: str, correct: int, total: int, passed: bool) -> None:
    old = lp.quizzes.get(quiz_id)
    if old is None:
        lp.quizzes[quiz_id] = QuizResult(quiz_id, 1, correct, total, passed)
        return
    # "Best" compares fractions exactly (cross-multiplied) and breaks ties towards more items.
    better = correct * max(old.best_total, 1) > old.best_correct * max(total, 1) or (
        correct * max(old.best_total, 1) == old.best_correct * max(total, 1) and total > old.best_total
    )
    lp.quizzes[quiz_id] = QuizResult(
        quiz_id,
        old.attempts + 1,
        correct if better else old.best_correct,
        total if better else old.best_total,
        old.passed or passed,
    )


@dataclass(frozen=True)
class CourseProgress:
    course_id: str
    status: CourseStatus
    lessons_completed: int
    lessons_total: int
    test_passed: bool
    test_best: QuizResult | None
    resume_lesson_id: str | None

    @property
    def percent(self) -> int:
        """Percent of lessons completed, 0-100 (the test is shown separately)."""
        if self.lessons_total == 0:
            return 0
        return (100 * self.lessons_completed) // self.lessons_total


def course_progress(lp: LearnerProgress, course: Course) -> CourseProgress:
    """How far ``lp`` has come in ``course``: completed means every lesson done and the test passed."""
    lesson_ids = [ref.id for ref in course.lessons]
    done = sum(1 for lid in lesson_ids if (course.id, lid) in lp.completed)
    touched = any((course.id, lid) in lp.opened for lid in lesson_ids)
    test = lp.quizzes.get(course.quiz_id)
    test_passed = bool(test and test.passed)
    if done == len(lesson_ids) and test_passed:
        status = CourseStatus.COMPLETED
    elif touched or done or test is not None:
        status = CourseStatus.IN_PROGRESS
    else:
        status = CourseStatus.NOT_STARTED
    return CourseProgress(
        course.id, status, done, len(lesson_ids), test_passed, test, lp.resume_lesson(course.id)
    )
