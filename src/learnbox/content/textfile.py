"""Turning content file bytes into text and line-aware YAML.

YAML is parsed with the C parser when available (``CSafeLoader``), but mappings and sequences
are built as :class:`LDict` / :class:`LList`, which remember the line of every key and item, so
an error in item 7's ``answer`` can point at that exact line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from learnbox.content.errors import Sink
from learnbox.core.text import nfc

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing: the pure-Python parser is slower, not wrong
    _BaseLoader = yaml.SafeLoader


class LDict(dict[Any, Any]):
    """A YAML mapping that knows where it is: ``line`` (1-based) and ``key_lines[key]``."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A YAML sequence with ``line`` (1-based) and ``item_lines[i]``."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def line_of(container: Any, key: Any) -> int | None:
    """The line of ``key`` in a loaded mapping/sequence, or of the container, or None."""
    if isinstance(container, LDict):
        return container.line_of(key)
    if isinstance(container, LList) and isinstance(key, int):
        return container.line_of(key)
    return getattr(container, "line", None) or None


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    line_offset = 0


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LDict:
    loader.flatten_mapping(node)  # resolves "<<" merge keys like the stock loader
    result = LDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key_line = key_node.start_mark.line + 1 + loader.line_offset
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value, not a list or mapping", key_node.start_mark
            ) from None
        if key in result:
            result.duplicates.append((key, key_line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LList:
    result = LList()
    result.line = node.start_mark.line + 1 + loader.line_offset
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(child.start_mark.line + 1 + loader.line_offset)
    return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def decode(data: bytes, display: str, sink: Sink) -> str | None:
    """UTF-8 bytes as NFC text; reports undecodable bytes and empty files. None when unusable."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex().upper()
        sink.error(
            display,
            line,
            f"file is not UTF-8 (byte 0x{bad} at offset {exc.start}; saved as Latin-1/Windows-1252?) "
            "- save it as UTF-8",
        )
        return None
    if not text.strip():
        sink.error(display, None, "file is empty")
        return None
    return nfc(text)


def report_non_nfc(data: bytes, display: str, sink: Sink, limit: int = 5) -> None:
    """Report lines whose text is not in NFC (the loader normalises; the source should already be)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # reported by decode()
    if unicodedata.is_normalized("NFC", text):
        return
    reported = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            sample = next((w for w in line.split() if not unicodedata.is_normalized("NFC", w)), line)
            sink.error(
                display,
                number,
                f"text is not NFC-normalized (e.g. {nfc(sample)!r} uses combining marks); save it as NFC",
            )
            reported += 1
            if reported >= limit:
                break


def load_yaml(text: str, display: str, sink: Sink, line_offset: int = 0) -> Any:
    """Parse one YAML document with line marks. Reports syntax errors and returns None then."""
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        sink.error(display, line, f"YAML syntax error: {problem}{context}")
    except yaml.YAMLError as exc:
        sink.error(display, None, f"YAML error: {exc}")
    except RecursionError:  # thousands of nested [ or {: the constructor recurses once per level
        # (newer PyYAML stops earlier with its own located error, caught above: either is fine)
        sink.error(display, line_offset + 1, "YAML is nested too deeply to be course content")
    finally:
        loader.dispose()
    return None


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Split a lesson into (front matter YAML or None, its first line, body, body's first line).

    Front matter is the block between a first line ``---`` and the next line ``---`` (or ``...``).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return front, 2, body, index + 2
    return None, 0, text, 1


# A front matter of exactly one plain `title: ...` line (the common case) needs no YAML parser.
# Anything YAML could read differently (quotes, flow/indicator characters, comments, booleans,
# numbers, null) goes through load_yaml instead, so both paths always agree.
_SIMPLE_TITLE = re.compile(r"title:[ \t]+([^\W\d_][^:#'\"{}\[\]&*!|>%@`\n]*?)[ \t]*\n?")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def simple_title(front: str) -> str | None:
    """The title of a one-line ``title: plain text`` front matter, or None to use the YAML parser."""
    match = _SIMPLE_TITLE.fullmatch(front)
    if match is None or match.group(1).lower() in _YAML_WORDS:
        return None
    return match.group(1)
