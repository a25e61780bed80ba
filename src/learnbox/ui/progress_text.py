"""Plain words for progress: course status, lesson counts, test results, certificates."""

from __future__ import annotations

from learnbox.core.progress import CourseProgress, CourseStatus
from learnbox.i18n import _, ngettext
from learnbox.i18n.formatting import percent
from learnbox.services.courses import CertificateState, CertificateStatus


def status_text(status: CourseStatus) -> str:
    if status is CourseStatus.COMPLETED:
        return _("Completed")
    if status is CourseStatus.IN_PROGRESS:
        return _("In progress")
    return _("Not started")


def lessons_text(progress: CourseProgress) -> str:
    return ngettext(
        "%(done)d of %(total)d lesson done",
        "%(done)d of %(total)d lessons done",
        progress.lessons_total,
    ) % {"done": progress.lessons_completed, "total": progress.lessons_total}


def test_text(progress: CourseProgress) -> str:
    best = progress.test_best
    if best is None:
        return _("Test: not taken yet")
    fraction = best.best_correct / best.best_total if best.best_total else 0.0
    if progress.test_passed:
        return _("Test: passed (best {score})").format(score=percent(fraction))
    return _("Test: not passed yet (best {score})").format(score=percent(fraction))


def certificate_text(state: CertificateState) -> str:
    if state.status is CertificateStatus.WAITING:
        return _("Certificate: waiting for verification")
    if state.status is CertificateStatus.ISSUED:
        return _("Certificate: issued, code {code}").format(code=state.code or "")
    if state.status is CertificateStatus.REVOKED:
        return _("Certificate: withdrawn")
    return _("Certificate: not given. Ask your teacher why.")
