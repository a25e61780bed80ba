"""PINs for shared PCs: salted scrypt hashes and the lockout rule.

A 4-6 digit PIN has at most a million values, so the hash alone cannot stop a determined
attacker with the database file; it stops casual snooping, and the lockout stops guessing at the
keyboard. Pure functions; the store keeps the failure counters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

MAX_FAILURES = 5
LOCKOUT_MS = 5 * 60 * 1000
_N, _R, _P = 2**14, 8, 1  # ~30-50 ms on a 2-core PC: slow for guessing, fast enough to sign in


def is_valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6


def hash_pin(pin: str) -> str:
    """A self-describing salted scrypt hash: ``scrypt$n$r$p$salt$hash`` (base64)."""
    if not is_valid_pin(pin):
        raise ValueError("a PIN is 4 to 6 digits")
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(
        [
            "scrypt",
            str(_N),
            str(_R),
            str(_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored``; False for any malformed input."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(hash_b64)
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class Lockout:
    failures: int
    locked_until_ms: int


def after_failure(state: Lockout, now_ms: int) -> Lockout:
    """The lockout state after one more wrong PIN."""
    failures = state.failures + 1
    if failures >= MAX_FAILURES:
        return Lockout(0, now_ms + LOCKOUT_MS)
    return Lockout(failures, state.locked_until_ms)


def remaining_lock_ms(state: Lockout, now_ms: int) -> int:
    """Milliseconds until the profile unlocks (0 = unlocked).

    Clamped to the lockout length so a device clock set back by hours cannot lock a learner out
    for hours.
    """
    return max(0, min(state.locked_until_ms - now_ms, LOCKOUT_MS))
