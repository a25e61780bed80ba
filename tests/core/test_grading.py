from __future__ import annotations

import pytest

from learnbox.core.grading import grade, passes
from learnbox.core.model import Choice, Item, ItemKind

A, B, C = Choice("a", "A"), Choice("b", "B"), Choice("c", "C")


def item(kind: ItemKind, key: object, **kw: object) -> Item:
    return Item(id="q", kind=kind, prompt="?", choices=(A, B, C), key=key, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("it", "right", "wrongs"),
    [
        (item(ItemKind.SINGLE, "b"), "b", ["a", ["b"], None, 1, ""]),
        (item(ItemKind.IMAGE_CHOICE, "c"), "c", ["a", {"c": 1}]),
        (item(ItemKind.TRUE_FALSE, True), True, [False, "true", 1, None]),
        (
            item(ItemKind.MULTIPLE, ("a", "c")),
            ["c", "a"],
            [["a"], ["a", "c", "c"], ["a", "b", "c"], "ac", [1, 2]],
        ),
        (item(ItemKind.ORDERING, ("c", "a", "b")), ["c", "a", "b"], [["a", "b", "c"], ["c", "a"], "cab"]),
        (
            Item("m", ItemKind.MATCHING, "?", (A, B), (Choice("x"), Choice("y")), {"a": "y", "b": "x"}),
            {"b": "x", "a": "y"},
            [{"a": "x", "b": "y"}, {"a": "y"}, ["a", "y"], {"a": "y", "b": 1}],
        ),
        (
            Item("f", ItemKind.FILL_IN, "?", accepted=("Mật khẩu", "mat khau")),
            "  MẬT   KHẨU ",
            ["mat", "", None, 3, "mật khẩu mạnh"],
        ),
    ],
)
def test_key_is_correct_and_wrong_answers_are_not(it: Item, right: object, wrongs: list[object]) -> None:
    assert grade(it, right)
    for wrong in wrongs:
        assert not grade(it, wrong), wrong


def test_fill_in_compares_nfc() -> None:
    it = Item("f", ItemKind.FILL_IN, "?", accepted=("Nguyễn",))
    nfd = "Nguye\u0302\u0303n"
    assert grade(it, nfd)


def test_pass_mark_is_exact_at_the_boundary() -> None:
    assert passes(8, 10, 0.8)
    assert not passes(7, 10, 0.8)
    assert passes(4, 5, 0.8)
    assert not passes(0, 0, 0.8)
