"""The learner's certificates: real signed credentials, checked offline against pinned keys."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from learnbox.certs.credential import (
    AchievementInfo,
    CredentialInput,
    IssuerProfile,
    StatusEntry,
    hashed_identity,
    issue_credential,
    new_credential_id,
)
from learnbox.certs.keys import SigningKey, generate_private_key
from learnbox.certs.verify import Problem
from learnbox.core.events import Event, EventType
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.i18n import set_language
from learnbox.services import LearnBox
from learnbox.services.certificates import (
    ISSUER_KEYS_SETTING,
    NO_KEYS,
    NOT_YOURS,
    SERVER_URL_SETTING,
    CertificateService,
    verification_url,
)
from learnbox.services.courses import CertificateStatus

PUBLIC = "https://certs.learnbox.test"
ISSUER_ID = f"{PUBLIC}/issuer"
CODE = "7KQM-X4TB"
ISSUED_AT = datetime(2026, 11, 22, 8, 30, 5, tzinfo=UTC)


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.for_controller(generate_private_key(), ISSUER_ID)


def credential_for(learner_id: str, name: str, key: SigningKey, code: str = CODE) -> dict[str, Any]:
    url = f"{PUBLIC}/v/{code}"
    return issue_credential(
        CredentialInput(
            credential_id=new_credential_id(),
            code=code,
            verification_url=url,
            issuer=IssuerProfile(id=ISSUER_ID, name="Trung tâm LearnBox Hà Nội", url=PUBLIC),
            achievement=AchievementInfo(
                id=f"{PUBLIC}/achievements/mini",
                name="Khoá học nhỏ",
                description="Một khoá học nhỏ.",
                criteria="Đạt bài kiểm tra cuối khoá.",
                language="vi",
            ),
            recipient=(hashed_identity("systemId", learner_id), hashed_identity("name", name)),
            valid_from=ISSUED_AT,
            status=StatusEntry(f"{PUBLIC}/status/1", 42),
            description=f"Chứng chỉ {code}. Kiểm tra tại {url}",
        ),
        key,
    )


_seq = [0]


def server_event(learner_id: str, type_: EventType, payload: dict[str, Any]) -> Event:
    _seq[0] += 1
    now = 1_795_000_100_000 + _seq[0]
    return Event(new_id(), learner_id, "server", _seq[0], HLC(now, 0, "server").encode(), now, type_, payload)


def claim(lb: LearnBox, learner_id: str, course_id: str = "mini") -> str:
    claim_id = new_id()
    lb.store.append(
        learner_id,
        EventType.CERTIFICATE_CLAIMED,
        {"claim_id": claim_id, "course_id": course_id, "content_version": "1", "attempt_ids": []},
    )
    return claim_id


def issue(lb: LearnBox, learner_id: str, claim_id: str, credential: dict[str, Any], code: str = CODE) -> None:
    payload = {"claim_id": claim_id, "course_id": "mini", "code": code, "credential": credential}
    lb.store.ingest([server_event(learner_id, EventType.CERTIFICATE_ISSUED, payload)])


@pytest.fixture
def english() -> Any:
    set_language("en")
    yield
    set_language("vi")


def service(lb: LearnBox) -> CertificateService:
    return CertificateService(lb.store, lb.catalog)


def test_issued_credential_verifies_against_the_pinned_key(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Nguyễn Thị Lan", None, "vi").learner_id
    claim_id = claim(lb, learner)
    issue(lb, learner, claim_id, credential_for(learner, "Nguyễn Thị Lan", key))
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])

    [view] = service(lb).for_learner(learner, "vi")

    assert view.status is CertificateStatus.ISSUED
    assert view.verified and view.printable
    assert view.problem is None and view.problem_text == ""
    assert view.code == CODE
    assert view.course_title == "Khoá học nhỏ"  # from the catalogue, in the learner's locale
    assert service(lb).for_learner(learner, "en")[0].course_title == "Mini course"
    assert view.issued_at == ISSUED_AT
    assert view.verification_url == f"{PUBLIC}/v/{CODE}"
    assert view.learner_name == "Nguyễn Thị Lan"
    assert view.name_matches is True
    assert view.issuer_name == "Trung tâm LearnBox Hà Nội"


def test_tampered_credential_is_not_verified(lb: LearnBox, key: SigningKey, english: None) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    credential = credential_for(learner, "Lan", key)
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Kỹ sư phần mềm cao cấp"
    issue(lb, learner, claim(lb, learner), tampered)
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])

    [view] = service(lb).for_learner(learner, "vi")

    assert view.status is CertificateStatus.ISSUED
    assert not view.verified and not view.printable
    assert view.problem == Problem.BAD_SIGNATURE.value
    assert "changed after it was issued" in view.problem_text


def test_unknown_issuer_and_missing_keys_give_different_reasons(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    issue(lb, learner, claim(lb, learner), credential_for(learner, "Lan", key))

    [no_keys] = service(lb).for_learner(learner, "vi")
    assert not no_keys.verified and no_keys.problem == NO_KEYS
    assert no_keys.problem_text  # a sentence, not empty

    other = SigningKey.for_controller(generate_private_key(), ISSUER_ID)
    lb.store.set_setting(ISSUER_KEYS_SETTING, [other.public_multikey])
    [wrong_key] = service(lb).for_learner(learner, "vi")
    assert not wrong_key.verified and wrong_key.problem == Problem.UNTRUSTED_KEY.value


def test_a_valid_credential_of_another_learner_is_not_theirs(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    someone_else = lb.learners.create("Lan", None, "vi").learner_id
    issue(lb, learner, claim(lb, learner), credential_for(someone_else, "Lan", key))
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])

    [view] = service(lb).for_learner(learner, "vi")
    assert not view.verified and view.problem == NOT_YOURS


def test_renamed_learner_is_flagged_but_still_verified(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    issue(lb, learner, claim(lb, learner), credential_for(learner, "Lan", key))
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])
    lb.learners.rename(learner, "Trần Thị Lan")

    [view] = service(lb).for_learner(learner, "vi")
    assert view.verified and view.learner_name == "Trần Thị Lan" and view.name_matches is False


def test_revoked_certificate(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    claim_id = claim(lb, learner)
    issue(lb, learner, claim_id, credential_for(learner, "Lan", key))
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])
    lb.store.ingest(
        [server_event(learner, EventType.CERTIFICATE_REVOKED, {"code": CODE, "claim_id": claim_id})]
    )

    [view] = service(lb).for_learner(learner, "vi")
    assert view.status is CertificateStatus.REVOKED
    assert view.code == CODE
    assert not view.printable


def test_rejected_claim_reason_is_translated_with_its_numbers(lb: LearnBox, english: None) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    claim_id = claim(lb, learner)
    payload = {
        "claim_id": claim_id,
        "course_id": "mini",
        "reason_code": "not_passed",
        "reason": "English text",
        "params": {"correct": 5, "total": 8, "needed": 7},
    }
    lb.store.ingest([server_event(learner, EventType.CERTIFICATE_REJECTED, payload)])

    [view] = service(lb).for_learner(learner, "vi")
    assert view.status is CertificateStatus.REJECTED and not view.printable
    assert "5 of 8" in view.reason and "7" in view.reason
    assert view.problem_text == ""


def test_waiting_and_unknown_course_and_missing_credential(lb: LearnBox) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    claim(lb, learner)
    gone = claim(lb, learner, "retired-course")
    lb.store.ingest(
        [
            server_event(
                learner,
                EventType.CERTIFICATE_ISSUED,
                {"claim_id": gone, "course_id": "retired-course", "code": CODE, "credential": None},
            )
        ]
    )

    views = service(lb).for_learner(learner, "vi")
    assert [v.course_id for v in views] == ["mini", "retired-course"]  # catalogue order, unknown last
    waiting, missing = views
    assert waiting.status is CertificateStatus.WAITING and waiting.code is None and not waiting.verified
    assert missing.course_title == "retired-course" and not missing.verified and missing.problem_text


def test_no_claims_means_no_certificates(lb: LearnBox) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    assert service(lb).for_learner(learner, "vi") == []


def test_malformed_pinned_keys_setting_is_ignored(lb: LearnBox) -> None:
    lb.store.set_setting(ISSUER_KEYS_SETTING, {"not": "a list"})
    assert service(lb).pinned_keys() == []
    lb.store.set_setting(ISSUER_KEYS_SETTING, ["z6MkA", 5, "  "])
    assert service(lb).pinned_keys() == ["z6MkA"]


def test_verification_url_sources() -> None:
    described = {"description": f"Certificate {CODE}. Check it at https://a.example/x/v/{CODE}"}
    assert verification_url(described, ISSUER_ID, CODE) == f"https://a.example/x/v/{CODE}"
    assert verification_url({}, ISSUER_ID, CODE) == f"{PUBLIC}/v/{CODE}"
    assert verification_url({}, "did:example:123", CODE) is None


def test_verification_url_falls_back_to_the_sync_server(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    credential = credential_for(learner, "Lan", key)
    credential["issuer"]["id"] = "did:example:issuer"  # breaks the proof too: only the URL matters here
    credential["description"] = f"Certificate {CODE}."
    issue(lb, learner, claim(lb, learner), credential)
    lb.store.set_setting(SERVER_URL_SETTING, "http://192.168.1.10:8000/")
    [view] = service(lb).for_learner(learner, "vi")
    assert view.verification_url == f"http://192.168.1.10:8000/v/{CODE}"


def test_issued_record_without_its_claim_still_shows(lb: LearnBox, key: SigningKey) -> None:
    learner = lb.learners.create("Lan", None, "vi").learner_id
    issue(lb, learner, new_id(), credential_for(learner, "Lan", key))  # the claim never arrived here
    lb.store.set_setting(ISSUER_KEYS_SETTING, [key.public_multikey])
    [view] = service(lb).for_learner(learner, "vi")
    assert view.status is CertificateStatus.ISSUED and view.verified and view.code == CODE
