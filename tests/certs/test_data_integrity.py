"""eddsa-jcs-2022 against the W3C vc-di-eddsa test vectors, byte for byte, and tamper detection."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from learnbox.certs import data_integrity as di
from learnbox.certs import keys
from learnbox.certs.errors import ProofError
from learnbox.certs.multibase import decode_base58btc

CREATED = "2023-02-24T23:36:38Z"


@pytest.fixture(scope="module")
def vectors(specs: Path) -> dict[str, Any]:
    base = specs / "test-vectors" / "vc-di-eddsa"
    jcs = base / "eddsa-jcs-2022"
    pair = json.loads((base / "keyPair.json").read_text())
    return {
        "key": keys.SigningKey(
            keys.decode_private_multikey(pair["privateKeyMultibase"]),
            keys.did_key_verification_method(pair["publicKeyMultibase"]),
        ),
        "public": pair["publicKeyMultibase"],
        "unsigned": json.loads((base / "unsigned.json").read_text()),
        "files": {p.name: p.read_text(encoding="utf-8") for p in jcs.iterdir()},
    }


def did_key_resolver(vm: str) -> Ed25519PublicKey | None:
    """Resolve did:key verification methods (the key is in the identifier itself)."""
    controller, fragment = keys.split_verification_method(vm)
    return keys.decode_public_multikey(fragment) if controller == f"did:key:{fragment}" else None


def test_canonical_document_and_proof_config(vectors: dict[str, Any]) -> None:
    files = vectors["files"]
    doc = vectors["unsigned"]
    config = di.proof_configuration(doc, vectors["key"].verification_method, CREATED)
    assert di.canonicalize(doc).decode() == files["canonDocJCS.txt"]
    assert di.canonicalize(config).decode() == files["proofCanonJCS.txt"]
    assert json.dumps(config, indent=2) == files["proofConfigJCS.json"]


def test_hashes_signature_and_signed_document(vectors: dict[str, Any]) -> None:
    files = vectors["files"]
    doc = vectors["unsigned"]
    config = di.proof_configuration(doc, vectors["key"].verification_method, CREATED)
    assert hashlib.sha256(di.canonicalize(doc)).hexdigest() == files["docHashJCS.txt"]
    assert hashlib.sha256(di.canonicalize(config)).hexdigest() == files["proofHashJCS.txt"]
    assert di.hash_data(doc, config).hex() == files["combinedHashJCS.txt"]
    signed = di.sign(doc, vectors["key"], CREATED)
    assert signed["proof"]["proofValue"] == files["sigBTC58JCS.txt"]
    assert decode_base58btc(signed["proof"]["proofValue"]).hex() == files["sigHexJCS.txt"]
    assert json.dumps(signed, indent=2, ensure_ascii=False) == files["signedJCS.json"]
    assert doc == vectors["unsigned"], "signing must not modify its input"


def test_published_signed_vector_verifies(vectors: dict[str, Any]) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    result = di.verify(signed, did_key_resolver)
    assert result.verified, result.reason
    assert result.verification_methods == (vectors["key"].verification_method,)


def test_proof_as_array_verifies(vectors: dict[str, Any]) -> None:
    signed = di.sign(vectors["unsigned"], vectors["key"], CREATED, proof_as_array=True)
    assert isinstance(signed["proof"], list)
    assert di.verify(signed, did_key_resolver).verified
    # The array form signs the same bytes as the single-object form.
    assert signed["proof"][0] == json.loads(vectors["files"]["signedJCS.json"])["proof"]


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, (*path, i))]
    return [path]


def _mutate(doc: Any, path: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(doc)
    target = changed
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    target[path[-1]] = old + "x" if isinstance(old, str) else (not old if isinstance(old, bool) else 7)
    return changed


def test_changing_any_value_breaks_verification(vectors: dict[str, Any]) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    paths = _leaf_paths(signed)
    assert len(paths) > 10
    for path in paths:
        result = di.verify(_mutate(signed, path), did_key_resolver)
        assert not result.verified, f"changing {path} went unnoticed"


def test_adding_or_removing_members_breaks_verification(vectors: dict[str, Any]) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    added = copy.deepcopy(signed)
    added["credentialSubject"]["extra"] = "claim"
    assert not di.verify(added, did_key_resolver).verified
    for member in [k for k in signed if k != "proof"]:
        removed = {k: v for k, v in signed.items() if k != member}
        assert not di.verify(removed, did_key_resolver).verified, member


def test_context_swap_is_detected(vectors: dict[str, Any]) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    swapped = copy.deepcopy(signed)
    swapped["@context"] = list(reversed(swapped["@context"]))
    result = di.verify(swapped, did_key_resolver)
    assert not result.verified and "@context" in result.reason


@pytest.mark.parametrize(
    ("member", "value", "reason"),
    [
        ("type", "Ed25519Signature2020", "proof type"),
        ("cryptosuite", "eddsa-rdfc-2022", "unsupported cryptosuite"),
        ("proofPurpose", "authentication", "proof purpose"),
        ("proofValue", "not-multibase", "base58btc"),
        ("proofValue", "z3", "64-byte"),
        ("created", "yesterday", "created"),
        ("expires", "2000-01-01T00:00:00Z", "expired"),
    ],
)
def test_bad_proof_members_are_reported(
    vectors: dict[str, Any], member: str, value: str, reason: str
) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    signed["proof"][member] = value
    result = di.verify(signed, did_key_resolver)
    assert not result.verified
    assert reason in result.reason


def test_untrusted_key_is_refused(vectors: dict[str, Any]) -> None:
    signed = json.loads(vectors["files"]["signedJCS.json"])
    result = di.verify(signed, lambda vm: None)
    assert not result.verified and result.unknown_key
    other = keys.generate_private_key().public_key()
    wrong = di.verify(signed, lambda vm: other)
    assert not wrong.verified and not wrong.unknown_key


@pytest.mark.parametrize("proof", [None, [], "text", [{}], [1]])
def test_missing_or_malformed_proofs(vectors: dict[str, Any], proof: Any) -> None:
    doc = dict(vectors["unsigned"])
    if proof is not None:
        doc["proof"] = proof
    assert not di.verify(doc, did_key_resolver).verified


def test_every_proof_of_a_set_must_verify(vectors: dict[str, Any]) -> None:
    signed = di.sign(vectors["unsigned"], vectors["key"], CREATED, proof_as_array=True)
    other = keys.SigningKey.for_controller(keys.generate_private_key(), "did:example:other")
    second = di.create_proof(vectors["unsigned"], other, CREATED)
    both = {**signed, "proof": [*signed["proof"], second]}
    assert not di.verify(both, did_key_resolver).verified
    assert di.verify(
        both, lambda vm: did_key_resolver(vm) if vm.startswith("did:key") else other.private_key.public_key()
    ).verified


def test_signing_refuses_bad_input(vectors: dict[str, Any]) -> None:
    key = vectors["key"]
    with pytest.raises(ProofError, match="already carries a proof"):
        di.sign(json.loads(vectors["files"]["signedJCS.json"]), key, CREATED)
    with pytest.raises(ProofError, match="time zone"):
        di.sign(vectors["unsigned"], key, "2023-02-24T23:36:38")
    with pytest.raises(ProofError, match="JCS"):
        di.sign({"n": float("nan")}, key, CREATED)
    from datetime import datetime

    with pytest.raises(ProofError, match="naive"):
        di.sign(vectors["unsigned"], key, datetime(2023, 1, 1))
