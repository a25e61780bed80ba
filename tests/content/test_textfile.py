"""Hostile YAML in a content file gives a located error, never an internal error."""

from __future__ import annotations

import pytest

from learnbox.content.errors import CollectingSink, ContentError, RaisingSink
from learnbox.content.textfile import load_yaml


def test_deeply_nested_yaml_is_a_clear_error() -> None:
    text = "x: " + "[" * 5000 + "]" * 5000 + "\n"
    sink = CollectingSink()
    assert load_yaml(text, "course.yaml", sink) is None
    assert [p.message for p in sink.problems] == ["YAML is nested too deeply to be course content"]
    with pytest.raises(ContentError):
        load_yaml(text, "course.yaml", RaisingSink())


def test_ordinary_nesting_still_loads() -> None:
    sink = CollectingSink()
    assert load_yaml("a: [[[1]]]\n", "course.yaml", sink) == {"a": [[[1]]]}
    assert not sink.problems
