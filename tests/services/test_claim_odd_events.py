"""A malformed quiz.finished (from another PC's buggy build, pulled by sync) must not crash the
learner's own passed test when it records the certificate claim."""

from __future__ import annotations

from learnbox.core.events import EventType
from learnbox.core.model import course_test_quiz_id
from learnbox.services import LearnBox
from tests.services.test_learning import answer_all


def test_passed_test_claims_despite_a_malformed_finished_event(lb: LearnBox) -> None:
    learner = lb.learners.create("Hoa", None, "vi").learner_id
    for lesson in ("one", "two"):
        check = lb.quizzes.start_check(learner, "mini", lesson, "vi")
        answer_all(lb, check, correct=True)
        lb.quizzes.finish(check)
    # No attempt id, as a broken client might have written it.
    lb.store.append(learner, EventType.QUIZ_FINISHED, {"quiz_id": course_test_quiz_id("mini"), "passed": True})
    test = lb.quizzes.start_test(learner, "mini", "vi")
    answer_all(lb, test, correct=True)
    result = lb.quizzes.finish(test)
    assert result.passed and result.claimed_certificate
    claim = next(e for e in lb.store.events_for_learner(learner) if e.type == EventType.CERTIFICATE_CLAIMED)
    assert claim.payload["attempt_ids"] == [test.attempt_id]
