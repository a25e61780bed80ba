"""W3C Data Integrity proofs with the ``eddsa-jcs-2022`` cryptosuite (vc-di-eddsa §3.3).

Why JCS and not RDF canonicalization: JCS (RFC 8785) needs no JSON-LD processing, so signing and
verifying never load a context and cannot be fooled by a context fetched at run time; and the
bytes signed are exactly the JSON a third party sees.

The algorithm, step for step as the specification gives it:

* proof configuration = the proof options (``type``, ``cryptosuite``, ``created``,
  ``verificationMethod``, ``proofPurpose``) plus the document's ``@context`` when it has one;
* hashData = SHA-256(JCS(proof configuration)) || SHA-256(JCS(document without ``proof``));
* proofValue = ``z`` + base58btc(Ed25519 signature of hashData).

Verification reverses this and also checks that the document's ``@context`` starts with the
proof's ``@context`` (so contexts cannot be swapped under the signature).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from learnbox.certs.errors import KeyFormatError, ProofError
from learnbox.certs.keys import SigningKey
from learnbox.certs.multibase import decode_base58btc, encode_base58btc

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
ASSERTION_METHOD = "assertionMethod"
SIGNATURE_LENGTH = 64

#: XML Schema dateTimeStamp: a dateTime that must carry a time zone (``Z`` or ``±hh:mm``).
_DATETIME_STAMP = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?"
    r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))"
)

_UNKNOWN_KEY = "not a trusted issuer key"

#: Resolves a verification method id to its public key, or None when the id is not trusted.
KeyResolver = Callable[[str], Ed25519PublicKey | None]


def format_datetime(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC (whole seconds), the form used for every date we sign."""
    if moment.tzinfo is None:
        raise ProofError("refusing a naive datetime: certificate times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_datetime_stamp(value: object) -> bool:
    """True when ``value`` is an XML Schema dateTimeStamp string (a date-time with a zone)."""
    return isinstance(value, str) and _DATETIME_STAMP.fullmatch(value) is not None


def parse_datetime_stamp(value: str) -> datetime:
    """Parse a dateTimeStamp into an aware datetime; ProofError when it is not one."""
    if not is_datetime_stamp(value):
        raise ProofError(f"{value!r} is not a date-time with a time zone")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ProofError(f"{value!r} is not a valid date-time: {exc}") from None


def canonicalize(value: Any) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme bytes; ProofError for values JSON cannot carry exactly."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise ProofError(f"document cannot be canonicalized with JCS: {exc}") from None


def proof_configuration(
    document: Mapping[str, Any],
    verification_method: str,
    created: str,
    proof_purpose: str = ASSERTION_METHOD,
    cryptosuite: str = CRYPTOSUITE,
) -> dict[str, Any]:
    """The proof options to be signed, in the member order the W3C vectors print them."""
    if not is_datetime_stamp(created):
        raise ProofError(f"proof 'created' {created!r} is not a date-time with a time zone")
    config: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if "@context" in document:
        config["@context"] = copy.deepcopy(document["@context"])
    return config


def unsecured(document: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``document`` without its ``proof``."""
    return {k: copy.deepcopy(v) for k, v in document.items() if k != "proof"}


def hash_data(unsecured_document: Mapping[str, Any], config: Mapping[str, Any]) -> bytes:
    """SHA-256 of the canonical proof configuration followed by SHA-256 of the canonical document."""
    proof_hash = hashlib.sha256(canonicalize(config)).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured_document)).digest()
    return proof_hash + document_hash


def create_proof(
    document: Mapping[str, Any],
    key: SigningKey,
    created: str | datetime,
    proof_purpose: str = ASSERTION_METHOD,
) -> dict[str, Any]:
    """An ``eddsa-jcs-2022`` proof (with ``proofValue``) over ``document`` minus any ``proof``."""
    if not isinstance(document, Mapping):
        raise ProofError("only a JSON object can be signed")
    stamp = format_datetime(created) if isinstance(created, datetime) else created
    doc = unsecured(document)
    config = proof_configuration(doc, key.verification_method, stamp, proof_purpose)
    signature = key.private_key.sign(hash_data(doc, config))
    return {**config, "proofValue": encode_base58btc(signature)}


def sign(
    document: Mapping[str, Any],
    key: SigningKey,
    created: str | datetime,
    *,
    proof_as_array: bool = False,
) -> dict[str, Any]:
    """A copy of ``document`` with an ``eddsa-jcs-2022`` proof attached.

    ``proof_as_array`` puts the proof in a one-element list: the Open Badges 3.0 JSON schema
    requires that form, and Data Integrity treats a list as a proof set (each proof signs the
    document without any ``proof`` member), so it verifies the same way.
    """
    if "proof" in document:
        raise ProofError("document already carries a proof; sign the unsecured document")
    proof = create_proof(document, key, created)
    signed = copy.deepcopy(dict(document))
    signed["proof"] = [proof] if proof_as_array else proof
    return signed


@dataclass(frozen=True)
class ProofResult:
    """Outcome of proof verification; ``reason`` explains a failure in English for logs."""

    verified: bool
    reason: str = ""
    verification_methods: tuple[str, ...] = ()
    unknown_key: bool = False  # failed only because the resolver did not trust the key


def verify(
    document: Mapping[str, Any],
    resolve_key: KeyResolver,
    *,
    expected_purpose: str = ASSERTION_METHOD,
    now: datetime | None = None,
) -> ProofResult:
    """Verify every ``eddsa-jcs-2022`` proof on ``document``; all must verify (at least one).

    ``resolve_key`` maps a verification method id to the public key the caller trusts for it;
    returning None rejects the proof (unknown or untrusted key).
    """
    if not isinstance(document, Mapping):
        return ProofResult(False, "the credential is not a JSON object")
    proofs = document.get("proof")
    if proofs is None:
        return ProofResult(False, "the document has no proof")
    if isinstance(proofs, Mapping):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return ProofResult(False, "'proof' must be an object or a non-empty list of objects")
    methods: list[str] = []
    for proof in proofs:
        reason = _verify_one(document, proof, resolve_key, expected_purpose, now or datetime.now(UTC))
        if reason:
            return ProofResult(False, reason, tuple(methods), reason.startswith(_UNKNOWN_KEY))
        methods.append(proof["verificationMethod"])
    return ProofResult(True, "", tuple(methods))


def _verify_one(
    document: Mapping[str, Any],
    proof: Any,
    resolve_key: KeyResolver,
    expected_purpose: str,
    now: datetime,
) -> str:
    """The empty string when ``proof`` verifies, else the reason it does not."""
    if not isinstance(proof, Mapping):
        return "a proof is not a JSON object"
    if proof.get("type") != PROOF_TYPE:
        return f"proof type {proof.get('type')!r} is not {PROOF_TYPE}"
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return f"unsupported cryptosuite {proof.get('cryptosuite')!r} (expected {CRYPTOSUITE})"
    if proof.get("proofPurpose") != expected_purpose:
        return f"proof purpose {proof.get('proofPurpose')!r} is not {expected_purpose}"
    vm = proof.get("verificationMethod")
    if not isinstance(vm, str) or not vm:
        return "the proof names no verification method"
    if "created" in proof and not is_datetime_stamp(proof["created"]):
        return "the proof's 'created' is not a date-time with a time zone"
    if "expires" in proof:
        try:
            if parse_datetime_stamp(proof["expires"]) <= now:
                return "the proof has expired"
        except (ProofError, TypeError):
            return "the proof's 'expires' is not a date-time with a time zone"
    proof_value = proof.get("proofValue")
    try:
        if not isinstance(proof_value, str):
            raise KeyFormatError("proofValue is not a string")
        signature = decode_base58btc(proof_value)
    except KeyFormatError:
        return "the proof value is not base58btc multibase"
    if len(signature) != SIGNATURE_LENGTH:
        return "the proof value is not a 64-byte Ed25519 signature"
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    doc = unsecured(document)
    if "@context" in config:
        # The document's contexts must begin with the proof's, in order (vc-di-eddsa §3.3.2).
        doc_ctx, proof_ctx = _as_list(doc.get("@context")), _as_list(config["@context"])
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            return "the document's @context does not start with the proof's @context"
        doc["@context"] = copy.deepcopy(config["@context"])
    public_key = resolve_key(vm)
    if public_key is None:
        return f"{_UNKNOWN_KEY}: {vm}"
    try:
        public_key.verify(signature, hash_data(doc, config))
    except InvalidSignature:
        return "the signature does not match the document (it was changed or signed by another key)"
    except ProofError as exc:
        return str(exc)
    return ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
