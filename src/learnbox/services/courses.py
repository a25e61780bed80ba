"""Courses and lessons as a learner sees them: the catalogue with their own progress, and lesson pages."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from learnbox.content import ContentError
from learnbox.core.events import EventType
from learnbox.core.model import Course, Lesson, LessonRef
from learnbox.core.progress import (
    PROGRESS_EVENT_TYPES,
    CourseProgress,
    LearnerProgress,
    course_progress,
    derive,
    position_fraction,
)
from learnbox.i18n import _
from learnbox.services.errors import NotFound
from learnbox.storage import Store

if TYPE_CHECKING:
    from learnbox.content import Catalog

log = logging.getLogger(__name__)

#: Reading positions closer than this to the saved one are not recorded: leaving a lesson after
#: a nudge of the scroll wheel should not add an event to a log that every sync carries.
MIN_POSITION_CHANGE = 0.02


class CertificateStatus(StrEnum):
    WAITING = "waiting"  # claimed, not yet verified by the server
    ISSUED = "issued"
    REJECTED = "rejected"
    REVOKED = "revoked"


@dataclass(frozen=True)
class CertificateState:
    course_id: str
    claim_id: str
    status: CertificateStatus
    code: str | None = None
    reason: str | None = None  # for REJECTED: the server's reason code, translated by the UI
    credential: dict[str, Any] | None = None


@dataclass(frozen=True)
class CourseCard:
    course: Course
    progress: CourseProgress


@dataclass(frozen=True)
class LessonStatus:
    ref: LessonRef
    opened: bool
    completed: bool


@dataclass(frozen=True)
class CourseDetail:
    course: Course
    progress: CourseProgress
    lessons: list[LessonStatus]
    certificate: CertificateState | None


@dataclass(frozen=True)
class LessonPage:
    lesson: Lesson
    html: str
    previous_id: str | None
    next_id: str | None
    position: int  # 1-based
    count: int
    completed: bool
    position_fraction: float = 0.0  # where the learner left the text last time, 0..1 of its scroll range

    @property
    def is_fallback(self) -> bool:
        return self.lesson.is_fallback


def certificate_state(lp: LearnerProgress, course_id: str) -> CertificateState | None:
    """The newest claim for ``course_id`` and what the server said about it."""
    claims = [c for c in lp.claims.values() if c.get("course_id") == course_id]
    if not claims:
        return None
    # An issued credential wins over later re-claims; otherwise the newest claim decides.
    for claim in claims:
        issued = lp.issued.get(str(claim["claim_id"]))
        if issued:
            code = str(issued.get("code", ""))
            status = CertificateStatus.REVOKED if code in lp.revoked_codes else CertificateStatus.ISSUED
            return CertificateState(
                course_id, str(claim["claim_id"]), status, code, None, issued.get("credential")
            )
    latest = max(claims, key=lambda c: str(c.get("claim_id")))  # UUIDv7 ids sort by time
    claim_id = str(latest["claim_id"])
    rejected = lp.rejected.get(claim_id)
    if rejected:
        return CertificateState(
            course_id, claim_id, CertificateStatus.REJECTED, None, str(rejected.get("reason_code", ""))
        )
    return CertificateState(course_id, claim_id, CertificateStatus.WAITING)


class CourseService:
    def __init__(self, store: Store, catalog: Catalog) -> None:
        self._store = store
        self._catalog = catalog

    def progress_of(self, learner_id: str) -> LearnerProgress:
        return derive(learner_id, self._store.events_for_learner(learner_id, types=PROGRESS_EVENT_TYPES))

    def course(self, course_id: str, locale: str) -> Course:
        try:
            return self._catalog.course(course_id, locale)
        except (KeyError, ContentError) as exc:
            raise NotFound(_("This course is not on this computer.")) from exc

    def available(self, locale: str) -> list[Course]:
        """Every course that loads; a damaged course is logged and left out, not fatal to the rest."""
        found = []
        for course_id in self._catalog.course_ids():
            try:
                found.append(self._catalog.course(course_id, locale))
            except ContentError as exc:
                log.error("course %s left out: %s", course_id, exc)
        return found

    def overview(self, learner_id: str, locale: str) -> list[CourseCard]:
        lp = self.progress_of(learner_id)
        return [CourseCard(c, course_progress(lp, c)) for c in self.available(locale)]

    def detail(self, learner_id: str, course_id: str, locale: str) -> CourseDetail:
        course = self.course(course_id, locale)
        lp = self.progress_of(learner_id)
        lessons = [
            LessonStatus(ref, (course_id, ref.id) in lp.opened, (course_id, ref.id) in lp.completed)
            for ref in course.lessons
        ]
        return CourseDetail(course, course_progress(lp, course), lessons, certificate_state(lp, course_id))


class LessonService:
    def __init__(self, store: Store, catalog: Catalog) -> None:
        self._store = store
        self._catalog = catalog

    def open(self, learner_id: str, course_id: str, lesson_id: str, locale: str) -> LessonPage:
        """The lesson page, and a ``lesson.opened`` event so the learner can resume here."""
        from learnbox.content.render import lesson_html

        try:
            course = self._catalog.course(course_id, locale)
            lesson = self._catalog.lesson(course_id, lesson_id, locale)
        except (KeyError, ContentError) as exc:
            raise NotFound(_("This lesson is not on this computer.")) from exc
        ids = [ref.id for ref in course.lessons]
        index = ids.index(lesson_id)
        self._store.append(
            learner_id,
            EventType.LESSON_OPENED,
            {"course_id": course_id, "lesson_id": lesson_id, "locale": lesson.locale},
        )
        lp = self._lesson_state(learner_id)
        return LessonPage(
            lesson=lesson,
            html=lesson_html(lesson.body, course_id),
            previous_id=ids[index - 1] if index > 0 else None,
            next_id=ids[index + 1] if index + 1 < len(ids) else None,
            position=index + 1,
            count=len(ids),
            completed=(course_id, lesson_id) in lp.completed,
            position_fraction=lp.lesson_position(course_id, lesson_id),
        )

    def remember_position(self, learner_id: str, course_id: str, lesson_id: str, fraction: float) -> bool:
        """Record where the learner left a lesson's text (0..1); True if an event was written.

        Out-of-range values are clamped (a scroll bar can overshoot while the text is laid out);
        a change smaller than :data:`MIN_POSITION_CHANGE` from the saved position is skipped.
        """
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not math.isfinite(fraction):
            raise ValueError(f"not a reading position: {fraction!r}")
        wanted = position_fraction(min(1.0, max(0.0, float(fraction))))
        saved = self._lesson_state(learner_id).lesson_position(course_id, lesson_id)
        if abs(wanted - saved) < MIN_POSITION_CHANGE:
            return False
        self._store.append(
            learner_id,
            EventType.LESSON_POSITION,
            {"course_id": course_id, "lesson_id": lesson_id, "position": round(wanted, 4)},
        )
        return True

    def _lesson_state(self, learner_id: str) -> LearnerProgress:
        """Completions and reading positions only: the two things a lesson page needs."""
        events = self._store.events_for_learner(
            learner_id, types=[EventType.LESSON_COMPLETED, EventType.LESSON_POSITION]
        )
        return derive(learner_id, events)

    def prepare(self) -> None:
        """Warm the lesson renderer on the calling thread (call it while the screen is idle)."""
        from learnbox.content.render import warm_up

        warm_up()

    def complete(self, learner_id: str, course_id: str, lesson_id: str) -> None:
        """Mark a lesson done (lessons without a check; checks complete their lesson themselves)."""
        self._store.append(
            learner_id, EventType.LESSON_COMPLETED, {"course_id": course_id, "lesson_id": lesson_id}
        )

    def image(self, course_id: str, rel_path: str) -> bytes:
        """Image bytes from the course folder only; raises NotFound for anything else."""
        try:
            return self._catalog.image_bytes(course_id, rel_path)
        except (ContentError, KeyError, OSError) as exc:
            raise NotFound(_("This picture is missing.")) from exc
