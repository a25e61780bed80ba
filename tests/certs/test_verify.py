"""Client-side offline verification against pinned issuer keys."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from learnbox.certs import data_integrity as di
from learnbox.certs.credential import CredentialInput, issue_credential
from learnbox.certs.keys import SigningKey, generate_private_key
from learnbox.certs.status_list import Bitstring, build_status_list_credential
from learnbox.certs.verify import PROBLEM_MESSAGES, Problem, Verdict, verify_credential

NOW = datetime(2026, 12, 1, tzinfo=UTC)
ISSUER_ID = "https://certs.learnbox.test/issuer"  # as in conftest.py


@pytest.fixture()
def issued(credential_input: CredentialInput, signing_key: SigningKey) -> dict[str, Any]:
    return issue_credential(credential_input, signing_key)


def status_list(key: SigningKey, *revoked: int, issuer: str = ISSUER_ID) -> dict[str, Any]:
    bits = Bitstring()
    for index in revoked:
        bits.set(index)
    unsigned = build_status_list_credential(
        "https://certs.learnbox.test/status/1", issuer, bits, datetime(2026, 11, 30, tzinfo=UTC)
    )
    return di.sign(unsigned, key, datetime(2026, 11, 30, tzinfo=UTC))


def test_valid_credential_report(issued: dict[str, Any], signing_key: SigningKey) -> None:
    report = verify_credential(issued, [signing_key.public_multikey], now=NOW)
    assert report.verdict is Verdict.VALID and report.valid, report.detail
    assert report.code == "7KQM-X4TB"
    assert report.course_name == "Dùng máy tính"
    assert report.issuer_name == "Trung tâm LearnBox Hà Nội"
    assert report.valid_from == datetime(2026, 11, 22, 8, 30, 5, tzinfo=UTC)
    assert report.language == "vi"
    assert report.message == "" and not report.status_checked


def test_json_text_and_bytes_are_accepted(issued: dict[str, Any], signing_key: SigningKey) -> None:
    text = json.dumps(issued, ensure_ascii=False, indent=1)
    assert verify_credential(text, [signing_key.public_multikey], now=NOW).valid
    assert verify_credential(text.encode(), [signing_key.public_multikey], now=NOW).valid


def test_unpinned_key_is_untrusted(issued: dict[str, Any]) -> None:
    other = SigningKey.for_controller(generate_private_key(), ISSUER_ID)
    report = verify_credential(issued, [other.public_multikey], now=NOW)
    assert report.verdict is Verdict.INVALID and report.problem is Problem.UNTRUSTED_KEY


def test_key_pinned_for_another_issuer_id_is_untrusted(
    credential_input: CredentialInput, signing_key: SigningKey
) -> None:
    """A pinned key used under a different issuer id is not accepted as that issuer's."""
    forged = copy.deepcopy(issue_credential(credential_input, signing_key))
    forged["issuer"]["id"] = "https://evil.test/issuer"
    report = verify_credential(forged, [signing_key.public_multikey], now=NOW)
    assert report.problem is Problem.UNTRUSTED_KEY
    report = verify_credential(
        issue_credential(credential_input, signing_key),
        [signing_key.public_multikey],
        trusted_issuers=["https://another.test/issuer"],
        now=NOW,
    )
    assert report.problem is Problem.UNTRUSTED_KEY


def test_tampered_credential_is_invalid(issued: dict[str, Any], signing_key: SigningKey) -> None:
    for mutate in (
        lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "Lập trình viên"),
        lambda d: d.__setitem__("validFrom", "2020-01-01T00:00:00Z"),
        lambda d: d["credentialStatus"].__setitem__("statusListIndex", "43"),
        lambda d: d["credentialSubject"]["identifier"][1].__setitem__("identityHash", "sha256$00"),
    ):
        doc = copy.deepcopy(issued)
        mutate(doc)
        report = verify_credential(doc, [signing_key.public_multikey], now=NOW)
        assert report.problem is Problem.BAD_SIGNATURE, report.detail


@pytest.mark.parametrize(
    "bad",
    [
        "not json",
        b"\xff\xfe",
        "[]",
        '{"a": 1, "a": 2}',
        '{"n": NaN}',
        "{}",
        {"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx"]},
    ],
)
def test_malformed_input_is_reported_not_raised(bad: Any, signing_key: SigningKey) -> None:
    report = verify_credential(bad, [signing_key.public_multikey], now=NOW)
    assert report.verdict is Verdict.INVALID and report.problem is Problem.MALFORMED
    assert report.detail


def test_duplicate_member_in_a_real_credential(issued: dict[str, Any], signing_key: SigningKey) -> None:
    text = json.dumps(issued)
    doubled = text.replace('"validFrom":', '"validFrom": "2001-01-01T00:00:00Z", "validFrom":', 1)
    report = verify_credential(doubled, [signing_key.public_multikey], now=NOW)
    assert report.problem is Problem.MALFORMED and "duplicate" in report.detail


def test_revocation_through_a_signed_status_list(issued: dict[str, Any], signing_key: SigningKey) -> None:
    pinned = [signing_key.public_multikey]
    clear = verify_credential(issued, pinned, status_list=status_list(signing_key), now=NOW)
    assert clear.verdict is Verdict.VALID and clear.status_checked
    revoked = verify_credential(issued, pinned, status_list=status_list(signing_key, 42), now=NOW)
    assert revoked.verdict is Verdict.REVOKED and revoked.problem is Problem.REVOKED
    assert revoked.message == PROBLEM_MESSAGES[Problem.REVOKED]
    other_bit = verify_credential(issued, pinned, status_list=status_list(signing_key, 41), now=NOW)
    assert other_bit.verdict is Verdict.VALID


def test_untrusted_status_list_is_ignored(issued: dict[str, Any], signing_key: SigningKey) -> None:
    """A forged list cannot revoke (or un-revoke) a certificate; the report says it was unchecked."""
    pinned = [signing_key.public_multikey]
    forger = SigningKey.for_controller(generate_private_key(), ISSUER_ID)
    report = verify_credential(issued, pinned, status_list=status_list(forger, 42), now=NOW)
    assert report.verdict is Verdict.VALID and not report.status_checked and "not trusted" in report.detail
    tampered = status_list(signing_key)
    tampered["credentialSubject"]["encodedList"] = status_list(forger, 42)["credentialSubject"]["encodedList"]
    report = verify_credential(issued, pinned, status_list=tampered, now=NOW)
    assert not report.status_checked
    foreign = status_list(signing_key, 42, issuer="https://other.test/issuer")
    assert not verify_credential(issued, pinned, status_list=foreign, now=NOW).status_checked


def test_expired_credential(credential_input: CredentialInput, signing_key: SigningKey) -> None:
    data = replace(credential_input, extra={"validUntil": "2026-11-30T00:00:00Z"})
    issued = issue_credential(data, signing_key)
    report = verify_credential(issued, [signing_key.public_multikey], now=NOW)
    assert report.problem is Problem.EXPIRED
    earlier = datetime(2026, 11, 29, tzinfo=UTC)
    assert verify_credential(issued, [signing_key.public_multikey], now=earlier).valid


def test_keys_from_issuer_document(signing_key: SigningKey) -> None:
    from learnbox.certs.errors import CertificateError
    from learnbox.certs.keys import multikey_document
    from learnbox.certs.verify import keys_from_issuer_document

    other = SigningKey.for_controller(generate_private_key(), "https://evil.test/issuer")
    doc = {
        "id": ISSUER_ID,
        "verificationMethod": [
            multikey_document(ISSUER_ID, signing_key.public_multikey),
            multikey_document("https://evil.test/issuer", other.public_multikey),  # not this issuer's
            {
                "id": f"{ISSUER_ID}#bad",
                "type": "Multikey",
                "controller": ISSUER_ID,
                "publicKeyMultibase": "zbad",
            },
            "junk",
        ],
    }
    assert keys_from_issuer_document(doc, ISSUER_ID) == [signing_key.public_multikey]
    with pytest.raises(CertificateError, match="not"):
        keys_from_issuer_document(doc, "https://other.test/issuer")
    bad_documents: list[Any] = [{}, {"id": ISSUER_ID}, {"id": ISSUER_ID, "verificationMethod": "x"}, []]
    for bad in bad_documents:
        with pytest.raises(CertificateError):
            keys_from_issuer_document(bad)
