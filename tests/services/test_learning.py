"""The learner's journey through the services: lesson, check, test, progress, claim."""

from __future__ import annotations

from learnbox.core.events import EventType
from learnbox.core.model import ItemKind
from learnbox.core.progress import CourseStatus
from learnbox.services import LearnBox
from learnbox.services.courses import CertificateStatus
from learnbox.services.quizzes import Attempt


def right(item_kind: ItemKind, key: object, accepted: tuple[str, ...]) -> object:
    if item_kind is ItemKind.FILL_IN:
        return accepted[0].upper()
    if isinstance(key, tuple):
        return list(key)
    return key


def answer_all(lb: LearnBox, attempt: Attempt, correct: bool) -> None:
    for item in attempt.items:
        response = right(item.kind, item.key, item.accepted) if correct else "definitely wrong"
        assert lb.quizzes.answer(attempt, item.id, response).correct is correct


def test_lesson_check_test_progress_and_claim(lb: LearnBox) -> None:
    learner = lb.learners.create("Hoa", None, "vi").learner_id
    assert lb.courses.overview(learner, "vi")[0].progress.status is CourseStatus.NOT_STARTED

    page = lb.lessons.open(learner, "mini", "one", "vi")
    assert page.position == 1 and page.next_id == "two" and page.previous_id is None
    assert 'src="lbimg:mini/images/dot.svg"' in page.html
    assert lb.courses.detail(learner, "mini", "vi").progress.resume_lesson_id == "one"

    check = lb.quizzes.start_check(learner, "mini", "one", "vi")
    first = check.items[0]
    feedback = lb.quizzes.answer(check, first.id, "b")  # wrong, then retry
    assert not feedback.correct and feedback.correct_response_text == "A"
    answer_all(lb, check, correct=True)
    result = lb.quizzes.finish(check)
    assert result.passed and result.lesson_completed
    assert lb.courses.detail(learner, "mini", "vi").progress.lessons_completed == 1

    lb.lessons.open(learner, "mini", "two", "vi")
    check2 = lb.quizzes.start_check(learner, "mini", "two", "vi")
    answer_all(lb, check2, correct=True)
    lb.quizzes.finish(check2)

    failed = lb.quizzes.start_test(learner, "mini", "vi")
    assert len(failed.items) == 2
    answer_all(lb, failed, correct=False)
    result = lb.quizzes.finish(failed)
    assert not result.passed and result.correct == 0 and not result.claimed_certificate
    assert lb.courses.detail(learner, "mini", "vi").progress.status is CourseStatus.IN_PROGRESS

    passed = lb.quizzes.start_test(learner, "mini", "vi")
    answer_all(lb, passed, correct=True)
    result = lb.quizzes.finish(passed)
    assert result.passed and result.claimed_certificate

    detail = lb.courses.detail(learner, "mini", "vi")
    assert detail.progress.status is CourseStatus.COMPLETED and detail.progress.percent == 100
    assert detail.certificate is not None and detail.certificate.status is CertificateStatus.WAITING
    summary = lb.progress.summary(learner, "vi")
    assert summary.courses_completed == 1 and summary.lessons_completed == 2

    # Passing again does not claim twice.
    again = lb.quizzes.start_test(learner, "mini", "vi")
    answer_all(lb, again, correct=True)
    assert not lb.quizzes.finish(again).claimed_certificate

    # Every answer is in the log, with the raw response the server will re-grade.
    events = lb.store.events_for_learner(learner)
    answers = [e for e in events if e.type == EventType.ANSWER_GIVEN]
    assert len(answers) == 3 + 1 + 3 + 2 + 2 + 2
    claim = next(e for e in events if e.type == EventType.CERTIFICATE_CLAIMED)
    assert passed.attempt_id in claim.payload["attempt_ids"]
    assert failed.attempt_id not in claim.payload["attempt_ids"]


def test_ordering_items_are_never_shown_already_solved(lb: LearnBox) -> None:
    learner = lb.learners.create("Hoa", None, "vi").learner_id
    for _ in range(20):
        attempt = lb.quizzes.start_test(learner, "mini", "vi")
        for item in attempt.items:
            if item.kind is ItemKind.ORDERING:
                assert attempt.choice_order[item.id] != item.key


def test_fallback_locale_is_reported(lb: LearnBox) -> None:
    learner = lb.learners.create("Sok", None, "km").learner_id
    page = lb.lessons.open(learner, "mini", "one", "km")
    assert page.is_fallback and page.lesson.locale == "en"
