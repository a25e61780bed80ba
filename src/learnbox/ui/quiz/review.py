"""A learner's response in words, for the review after a test."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from learnbox.core.model import Item, ItemKind
from learnbox.i18n import _


def describe_response(item: Item, response: Any) -> str:
    """What the learner answered, in the words shown on screen; "(no answer)" if nothing."""
    if response is None or response == "" or response == [] or response == {}:
        return _("(no answer)")
    texts = {c.id: c.text or c.id for c in item.choices}
    targets = {t.id: t.text or t.id for t in item.targets}
    if item.kind is ItemKind.TRUE_FALSE and isinstance(response, bool):
        return _("True") if response else _("False")
    if item.kind in (ItemKind.SINGLE, ItemKind.IMAGE_CHOICE) and isinstance(response, str):
        return texts.get(response, response)
    if item.kind is ItemKind.MULTIPLE and isinstance(response, list | tuple):
        return "; ".join(texts.get(str(r), str(r)) for r in response)
    if item.kind is ItemKind.ORDERING and isinstance(response, list | tuple):
        return " → ".join(texts.get(str(r), str(r)) for r in response)
    if item.kind is ItemKind.MATCHING and isinstance(response, Mapping):
        return "; ".join(f"{texts.get(str(a), a)} → {targets.get(str(b), b)}" for a, b in response.items())
    return str(response)
