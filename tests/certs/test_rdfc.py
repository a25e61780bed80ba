"""RDFC-1.0 against the W3C rdf-canon test suite, and eddsa-rdfc-2022 against the W3C and
1EdTech vectors (byte for byte), plus a check that our credential uses only defined terms."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learnbox.certs import eddsa_rdfc, keys
from learnbox.certs.credential import CredentialInput, issue_credential
from learnbox.certs.multibase import decode_base58btc
from learnbox.certs.nquads import NQuadsError, parse_nquads
from learnbox.certs.rdfc import CanonicalizationError, canonicalize

pytest.importorskip("pyld")  # eddsa_rdfc needs it (a dev dependency)

CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
    "https://www.w3.org/ns/credentials/status/v1": "credentials-status-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
}
CREATED = "2023-02-24T23:36:38Z"


@pytest.fixture(scope="module")
def contexts(specs: Path) -> dict[str, Any]:
    return {url: json.loads((specs / "contexts" / name).read_text()) for url, name in CONTEXT_FILES.items()}


def _rdf_canon_cases() -> list[Any]:
    base = Path(__file__).resolve().parents[2].parent / "shared/specs/test-vectors/rdf-canon"
    if not base.is_dir():
        return []
    with (base / "manifest.csv").open(encoding="utf-8") as fh:
        return [pytest.param(row, base / "rdfc10", id=row["test"]) for row in csv.DictReader(fh)]


@pytest.mark.parametrize(("row", "folder"), _rdf_canon_cases())
def test_rdf_canon_suite(row: dict[str, str], folder: Path) -> None:
    quads = parse_nquads((folder / f"{row['test']}-in.nq").read_text(encoding="utf-8"))
    algorithm = "sha384" if row["hashAlgorithm"] == "SHA384" else "sha256"
    if row["rdfc10"] != "TRUE":  # a poison graph: must be refused, quickly
        with pytest.raises(CanonicalizationError):
            canonicalize(quads, algorithm)
        return
    expected = (folder / f"{row['test']}-rdfc10.nq").read_text(encoding="utf-8")
    assert canonicalize(quads, algorithm) == expected


def test_bad_nquads() -> None:
    for bad in ("<a> <b> .", "<a> <b> <c>", '<a> <b> "x\\q" .', "<a> <b> <c> <d> <e> ."):
        with pytest.raises(NQuadsError):
            parse_nquads(bad)


@pytest.fixture(scope="module")
def w3c(specs: Path) -> dict[str, Any]:
    base = specs / "test-vectors" / "vc-di-eddsa"
    pair = json.loads((base / "keyPair.json").read_text())
    return {
        "key": keys.SigningKey(
            keys.decode_private_multikey(pair["privateKeyMultibase"]),
            keys.did_key_verification_method(pair["publicKeyMultibase"]),
        ),
        "unsigned": json.loads((base / "unsigned.json").read_text()),
        "files": {p.name: p.read_text(encoding="utf-8") for p in (base / "eddsa-rdfc-2022").iterdir()},
    }


def test_w3c_rdfc_vectors_byte_for_byte(w3c: dict[str, Any], contexts: dict[str, Any]) -> None:
    files, doc, key = w3c["files"], w3c["unsigned"], w3c["key"]
    config = eddsa_rdfc.proof_configuration(doc, key.verification_method, CREATED)
    assert json.dumps(config, indent=2) == files["proofConfigDataInt.json"]
    canon_doc = eddsa_rdfc.canonical_nquads(doc, contexts)
    canon_proof = eddsa_rdfc.canonical_nquads(config, contexts)
    assert canon_doc == files["canonDocDataInt.txt"]
    assert canon_proof == files["proofCanonDataInt.txt"]
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == files["docHashDataInt.txt"]
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == files["proofHashDataInt.txt"]
    assert eddsa_rdfc.hash_data(doc, config, contexts).hex() == files["combinedHashDataInt.txt"]
    signed = eddsa_rdfc.sign(doc, key, CREATED, contexts)
    assert signed["proof"]["proofValue"] == files["sigBTC58DataInt.txt"]
    assert json.dumps(signed, indent=2) == files["signedDataInt.json"]
    resolve = lambda vm: keys.decode_public_multikey(vm.split("#")[1])  # noqa: E731
    assert eddsa_rdfc.verify(json.loads(files["signedDataInt.json"]), resolve, contexts).verified
    tampered = json.loads(files["signedDataInt.json"])
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    assert not eddsa_rdfc.verify(tampered, resolve, contexts).verified


def _html_hex(html: str, label: str) -> str:
    match = re.search(re.escape(label) + r"[^<]*(?:</h3>)?\s*<code\s*>([0-9a-f]+)</code", html)
    assert match, label
    return match.group(1)


def test_open_badges_vector(specs: Path, contexts: dict[str, Any]) -> None:
    base = specs / "test-vectors" / "ob-v3p0"
    html = (base / "linked-data-proof-ob.html").read_text(encoding="utf-8")
    signed = json.loads((base / "signed-credential.extracted.json").read_text(encoding="utf-8"))
    doc = {k: v for k, v in signed.items() if k != "proof"}
    config = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    config["@context"] = doc["@context"]
    canon_doc = eddsa_rdfc.canonical_nquads(doc, contexts)
    canon_proof = eddsa_rdfc.canonical_nquads(config, contexts)
    assert canon_doc == (base / "document-canon.txt").read_text(encoding="utf-8")
    assert canon_proof == (base / "proof-canon.txt").read_text(encoding="utf-8").lstrip()
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == _html_hex(html, "Document hash (hex)")
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == _html_hex(html, "Proof hash (hex)")
    seed = bytes.fromhex(_html_hex(html, "Private key (hex):"))[:32]
    key = keys.SigningKey(Ed25519PrivateKey.from_private_bytes(seed), signed["proof"]["verificationMethod"])
    assert keys.encode_public_multikey(key.private_key) == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    resigned = eddsa_rdfc.sign(doc, key, signed["proof"]["created"], contexts)
    assert resigned["proof"]["proofValue"] == signed["proof"]["proofValue"]
    assert decode_base58btc(signed["proof"]["proofValue"]).hex() == _html_hex(html, "Signature (hex)")
    public = key.private_key.public_key()
    assert eddsa_rdfc.verify(signed, lambda vm: public, contexts).verified


def test_our_credential_uses_only_defined_terms(
    credential_input: CredentialInput, signing_key: keys.SigningKey, contexts: dict[str, Any]
) -> None:
    """Every term must come from the VC 2.0 / OB 3.0 contexts: VC 2.0's @vocab maps undefined
    terms to .../issuer-dependent#, which would make the credential mean less than it says."""
    credential = issue_credential(credential_input, signing_key)
    nquads = eddsa_rdfc.canonical_nquads({k: v for k, v in credential.items() if k != "proof"}, contexts)
    assert "issuer-dependent" not in nquads
    iris = set(re.findall(r"<([^>]*)>", nquads))
    assert all(re.match(r"(https?|urn):", iri) for iri in iris), sorted(iris)
    assert not [iri for iri in iris if "example.org" in iri or iri.startswith("xsd:")]
    # The OB context maps AchievementCredential to the same IRI as OpenBadgeCredential.
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential" in nquads
    assert "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash" in nquads
    assert "https://www.w3.org/ns/credentials/status#BitstringStatusListEntry" in nquads
    # And it could be signed with eddsa-rdfc-2022 just as well, for issuers who want that form.
    signed = eddsa_rdfc.sign(credential_input_unsigned(credential), signing_key, CREATED, contexts)
    public = signing_key.private_key.public_key()
    assert eddsa_rdfc.verify(signed, lambda vm: public, contexts).verified


def credential_input_unsigned(credential: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in credential.items() if k != "proof"}
