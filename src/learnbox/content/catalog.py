"""The content catalog: lazy, cached access to courses, lessons and quizzes in one locale.

``Catalog.open`` only looks at the folder (or verifies the pack); course.yaml files are read
when the course list is first needed and each lesson/quiz file when it is first asked for.
Parsed files are cached, so opening a lesson twice costs a dictionary lookup.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import PurePosixPath
from typing import Any

from learnbox.content.errors import ContentError, RaisingSink
from learnbox.content.schema import (
    COURSE_ID_RE,
    CourseRoot,
    LessonMeta,
    parse_course_root,
    parse_course_text,
    parse_front_matter,
    parse_quiz,
)
from learnbox.content.source import Source, is_safe_relpath, open_source
from learnbox.content.textfile import decode, load_yaml, simple_title, split_front_matter
from learnbox.core.model import (
    Course,
    Lesson,
    LessonRef,
    Quiz,
    QuizKind,
    check_quiz_id,
    locale_chain,
)

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
_SINK = RaisingSink()


def expected_files(root: CourseRoot, primary_listing: list[str]) -> set[str]:
    """File names a complete locale folder has: course.yaml, every lesson, and the checks and
    test that the primary locale has."""
    names = {"course.yaml", *(f"{m.id}.md" for m in root.lessons)}
    names |= {f"{m.id}.check.yaml" for m in root.lessons} & set(primary_listing)
    if "test.yaml" in primary_listing or root.draw is not None:
        names.add("test.yaml")
    return names


class Catalog:
    """Read-only view of a content source folder or a built ``.lbpack``."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._lock = threading.RLock()
        self._roots: dict[str, CourseRoot | ContentError] | None = None
        self._cache: dict[str, Any] = {}

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Catalog:
        """A catalog over a content folder or a ``.lbpack`` (whose hashes are verified now)."""
        return cls(open_source(path))

    @property
    def source(self) -> Source:
        return self._source

    @property
    def content_version(self) -> str:
        return self._source.content_version()

    # -- courses -----------------------------------------------------------------------------

    def _load_roots(self) -> dict[str, CourseRoot | ContentError]:
        # A broken course.yaml is kept as its error: the course is still listed, and asking for
        # it raises that error, so one bad course never hides the others.
        with self._lock:
            if self._roots is None:
                roots: dict[str, CourseRoot | ContentError] = {}
                for name in self._source.listdir(""):
                    if COURSE_ID_RE.match(name) and self._source.exists(f"{name}/course.yaml"):
                        rel = f"{name}/course.yaml"
                        try:
                            root = parse_course_root(self._yaml(rel), self._source.display(rel), name, _SINK)
                        except ContentError as exc:
                            log.error("course %s cannot be loaded: %s", name, exc)
                            roots[name] = exc
                            continue
                        assert root is not None  # a RaisingSink raises instead of returning None
                        roots[name] = root
                self._roots = roots
            return self._roots

    def course_ids(self) -> list[str]:
        """Course ids by their ``order:`` field (courses without one, or broken ones, last), then id."""
        roots = self._load_roots()

        def key(cid: str) -> tuple[bool, int, str]:
            root = roots[cid]
            order = root.order if isinstance(root, CourseRoot) else None
            return (order is None, order or 0, cid)

        return sorted(roots, key=key)

    def root(self, course_id: str) -> CourseRoot:
        """The language-independent course settings (lesson order, rules)."""
        root = self._load_roots().get(course_id)
        if root is None:
            raise ContentError(self._source.display(course_id), None, f"no such course {course_id!r}")
        if isinstance(root, ContentError):
            raise root
        return root

    def chain(self, course_id: str, locale: str) -> tuple[str, ...]:
        """Locales to try for ``locale``, ending with the course's primary locale."""
        primary = self.root(course_id).primary_locale
        chain = locale_chain(locale)
        return chain if primary in chain else (*chain, primary)

    def find(self, course_id: str, filename: str, locale: str) -> str | None:
        """The first locale in the fallback chain that has ``<course>/<locale>/<filename>``."""
        for loc in self.chain(course_id, locale):
            if filename in self._names(f"{course_id}/{loc}"):
                return loc
        return None

    def _names(self, folder: str) -> frozenset[str]:
        """A folder's file names, listed once: far cheaper than a stat per fallback step."""
        key = f"ls:{folder}"
        names = self._cache.get(key)
        if names is None:
            names = frozenset(self._source.listdir(folder))
            self._cache[key] = names
        return names

    def courses(self, locale: str) -> list[Course]:
        return [self.course(cid, locale) for cid in self.course_ids()]

    def course(self, course_id: str, locale: str) -> Course:
        key = f"course:{course_id}:{locale}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        root = self.root(course_id)
        loc = self.find(course_id, "course.yaml", locale)
        if loc is None:
            raise ContentError(
                self._source.display(f"{course_id}/{root.primary_locale}/course.yaml"), None, "file not found"
            )
        rel = f"{course_id}/{loc}/course.yaml"
        parsed = parse_course_text(self._yaml(rel), self._source.display(rel), _SINK)
        assert parsed is not None
        title, description = parsed
        course = Course(
            id=course_id,
            version=root.version,
            title=title,
            description=description,
            lessons=tuple(self._lesson_ref(course_id, meta, locale) for meta in root.lessons),
            pass_mark=root.pass_mark,
            test_draw=root.draw,
            digcomp=root.digcomp,
            locales=self.complete_locales(course_id),
            locale=loc,
            requested_locale=locale,
        )
        self._cache[key] = course
        return course

    def complete_locales(self, course_id: str) -> tuple[str, ...]:
        """Locales that have every file the course needs (from folder listings only, no parsing)."""
        root = self.root(course_id)
        expected = expected_files(root, self._source.listdir(f"{course_id}/{root.primary_locale}"))
        complete: list[str] = []
        for name in self._source.listdir(course_id):
            if name == "images" or not self._source.is_dir(f"{course_id}/{name}"):
                continue
            if expected <= set(self._source.listdir(f"{course_id}/{name}")):
                complete.append(name)
        return tuple(sorted(complete, key=lambda loc: (loc != root.primary_locale, loc)))

    def _lesson_ref(self, course_id: str, meta: LessonMeta, locale: str) -> LessonRef:
        loc, title, _body = self._lesson_text(course_id, meta.id, locale)
        return LessonRef(id=meta.id, title=title, minutes=meta.minutes, digcomp=meta.digcomp, locale=loc)

    # -- lessons and quizzes -------------------------------------------------------------------

    def _meta(self, course_id: str, lesson_id: str) -> LessonMeta:
        root = self.root(course_id)
        meta = next((m for m in root.lessons if m.id == lesson_id), None)
        if meta is None:
            raise ContentError(
                self._source.display(f"{course_id}/course.yaml"),
                None,
                f"no lesson {lesson_id!r} in this course",
            )
        return meta

    def _lesson_text(self, course_id: str, lesson_id: str, locale: str) -> tuple[str, str, str]:
        """(locale found, title, Markdown body) of a lesson, following the fallback chain."""
        loc = self.find(course_id, f"{lesson_id}.md", locale)
        if loc is None:
            primary = self.root(course_id).primary_locale
            raise ContentError(
                self._source.display(f"{course_id}/{primary}/{lesson_id}.md"), None, "file not found"
            )
        rel = f"{course_id}/{loc}/{lesson_id}.md"
        key = f"md:{rel}"
        cached = self._cache.get(key)
        if cached is None:
            where = self._source.display(rel)
            text = decode(self._source.read(rel), where, _SINK)
            assert text is not None
            front, front_line, body, _body_line = split_front_matter(text)
            if front is None:
                raise ContentError(
                    where, 1, "a lesson must start with front matter: '---', 'title: ...', '---'"
                )
            title = simple_title(front) or parse_front_matter(
                load_yaml(front, where, _SINK, front_line - 1), where, front_line, _SINK
            )
            assert title is not None
            cached = (title, body.strip("\n"))
            self._cache[key] = cached
        return loc, cached[0], cached[1]

    def lesson(self, course_id: str, lesson_id: str, locale: str) -> Lesson:
        meta = self._meta(course_id, lesson_id)
        loc, title, body = self._lesson_text(course_id, lesson_id, locale)
        return Lesson(
            id=lesson_id,
            course_id=course_id,
            title=title,
            body=body,
            minutes=meta.minutes,
            digcomp=meta.digcomp,
            check=self._check(course_id, lesson_id, locale),
            locale=loc,
            requested_locale=locale,
        )

    def _check(self, course_id: str, lesson_id: str, locale: str) -> Quiz | None:
        loc = self.find(course_id, f"{lesson_id}.check.yaml", locale)
        if loc is None:
            return None
        return self._quiz_file(
            f"{course_id}/{loc}/{lesson_id}.check.yaml", check_quiz_id(course_id, lesson_id), None
        )

    def test_quiz(self, course_id: str, locale: str) -> Quiz:
        root = self.root(course_id)
        loc = self.find(course_id, "test.yaml", locale)
        if loc is None:
            raise ContentError(
                self._source.display(f"{course_id}/{root.primary_locale}/test.yaml"), None, "file not found"
            )
        return self._quiz_file(f"{course_id}/{loc}/test.yaml", f"{course_id}/test", root)

    def quiz(self, quiz_id: str, locale: str) -> Quiz:
        """A quiz by id: ``<course>/<lesson>/check`` or ``<course>/test``."""
        parts = quiz_id.split("/")
        if len(parts) == 2 and parts[1] == "test":
            return self.test_quiz(parts[0], locale)
        if len(parts) == 3 and parts[2] == "check":
            self._meta(parts[0], parts[1])
            check = self._check(parts[0], parts[1], locale)
            if check is not None:
                return check
            raise ContentError(self._source.display(parts[0]), None, f"lesson {parts[1]!r} has no check quiz")
        raise ContentError(self._source.display(""), None, f"malformed quiz id {quiz_id!r}")

    def _quiz_file(self, rel: str, quiz_id: str, root: CourseRoot | None) -> Quiz:
        key = f"quiz:{rel}"
        cached = self._cache.get(key)
        if cached is None:
            kind = QuizKind.CHECK if root is None else QuizKind.TEST
            draw = root.draw if root is not None else None
            pass_mark = root.pass_mark if root is not None else 0.8
            cached = parse_quiz(
                self._yaml(rel), self._source.display(rel), _SINK, quiz_id, kind, draw, pass_mark
            )
            assert cached is not None  # a RaisingSink raises instead of returning None
            self._cache[key] = cached
        return cached

    # -- files ---------------------------------------------------------------------------------

    def image_bytes(self, course_id: str, rel_path: str) -> bytes:
        """An image file of a course; ContentError if the path leaves the course folder or is missing."""
        self.root(course_id)
        clean = PurePosixPath(rel_path).as_posix() if rel_path else ""
        if not is_safe_relpath(clean) or not clean.lower().endswith(IMAGE_SUFFIXES):
            raise ContentError(
                self._source.display(course_id), None, f"not an image inside the course folder: {rel_path!r}"
            )
        rel = f"{course_id}/{clean}"
        if not self._source.exists(rel):
            raise ContentError(self._source.display(rel), None, "image not found")
        return self._source.read(rel)

    def _yaml(self, rel: str) -> Any:
        where = self._source.display(rel)
        text = decode(self._source.read(rel), where, _SINK)
        return load_yaml(text or "", where, _SINK)
