"""Schema checks that turn parsed content files into the domain model (learnbox.core.model).

Shared by the loader and the validator: every check reports to a :class:`Sink` with the file
and the line of the offending key, so the loader raises on the first problem and the validator
lists them all. Functions return the model object, or None when the file is unusable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from learnbox.content.errors import Sink
from learnbox.content.textfile import LDict, LList, line_of
from learnbox.core.model import SUPPORTED_LOCALES, Choice, Item, ItemKind, Quiz, QuizKind

COURSE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LESSON_ID_RE = COURSE_ID_RE
ITEM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_CHOICE_KINDS = (
    ItemKind.SINGLE,
    ItemKind.MULTIPLE,
    ItemKind.IMAGE_CHOICE,
    ItemKind.ORDERING,
    ItemKind.MATCHING,
)
_ITEM_KEYS = {"id", "type", "prompt", "answer", "explanation", "image"}
_KIND_KEYS: dict[ItemKind, set[str]] = {k: set() for k in ItemKind}
for _kind in _CHOICE_KINDS:
    _KIND_KEYS[_kind] = {"choices"}
_KIND_KEYS[ItemKind.MATCHING] = {"choices", "targets"}
_CHOICE_LIMITS: dict[ItemKind, tuple[int, int]] = {
    ItemKind.SINGLE: (2, 6),
    ItemKind.IMAGE_CHOICE: (2, 6),
    ItemKind.MULTIPLE: (2, 8),
    ItemKind.ORDERING: (2, 8),
    ItemKind.MATCHING: (2, 8),
}


@dataclass(frozen=True)
class LessonMeta:
    id: str
    minutes: int
    digcomp: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class CourseRoot:
    """The language-independent ``<course>/course.yaml``."""

    id: str
    version: int
    primary_locale: str
    pass_mark: float
    draw: int | None
    digcomp: tuple[str, ...]
    lessons: tuple[LessonMeta, ...]
    order: int | None = None


def _as_id(value: Any) -> str | None:
    """Ids are strings; plain integers (``id: 1``) are accepted as their text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def check_keys(data: LDict, allowed: set[str], required: set[str], where: str, sink: Sink, what: str) -> None:
    for key, line in data.duplicates:
        sink.error(where, line, f"duplicate key {key!r} in {what}")
    for key in data:
        if key not in allowed:
            if data[key] is None and isinstance(key, str) and " " in key.strip():
                # `{id: a, text: Yes, no address}`: the comma ends the text and starts a new key.
                sink.error(
                    where,
                    data.line_of(key),
                    f"text cut at a comma: put quotes around text that contains a comma "
                    f'(e.g. text: "..., {key.strip()}")',
                )
                continue
            sink.error(
                where,
                data.line_of(key),
                f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})",
            )
    for key in sorted(required - set(data)):
        sink.error(where, data.line or None, f"{what} is missing required key {key!r}")


def _text(data: LDict, key: str, where: str, sink: Sink, required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required and key in data:
            sink.error(where, data.line_of(key), f"{key!r} must not be empty")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        sink.error(where, data.line_of(key), f"{key!r} must be text, not {type(value).__name__}")
        return ""
    if required and not value.strip():
        sink.error(where, data.line_of(key), f"{key!r} must not be empty")
    return value.strip()


def _codes(data: LDict, key: str, where: str, sink: Sink) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        sink.error(where, data.line_of(key), f'{key!r} must be a list of codes like ["1.3", "5.1"]')
        return ()
    return tuple(str(v) for v in value)


def parse_course_root(data: Any, where: str, folder: str, sink: Sink) -> CourseRoot | None:
    if not isinstance(data, LDict):
        sink.error(
            where, line_of(data, 0), "course.yaml must be a mapping of keys (id, version, lessons, ...)"
        )
        return None
    check_keys(
        data,
        {"id", "version", "primary_locale", "pass_mark", "test", "digcomp", "lessons", "order"},
        {"id", "version", "lessons"},
        where,
        sink,
        "course.yaml",
    )
    course_id = _as_id(data.get("id"))
    if course_id is not None and course_id != folder:
        sink.error(
            where, data.line_of("id"), f"course id {course_id!r} must equal the folder name {folder!r}"
        )
    if not COURSE_ID_RE.match(folder):
        sink.error(
            where, data.line_of("id"), f"course folder {folder!r} must use lowercase letters, digits and '-'"
        )
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        sink.error(where, data.line_of("version"), "'version' must be a whole number >= 1")
        version = 1
    primary = data.get("primary_locale", "vi")
    if primary not in SUPPORTED_LOCALES:
        sink.error(
            where,
            data.line_of("primary_locale"),
            f"'primary_locale' must be one of {', '.join(SUPPORTED_LOCALES)}",
        )
        primary = "vi"
    pass_mark = data.get("pass_mark", 0.8)
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, (int, float)) or not 0 < pass_mark <= 1:
        sink.error(
            where, data.line_of("pass_mark"), "'pass_mark' must be a fraction between 0 and 1, e.g. 0.8"
        )
        pass_mark = 0.8
    order = data.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        sink.error(where, data.line_of("order"), "'order' must be a whole number")
        order = None
    draw = _parse_test(data, where, sink)
    lessons = _parse_lesson_list(data, where, sink)
    return CourseRoot(
        id=folder,
        version=version,
        primary_locale=str(primary),
        pass_mark=float(pass_mark),
        draw=draw,
        digcomp=_codes(data, "digcomp", where, sink),
        lessons=lessons,
        order=order,
    )


def _parse_test(data: LDict, where: str, sink: Sink) -> int | None:
    test = data.get("test")
    if test is None:
        return None
    if not isinstance(test, LDict):
        sink.error(where, data.line_of("test"), "'test' must be a mapping like {draw: 10}")
        return None
    check_keys(test, {"draw"}, {"draw"}, where, sink, "'test'")
    draw = test.get("draw")
    if draw is None:
        return None
    if not isinstance(draw, int) or isinstance(draw, bool) or draw < 1:
        sink.error(where, test.line_of("draw"), "'draw' must be a whole number >= 1")
        return None
    return draw


def _parse_lesson_list(data: LDict, where: str, sink: Sink) -> tuple[LessonMeta, ...]:
    raw = data.get("lessons")
    if raw is None:
        return ()
    if not isinstance(raw, LList) or not raw:
        sink.error(
            where, data.line_of("lessons"), "'lessons' must be a non-empty list of {id, minutes, digcomp}"
        )
        return ()
    lessons: list[LessonMeta] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(entry, LDict):
            sink.error(where, line, "each lesson must be a mapping like {id: mouse, minutes: 10}")
            continue
        check_keys(entry, {"id", "minutes", "digcomp"}, {"id"}, where, sink, "lesson entry")
        lesson_id = _as_id(entry.get("id"))
        if lesson_id is None or not LESSON_ID_RE.match(lesson_id):
            if "id" in entry:
                sink.error(where, entry.line_of("id"), "lesson id must use lowercase letters, digits and '-'")
            continue
        if lesson_id in seen:
            sink.error(where, entry.line_of("id"), f"lesson id {lesson_id!r} is listed twice in this course")
            continue
        seen.add(lesson_id)
        minutes = entry.get("minutes", 10)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
            sink.error(where, entry.line_of("minutes"), "'minutes' must be a whole number >= 1")
            minutes = 10
        lessons.append(LessonMeta(lesson_id, minutes, _codes(entry, "digcomp", where, sink), entry.line))
    return tuple(lessons)


def parse_course_text(data: Any, where: str, sink: Sink) -> tuple[str, str] | None:
    """A ``<locale>/course.yaml``: (title, description)."""
    if not isinstance(data, LDict):
        sink.error(where, line_of(data, 0), "course.yaml must be a mapping with 'title' and 'description'")
        return None
    check_keys(data, {"title", "description"}, {"title"}, where, sink, "course.yaml")
    return _text(data, "title", where, sink), _text(data, "description", where, sink, required=False)


def parse_front_matter(data: Any, where: str, line: int, sink: Sink) -> str | None:
    """A lesson's front matter: its title."""
    if not isinstance(data, LDict):
        sink.error(where, line, "front matter must be a mapping with 'title'")
        return None
    check_keys(data, {"title"}, {"title"}, where, sink, "front matter")
    return _text(data, "title", where, sink) or None


def parse_quiz(
    data: Any,
    where: str,
    sink: Sink,
    quiz_id: str,
    kind: QuizKind,
    draw: int | None = None,
    pass_mark: float = 0.8,
) -> Quiz | None:
    if not isinstance(data, LDict):
        sink.error(where, line_of(data, 0), "a quiz file must be a mapping with 'items'")
        return None
    check_keys(data, {"items"}, {"items"}, where, sink, "quiz file")
    raw = data.get("items")
    if not isinstance(raw, LList) or not raw:
        if "items" in data:
            sink.error(where, data.line_of("items"), "'items' must be a non-empty list of questions")
        return None
    items: list[Item] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(raw):
        item = parse_item(entry, raw.line_of(index), where, sink)
        if item is None:
            continue
        if item.id in seen:
            assert isinstance(entry, LDict)
            sink.error(
                where,
                entry.line_of("id"),
                f"item id {item.id!r} is used twice (first on line {seen[item.id]})",
            )
            continue
        seen[item.id] = raw.line_of(index)
        items.append(item)
    return Quiz(id=quiz_id, kind=kind, items=tuple(items), draw=draw, pass_mark=pass_mark)


def parse_item(entry: Any, line: int, where: str, sink: Sink) -> Item | None:
    if not isinstance(entry, LDict):
        sink.error(where, line, "each item must be a mapping with id, type, prompt and answer")
        return None
    item_id = _as_id(entry.get("id"))
    raw_kind = entry.get("type")
    try:
        kind = ItemKind(str(raw_kind))
    except ValueError:
        sink.error(
            where,
            entry.line_of("type"),
            f"unknown item type {raw_kind!r} (use one of: {', '.join(k.value for k in ItemKind)})",
        )
        check_keys(
            entry,
            _ITEM_KEYS | {"choices", "targets"},
            {"id", "type", "prompt", "answer"},
            where,
            sink,
            "item",
        )
        return None
    check_keys(
        entry, _ITEM_KEYS | _KIND_KEYS[kind], {"id", "type", "prompt", "answer"}, where, sink, f"{kind} item"
    )
    ok = True
    if item_id is None or not ITEM_ID_RE.match(item_id):
        if "id" in entry:
            sink.error(where, entry.line_of("id"), "item id must be letters, digits, '-', '_' or '.'")
        ok = False
    prompt = _text(entry, "prompt", where, sink)
    explanation = _text(entry, "explanation", where, sink, required=False)
    image = _image_field(entry, "image", where, sink)
    choices = _choices(entry, "choices", kind, where, sink) if "choices" in _KIND_KEYS[kind] else ()
    targets = _choices(entry, "targets", kind, where, sink) if kind is ItemKind.MATCHING else ()
    if choices is None or targets is None or "answer" not in entry:
        return None
    answer = _answer(entry, kind, choices, targets, where, sink)
    if answer is None or not ok or not prompt:
        return None
    key, accepted = answer
    assert item_id is not None
    return Item(
        id=item_id,
        kind=kind,
        prompt=prompt,
        choices=choices,
        targets=targets,
        key=key,
        accepted=accepted,
        explanation=explanation,
        image=image,
    )


def _image_field(data: LDict, key: str, where: str, sink: Sink) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        sink.error(where, data.line_of(key), f"{key!r} must be a path like images/x.svg")
        return None
    return value.strip()


def _choices(entry: LDict, key: str, kind: ItemKind, where: str, sink: Sink) -> tuple[Choice, ...] | None:
    raw = entry.get(key)
    if not isinstance(raw, LList):
        if key in entry:
            sink.error(where, entry.line_of(key), f"'{key}' must be a list of {{id, text}}")
        else:
            sink.error(where, entry.line, f"a {kind} item needs '{key}'")
        return None
    low, high = _CHOICE_LIMITS[kind]
    if not low <= len(raw) <= high:
        sink.error(where, entry.line_of(key), f"a {kind} item needs {low} to {high} {key}, not {len(raw)}")
    result: list[Choice] = []
    seen: set[str] = set()
    for index, choice in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(choice, LDict):
            sink.error(where, line, f"each of '{key}' must be a mapping like {{id: a, text: ...}}")
            return None
        check_keys(choice, {"id", "text", "image"}, {"id"}, where, sink, f"'{key}' entry")
        choice_id = _as_id(choice.get("id"))
        if choice_id is None or not ITEM_ID_RE.match(choice_id):
            sink.error(where, choice.line_of("id"), f"each of '{key}' needs an id of letters or digits")
            return None
        if choice_id in seen:
            sink.error(where, choice.line_of("id"), f"id {choice_id!r} is used twice in '{key}'")
            return None
        seen.add(choice_id)
        image = _image_field(choice, "image", where, sink)
        needs_text = kind is not ItemKind.IMAGE_CHOICE
        text = _text(choice, "text", where, sink, required=needs_text)
        if needs_text and "text" not in choice:
            sink.error(where, line, f"each of '{key}' needs a 'text'")
        if kind is ItemKind.IMAGE_CHOICE and image is None:
            sink.error(where, line, "every choice of an image_choice item needs an 'image'")
        result.append(Choice(id=choice_id, text=text, image=image))
    return tuple(result)


Answer = tuple[str | bool | tuple[str, ...] | dict[str, str] | None, tuple[str, ...]]


def _answer(
    entry: LDict,
    kind: ItemKind,
    choices: tuple[Choice, ...],
    targets: tuple[Choice, ...],
    where: str,
    sink: Sink,
) -> Answer | None:
    """(key, accepted) in the shape of a learner's response, or None after reporting why not."""
    raw = entry.get("answer")
    line = entry.line_of("answer")
    ids = [c.id for c in choices]
    if kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE):
        value = _as_id(raw)
        if value not in ids:
            sink.error(where, line, f"answer {raw!r} is not one of the choice ids ({', '.join(ids)})")
            return None
        return value, ()
    if kind is ItemKind.TRUE_FALSE:
        if not isinstance(raw, bool):
            sink.error(where, line, "a true_false answer must be true or false")
            return None
        return raw, ()
    if kind in (ItemKind.MULTIPLE, ItemKind.ORDERING):
        values = [_as_id(v) for v in raw] if isinstance(raw, list) else None
        if values is None or not values or None in values:
            sink.error(where, line, f"a {kind} answer must be a list of choice ids")
            return None
        strs = [v for v in values if v is not None]
        unknown = [v for v in strs if v not in ids]
        if unknown:
            sink.error(
                where, line, f"answer names no such choice: {', '.join(unknown)} (choices: {', '.join(ids)})"
            )
            return None
        if len(set(strs)) != len(strs):
            sink.error(where, line, "answer lists a choice twice")
            return None
        if kind is ItemKind.ORDERING and sorted(strs) != sorted(ids):
            sink.error(where, line, "an ordering answer must list every choice id exactly once")
            return None
        return tuple(strs), ()
    if kind is ItemKind.MATCHING:
        if not isinstance(raw, dict):
            sink.error(where, line, "a matching answer must be a mapping {choice id: target id}")
            return None
        target_ids = {t.id for t in targets}
        mapping: dict[str, str] = {}
        for k, v in raw.items():
            ck, tv = _as_id(k), _as_id(v)
            if ck not in ids:
                sink.error(where, line_of(raw, k), f"answer names no such choice: {k!r}")
                return None
            if tv not in target_ids:
                sink.error(where, line_of(raw, k), f"answer for {k!r} names no such target: {v!r}")
                return None
            assert ck is not None and tv is not None
            mapping[ck] = tv
        missing = [i for i in ids if i not in mapping]
        if missing:
            sink.error(
                where, line, f"a matching answer must pair every choice; missing: {', '.join(missing)}"
            )
            return None
        return mapping, ()
    # FILL_IN: a list of accepted answers (a single text is accepted as a list of one).
    values_raw = [raw] if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else raw
    if not isinstance(values_raw, list) or not values_raw:
        sink.error(where, line, "a fill_in answer must be a list of accepted answers")
        return None
    accepted: list[str] = []
    for value in values_raw:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            sink.error(where, line, "each accepted fill_in answer must be non-empty text")
            return None
        accepted.append(str(value).strip())
    # key: the first accepted answer (what the UI shows as "the answer"); grading uses all of them.
    return accepted[0], tuple(accepted)
