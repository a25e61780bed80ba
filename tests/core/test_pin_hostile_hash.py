"""A PIN hash arrives in profile events from other PCs (and, on the server, from any enrolled
device): its scrypt parameters must not let a forged hash burn minutes of CPU per sign-in or
roaming request."""

from __future__ import annotations

import base64
import time

import pytest

from learnbox.core import pin


def _hash_with(n: int, r: int, p: int, dklen: int = 32) -> str:
    salt = base64.b64encode(b"s" * 16).decode()
    return "$".join(["scrypt", str(n), str(r), str(p), salt, base64.b64encode(b"h" * dklen).decode()])


@pytest.mark.parametrize(
    ("n", "r", "p", "dklen"),
    [(2**10, 1, 200_000, 32), (2**16, 2, 60, 32), (2**14, 8, 1, 10_000_000), (3, 8, 1, 32), (2**14, 0, 1, 32)],
)
def test_forged_cost_parameters_are_refused_at_once(n: int, r: int, p: int, dklen: int) -> None:
    started = time.monotonic()
    assert not pin.verify_pin("2580", _hash_with(n, r, p, dklen))
    assert time.monotonic() - started < 1.0


def test_own_hashes_still_verify() -> None:
    stored = pin.hash_pin("258036")
    assert pin.verify_pin("258036", stored) and not pin.verify_pin("258037", stored)
