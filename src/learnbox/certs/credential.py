"""Open Badges 3.0 ``AchievementCredential`` documents, built from plain values and signed.

The credential deliberately uses only terms defined by the VC 2.0 and OB 3.0 contexts, so any
JSON-LD processor reads it without guessing, and it passes the OB 3.0 JSON schema (which wants
``proof`` as an array). Two optional members are left out on purpose: ``credentialSchema`` (its
type ``1EdTechJsonSchemaValidator2019`` is not defined by the OB 3.0.3 context) and
``awardedDate`` (the context types it ``xsd:dateTime`` without defining ``xsd``, so it would not
expand to a real datatype); ``validFrom`` carries the award date. Personal data stays out: the learner appears only as salted SHA-256
``IdentityObject`` hashes; the name printed on paper can be checked against the ``name`` hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from learnbox.certs.codes import CODE_PATTERN, is_code
from learnbox.certs.data_integrity import format_datetime, sign
from learnbox.certs.digcomp import FRAMEWORK, FRAMEWORK_URL, competence_name
from learnbox.certs.errors import CertificateError
from learnbox.certs.keys import SigningKey

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = (VC_CONTEXT, OB_CONTEXT)
CREDENTIAL_TYPES = ("VerifiableCredential", "AchievementCredential")


@dataclass(frozen=True)
class IssuerProfile:
    """The issuing organisation; ``id`` is the URL where its keys are published."""

    id: str
    name: str
    url: str
    email: str = ""


@dataclass(frozen=True)
class AchievementInfo:
    """What was achieved: one LearnBox course, in the language the learner took it."""

    id: str  # a stable URL of the course achievement
    name: str
    description: str
    criteria: str  # narrative: how it is earned
    language: str  # BCP 47, e.g. "vi"
    digcomp: tuple[str, ...] = ()
    version: str = ""  # content version the learner was tested on


@dataclass(frozen=True)
class RecipientIdentity:
    """One salted identity hash of the recipient (OB 3.0 ``IdentityObject``)."""

    identity_type: str  # "systemId", "name", ... or "ext:..."
    identity_hash: str  # "sha256$<hex>"
    salt: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "IdentityObject",
            "hashed": True,
            "identityHash": self.identity_hash,
            "identityType": self.identity_type,
            "salt": self.salt,
        }


@dataclass(frozen=True)
class StatusEntry:
    """Where this credential's revocation bit lives in a Bitstring Status List."""

    list_url: str
    index: int
    purpose: str = "revocation"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": f"{self.list_url}#{self.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.purpose,
            "statusListIndex": str(self.index),  # a string, as the Bitstring Status List spec requires
            "statusListCredential": self.list_url,
        }


@dataclass(frozen=True)
class CredentialInput:
    """Everything a credential states, gathered so the server builds it in one call."""

    credential_id: str  # "urn:uuid:..."
    code: str  # "ABCD-EFGH"
    verification_url: str  # public page for the code, printed as a QR code
    issuer: IssuerProfile
    achievement: AchievementInfo
    recipient: tuple[RecipientIdentity, ...]
    valid_from: datetime  # server time
    status: StatusEntry
    description: str = ""  # shown by wallets; defaults to an English sentence with code and URL
    extra: Mapping[str, Any] = field(default_factory=dict)


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def new_salt() -> str:
    return secrets.token_hex(16)


def identity_hash(identifier: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex SHA-256 of the identifier with the salt appended."""
    return "sha256$" + hashlib.sha256((identifier + salt).encode("utf-8")).hexdigest()


def hashed_identity(identity_type: str, identifier: str, salt: str | None = None) -> RecipientIdentity:
    """A salted hash of ``identifier``; text is NFC-normalized first so the same name always matches."""
    if not identifier:
        raise CertificateError("a recipient identifier must not be empty")
    salt = salt if salt is not None else new_salt()
    value = unicodedata.normalize("NFC", identifier)
    return RecipientIdentity(identity_type, identity_hash(value, salt), salt)


def identity_matches(identity: Mapping[str, Any], identifier: str) -> bool:
    """True when ``identifier`` (e.g. the name on a printout) hashes to this IdentityObject."""
    salt = identity.get("salt", "")
    expected = identity.get("identityHash")
    if not isinstance(salt, str) or not isinstance(expected, str):
        return False
    value = unicodedata.normalize("NFC", identifier)
    return secrets.compare_digest(identity_hash(value, salt), expected)


def alignment(code: str) -> dict[str, Any]:
    """An OB ``Alignment`` to one DigComp 2.2 competence."""
    return {
        "type": ["Alignment"],
        "targetCode": code,
        "targetName": f"{code} {competence_name(code)}",
        "targetFramework": FRAMEWORK,
        "targetType": "ext:DigCompCompetence",
        "targetUrl": FRAMEWORK_URL,
    }


def build_credential(data: CredentialInput) -> dict[str, Any]:
    """The unsigned AchievementCredential for ``data``; CertificateError on inconsistent input."""
    _check(data)
    ach = data.achievement
    achievement: dict[str, Any] = {
        "id": ach.id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": ach.name,
        "description": ach.description,
        "criteria": {"narrative": ach.criteria},
        "inLanguage": ach.language,
    }
    if ach.digcomp:
        achievement["alignment"] = [alignment(code) for code in ach.digcomp]
    if ach.version:
        achievement["version"] = ach.version
    issuer: dict[str, Any] = {
        "id": data.issuer.id,
        "type": ["Profile"],
        "name": data.issuer.name,
        "url": data.issuer.url,
    }
    if data.issuer.email:
        issuer["email"] = data.issuer.email
    valid_from = format_datetime(data.valid_from)
    description = data.description or f"Certificate {data.code}. Check it at {data.verification_url}"
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": data.credential_id,
        "type": list(CREDENTIAL_TYPES),
        "name": ach.name,
        "description": description,
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [r.to_json() for r in data.recipient],
            "achievement": achievement,
        },
        "credentialStatus": data.status.to_json(),
    }
    credential.update(data.extra)
    return credential


def issue_credential(data: CredentialInput, key: SigningKey) -> dict[str, Any]:
    """Build and sign (``eddsa-jcs-2022``, proof as an array, created = validFrom)."""
    if not key.verification_method.startswith(data.issuer.id + "#"):
        raise CertificateError(
            f"signing key {key.verification_method} does not belong to issuer {data.issuer.id}"
        )
    return sign(build_credential(data), key, data.valid_from, proof_as_array=True)


def _check(data: CredentialInput) -> None:
    if not data.credential_id.startswith("urn:uuid:"):
        raise CertificateError("credential id must be a urn:uuid")
    if not is_code(data.code):
        raise CertificateError(f"{data.code!r} is not a certificate code like ABCD-EFGH")
    if data.code not in data.verification_url:
        raise CertificateError("the verification URL must contain the certificate code")
    if data.description and data.code not in data.description:
        raise CertificateError("a custom description must state the certificate code")
    if not data.recipient:
        raise CertificateError("a credential needs at least one recipient identity")
    for text, what in ((data.achievement.name, "course name"), (data.issuer.name, "issuer name")):
        if not text.strip():
            raise CertificateError(f"the {what} must not be empty")
    if data.status.index < 0:
        raise CertificateError("status list index must not be negative")
    for code in data.achievement.digcomp:
        try:
            competence_name(code)
        except ValueError as exc:
            raise CertificateError(str(exc)) from None


def credential_code(credential: Mapping[str, Any]) -> str | None:
    """The certificate code a credential states in its description, or None."""
    text = credential.get("description")
    match = CODE_PATTERN.search(text) if isinstance(text, str) else None
    return match.group(0) if match else None


def verification_url(credential: Mapping[str, Any]) -> str | None:
    """The verification page address stated in the credential's description."""
    code = credential_code(credential)
    text = credential.get("description")
    if not code or not isinstance(text, str):
        return None
    match = re.search(rf"https?://\S+/v/{re.escape(code)}", text)
    return match.group(0) if match else None
