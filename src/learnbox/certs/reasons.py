"""Why the server rejects a certificate claim: stable codes and the messages learners read.

Shared by the server (which sends ``reason_code`` and ``params`` in the ``certificate.rejected``
record) and the client (which shows :func:`reason_message` in the learner's language). The
messages are marked with ``N_`` for extraction and translated only when shown; ``params`` fill
``{named}`` placeholders after translation, so translators can move them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from learnbox.i18n import N_, translate_in


class RejectReason(StrEnum):
    MALFORMED_CLAIM = "malformed_claim"
    UNKNOWN_COURSE = "unknown_course"
    NO_ATTEMPTS = "no_attempts"
    ATTEMPT_NOT_FOUND = "attempt_not_found"
    NOT_COURSE_TEST = "not_course_test"
    WRONG_ITEM_COUNT = "wrong_item_count"
    ITEM_NOT_IN_TEST = "item_not_in_test"
    INCOMPLETE_ATTEMPT = "incomplete_attempt"
    NOT_PASSED = "not_passed"
    TEST_MISSING = "test_missing"
    LEARNER_NOT_HERE = "learner_not_here"


MESSAGES: dict[RejectReason, str] = {
    RejectReason.MALFORMED_CLAIM: N_("The certificate request was damaged. Please pass the test again."),
    RejectReason.UNKNOWN_COURSE: N_("This course is not offered by the certificate office."),
    RejectReason.NO_ATTEMPTS: N_("The certificate request did not include a finished test."),
    RejectReason.ATTEMPT_NOT_FOUND: N_(
        "Some of your test answers have not reached the certificate office yet. "
        "Sync again, then ask for the certificate again."
    ),
    RejectReason.NOT_COURSE_TEST: N_("The test you passed is not the final test of this course."),
    RejectReason.WRONG_ITEM_COUNT: N_(
        "Your test had {given} questions, but this course's test has {needed}. Please take the test again."
    ),
    RejectReason.ITEM_NOT_IN_TEST: N_(
        "Your test contained a question that is not part of this course's test. Please take the test again."
    ),
    RejectReason.INCOMPLETE_ATTEMPT: N_(
        "Not every question of your test was answered. Please take the test again."
    ),
    RejectReason.NOT_PASSED: N_(
        "You answered {correct} of {total} questions correctly; {needed} are needed to pass. "
        "Please study the lessons again and retake the test."
    ),
    RejectReason.TEST_MISSING: N_("You have not yet passed every test this course requires."),
    RejectReason.LEARNER_NOT_HERE: N_("This computer's centre cannot request certificates for this learner."),
}


def reason_message(code: str, params: Mapping[str, object] | None = None, language: str = "en") -> str:
    """The message for ``code`` in ``language``, with its ``{placeholders}`` filled in.

    An unknown code (from a newer server) gives the generic "damaged" message rather than failing.
    """
    try:
        template = MESSAGES[RejectReason(code)]
    except ValueError:
        template = MESSAGES[RejectReason.MALFORMED_CLAIM]
    text = translate_in(language, template)
    try:
        return text.format(**(params or {}))
    except (KeyError, IndexError, ValueError):
        # A translation with a broken placeholder must not hide the reason: use the English text.
        try:
            return template.format(**(params or {}))
        except (KeyError, IndexError, ValueError):
            return template
