"""The content model: courses, lessons, quizzes and items, as loaded for one locale.

These frozen dataclasses are what the content loader produces and what grading, progress,
the UI and the server's claim verification consume. They carry no file-format details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: Learner-visible locales LearnBox ships, in display order.
SUPPORTED_LOCALES: tuple[str, ...] = ("vi", "en", "km", "fil")

#: Where a locale's text falls back to when a file is missing for it.
LOCALE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "vi": ("en",),
    "en": ("vi",),
    "km": ("en", "vi"),
    "fil": ("en", "vi"),
}


def locale_chain(locale: str) -> tuple[str, ...]:
    """The locales to try, in order, for text requested in ``locale``."""
    return (locale, *LOCALE_FALLBACKS.get(locale, ("en", "vi")))


class ItemKind(StrEnum):
    SINGLE = "single"  # one correct choice; response: choice id (str)
    MULTIPLE = "multiple"  # several correct choices; response: list of choice ids
    TRUE_FALSE = "true_false"  # response: bool
    IMAGE_CHOICE = "image_choice"  # like SINGLE, every choice has an image; response: choice id
    ORDERING = "ordering"  # put choices in order; response: list of all choice ids in order
    MATCHING = "matching"  # pair each choice with a target; response: {choice id: target id}
    FILL_IN = "fill_in"  # type a word; response: str (compared NFC + case-folded)


class QuizKind(StrEnum):
    CHECK = "check"  # end-of-lesson check: immediate feedback, unlimited retries, not graded for certificates
    TEST = "test"  # course test: items drawn from a pool, pass mark applies


@dataclass(frozen=True)
class Choice:
    id: str
    text: str = ""
    image: str | None = None  # path relative to the course folder, e.g. "images/mouse.svg"


@dataclass(frozen=True)
class Item:
    """One quiz question. ``key`` is the correct response, in the same shape as a learner's response."""

    id: str
    kind: ItemKind
    prompt: str  # Markdown
    choices: tuple[Choice, ...] = ()
    targets: tuple[Choice, ...] = ()  # MATCHING only: the right-hand column
    key: str | bool | tuple[str, ...] | dict[str, str] | None = None
    accepted: tuple[str, ...] = ()  # FILL_IN only: every accepted answer
    explanation: str = ""  # Markdown, shown after an answer
    image: str | None = None  # optional picture for the prompt


@dataclass(frozen=True)
class Quiz:
    id: str  # globally unique, e.g. "computer-basics/mouse/check" or "computer-basics/test"
    kind: QuizKind
    items: tuple[Item, ...]
    draw: int | None = None  # TEST: how many items an attempt draws from the pool (None = all)
    pass_mark: float = 0.8  # fraction of drawn items that must be correct

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Lesson:
    id: str  # unique inside its course
    course_id: str
    title: str
    body: str  # Markdown source, NFC
    minutes: int = 10
    digcomp: tuple[str, ...] = ()
    check: Quiz | None = None
    locale: str = "vi"  # the locale the text actually came from
    requested_locale: str = "vi"

    @property
    def is_fallback(self) -> bool:
        """True when the text is shown in another language than the learner asked for."""
        return self.locale != self.requested_locale


@dataclass(frozen=True)
class LessonRef:
    """A lesson's place in a course, cheap to list without loading the lesson text."""

    id: str
    title: str
    minutes: int
    digcomp: tuple[str, ...] = ()
    locale: str = "vi"


@dataclass(frozen=True)
class Course:
    id: str
    version: int
    title: str
    description: str
    lessons: tuple[LessonRef, ...]
    pass_mark: float = 0.8
    test_draw: int | None = None
    digcomp: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()  # locales with a complete translation
    locale: str = "vi"  # locale the title/description came from
    requested_locale: str = "vi"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def quiz_id(self) -> str:
        return course_test_quiz_id(self.id)

    @property
    def is_fallback(self) -> bool:
        return self.locale != self.requested_locale


def check_quiz_id(course_id: str, lesson_id: str) -> str:
    return f"{course_id}/{lesson_id}/check"


def course_test_quiz_id(course_id: str) -> str:
    return f"{course_id}/test"
