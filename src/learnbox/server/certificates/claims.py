"""Server-side verification of a certificate claim, from the events the server holds.

Nothing the client says about results is trusted: not the ``correct`` flag of an answer, not
the ``passed`` flag of a finished attempt. For every attempt the claim rests on, the server takes
the raw responses, re-grades them with :func:`learnbox.core.grading.grade` against its own copy
of the answer keys (the catalog), and applies the course's draw size and pass mark.

An attempt counts only when all of these hold:

* it was started (``quiz.started``) by this learner, for this course's final test;
* it drew exactly as many distinct items as the test requires, all from the test pool;
* every drawn item has an answer, and no answer is for an item the attempt did not draw; when an
  item was answered several times, the last answer (by HLC, then device sequence) counts;
* the re-graded answers reach the course's pass mark.

The claim is accepted when, for every test the course requires, at least one attempt it names
counts (the client names every attempt it believes passed; one that the server grades
differently, e.g. after an answer key was corrected, does not sink the others). Otherwise the
reason given is that of the best failed attempt: the one that got furthest, or for "not passed"
the one with the most correct answers, so the learner hears the most useful reason.

The function is pure: the same claim and events always give the same verdict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from learnbox.certs.reasons import RejectReason
from learnbox.content import ContentError
from learnbox.core.events import Event, EventType
from learnbox.core.grading import grade, passes
from learnbox.core.ids import is_uuid
from learnbox.core.model import Quiz, course_test_quiz_id

log = logging.getLogger(__name__)


class QuizCatalog(Protocol):
    """The part of :class:`learnbox.content.Catalog` claim verification needs."""

    def test_quiz(self, course_id: str, locale: str) -> Quiz: ...


@dataclass(frozen=True)
class Claim:
    claim_id: str
    learner_id: str
    course_id: str
    content_version: str
    attempt_ids: tuple[str, ...]
    event_id: str = ""
    device_id: str = ""

    @classmethod
    def from_event(cls, event: Event) -> Claim:
        """Read a ``certificate.claimed`` event; ClaimFormatError when its payload is malformed."""
        if event.type != EventType.CERTIFICATE_CLAIMED:
            raise ClaimFormatError(f"event {event.event_id} is a {event.type}, not a certificate claim")
        p = event.payload
        claim_id, course_id, version = p.get("claim_id"), p.get("course_id"), p.get("content_version")
        attempts = p.get("attempt_ids")
        if not is_uuid(claim_id):
            raise ClaimFormatError("claim_id must be a UUID")
        if not isinstance(course_id, str) or not course_id:
            raise ClaimFormatError("course_id must be a non-empty string")
        if not isinstance(version, str):
            raise ClaimFormatError("content_version must be a string")
        if not isinstance(attempts, list) or not all(isinstance(a, str) and a for a in attempts):
            raise ClaimFormatError("attempt_ids must be a list of attempt ids")
        if len(set(attempts)) != len(attempts):
            raise ClaimFormatError("attempt_ids lists an attempt twice")
        return cls(
            str(claim_id),
            event.learner_id,
            course_id,
            version,
            tuple(attempts),
            event.event_id,
            event.device_id,
        )


class ClaimFormatError(ValueError):
    """A ``certificate.claimed`` payload that cannot be a claim."""


@dataclass(frozen=True)
class AttemptResult:
    attempt_id: str
    quiz_id: str
    locale: str
    correct: int
    total: int
    pass_mark: float


@dataclass(frozen=True)
class Accept:
    claim: Claim
    attempts: tuple[AttemptResult, ...]

    @property
    def locale(self) -> str:
        """The language the learner took the (first) test in: the certificate's language."""
        return self.attempts[0].locale


@dataclass(frozen=True)
class Reject:
    reason: RejectReason
    params: dict[str, Any] = field(default_factory=dict)
    detail: str = ""  # English, for the server log and support; never shown as the learner's reason


Verdict = Accept | Reject


def needed_to_pass(total: int, pass_mark: float) -> int:
    """The fewest correct answers out of ``total`` that pass (same integer rule as grading)."""
    return next((c for c in range(total + 1) if passes(c, total, pass_mark)), total + 1)


def verify_claim(
    claim: Claim,
    events: Iterable[Event],
    catalog: QuizCatalog,
    required_tests: Callable[[str], Iterable[str]] = lambda course_id: (course_test_quiz_id(course_id),),
) -> Verdict:
    """Re-grade the attempts ``claim`` rests on from ``events`` (the learner's stored events)."""
    own = [e for e in events if e.learner_id == claim.learner_id]
    starts: dict[str, Event] = {}
    answers: dict[str, list[Event]] = {}
    for event in own:
        attempt_id = event.payload.get("attempt_id")
        if not isinstance(attempt_id, str):
            continue
        if event.type == EventType.QUIZ_STARTED:
            # A duplicate start for one attempt id is only possible from a broken or forged client;
            # keep the earliest so the verdict does not depend on event order.
            if attempt_id not in starts or _order(event) < _order(starts[attempt_id]):
                starts[attempt_id] = event
        elif event.type == EventType.ANSWER_GIVEN:
            answers.setdefault(attempt_id, []).append(event)
    if not claim.attempt_ids:
        return Reject(RejectReason.NO_ATTEMPTS, detail="the claim names no attempts")
    try:
        catalog.test_quiz(claim.course_id, "vi")  # any locale: this only asks whether the course exists
    except ContentError as exc:
        return Reject(RejectReason.UNKNOWN_COURSE, {"course_id": claim.course_id}, detail=str(exc))
    passed: list[AttemptResult] = []
    failures: list[Reject] = []
    for attempt_id in claim.attempt_ids:
        outcome = _grade_attempt(
            claim, attempt_id, starts.get(attempt_id), answers.get(attempt_id, []), catalog
        )
        if isinstance(outcome, Reject):
            failures.append(outcome)
        else:
            passed.append(outcome)
    missing = set(required_tests(claim.course_id)) - {r.quiz_id for r in passed}
    if not missing:
        return Accept(claim, tuple(passed))
    if failures:
        return min(failures, key=_failure_rank)
    return Reject(RejectReason.TEST_MISSING, detail=f"no passed attempt of {sorted(missing)}")


#: Which failed attempt explains a rejection best: one that was graded beats one that was not.
_FAILURE_ORDER = (
    RejectReason.NOT_PASSED,
    RejectReason.INCOMPLETE_ATTEMPT,
    RejectReason.WRONG_ITEM_COUNT,
    RejectReason.ITEM_NOT_IN_TEST,
    RejectReason.MALFORMED_CLAIM,
    RejectReason.NOT_COURSE_TEST,
    RejectReason.UNKNOWN_COURSE,
    RejectReason.ATTEMPT_NOT_FOUND,
)


def _failure_rank(reject: Reject) -> tuple[int, int]:
    order = _FAILURE_ORDER.index(reject.reason) if reject.reason in _FAILURE_ORDER else len(_FAILURE_ORDER)
    return order, -int(reject.params.get("correct", 0))


def _order(event: Event) -> tuple[str, int, str]:
    return (event.hlc, event.device_seq, event.event_id)


def _grade_attempt(
    claim: Claim,
    attempt_id: str,
    start: Event | None,
    answer_events: list[Event],
    catalog: QuizCatalog,
) -> AttemptResult | Reject:
    if start is None:
        return Reject(
            RejectReason.ATTEMPT_NOT_FOUND,
            {"attempt_id": attempt_id},
            detail=f"no quiz.started for attempt {attempt_id} of learner {claim.learner_id}",
        )
    p = start.payload
    quiz_id = course_test_quiz_id(claim.course_id)
    if p.get("quiz_id") != quiz_id or p.get("course_id", claim.course_id) != claim.course_id:
        return Reject(RejectReason.NOT_COURSE_TEST, detail=f"attempt {attempt_id} is of {p.get('quiz_id')!r}")
    raw_locale = p.get("locale")
    locale = raw_locale if isinstance(raw_locale, str) and raw_locale else "vi"
    try:
        quiz = catalog.test_quiz(claim.course_id, locale)
    except ContentError as exc:
        return Reject(RejectReason.UNKNOWN_COURSE, {"course_id": claim.course_id}, detail=str(exc))
    drawn = p.get("item_ids")
    if (
        not isinstance(drawn, list)
        or not all(isinstance(i, str) for i in drawn)
        or len(set(drawn)) != len(drawn)
    ):
        return Reject(RejectReason.MALFORMED_CLAIM, detail=f"attempt {attempt_id}: item_ids malformed")
    needed = min(quiz.draw, len(quiz.items)) if quiz.draw else len(quiz.items)
    if len(drawn) != needed:
        return Reject(RejectReason.WRONG_ITEM_COUNT, {"given": len(drawn), "needed": needed})
    items = {item_id: quiz.item(item_id) for item_id in drawn}
    not_in_pool = sorted(i for i, item in items.items() if item is None)
    if not_in_pool:
        return Reject(
            RejectReason.ITEM_NOT_IN_TEST, detail=f"attempt {attempt_id}: {not_in_pool} not in pool"
        )
    last: dict[str, Event] = {}
    for event in answer_events:
        item_id = event.payload.get("item_id")
        if event.payload.get("quiz_id", quiz_id) != quiz_id or item_id not in items:
            return Reject(
                RejectReason.ITEM_NOT_IN_TEST,
                detail=f"attempt {attempt_id}: answer to undrawn item {item_id!r}",
            )
        assert isinstance(item_id, str)
        if item_id not in last or _order(event) > _order(last[item_id]):
            last[item_id] = event
    if len(last) != len(drawn):
        return Reject(RejectReason.INCOMPLETE_ATTEMPT, {"answered": len(last), "total": len(drawn)})
    correct = sum(1 for item_id, item in items.items() if item and grade(item, _response(last[item_id])))
    total = len(drawn)
    if not passes(correct, total, quiz.pass_mark):
        return Reject(
            RejectReason.NOT_PASSED,
            {"correct": correct, "total": total, "needed": needed_to_pass(total, quiz.pass_mark)},
            detail=f"attempt {attempt_id}: {correct}/{total} below pass mark {quiz.pass_mark}",
        )
    return AttemptResult(attempt_id, quiz_id, locale, correct, total, quiz.pass_mark)


def _response(event: Event) -> Any:
    payload: Mapping[str, Any] = event.payload
    return payload.get("response")
