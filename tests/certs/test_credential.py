"""The Open Badges 3.0 AchievementCredential: schema-valid, signed, and privacy-preserving."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from learnbox.certs import credential as cred
from learnbox.certs.data_integrity import verify
from learnbox.certs.errors import CertificateError
from learnbox.certs.keys import SigningKey, decode_public_multikey, generate_private_key
from learnbox.certs.verify import pinned_resolver


@pytest.fixture(scope="module")
def validator(specs: Path) -> jsonschema.protocols.Validator:
    schema = json.loads((specs / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_issued_credential_matches_the_ob_schema(
    validator: jsonschema.protocols.Validator, credential_input: cred.CredentialInput, signing_key: SigningKey
) -> None:
    issued = cred.issue_credential(credential_input, signing_key)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(issued)]
    assert errors == []
    assert isinstance(issued["proof"], list) and len(issued["proof"]) == 1
    # The schema's quirk: a single proof object (as OB's own example has) fails it.
    single = {**issued, "proof": issued["proof"][0]}
    assert not validator.is_valid(single)


def test_schema_catches_a_broken_credential(
    validator: jsonschema.protocols.Validator, credential_input: cred.CredentialInput, signing_key: SigningKey
) -> None:
    issued = cred.issue_credential(credential_input, signing_key)
    for breaking in ("credentialSubject", "issuer", "validFrom"):
        assert not validator.is_valid({k: v for k, v in issued.items() if k != breaking})
    bad = copy.deepcopy(issued)
    bad["credentialSubject"]["identifier"][0]["plaintext"] = "leak"
    assert not validator.is_valid(bad)


def test_credential_content(credential_input: cred.CredentialInput, signing_key: SigningKey) -> None:
    issued = cred.issue_credential(credential_input, signing_key)
    assert issued["@context"] == [cred.VC_CONTEXT, cred.OB_CONTEXT]
    assert issued["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert issued["validFrom"] == "2026-11-22T08:30:05Z" == issued["proof"][0]["created"]
    assert issued["issuer"]["type"] == ["Profile"]
    achievement = issued["credentialSubject"]["achievement"]
    assert achievement["inLanguage"] == "vi"
    assert [a["targetCode"] for a in achievement["alignment"]] == ["1.3", "5.1"]
    assert achievement["alignment"][0]["targetFramework"] == "DigComp 2.2"
    assert issued["credentialStatus"] == {
        "id": "https://certs.learnbox.test/status/1#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": "https://certs.learnbox.test/status/1",
    }
    assert cred.credential_code(issued) == "7KQM-X4TB"
    assert issued["proof"][0]["verificationMethod"] == signing_key.verification_method
    assert signing_key.verification_method.startswith(issued["issuer"]["id"] + "#z6Mk")


def test_no_plaintext_personal_data(credential_input: cred.CredentialInput, signing_key: SigningKey) -> None:
    text = json.dumps(cred.issue_credential(credential_input, signing_key), ensure_ascii=False)
    assert "Nguyễn Thị Lan" not in text
    assert "0190f5c2-1111-7222-8333-444455556666" not in text


def test_identity_hash_follows_ob_identity_hash() -> None:
    import hashlib

    identity = cred.hashed_identity("name", "Lan", salt="abc")
    assert identity.identity_hash == "sha256$" + hashlib.sha256(b"Lanabc").hexdigest()
    as_json = identity.to_json()
    assert cred.identity_matches(as_json, "Lan")
    assert not cred.identity_matches(as_json, "Lân")
    # NFC and NFD spellings of the same name match.
    nfd = cred.hashed_identity("name", "Nguye\u0302\u0303n", salt="x")
    assert cred.identity_matches(nfd.to_json(), "Nguyễn")
    assert len({cred.hashed_identity("name", "Lan").salt for _ in range(5)}) == 5
    with pytest.raises(CertificateError):
        cred.hashed_identity("name", "")


def test_issued_credential_verifies_and_any_change_breaks_it(
    credential_input: cred.CredentialInput, signing_key: SigningKey
) -> None:
    issued = cred.issue_credential(credential_input, signing_key)
    resolve = pinned_resolver(issued["issuer"]["id"], [signing_key.public_multikey])
    assert verify(issued, resolve).verified
    text = json.dumps(issued, ensure_ascii=False)
    # Change every character of the serialized credential in turn: each change either breaks the
    # JSON or the signature.
    compact = json.dumps(issued, ensure_ascii=False, separators=(",", ":"))
    assert len(text) > len(compact)
    for pos in range(len(compact)):
        ch = compact[pos]
        changed = compact[:pos] + ("A" if ch != "A" else "B") + compact[pos + 1 :]
        try:
            doc = json.loads(changed)
        except ValueError:
            continue
        assert not verify(doc, resolve).verified, f"change at {pos} ({compact[pos - 10 : pos + 10]!r})"


def test_only_a_key_of_the_issuer_can_sign(credential_input: cred.CredentialInput) -> None:
    stranger = SigningKey.for_controller(generate_private_key(), "https://evil.test/issuer")
    with pytest.raises(CertificateError, match="does not belong to issuer"):
        cred.issue_credential(credential_input, stranger)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"credential_id": "http://x/1"}, "urn:uuid"),
        ({"code": "ABCD-EFG0"}, "certificate code"),
        ({"verification_url": "https://certs.learnbox.test/v/"}, "verification URL"),
        ({"recipient": ()}, "recipient"),
        ({"description": "no code here"}, "description"),
        ({"status": cred.StatusEntry("https://x/status/1", -1)}, "negative"),
    ],
)
def test_bad_input_is_refused(
    credential_input: cred.CredentialInput, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(CertificateError, match=message):
        cred.build_credential(replace(credential_input, **change))


def test_unknown_digcomp_code_is_refused(credential_input: cred.CredentialInput) -> None:
    bad = replace(credential_input, achievement=replace(credential_input.achievement, digcomp=("9.9",)))
    with pytest.raises(CertificateError, match="DigComp"):
        cred.build_credential(bad)


def test_public_key_in_verification_method_is_the_signers(signing_key: SigningKey) -> None:
    fragment = signing_key.verification_method.split("#", 1)[1]
    assert decode_public_multikey(fragment).public_bytes_raw() == (
        signing_key.private_key.public_key().public_bytes_raw()
    )
