"""The certificate office end to end in one database: ingest -> decide -> issue -> revoke."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from learnbox.certs.reasons import RejectReason
from learnbox.certs.status_list import status_bit
from learnbox.certs.verify import Verdict, verify_credential
from learnbox.core.events import EventType
from learnbox.core.ids import new_id
from learnbox.i18n import translate_in
from learnbox.server import migrate
from learnbox.server.certificates import admin_cli, keyring
from learnbox.server.certificates.issuing import CRITERIA, process_claim, status_list_credential
from learnbox.server.certificates.models import IssuedCredential
from learnbox.server.certificates.settings import IssuerSettings
from learnbox.server.db import Database
from learnbox.server.errors import ApiError

from .claim_fixtures import (
    CORRECT,
    COURSE,
    NOW,
    CourseCatalog,
    Learner,
    add_device,
    push,
    server_records,
    ten_of,
)

SPECS = Path(__file__).resolve().parents[3].parent / "shared" / "specs"


def pinned(db: Database) -> list[str]:
    return [k.multikey for k in admin_cli.keys_list(db)]


def passing_learner(device_id: str, wrong: int = 1) -> Learner:
    learner = Learner(device_id=device_id)
    attempt = learner.attempt(ten_of(CORRECT, wrong=wrong))
    learner.claim(attempt)
    return learner


def test_true_pass_gets_a_verifiable_schema_valid_credential(db: Database, device: str) -> None:
    learner = passing_learner(device)
    push(db, device, learner.events)
    [issued] = server_records(db, learner.learner_id)
    assert issued.type == EventType.CERTIFICATE_ISSUED
    credential = issued.payload["credential"]
    report = verify_credential(credential, pinned(db))
    assert report.verdict is Verdict.VALID, report.detail
    assert report.code == issued.payload["code"]
    server_time = datetime.fromtimestamp(NOW / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["validFrom"] == server_time  # the server's clock, not the device's
    assert credential["credentialSubject"]["achievement"]["name"] == "Dùng máy tính"
    criteria = credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert criteria == translate_in("vi", CRITERIA).format(percent=80) != CRITERIA.format(percent=80)
    assert learner.learner_id not in json.dumps(credential)
    if SPECS.is_dir():
        schema = json.loads((SPECS / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text())
        jsonschema.validate(credential, schema)


def test_failing_answers_are_rejected_with_a_reason(db: Database, device: str) -> None:
    learner = passing_learner(device, wrong=3)
    push(db, device, learner.events)
    [record] = server_records(db, learner.learner_id)
    assert record.type == EventType.CERTIFICATE_REJECTED
    assert record.payload["reason_code"] == RejectReason.NOT_PASSED
    assert record.payload["params"] == {"correct": 7, "total": 10, "needed": 8}
    assert "7 of 10" in record.payload["reason"]


def test_replayed_claim_gets_the_same_credential(db: Database, device: str) -> None:
    learner = passing_learner(device)
    push(db, device, learner.events)
    push(db, device, learner.events)  # the same batch again: duplicates, no new record
    [first] = server_records(db, learner.learner_id)
    # The same claim recorded again as a new event (e.g. a PC restored from backup re-sends it).
    claim = learner.events[-1]
    learner.add(EventType.CERTIFICATE_CLAIMED, dict(claim.payload))
    push(db, device, learner.events[-1:], now_ms=NOW + 86_400_000)
    first_again, second = server_records(db, learner.learner_id)
    assert first_again == first
    assert second.type == EventType.CERTIFICATE_ISSUED
    assert second.payload == first.payload
    with db.read() as s:
        assert len(s.scalars(select(IssuedCredential)).all()) == 1


def test_claim_for_another_centres_learner_is_refused(
    db: Database, device: str, settings: IssuerSettings
) -> None:
    learner = passing_learner(device)
    push(db, device, learner.events[:-1])  # attempts reach the server from the home centre
    other = add_device(db, "Trung tâm Huế")
    intruder = Learner(learner_id=learner.learner_id, device_id=other)
    intruder.claim(*[e.payload["attempt_id"] for e in learner.events if e.type == EventType.QUIZ_STARTED])
    with pytest.raises(ApiError) as err:
        push(db, other, intruder.events)
    assert err.value.status == 403
    # Even if such an event were stored, deciding it refuses the learner.
    with db.write() as s:
        decision = process_claim(s, intruder.events[-1], CourseCatalog(), settings, NOW)
    assert decision is not None and decision.payload["reason_code"] == RejectReason.LEARNER_NOT_HERE
    assert not [r for r in server_records(db, learner.learner_id) if r.type == EventType.CERTIFICATE_ISSUED]


def test_revocation_reaches_status_list_and_learner(
    db: Database, device: str, settings: IssuerSettings
) -> None:
    learner = passing_learner(device)
    push(db, device, learner.events)
    [issued] = server_records(db, learner.learner_id)
    code, credential = issued.payload["code"], issued.payload["credential"]
    assert admin_cli.revoke_certificate(db, code.lower(), "answers were copied", NOW + 1000)
    assert not admin_cli.revoke_certificate(db, code, "again", NOW + 2000)
    revoked = server_records(db, learner.learner_id)[-1]
    assert revoked.type == EventType.CERTIFICATE_REVOKED and revoked.payload["code"] == code
    with db.read() as s:
        status = status_list_credential(s, settings, 1, NOW + 3000)
    assert status is not None
    assert status_bit(status, credential["credentialStatus"]) is True
    report = verify_credential(credential, pinned(db), status_list=status)
    assert report.verdict is Verdict.REVOKED


def test_key_rotation_keeps_old_certificates_valid(
    db: Database, device: str, settings: IssuerSettings
) -> None:
    old = passing_learner(device)
    push(db, device, old.events)
    admin_cli.keys_rotate(db, NOW + 1)
    new = passing_learner(device)
    push(db, device, new.events, now_ms=NOW + 2)
    keys = admin_cli.keys_list(db)
    assert [k.active for k in keys] == [False, True] and keys[0].retired_ms == NOW + 1
    old_cred = server_records(db, old.learner_id)[0].payload["credential"]
    new_cred = server_records(db, new.learner_id)[0].payload["credential"]
    assert old_cred["proof"][0]["verificationMethod"] == keys[0].verification_method
    assert new_cred["proof"][0]["verificationMethod"] == keys[1].verification_method
    for cred in (old_cred, new_cred):
        assert verify_credential(cred, pinned(db)).valid
    with db.read() as s:
        doc = keyring.controller_document(s, settings)
    assert [m["publicKeyMultibase"] for m in doc["verificationMethod"]] == [k.multikey for k in keys]


def test_claim_without_issuer_key_stays_pending(tmp_path: Path, settings: IssuerSettings) -> None:
    database = Database(f"sqlite:///{tmp_path / 'nokey.db'}")
    migrate.upgrade(database)
    device_id = add_device(database, "Trung tâm")
    learner = passing_learner(device_id)
    push(database, device_id, learner.events)  # the sync itself succeeds
    assert server_records(database, learner.learner_id) == []
    admin_cli.keys_generate(database, NOW)
    assert admin_cli.process_pending(database, CourseCatalog(), NOW) == 1
    assert admin_cli.process_pending(database, CourseCatalog(), NOW) == 0
    [issued] = server_records(database, learner.learner_id)
    assert issued.type == EventType.CERTIFICATE_ISSUED
    database.dispose()


def test_malformed_claim_is_rejected_readably(db: Database, device: str) -> None:
    learner = Learner(device_id=device)
    learner.add(
        EventType.CERTIFICATE_CLAIMED, {"claim_id": new_id(), "course_id": COURSE, "attempt_ids": "x"}
    )
    push(db, device, learner.events)
    [record] = server_records(db, learner.learner_id)
    assert record.payload["reason_code"] == RejectReason.MALFORMED_CLAIM


def test_generate_refuses_second_key_and_files_are_private(db: Database, settings: IssuerSettings) -> None:
    from learnbox.certs.errors import CertificateError

    with pytest.raises(CertificateError, match="rotate"):
        admin_cli.keys_generate(db, NOW)
    [key] = admin_cli.keys_list(db)
    path = settings.key_dir / f"{key.multikey}.pem"
    assert path.exists() and (path.stat().st_mode & 0o077) == 0
