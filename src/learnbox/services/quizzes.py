"""Quiz attempts: lesson checks (feedback, unlimited retries) and course tests (drawn from a pool).

Every answer is written to the event log the moment it is given; an attempt only lives in memory
as a convenience for the screen that shows it. Finishing a passed check completes its lesson;
passing the test once every lesson is done records a certificate claim for the server to verify.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from learnbox.content import ContentError
from learnbox.core.events import EventType
from learnbox.core.grading import grade, passes
from learnbox.core.ids import new_id
from learnbox.core.model import Choice, Item, ItemKind, Quiz, QuizKind, check_quiz_id, course_test_quiz_id
from learnbox.core.progress import PROGRESS_EVENT_TYPES, derive
from learnbox.i18n import _
from learnbox.services.errors import NotFound, ServiceError
from learnbox.storage import Store

if TYPE_CHECKING:
    from learnbox.content import Catalog


@dataclass
class Attempt:
    attempt_id: str
    learner_id: str
    course_id: str
    lesson_id: str | None
    quiz: Quiz
    items: tuple[Item, ...]
    locale: str
    #: Display order of choices per item (shuffled; for ordering items never already solved).
    choice_order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Latest correctness per item id.
    results: dict[str, bool] = field(default_factory=dict)
    responses: dict[str, Any] = field(default_factory=dict)
    finished: bool = False

    @property
    def kind(self) -> QuizKind:
        return self.quiz.kind

    def choices_in_order(self, item: Item) -> list[Choice]:
        by_id = {c.id: c for c in item.choices}
        return [by_id[i] for i in self.choice_order.get(item.id, tuple(by_id))]


@dataclass(frozen=True)
class Feedback:
    correct: bool
    explanation_html: str
    correct_response_text: str


@dataclass(frozen=True)
class ReviewLine:
    item: Item
    response: Any
    correct: bool
    correct_response_text: str


@dataclass(frozen=True)
class AttemptResult:
    correct: int
    total: int
    passed: bool
    pass_mark: float
    review: list[ReviewLine]
    lesson_completed: bool = False
    claimed_certificate: bool = False


def describe_key(item: Item) -> str:
    """The correct answer in words, for feedback and review."""
    texts = {c.id: c.text or c.id for c in item.choices}
    targets = {t.id: t.text or t.id for t in item.targets}
    key = item.key
    if item.kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE) and isinstance(key, str):
        return texts.get(key, key)
    if item.kind is ItemKind.TRUE_FALSE:
        return _("True") if key is True else _("False")
    if item.kind is ItemKind.MULTIPLE and isinstance(key, tuple):
        return "; ".join(texts.get(k, k) for k in key)
    if item.kind is ItemKind.ORDERING and isinstance(key, tuple):
        return " → ".join(texts.get(k, k) for k in key)
    if item.kind is ItemKind.MATCHING and isinstance(key, dict):
        return "; ".join(f"{texts.get(a, a)} → {targets.get(b, b)}" for a, b in key.items())
    if item.kind is ItemKind.FILL_IN and item.accepted:
        return item.accepted[0]
    return ""


class QuizService:
    def __init__(
        self, store: Store, catalog: Catalog, rng: Callable[[], random.Random] = random.Random
    ) -> None:
        self._store = store
        self._catalog = catalog
        self._rng = rng()

    # ------------------------------------------------------------------ starting
    def start_check(self, learner_id: str, course_id: str, lesson_id: str, locale: str) -> Attempt:
        try:
            lesson = self._catalog.lesson(course_id, lesson_id, locale)
        except (KeyError, ContentError) as exc:
            raise NotFound(_("This lesson is not on this computer.")) from exc
        if lesson.check is None:
            raise NotFound(_("This lesson has no questions."))
        return self._start(
            learner_id, course_id, lesson_id, lesson.check, list(lesson.check.items), lesson.locale
        )

    def start_test(self, learner_id: str, course_id: str, locale: str) -> Attempt:
        try:
            quiz = self._catalog.test_quiz(course_id, locale)
        except (KeyError, ContentError) as exc:
            raise NotFound(_("This course has no test.")) from exc
        pool = list(quiz.items)
        draw = min(quiz.draw or len(pool), len(pool))
        items = self._rng.sample(pool, draw)
        return self._start(learner_id, course_id, None, quiz, items, locale)

    def _start(
        self,
        learner_id: str,
        course_id: str,
        lesson_id: str | None,
        quiz: Quiz,
        items: list[Item],
        locale: str,
    ) -> Attempt:
        attempt = Attempt(new_id(), learner_id, course_id, lesson_id, quiz, tuple(items), locale)
        for item in items:
            attempt.choice_order[item.id] = self._display_order(item)
        self._store.append(
            learner_id,
            EventType.QUIZ_STARTED,
            {
                "attempt_id": attempt.attempt_id,
                "quiz_id": quiz.id,
                "course_id": course_id,
                "kind": quiz.kind.value,
                "item_ids": [i.id for i in items],
                "locale": locale,
                "content_version": self._catalog.content_version,
            },
        )
        return attempt

    def _display_order(self, item: Item) -> tuple[str, ...]:
        ids = [c.id for c in item.choices]
        if item.kind in (ItemKind.TRUE_FALSE, ItemKind.FILL_IN) or len(ids) < 2:
            return tuple(ids)
        for _try in range(10):
            self._rng.shuffle(ids)
            if item.kind is not ItemKind.ORDERING or tuple(ids) != item.key:
                break
        return tuple(ids)

    # ------------------------------------------------------------------ answering
    def answer(self, attempt: Attempt, item_id: str, response: Any) -> Feedback:
        """Grade and record one answer now; in a check the learner may answer again."""
        from learnbox.content.render import item_html

        if attempt.finished:
            raise ServiceError(_("This quiz is already finished."))
        item = next((i for i in attempt.items if i.id == item_id), None)
        if item is None:
            raise NotFound(_("This question is not part of this quiz."))
        correct = grade(item, response)
        self._store.append(
            attempt.learner_id,
            EventType.ANSWER_GIVEN,
            {
                "attempt_id": attempt.attempt_id,
                "quiz_id": attempt.quiz.id,
                "item_id": item_id,
                "response": response,
                "correct": correct,
                "locale": attempt.locale,
            },
        )
        attempt.results[item_id] = correct
        attempt.responses[item_id] = response
        return Feedback(correct, item_html(item.explanation) if item.explanation else "", describe_key(item))

    def item_html(self, markdown_text: str) -> str:
        from learnbox.content.render import item_html

        return item_html(markdown_text)

    # ------------------------------------------------------------------ finishing
    def finish(self, attempt: Attempt) -> AttemptResult:
        """Close the attempt: score it, record the result and what follows from it."""
        if attempt.finished:
            raise ServiceError(_("This quiz is already finished."))
        total = len(attempt.items)
        correct = sum(1 for i in attempt.items if attempt.results.get(i.id))
        passed = passes(correct, total, attempt.quiz.pass_mark)
        if attempt.kind is QuizKind.CHECK:
            passed = correct == total  # checks are practice: done when every answer is right
        self._store.append(
            attempt.learner_id,
            EventType.QUIZ_FINISHED,
            {
                "attempt_id": attempt.attempt_id,
                "quiz_id": attempt.quiz.id,
                "course_id": attempt.course_id,
                "correct": correct,
                "total": total,
                "passed": passed,
            },
        )
        attempt.finished = True
        lesson_completed = False
        if attempt.kind is QuizKind.CHECK and passed and attempt.lesson_id:
            self._store.append(
                attempt.learner_id,
                EventType.LESSON_COMPLETED,
                {"course_id": attempt.course_id, "lesson_id": attempt.lesson_id},
            )
            lesson_completed = True
        claimed = self.claim_if_earned(attempt.learner_id, attempt.course_id) if passed else False
        review = [
            ReviewLine(i, attempt.responses.get(i.id), bool(attempt.results.get(i.id)), describe_key(i))
            for i in attempt.items
        ]
        return AttemptResult(
            correct, total, passed, attempt.quiz.pass_mark, review, lesson_completed, claimed
        )

    def claim_if_earned(self, learner_id: str, course_id: str) -> bool:
        """Record a certificate claim once every lesson is done and the test passed (once per course)."""
        course = self._catalog.course(course_id, "vi")
        # Answers are the bulk of a log and play no part here: leave them out of the read.
        events = self._store.events_for_learner(learner_id, types=PROGRESS_EVENT_TYPES)
        lp = derive(learner_id, events)
        if not all((course_id, ref.id) in lp.completed for ref in course.lessons):
            return False
        test_id = course_test_quiz_id(course_id)
        # Events pulled from other PCs may be malformed: one without an attempt id is skipped.
        passed_attempts = [
            e.payload["attempt_id"]
            for e in events
            if e.type == EventType.QUIZ_FINISHED
            and e.payload.get("quiz_id") == test_id
            and e.payload.get("passed") is True
            and isinstance(e.payload.get("attempt_id"), str)
            and e.payload["attempt_id"]
        ]
        if not passed_attempts:
            return False
        open_claims = [
            c for cid, c in lp.claims.items() if c.get("course_id") == course_id and cid not in lp.rejected
        ]
        if open_claims:
            return False
        self._store.append(
            learner_id,
            EventType.CERTIFICATE_CLAIMED,
            {
                "claim_id": new_id(),
                "course_id": course_id,
                "content_version": self._catalog.content_version,
                "attempt_ids": passed_attempts,
            },
        )
        return True


__all__ = ["Attempt", "AttemptResult", "Feedback", "QuizService", "ReviewLine", "check_quiz_id"]
