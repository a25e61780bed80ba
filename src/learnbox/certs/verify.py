"""Offline verification of a LearnBox certificate against pinned issuer keys (the client's side).

The client ships with (and learns on sync) the issuer's public Multikeys. A credential is valid
when it is a well-formed AchievementCredential, its ``eddsa-jcs-2022`` proof verifies with a key
that is both pinned and named under the credential's own issuer id (``<issuer>#<multikey>``), and
(when a status list is at hand) its revocation bit is clear in a status list signed the same way.

Failures carry a :class:`Problem` code whose message (marked with ``N_``) the UI translates, plus
an English detail for the log.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from learnbox.certs.codes import is_code
from learnbox.certs.credential import CREDENTIAL_TYPES, VC_CONTEXT, credential_code
from learnbox.certs.data_integrity import KeyResolver, is_datetime_stamp, parse_datetime_stamp
from learnbox.certs.data_integrity import verify as verify_proof
from learnbox.certs.errors import CertificateError, KeyFormatError
from learnbox.certs.keys import decode_public_multikey, split_verification_method
from learnbox.certs.status_list import status_bit
from learnbox.i18n import N_

OB_CONTEXT_PATTERN = re.compile(r"https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json")


class Verdict(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    INVALID = "invalid"


class Problem(StrEnum):
    MALFORMED = "malformed"
    UNTRUSTED_KEY = "untrusted_key"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    REVOKED = "revoked"


#: What the learner (or an employer) reads, translated at display time with ``_``.
PROBLEM_MESSAGES: dict[Problem, str] = {
    Problem.MALFORMED: N_("This file is not a LearnBox certificate, or it is damaged."),
    Problem.UNTRUSTED_KEY: N_("This certificate was not signed by a LearnBox issuer this computer knows."),
    Problem.BAD_SIGNATURE: N_("This certificate has been changed after it was issued. It is not valid."),
    Problem.EXPIRED: N_("This certificate has expired."),
    Problem.REVOKED: N_("This certificate has been revoked by the issuer."),
}


@dataclass(frozen=True)
class VerificationReport:
    """What the client shows: the verdict, why, and the certificate's main facts."""

    verdict: Verdict
    problem: Problem | None = None
    detail: str = ""  # English, for logs and support
    status_checked: bool = False  # True when a signed status list was consulted
    code: str | None = None
    course_name: str = ""
    issuer_name: str = ""
    issuer_id: str = ""
    valid_from: datetime | None = None
    language: str = ""

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    @property
    def message(self) -> str:
        """The untranslated user message (pass it through ``_``); empty when valid."""
        return PROBLEM_MESSAGES[self.problem] if self.problem else ""


class _Invalid(Exception):
    def __init__(self, problem: Problem, detail: str) -> None:
        super().__init__(detail)
        self.problem = problem
        self.detail = detail


def parse_json(text: str | bytes) -> Any:
    """Strict JSON: duplicate member names and NaN/Infinity are refused (they hide tampering)."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise CertificateError(f"duplicate member {key!r}")
            result[key] = value
        return result

    def no_constants(name: str) -> Any:
        raise CertificateError(f"{name} is not valid JSON")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CertificateError(f"not valid JSON: {exc}") from None


def pinned_resolver(issuer_id: str, pinned_keys: Iterable[str]) -> KeyResolver:
    """Resolve ``<issuer_id>#<multikey>`` to the key when the multikey is pinned; else None."""
    pinned = frozenset(pinned_keys)

    def resolve(vm_id: str) -> Ed25519PublicKey | None:
        try:
            controller, fragment = split_verification_method(vm_id)
            if controller != issuer_id or fragment not in pinned:
                return None
            return decode_public_multikey(fragment)
        except KeyFormatError:
            return None

    return resolve


def verify_credential(
    credential: str | bytes | Mapping[str, Any],
    pinned_keys: Iterable[str],
    *,
    trusted_issuers: Iterable[str] | None = None,
    status_list: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> VerificationReport:
    """Check ``credential`` fully offline; never raises for bad input, reports it instead."""
    now = now or datetime.now(UTC)
    keys = frozenset(pinned_keys)
    facts: dict[str, Any] = {}
    try:
        doc = parse_json(credential) if isinstance(credential, str | bytes) else credential
        facts = _facts(doc)
        issuer_id = facts["issuer_id"]
        if trusted_issuers is not None and issuer_id not in set(trusted_issuers):
            raise _Invalid(Problem.UNTRUSTED_KEY, f"issuer {issuer_id} is not a trusted issuer")
        result = verify_proof(doc, pinned_resolver(issuer_id, keys), now=now)
        if not result.verified:
            problem = Problem.UNTRUSTED_KEY if result.unknown_key else Problem.BAD_SIGNATURE
            raise _Invalid(problem, result.reason)
        until = doc.get("validUntil")
        if until is not None and parse_datetime_stamp(until) <= now:
            raise _Invalid(Problem.EXPIRED, f"validUntil {until} has passed")
        if status_list is None:
            return VerificationReport(Verdict.VALID, **facts)
        revoked, detail = _revocation(doc, status_list, issuer_id, keys, now)
        if revoked is None:
            return VerificationReport(Verdict.VALID, detail=detail, **facts)
        if revoked:
            return VerificationReport(
                Verdict.REVOKED, Problem.REVOKED, "revoked in the status list", True, **facts
            )
        return VerificationReport(Verdict.VALID, status_checked=True, **facts)
    except _Invalid as exc:
        return VerificationReport(Verdict.INVALID, exc.problem, exc.detail, **facts)
    except CertificateError as exc:
        return VerificationReport(Verdict.INVALID, Problem.MALFORMED, str(exc), **facts)


def _facts(doc: Any) -> dict[str, Any]:
    """Structural checks, returning the facts the report shows; _Invalid(MALFORMED) on failure."""
    if not isinstance(doc, Mapping):
        raise _Invalid(Problem.MALFORMED, "the credential is not a JSON object")
    ctx = doc.get("@context")
    if not (isinstance(ctx, list) and len(ctx) >= 2 and ctx[0] == VC_CONTEXT):
        raise _Invalid(Problem.MALFORMED, "wrong or missing @context")
    if not (isinstance(ctx[1], str) and OB_CONTEXT_PATTERN.fullmatch(ctx[1])):
        raise _Invalid(Problem.MALFORMED, "the second @context is not the Open Badges 3.0 context")
    types = doc.get("type")
    if not (isinstance(types, list) and all(t in types for t in CREDENTIAL_TYPES)):
        raise _Invalid(Problem.MALFORMED, "not an AchievementCredential")
    if not isinstance(doc.get("id"), str):
        raise _Invalid(Problem.MALFORMED, "the credential has no id")
    issuer = doc.get("issuer")
    if not (isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str)):
        raise _Invalid(Problem.MALFORMED, "the issuer has no id")
    if not is_datetime_stamp(doc.get("validFrom")):
        raise _Invalid(Problem.MALFORMED, "validFrom is missing or not a date-time with a zone")
    subject = doc.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    if not (isinstance(achievement, Mapping) and isinstance(achievement.get("name"), str)):
        raise _Invalid(Problem.MALFORMED, "the credential names no achievement")
    code = credential_code(doc)
    return {
        "code": code if is_code(code) else None,
        "course_name": achievement["name"],
        "issuer_name": str(issuer.get("name", "")),
        "issuer_id": issuer["id"],
        "valid_from": parse_datetime_stamp(doc["validFrom"]),
        "language": str(achievement.get("inLanguage", "")),
    }


def _revocation(
    doc: Mapping[str, Any],
    status_list: Mapping[str, Any],
    issuer_id: str,
    keys: frozenset[str],
    now: datetime,
) -> tuple[bool | None, str]:
    """(revoked?, detail); None when the status list cannot be trusted or does not apply."""
    entry = doc.get("credentialStatus")
    if not isinstance(entry, Mapping):
        return None, "the credential has no credentialStatus"
    if status_list.get("issuer") != issuer_id:
        return None, "the status list comes from another issuer"
    result = verify_proof(status_list, pinned_resolver(issuer_id, keys), now=now)
    if not result.verified:
        return None, f"status list not trusted: {result.reason}"
    try:
        return status_bit(status_list, entry), ""
    except CertificateError as exc:
        return None, f"status list not usable: {exc}"


def keys_from_issuer_document(document: Any, issuer_id: str | None = None) -> list[str]:
    """The Ed25519 Multikeys an issuer publishes at ``<public URL>/issuer``, for pinning.

    Only entries controlled by the document's own id (and, when given, ``issuer_id``) count,
    and only well-formed Ed25519 keys; CertificateError when none is usable.
    """
    if not isinstance(document, Mapping) or not isinstance(document.get("id"), str):
        raise CertificateError("the issuer document has no id")
    controller = document["id"]
    if issuer_id is not None and controller != issuer_id:
        raise CertificateError(f"the issuer document is for {controller}, not {issuer_id}")
    found: list[str] = []
    methods = document.get("verificationMethod")
    for method in methods if isinstance(methods, list) else []:
        if not isinstance(method, Mapping) or method.get("controller") != controller:
            continue
        multikey = method.get("publicKeyMultibase")
        if not isinstance(multikey, str) or method.get("id") != f"{controller}#{multikey}":
            continue
        try:
            decode_public_multikey(multikey)
        except KeyFormatError:
            continue
        if multikey not in found:
            found.append(multikey)
    if not found:
        raise CertificateError("the issuer document lists no usable Ed25519 key")
    return found
