"""Build a correct and a surely-wrong learner response for any quiz item (test helper)."""

from __future__ import annotations

from typing import Any

from learnbox.core.model import Item, ItemKind


def correct_response(item: Item) -> Any:
    """The key in the JSON shape a learner's response has (lists, not tuples)."""
    key = item.key
    if item.kind is ItemKind.FILL_IN:
        # Typed carelessly: other case and extra spaces must still count.
        return f"  {item.accepted[0].upper()} "
    if isinstance(key, tuple):
        return list(key)
    if isinstance(key, dict):
        return dict(key)
    return key


def wrong_response(item: Item) -> Any:
    key = item.key
    ids = [c.id for c in item.choices]
    if item.kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE):
        return next(i for i in ids if i != key)
    if item.kind is ItemKind.TRUE_FALSE:
        return not key
    if item.kind is ItemKind.MULTIPLE:
        assert isinstance(key, tuple)
        others = [i for i in ids if i not in key]
        return [*key, others[0]] if others else list(key[:-1])
    if item.kind is ItemKind.ORDERING:
        assert isinstance(key, tuple)
        return list(reversed(key))
    if item.kind is ItemKind.MATCHING:
        assert isinstance(key, dict)
        first = ids[0]
        wrong = next(t.id for t in item.targets if t.id != key[first])
        return {**key, first: wrong}
    if item.kind is ItemKind.FILL_IN:
        return "".join(item.accepted) + " not this"
    raise AssertionError(f"unknown item kind {item.kind}")
