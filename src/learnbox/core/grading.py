"""Grading a learner's response against an item's key.

Shared by the client (immediate feedback) and the server (claim verification re-grades the raw
responses with its own copy of the keys), so it must be pure and total: any JSON value as a
response gives True or False, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from learnbox.core.model import Item, ItemKind
from learnbox.core.text import answer_key


def grade(item: Item, response: Any) -> bool:
    """True when ``response`` (a decoded JSON value) is a correct answer to ``item``."""
    kind = item.kind
    key = item.key
    if kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE):
        return isinstance(response, str) and response == key
    if kind is ItemKind.TRUE_FALSE:
        return isinstance(response, bool) and response is key
    if kind is ItemKind.MULTIPLE:
        if not _is_str_list(response) or not isinstance(key, tuple):
            return False
        return len(set(response)) == len(response) and set(response) == set(key)
    if kind is ItemKind.ORDERING:
        return _is_str_list(response) and isinstance(key, tuple) and tuple(response) == key
    if kind is ItemKind.MATCHING:
        if not isinstance(response, Mapping) or not isinstance(key, dict):
            return False
        return all(isinstance(v, str) for v in response.values()) and dict(response) == key
    if kind is ItemKind.FILL_IN:
        if not isinstance(response, str):
            return False
        given = answer_key(response)
        return bool(given) and any(given == answer_key(a) for a in item.accepted)
    return False


def _is_str_list(value: Any) -> bool:
    return (
        isinstance(value, Sequence) and not isinstance(value, str) and all(isinstance(v, str) for v in value)
    )


def score(correct: int, total: int) -> float:
    """The fraction correct; an empty attempt scores 0."""
    return correct / total if total > 0 else 0.0


def passes(correct: int, total: int, pass_mark: float) -> bool:
    """Whether ``correct`` of ``total`` reaches ``pass_mark``, without float rounding surprises."""
    if total <= 0:
        return False
    # Compare in integers: 8/10 against 0.8 must pass even though 0.8 is not exact in binary.
    return correct * 1000 >= round(pass_mark * 1000) * total
