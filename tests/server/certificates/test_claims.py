"""Claim verification re-grades the stored raw answers with the server's keys."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from learnbox.certs.reasons import RejectReason, reason_message
from learnbox.core.events import EventType
from learnbox.core.ids import new_id
from learnbox.server.certificates.claims import (
    Accept,
    Claim,
    ClaimFormatError,
    Reject,
    needed_to_pass,
    verify_claim,
)

from .claim_fixtures import CORRECT, FakeCatalog, Learner, ten_of


def verdict(learner: Learner, catalog: FakeCatalog, *attempts: str) -> Accept | Reject:
    claim = Claim.from_event(learner.claim(*attempts))
    return verify_claim(claim, learner.events, catalog)


def test_true_pass_is_accepted(learner: Learner, catalog: FakeCatalog) -> None:
    attempt = learner.attempt(ten_of(CORRECT, wrong=2))  # 8/10 = exactly the pass mark
    result = verdict(learner, catalog, attempt)
    assert isinstance(result, Accept), result
    assert result.attempts[0].correct == 8 and result.attempts[0].total == 10
    assert result.locale == "vi"


def test_failing_answers_are_rejected_even_if_client_says_passed(
    learner: Learner, catalog: FakeCatalog
) -> None:
    attempt = learner.attempt(ten_of(CORRECT, wrong=3))
    result = verdict(learner, catalog, attempt)
    assert isinstance(result, Reject) and result.reason is RejectReason.NOT_PASSED
    assert result.params == {"correct": 7, "total": 10, "needed": 8}
    text = reason_message(result.reason, result.params, "en")
    assert "7 of 10" in text and "8 are needed" in text


def test_last_answer_per_item_counts(learner: Learner, catalog: FakeCatalog) -> None:
    responses = ten_of(CORRECT, wrong=3)
    attempt = learner.attempt(responses)
    # The learner changed two wrong answers to right ones afterwards (later HLC).
    for item_id in list(responses)[:2]:
        learner.add(
            EventType.ANSWER_GIVEN,
            {"attempt_id": attempt, "quiz_id": "using-a-computer/test", "item_id": item_id, "response": "a"},
        )
    assert isinstance(verdict(learner, catalog, attempt), Accept)
    # ... and order of the stored events does not matter.
    learner.events.reverse()
    assert isinstance(verdict(learner, catalog, attempt), Accept)
    # A later wrong answer replaces an earlier right one.
    for item_id in list(responses)[3:6]:
        learner.add(
            EventType.ANSWER_GIVEN,
            {"attempt_id": attempt, "quiz_id": "using-a-computer/test", "item_id": item_id, "response": "b"},
        )
    assert isinstance(verdict(learner, catalog, attempt), Reject)


def test_fill_in_graded_with_the_attempt_locale(learner: Learner, catalog: FakeCatalog) -> None:
    responses = {**ten_of(CORRECT), "f": "mouse"}
    responses.pop("s1")
    en = learner.attempt(responses, locale="en")
    assert isinstance(verdict(learner, catalog, en), Accept)
    vi = learner.attempt({**responses, "s2": "b", "s3": "b"}, locale="vi")  # "mouse" is wrong in vi
    result = verdict(learner, catalog, vi)
    assert isinstance(result, Reject) and result.params["correct"] == 7


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda lr: lr.attempt(dict(list(CORRECT.items())[:9])), RejectReason.WRONG_ITEM_COUNT),
        (
            lambda lr: lr.attempt(
                {**ten_of(CORRECT), "s1": None} | {"zz": "a"}, drawn=[*list(ten_of(CORRECT))[1:], "zz"]
            ),
            RejectReason.ITEM_NOT_IN_TEST,
        ),
        (
            lambda lr: lr.attempt(dict(list(CORRECT.items())[:9]), drawn=list(ten_of(CORRECT))),
            RejectReason.INCOMPLETE_ATTEMPT,
        ),
        (
            lambda lr: lr.attempt({**ten_of(CORRECT), "s9": "a"}, drawn=list(ten_of(CORRECT))),
            RejectReason.ITEM_NOT_IN_TEST,
        ),
        (
            lambda lr: lr.attempt(ten_of(CORRECT), quiz_id="using-a-computer/mouse/check"),
            RejectReason.NOT_COURSE_TEST,
        ),
        (lambda lr: new_id(), RejectReason.ATTEMPT_NOT_FOUND),
    ],
)
def test_rejections(learner: Learner, catalog: FakeCatalog, build: Any, reason: RejectReason) -> None:
    result = verdict(learner, catalog, build(learner))
    assert isinstance(result, Reject), result
    assert result.reason is reason, result
    assert reason_message(result.reason, result.params, "en")


def test_duplicate_drawn_items_are_malformed(learner: Learner, catalog: FakeCatalog) -> None:
    responses = ten_of(CORRECT)
    attempt = learner.attempt(responses, drawn=[*list(responses)[:9], "s1"])
    result = verdict(learner, catalog, attempt)
    assert isinstance(result, Reject) and result.reason is RejectReason.MALFORMED_CLAIM


def test_another_learners_attempt_does_not_count(catalog: FakeCatalog) -> None:
    alice, bob = Learner(), Learner()
    attempt = alice.attempt(ten_of(CORRECT))
    claim = Claim.from_event(bob.claim(attempt))
    result = verify_claim(claim, alice.events + bob.events, catalog)
    assert isinstance(result, Reject) and result.reason is RejectReason.ATTEMPT_NOT_FOUND


def test_one_truly_passing_attempt_is_enough(learner: Learner, catalog: FakeCatalog) -> None:
    good = learner.attempt(ten_of(CORRECT))
    bad = learner.attempt(ten_of(CORRECT, wrong=5))
    result = verdict(learner, catalog, bad, good, new_id())
    assert isinstance(result, Accept)
    assert [a.attempt_id for a in result.attempts] == [good]


def test_when_none_passes_the_best_attempt_explains(learner: Learner, catalog: FakeCatalog) -> None:
    worse = learner.attempt(ten_of(CORRECT, wrong=6))
    better = learner.attempt(ten_of(CORRECT, wrong=3))
    short = learner.attempt(dict(list(CORRECT.items())[:9]))
    result = verdict(learner, catalog, new_id(), short, worse, better)
    assert isinstance(result, Reject) and result.reason is RejectReason.NOT_PASSED
    assert result.params["correct"] == 7
    only_structural = verdict(learner, catalog, new_id(), short)
    assert isinstance(only_structural, Reject) and only_structural.reason is RejectReason.WRONG_ITEM_COUNT


def test_unknown_course(learner: Learner, catalog: FakeCatalog) -> None:
    attempt = learner.attempt(ten_of(CORRECT))
    claim = Claim.from_event(learner.claim(attempt, course_id="no-such-course"))
    result = verify_claim(claim, learner.events, catalog)
    assert isinstance(result, Reject) and result.reason is RejectReason.UNKNOWN_COURSE


def test_no_attempts(learner: Learner, catalog: FakeCatalog) -> None:
    claim = Claim.from_event(learner.claim())
    result = verify_claim(claim, learner.events, catalog)
    assert isinstance(result, Reject) and result.reason is RejectReason.NO_ATTEMPTS


def test_required_tests_must_all_be_covered(learner: Learner, catalog: FakeCatalog) -> None:
    attempt = learner.attempt(ten_of(CORRECT))
    claim = Claim.from_event(learner.claim(attempt))
    result = verify_claim(
        claim, learner.events, catalog, required_tests=lambda c: (f"{c}/test", f"{c}/practical")
    )
    assert isinstance(result, Reject) and result.reason is RejectReason.TEST_MISSING


def test_same_input_same_verdict(learner: Learner, catalog: FakeCatalog) -> None:
    attempt = learner.attempt(ten_of(CORRECT, wrong=4))
    claim = Claim.from_event(learner.claim(attempt))
    assert verify_claim(claim, learner.events, catalog) == verify_claim(
        claim, list(reversed(learner.events)), catalog
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"claim_id": "nope", "course_id": "c", "content_version": "v", "attempt_ids": []},
        {"claim_id": new_id(), "course_id": "", "content_version": "v", "attempt_ids": []},
        {"claim_id": new_id(), "course_id": "c", "content_version": 3, "attempt_ids": []},
        {"claim_id": new_id(), "course_id": "c", "content_version": "v", "attempt_ids": "a"},
        {"claim_id": new_id(), "course_id": "c", "content_version": "v", "attempt_ids": ["a", "a"]},
    ],
)
def test_malformed_claim_payloads(learner: Learner, payload: dict[str, Any]) -> None:
    event = learner.add(EventType.CERTIFICATE_CLAIMED, payload)
    with pytest.raises(ClaimFormatError):
        Claim.from_event(event)
    with pytest.raises(ClaimFormatError):
        Claim.from_event(replace(event, type=EventType.QUIZ_FINISHED))


def test_needed_to_pass() -> None:
    assert needed_to_pass(10, 0.8) == 8
    assert needed_to_pass(7, 0.8) == 6
    assert needed_to_pass(3, 1.0) == 3


def test_unknown_reason_code_falls_back_to_generic_message() -> None:
    assert reason_message("from-a-newer-server") == reason_message(RejectReason.MALFORMED_CLAIM)
