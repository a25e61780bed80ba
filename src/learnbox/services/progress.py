"""A learner's overview of their results: every course, its test, and their certificates."""

from __future__ import annotations

from dataclasses import dataclass

from learnbox.core.progress import CourseStatus, course_progress
from learnbox.services.courses import CertificateState, CourseCard, CourseService, certificate_state


@dataclass(frozen=True)
class ProgressSummary:
    courses: list[CourseCard]
    certificates: list[CertificateState]
    lessons_completed: int
    lessons_total: int

    @property
    def courses_completed(self) -> int:
        return sum(1 for c in self.courses if c.progress.status is CourseStatus.COMPLETED)


class ProgressService:
    def __init__(self, courses: CourseService) -> None:
        self._courses = courses

    def summary(self, learner_id: str, locale: str) -> ProgressSummary:
        lp = self._courses.progress_of(learner_id)
        cards = [CourseCard(c, course_progress(lp, c)) for c in self._courses.available(locale)]
        certificates = [s for c in cards if (s := certificate_state(lp, c.course.id)) is not None]
        return ProgressSummary(
            courses=cards,
            certificates=certificates,
            lessons_completed=sum(c.progress.lessons_completed for c in cards),
            lessons_total=sum(c.progress.lessons_total for c in cards),
        )
