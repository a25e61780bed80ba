"""Identifiers: UUIDv7 (time-ordered, so B-tree inserts stay local) as canonical strings."""

from __future__ import annotations

import uuid


def new_id() -> str:
    """A fresh UUIDv7 in canonical text form."""
    # Imported here: uuid6 pulls in importlib.metadata (~0.1 s), and the profile picker must paint
    # before anything needs a new id.
    import uuid6

    return str(uuid6.uuid7())


def is_uuid(value: object) -> bool:
    """True when ``value`` is a canonical UUID string (any version)."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud and type


def learner_code(learner_id: str) -> str:
    """A short, stable code a learner uses to find their profile on another PC: "K7QM-4XTA".

    Derived from the learner id (so every device computes the same code without asking the
    server); 31^8 ~ 8.5e11 values keeps collisions negligible for a country's learners.
    """
    import hashlib

    n = int.from_bytes(hashlib.sha256(learner_id.encode()).digest()[:8], "big")
    chars = []
    for _ in range(8):
        n, r = divmod(n, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[r])
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def normalise_code(text: str) -> str:
    """A typed code in canonical form: upper case, no spaces, dash after 4 characters."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return raw[:4] + "-" + raw[4:] if len(raw) == 8 else raw
