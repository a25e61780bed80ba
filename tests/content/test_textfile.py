"""Hostile YAML in a content file gives a located error, never an internal error."""

from __future__ import annotations

import pytest

from learnbox.content.errors import CollectingSink, ContentError, RaisingSink
from learnbox.content.textfile import load_yaml


def test_deeply_nested_yaml_is_a_clear_error() -> None:
    text = "x: " + "[" * 5000 + "]" * 5000 + "\n"
    sink = CollectingSink()
    assert load_yaml(text, "course.yaml", sink) is None
    # PyYAML itself refuses deep nesting since 6.0.3, before our RecursionError guard sees it: the
    # wording is the library's then, so check the shape of the report, not its words.
    [problem] = sink.problems
    assert problem.file == "course.yaml"
    assert problem.line == 1
    assert problem.message
    assert "Traceback" not in str(problem)
    assert str(problem).startswith("course.yaml:1: ")
    with pytest.raises(ContentError):
        load_yaml(text, "course.yaml", RaisingSink())


def test_ordinary_nesting_still_loads() -> None:
    sink = CollectingSink()
    assert load_yaml("a: [[[1]]]\n", "course.yaml", sink) == {"a": [[[1]]]}
    assert not sink.problems


def test_recursion_in_the_parser_is_a_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Older PyYAML recurses once per nesting level and hits Python's recursion limit instead.
    from learnbox.content import textfile

    def recurse(_self: object) -> object:
        raise RecursionError

    monkeypatch.setattr(textfile._LineLoader, "get_single_data", recurse)
    sink = CollectingSink()
    assert load_yaml("x: 1\n", "quiz.vi.yaml", sink, line_offset=4) is None
    [problem] = sink.problems
    assert (problem.file, problem.line) == ("quiz.vi.yaml", 5)
