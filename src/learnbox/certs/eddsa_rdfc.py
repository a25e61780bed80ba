"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (vc-di-eddsa §3.2).

LearnBox issues with ``eddsa-jcs-2022`` (no JSON-LD at run time); this module exists so the same
code base can also produce and check the RDF-canonicalized form, e.g. to verify credentials of
other issuers (the Open Badges 3.0 example is signed this way) and to show that our credentials
read as the intended RDF. It needs ``pyld`` (JSON-LD to RDF) and the JSON-LD contexts, supplied by
the caller as a URL -> document mapping: contexts are never fetched from the network.

hashData = SHA-256(RDFC-1.0(proof configuration with the document's ``@context``))
        || SHA-256(RDFC-1.0(document without ``proof``)); canonicalization is :mod:`.rdfc`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from learnbox.certs import data_integrity
from learnbox.certs.data_integrity import (
    ASSERTION_METHOD,
    PROOF_TYPE,
    SIGNATURE_LENGTH,
    KeyResolver,
    ProofResult,
    format_datetime,
    unsecured,
)
from learnbox.certs.errors import CertificateError, KeyFormatError, ProofError
from learnbox.certs.keys import SigningKey
from learnbox.certs.multibase import decode_base58btc, encode_base58btc
from learnbox.certs.rdfc import canonicalize, from_pyld_dataset

CRYPTOSUITE = "eddsa-rdfc-2022"

ContextMap = Mapping[str, Any]  # context URL -> parsed JSON-LD context document


def canonical_nquads(document: Mapping[str, Any], contexts: ContextMap) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document, using only the given contexts."""
    try:
        from pyld import jsonld
        from pyld.context_resolver import ContextResolver
    except ImportError as exc:  # pragma: no cover - pyld is a development dependency
        raise CertificateError("eddsa-rdfc-2022 needs the 'pyld' package") from exc

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        if url not in contexts:
            raise jsonld.JsonLdError(
                f"context {url} is not available offline",
                "jsonld.LoadDocumentError",
                code="loading document failed",
            )
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(contexts[url])}

    options = {"documentLoader": loader, "contextResolver": ContextResolver({}, loader)}
    try:
        dataset = jsonld.to_rdf(copy.deepcopy(dict(document)), options)
    except jsonld.JsonLdError as exc:
        raise ProofError(f"JSON-LD processing failed: {exc}") from None
    return canonicalize(from_pyld_dataset(dataset))


def proof_configuration(
    document: Mapping[str, Any], verification_method: str, created: str, proof_purpose: str = ASSERTION_METHOD
) -> dict[str, Any]:
    """The proof options to be signed: the same members as eddsa-jcs-2022, another cryptosuite."""
    return data_integrity.proof_configuration(
        document, verification_method, created, proof_purpose, cryptosuite=CRYPTOSUITE
    )


def hash_data(
    unsecured_document: Mapping[str, Any], config: Mapping[str, Any], contexts: ContextMap
) -> bytes:
    proof_hash = hashlib.sha256(canonical_nquads(config, contexts).encode("utf-8")).digest()
    doc_hash = hashlib.sha256(canonical_nquads(unsecured_document, contexts).encode("utf-8")).digest()
    return proof_hash + doc_hash


def sign(
    document: Mapping[str, Any],
    key: SigningKey,
    created: str | datetime,
    contexts: ContextMap,
    *,
    proof_as_array: bool = False,
) -> dict[str, Any]:
    """A copy of ``document`` with an ``eddsa-rdfc-2022`` proof (without ``@context`` in the proof)."""
    if "proof" in document:
        raise ProofError("document already carries a proof; sign the unsecured document")
    stamp = format_datetime(created) if isinstance(created, datetime) else created
    doc = unsecured(document)
    config = proof_configuration(doc, key.verification_method, stamp)
    signature = key.private_key.sign(hash_data(doc, config, contexts))
    proof = {k: v for k, v in config.items() if k != "@context"}
    proof["proofValue"] = encode_base58btc(signature)
    signed = copy.deepcopy(dict(document))
    signed["proof"] = [proof] if proof_as_array else proof
    return signed


def verify(document: Mapping[str, Any], resolve_key: KeyResolver, contexts: ContextMap) -> ProofResult:
    """Verify every proof on ``document``; each must be ``eddsa-rdfc-2022`` and verify."""
    proofs = document.get("proof")
    if isinstance(proofs, Mapping):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return ProofResult(False, "the document has no proof")
    methods: list[str] = []
    for proof in proofs:
        if not isinstance(proof, Mapping) or proof.get("type") != PROOF_TYPE:
            return ProofResult(False, "a proof is not a DataIntegrityProof")
        if proof.get("cryptosuite") != CRYPTOSUITE:
            return ProofResult(False, f"unsupported cryptosuite {proof.get('cryptosuite')!r}")
        vm = proof.get("verificationMethod")
        key = resolve_key(vm) if isinstance(vm, str) else None
        if key is None:
            return ProofResult(False, f"not a trusted issuer key: {vm}", tuple(methods), True)
        try:
            signature = decode_base58btc(str(proof.get("proofValue", "")))
        except KeyFormatError:
            return ProofResult(False, "the proof value is not base58btc multibase")
        if len(signature) != SIGNATURE_LENGTH:
            return ProofResult(False, "the proof value is not a 64-byte Ed25519 signature")
        doc = unsecured(document)
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        if "@context" in doc and "@context" not in config:
            config["@context"] = copy.deepcopy(doc["@context"])
        try:
            key.verify(signature, hash_data(doc, config, contexts))
        except InvalidSignature:
            return ProofResult(False, "the signature does not match the document", tuple(methods))
        except ProofError as exc:
            return ProofResult(False, str(exc), tuple(methods))
        assert isinstance(vm, str)
        methods.append(vm)
    return ProofResult(True, "", tuple(methods))
