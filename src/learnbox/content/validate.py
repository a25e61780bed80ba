"""Validate a content source folder and report every problem with file and line.

Runs the same schema checks as the loader (collecting instead of raising) plus whole-course
checks the loader does not need: every file decodes as UTF-8 NFC, translations keep the primary
locale's item ids/types/choices/keys, images exist, the Markdown is safe, the test pool is large
enough, checks have 3-5 items and the primary locale is complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from learnbox.content.catalog import expected_files
from learnbox.content.errors import CollectingSink, ContentError, Problem
from learnbox.content.mdscan import scan_markdown
from learnbox.content.render import course_image_path
from learnbox.content.schema import (
    COURSE_ID_RE,
    CourseRoot,
    parse_course_root,
    parse_course_text,
    parse_front_matter,
    parse_quiz,
)
from learnbox.content.source import Source, open_source
from learnbox.content.textfile import LDict, LList, decode, load_yaml, report_non_nfc, split_front_matter
from learnbox.core.model import SUPPORTED_LOCALES, Item, ItemKind, Quiz, QuizKind, check_quiz_id

CHECK_ITEMS = (3, 5)
TEXT_SUFFIXES = (".yaml", ".yml", ".md")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")


@dataclass
class LocaleCoverage:
    """How much of the primary locale's files one locale has."""

    locale: str
    present: int
    total: int

    @property
    def complete(self) -> bool:
        return self.present >= self.total


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    coverage: dict[str, list[LocaleCoverage]] = field(default_factory=dict)
    courses: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _QuizFile:
    quiz: Quiz
    item_lines: dict[str, int]
    raw_count: int
    unreadable: bool = False  # YAML or encoding errors: not compared with translations


class _Validator:
    def __init__(self, source: Source) -> None:
        self.src = source
        self.sink = CollectingSink()
        self.report = Report()

    # -- helpers ---------------------------------------------------------------------------------

    def where(self, rel: str) -> str:
        return self.src.display(rel)

    def text(self, rel: str) -> str | None:
        """A file's NFC text after the UTF-8/NFC/empty checks, or None when unusable."""
        where = self.where(rel)
        try:
            data = self.src.read(rel)
        except ContentError as exc:
            self.sink.error(exc.file, exc.line, exc.message)
            return None
        report_non_nfc(data, where, self.sink)
        return decode(data, where, self.sink)

    def yaml(self, rel: str) -> Any:
        text = self.text(rel)
        return None if text is None else load_yaml(text, self.where(rel), self.sink)

    def listdir(self, rel: str) -> list[str]:
        try:
            return self.src.listdir(rel)
        except ContentError as exc:
            self.sink.error(exc.file, exc.line, exc.message)
            return []

    # -- whole tree ------------------------------------------------------------------------------

    def run(self) -> Report:
        names = self.listdir("")
        for name in names:
            if name.startswith(".") or not self.src.is_dir(name):
                continue
            if not COURSE_ID_RE.match(name):
                self.sink.error(
                    self.where(name), None, "course folder names use lowercase letters, digits and '-'"
                )
                continue
            self.course(name)
        if not self.report.courses:
            self.sink.error(self.where(""), None, "no course folders found")
        self.report.problems = sorted(self.sink.problems, key=lambda p: (p.file, p.line or 0))
        return self.report

    def course(self, cid: str) -> None:
        self.report.courses.append(cid)
        rel = f"{cid}/course.yaml"
        if not self.src.exists(rel):
            self.sink.error(self.where(rel), None, "course.yaml is missing")
            return
        root = parse_course_root(self.yaml(rel), self.where(rel), cid, self.sink)
        if root is None:
            return
        lesson_ids = [m.id for m in root.lessons]
        locales: list[str] = []
        for name in self.listdir(cid):
            path = f"{cid}/{name}"
            if name.startswith(".") or name == "course.yaml":
                continue
            if name == "images":
                self.images_folder(path)
            elif not self.src.is_dir(path):
                self.sink.warning(self.where(path), None, "unexpected file in the course folder (ignored)")
            elif name not in SUPPORTED_LOCALES:
                self.sink.error(
                    self.where(path),
                    None,
                    f"unknown locale folder {name!r} (use {', '.join(SUPPORTED_LOCALES)})",
                )
            else:
                locales.append(name)
        if root.primary_locale not in locales:
            self.sink.error(
                self.where(f"{cid}/{root.primary_locale}"), None, "the primary locale folder is missing"
            )
            return
        primary = self.locale(cid, root, root.primary_locale, lesson_ids, None)
        self.primary_complete(cid, root, lesson_ids)
        coverage: list[LocaleCoverage] = []
        reference = expected_files(root, self.listdir(f"{cid}/{root.primary_locale}"))
        for loc in locales:
            if loc != root.primary_locale:
                self.locale(cid, root, loc, lesson_ids, primary)
            have = reference & set(self.listdir(f"{cid}/{loc}"))
            coverage.append(LocaleCoverage(loc, len(have), len(reference)))
        self.report.coverage[cid] = sorted(coverage, key=lambda c: SUPPORTED_LOCALES.index(c.locale))

    def images_folder(self, rel: str) -> None:
        for name in self.listdir(rel):
            path = f"{rel}/{name}"
            if self.src.is_dir(path):
                self.images_folder(path)
            elif not name.lower().endswith(IMAGE_SUFFIXES):
                self.sink.warning(self.where(path), None, "not an image file (SVG or PNG expected)")
            elif course_image_path(path.split("/", 1)[1]) is None:
                self.sink.error(
                    self.where(path), None, "image file names may use only letters, digits, '-', '_', '.'"
                )

    def primary_complete(self, cid: str, root: CourseRoot, lesson_ids: list[str]) -> None:
        loc = root.primary_locale
        for name in ["course.yaml", *(f"{lid}.md" for lid in lesson_ids)]:
            if not self.src.exists(f"{cid}/{loc}/{name}"):
                line = next((m.line for m in root.lessons if f"{m.id}.md" == name), None)
                self.sink.error(
                    self.where(f"{cid}/course.yaml"),
                    line,
                    f"{loc}/{name} is missing: the primary locale ({loc}) must be complete",
                )
        if root.draw is not None and not self.src.exists(f"{cid}/{loc}/test.yaml"):
            self.sink.error(
                self.where(f"{cid}/{loc}/test.yaml"),
                None,
                "test.yaml is missing (course.yaml sets test.draw)",
            )

    # -- one locale --------------------------------------------------------------------------

    def locale(
        self,
        cid: str,
        root: CourseRoot,
        loc: str,
        lesson_ids: list[str],
        primary: dict[str, _QuizFile] | None,
    ) -> dict[str, _QuizFile]:
        quizzes: dict[str, _QuizFile] = {}
        folder = f"{cid}/{loc}"
        for name in self.listdir(folder):
            rel = f"{folder}/{name}"
            if name.startswith("."):
                continue
            if self.src.is_dir(rel):
                self.sink.warning(self.where(rel), None, "unexpected folder in a locale folder (ignored)")
            elif name == "course.yaml":
                parse_course_text(self.yaml(rel), self.where(rel), self.sink)
            elif name == "test.yaml":
                quizzes["test"] = self.quiz(cid, rel, f"{cid}/test", QuizKind.TEST, root)
            elif name.endswith(".check.yaml"):
                lid = name[: -len(".check.yaml")]
                if lid not in lesson_ids:
                    self.sink.error(
                        self.where(rel), None, f"check for {lid!r}, which is not a lesson in course.yaml"
                    )
                quizzes[lid] = self.quiz(cid, rel, check_quiz_id(cid, lid), QuizKind.CHECK, root)
            elif name.endswith(".md"):
                if name[:-3] not in lesson_ids:
                    self.sink.error(
                        self.where(rel), None, "lesson file not listed under 'lessons' in course.yaml"
                    )
                self.lesson(cid, rel)
            else:
                self.sink.warning(self.where(rel), None, "unexpected file (only .md and .yaml are read)")
        if primary is not None:
            for key, translated in quizzes.items():
                ref = primary.get(key)
                rel = f"{folder}/{'test' if key == 'test' else key + '.check'}.yaml"
                if translated.unreadable or (ref is not None and ref.unreadable):
                    continue  # its own error is reported; comparing would only add noise
                if ref is None:
                    self.sink.error(
                        self.where(rel), None, f"no such quiz in the primary locale ({root.primary_locale})"
                    )
                else:
                    self.compare(rel, ref, translated, root.primary_locale)
        return quizzes

    def lesson(self, cid: str, rel: str) -> None:
        where = self.where(rel)
        text = self.text(rel)
        if text is None:
            return
        front, front_line, body, body_line = split_front_matter(text)
        if front is None:
            self.sink.error(where, 1, "a lesson must start with front matter: '---', 'title: ...', '---'")
            return
        data = load_yaml(front, where, self.sink, front_line - 1)
        if data is not None or front.strip() == "":
            parse_front_matter(data, where, front_line, self.sink)
        if not body.strip():
            self.sink.error(where, body_line, "the lesson has no text after the front matter")
        self.markdown(cid, body, where, body_line)

    def markdown(self, cid: str, text: str, where: str, line: int) -> None:
        scan_markdown(text, where, line, self.sink, lambda path: self.src.exists(f"{cid}/{path}"))

    def image(self, cid: str, value: str | None, where: str, line: int) -> None:
        if value is None:
            return
        path = course_image_path(value)
        if path is None:
            self.sink.error(
                where, line, f"image {value!r} must be a path inside the course folder (images/x.svg)"
            )
        elif not self.src.exists(f"{cid}/{path}"):
            self.sink.error(where, line, f"image not found: {path}")

    def quiz(self, cid: str, rel: str, quiz_id: str, kind: QuizKind, root: CourseRoot) -> _QuizFile:
        where = self.where(rel)
        data = self.yaml(rel)
        quiz = None
        if data is not None:
            quiz = parse_quiz(data, where, self.sink, quiz_id, kind, root.draw, root.pass_mark)
        raw_items = data.get("items") if isinstance(data, LDict) else None
        entries: list[tuple[Any, int]] = []
        if isinstance(raw_items, LList):
            entries = [(e, raw_items.line_of(i)) for i, e in enumerate(raw_items)]
        lines: dict[str, int] = {}
        for entry, line in entries:
            if isinstance(entry, LDict):
                lines.setdefault(str(entry.get("id")), line)
                self.item_prose(cid, entry, where)
        count = len(entries)
        if kind is QuizKind.CHECK and data is not None and not CHECK_ITEMS[0] <= count <= CHECK_ITEMS[1]:
            self.sink.error(
                where, getattr(raw_items, "line", None), f"a lesson check needs 3 to 5 items, not {count}"
            )
        if kind is QuizKind.TEST and root.draw is not None and data is not None and count < 2 * root.draw:
            self.sink.error(
                where,
                getattr(raw_items, "line", None),
                f"the test pool has {count} items; it needs at least {2 * root.draw} (2 x test.draw)",
            )
        return _QuizFile(quiz or Quiz(quiz_id, kind, ()), lines, count, unreadable=data is None)

    def item_prose(self, cid: str, entry: LDict, where: str) -> None:
        """Markdown and image checks on an item's prompt, explanation and choices."""
        for key in ("prompt", "explanation"):
            if isinstance(entry.get(key), str):
                self.markdown(cid, entry[key], where, entry.line_of(key))
        if isinstance(entry.get("image"), str):
            self.image(cid, entry["image"], where, entry.line_of("image"))
        for list_key in ("choices", "targets"):
            choices = entry.get(list_key)
            if not isinstance(choices, LList):
                continue
            for index, choice in enumerate(choices):
                if not isinstance(choice, LDict):
                    continue
                if isinstance(choice.get("text"), str):
                    self.markdown(cid, choice["text"], where, choices.line_of(index))
                if isinstance(choice.get("image"), str):
                    self.image(cid, choice["image"], where, choices.line_of(index))

    def compare(self, rel: str, ref: _QuizFile, other: _QuizFile, primary: str) -> None:
        """A translation keeps ids, types, choice/target ids and (except fill_in) answers."""
        where = self.where(rel)
        ref_items = {i.id: i for i in ref.quiz.items}
        for item in other.quiz.items:
            line = other.item_lines.get(item.id)
            base = ref_items.get(item.id)
            if base is None:
                if item.id in ref.item_lines:
                    continue  # the primary's item is broken; that error is reported there
                self.sink.error(where, line, f"item {item.id!r} is not in the {primary} file")
                continue
            for problem in _differences(base, item):
                self.sink.error(where, line, f"item {item.id!r}: {problem} (must match the {primary} file)")
        for item_id in ref.item_lines:
            if item_id not in other.item_lines:
                self.sink.error(where, None, f"item {item_id!r} of the {primary} file is missing")


def _differences(base: Item, item: Item) -> list[str]:
    found: list[str] = []
    if base.kind != item.kind:
        return [f"type is {item.kind}, not {base.kind}"]
    if [c.id for c in base.choices] != [c.id for c in item.choices]:
        found.append("choice ids differ")
    if [t.id for t in base.targets] != [t.id for t in item.targets]:
        found.append("target ids differ")
    if item.kind is not ItemKind.FILL_IN and base.key != item.key:
        found.append(f"answer is {item.key!r}, not {base.key!r}")
    return found


def validate(path: str | os.PathLike[str]) -> Report:
    """Validate a content folder (or pack); never raises for bad content."""
    try:
        source = open_source(path)
    except ContentError as exc:
        return Report(problems=[Problem(exc.file, exc.line, exc.message)])
    return _Validator(source).run()
