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
_MAX_N = 2**16
_MAX_WORK = 4 * _N * _R * _P  # what verify_pin accepts: at most 4x our own cost


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
    if not isinstance(stored, str):  # from another PC's profile event: may be any JSON value
        return False
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        cost_n, cost_r, cost_p = int(n), int(r), int(p)
        # The hash comes from profile events written elsewhere: a forged one must not choose a
        # cost that takes minutes (p=200000) or a huge output. Ours are (2**14, 8, 1), 32 bytes.
        if not (2 <= cost_n <= _MAX_N and cost_n & (cost_n - 1) == 0 and 1 <= cost_r <= 16 and 1 <= cost_p <= 4):
            return False
        if cost_n * cost_r * cost_p > _MAX_WORK or len(hash_b64) > 100 or len(salt_b64) > 100:
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(hash_b64)
        if not 16 <= len(expected) <= 64:
            return False
        digest = hashlib.scrypt(pin.encode(), salt=salt, n=cost_n, r=cost_r, p=cost_p, dklen=len(expected))
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
