"""Issuer key administration: generate, rotate, list, and load the key that signs today.

Private keys live in files (``<key_dir>/<multikey>.pem``, mode 0600) and never in the database;
the database lists every key's public half and which one is active. Rotation makes a new key
active and marks the old one retired: retired keys are still published at ``/issuer`` so every
certificate signed with them keeps verifying, they only stop signing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from learnbox.certs.credential import OB_CONTEXT
from learnbox.certs.errors import CertificateError
from learnbox.certs.keys import (
    SigningKey,
    encode_public_multikey,
    generate_private_key,
    load_private_key,
    save_private_key,
    verification_method_id,
)
from learnbox.server.certificates.models import IssuerKey
from learnbox.server.certificates.settings import IssuerSettings

log = logging.getLogger(__name__)


class NoIssuerKey(CertificateError):
    """No active issuer key: run ``learnbox-server admin keys generate``."""


@dataclass(frozen=True)
class KeyInfo:
    multikey: str
    verification_method: str
    created_ms: int
    active: bool
    retired_ms: int | None


def _info(row: IssuerKey) -> KeyInfo:
    return KeyInfo(row.multikey, row.verification_method, row.created_ms, row.active, row.retired_ms)


def list_keys(session: Session) -> list[KeyInfo]:
    """Every issuer key, oldest first."""
    rows = session.scalars(select(IssuerKey).order_by(IssuerKey.created_ms, IssuerKey.multikey))
    return [_info(r) for r in rows]


def _new_key(session: Session, settings: IssuerSettings, now_ms: int, active: bool) -> KeyInfo:
    private = generate_private_key()
    multikey = encode_public_multikey(private)
    save_private_key(settings.key_dir / f"{multikey}.pem", private)
    row = IssuerKey(
        multikey=multikey,
        verification_method=verification_method_id(settings.issuer_id, multikey),
        created_ms=now_ms,
        active=active,
        retired_ms=None,
    )
    session.add(row)
    session.flush()
    log.info("new issuer key %s (active=%s)", multikey, active)
    return _info(row)


def generate(session: Session, settings: IssuerSettings, now_ms: int) -> KeyInfo:
    """Create the first issuer key; refuses when one exists (use :func:`rotate` to replace it)."""
    if session.scalar(select(IssuerKey.multikey).limit(1)) is not None:
        raise CertificateError("issuer keys already exist; use 'keys rotate' to replace the active key")
    return _new_key(session, settings, now_ms, active=True)


def rotate(session: Session, settings: IssuerSettings, now_ms: int) -> KeyInfo:
    """Make a fresh key active; the previous active key is retired but stays published."""
    session.execute(
        update(IssuerKey).where(IssuerKey.active.is_(True)).values(active=False, retired_ms=now_ms)
    )
    return _new_key(session, settings, now_ms, active=True)


def active_key(session: Session, settings: IssuerSettings) -> SigningKey:
    """The signing key for new credentials and status lists; NoIssuerKey when there is none."""
    row = session.scalar(select(IssuerKey).where(IssuerKey.active.is_(True)))
    if row is None:
        raise NoIssuerKey("no active issuer key: run 'learnbox-server admin keys generate'")
    private = load_private_key(settings.key_dir / f"{row.multikey}.pem")
    if encode_public_multikey(private) != row.multikey:
        raise CertificateError(f"key file for {row.multikey} holds a different key")
    return SigningKey(private, row.verification_method)


def controller_document(session: Session, settings: IssuerSettings) -> dict[str, Any]:
    """The issuer's public profile and every key (active and retired), as a controller document.

    A third party resolves a credential's ``verificationMethod`` (``<issuer>#<multikey>``) here;
    the Multikey entries follow W3C Controlled Identifiers, and the profile fields follow Open
    Badges 3.0 ``Profile``.
    """
    methods = [
        {
            "id": k.verification_method,
            "type": "Multikey",
            "controller": settings.issuer_id,
            "publicKeyMultibase": k.multikey,
        }
        for k in list_keys(session)
    ]
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/cid/v1", OB_CONTEXT],
        "id": settings.issuer_id,
        "type": ["Profile"],
        "name": settings.issuer_name,
        "url": settings.issuer_url,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }
    if settings.issuer_email:
        doc["email"] = settings.issuer_email
    return doc
