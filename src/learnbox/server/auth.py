"""Secrets: enrolment codes people type, bearer tokens devices keep; only SHA-256 digests are stored.

A plain SHA-256 is enough here (no slow hash): both secrets are random and long enough that
guessing from a stolen database is hopeless, and a fast lookup keeps every request cheap.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnbox.server.errors import unauthorised
from learnbox.server.models import Device

_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud over the phone
CODE_LENGTH = 12  # 31^12 ~ 2^59, single-use and expiring


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrolment_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_enrolment_code(text: str) -> str:
    """What people type ("k7qm 4xta-9pzr") in canonical form ("K7QM-4XTA-9PZR")."""
    raw = "".join(c for c in text.upper() if c.isalnum())
    return format_code(raw)


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise unauthorised("no_token", "this request needs 'Authorization: Bearer <device token>'")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorised("no_token", "the Authorization header must be 'Bearer <device token>'")
    return token.strip()


def authenticate(session: Session, authorization: str | None) -> Device:
    """The enrolled, non-revoked device owning the bearer token; 401 otherwise."""
    token = bearer_token(authorization)
    if len(token) > 200:
        raise unauthorised("unknown_token", "this device token is not known to the server")
    device = session.scalars(select(Device).where(Device.token_hash == digest(token))).first()
    if device is None:
        raise unauthorised("unknown_token", "this device token is not known to the server")
    if device.revoked:
        raise unauthorised("revoked", "this device has been revoked; ask the programme office for a new code")
    return device
