"""The certificate office: decide claims, issue credentials, revoke them, publish status lists.

Everything here runs inside one write transaction of the server database (``Database.write``),
which serialises writers across server processes, so "look up, then insert" cannot race.

Idempotency: a claim id is decided once. When the same claim arrives again (a replayed push, a
restored PC), the stored decision is sent again unchanged: the same credential, byte for byte,
or the same rejection.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnbox.certs import data_integrity
from learnbox.certs.codes import new_code, normalize_code
from learnbox.certs.credential import (
    AchievementInfo,
    CredentialInput,
    IssuerProfile,
    StatusEntry,
    hashed_identity,
    issue_credential,
    new_credential_id,
    verification_url,
)
from learnbox.certs.errors import CertificateError
from learnbox.certs.reasons import RejectReason, reason_message
from learnbox.certs.status_list import MIN_BITS, Bitstring, build_status_list_credential
from learnbox.core.events import Event, EventType
from learnbox.core.model import Course
from learnbox.i18n import N_, translate_in
from learnbox.server.certificates.claims import (
    Accept,
    Claim,
    ClaimFormatError,
    QuizCatalog,
    Reject,
    verify_claim,
)
from learnbox.server.certificates.keyring import active_key
from learnbox.server.certificates.models import ClaimDecision, IssuedCredential
from learnbox.server.certificates.settings import IssuerSettings
from learnbox.server.models import DeviceLearner, Learner, StoredEvent
from learnbox.server.server_events import append_server_event, row_event

log = logging.getLogger(__name__)

#: A status list is filled to half its size at most, so a random free slot is found in ~2 tries
#: and the set bits say little about how many certificates exist.
LIST_FILL_LIMIT = MIN_BITS // 2
_QUIZ_TYPES = (EventType.QUIZ_STARTED.value, EventType.ANSWER_GIVEN.value)

CRITERIA = N_(
    "Passed the final test of this course with a score of at least {percent}%. "
    "The issuer checked every answer against its own answer keys."
)
DESCRIPTION = N_("Certificate {code}. Check it at {url}")


class CertCatalog(QuizCatalog, Protocol):
    """What issuing needs from :class:`learnbox.content.Catalog`."""

    def course(self, course_id: str, locale: str) -> Course: ...


class Outcome(StrEnum):
    ISSUED = "issued"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Decision:
    claim_id: str
    outcome: Outcome
    payload: dict[str, Any] = field(default_factory=dict)  # the server event sent to the learner
    replay: bool = False


def process_claim(
    session: Session, event: Event, catalog: CertCatalog, settings: IssuerSettings, now_ms: int
) -> Decision | None:
    """Decide the claim in ``event`` (once) and send the answer to the learner's devices."""
    try:
        claim = Claim.from_event(event)
    except ClaimFormatError as exc:
        return _malformed(session, event, str(exc), now_ms)
    stored = session.get(ClaimDecision, claim.claim_id)
    if stored is not None:
        if stored.learner_id != claim.learner_id:
            log.warning(
                "claim %s reused for another learner by event %s; ignored", claim.claim_id, event.event_id
            )
            return None
        return _replay(session, stored, now_ms)
    if session.get(DeviceLearner, (claim.device_id, claim.learner_id)) is None:
        verdict: Accept | Reject = Reject(
            RejectReason.LEARNER_NOT_HERE, detail="device does not host learner"
        )
    else:
        verdict = verify_claim(claim, _quiz_events(session, claim.learner_id), catalog)
    if isinstance(verdict, Reject):
        log.info("claim %s rejected: %s (%s)", claim.claim_id, verdict.reason, verdict.detail)
        return _reject(session, claim, verdict, now_ms)
    return _issue(session, verdict, catalog, settings, now_ms)


def _quiz_events(session: Session, learner_id: str) -> list[Event]:
    rows = session.scalars(
        select(StoredEvent).where(StoredEvent.learner_id == learner_id, StoredEvent.type.in_(_QUIZ_TYPES))
    )
    return [row_event(r) for r in rows]


def _rejection_payload(
    claim_id: str, course_id: str, reason: str, params: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "course_id": course_id,
        "reason_code": reason,
        "reason": reason_message(reason, params, "en"),  # clients show reason_code + params translated
        "params": dict(params),
    }


def _decide(session: Session, claim: Claim, outcome: Outcome, now_ms: int, **fields: Any) -> None:
    session.add(
        ClaimDecision(
            claim_id=claim.claim_id,
            learner_id=claim.learner_id,
            course_id=claim.course_id,
            event_id=claim.event_id,
            device_id=claim.device_id,
            decided_ms=now_ms,
            outcome=outcome.value,
            **fields,
        )
    )


def _reject(session: Session, claim: Claim, verdict: Reject, now_ms: int) -> Decision:
    _decide(session, claim, Outcome.REJECTED, now_ms, reason_code=verdict.reason.value, params=verdict.params)
    payload = _rejection_payload(claim.claim_id, claim.course_id, verdict.reason.value, verdict.params)
    append_server_event(session, claim.learner_id, EventType.CERTIFICATE_REJECTED, payload, now_ms)
    return Decision(claim.claim_id, Outcome.REJECTED, payload)


def _malformed(session: Session, event: Event, detail: str, now_ms: int) -> Decision | None:
    raw = event.payload.get("claim_id")
    claim_id = raw if isinstance(raw, str) and 0 < len(raw) <= 36 else event.event_id
    course = event.payload.get("course_id")
    course_id = course[:100] if isinstance(course, str) else ""
    if session.get(ClaimDecision, claim_id) is not None:
        return None
    log.info("claim event %s malformed: %s", event.event_id, detail)
    claim = Claim(claim_id, event.learner_id, course_id, "", (), event.event_id, event.device_id)
    return _reject(session, claim, Reject(RejectReason.MALFORMED_CLAIM, detail=detail), now_ms)


def _replay(session: Session, stored: ClaimDecision, now_ms: int) -> Decision:
    if stored.outcome == Outcome.ISSUED:
        row = session.scalar(select(IssuedCredential).where(IssuedCredential.claim_id == stored.claim_id))
        if row is None:
            raise CertificateError(f"claim {stored.claim_id} is marked issued but has no credential")
        payload = _issued_payload(row)
        event_type = EventType.CERTIFICATE_ISSUED
    else:
        reason = stored.reason_code or RejectReason.MALFORMED_CLAIM.value
        payload = _rejection_payload(stored.claim_id, stored.course_id, reason, stored.params or {})
        event_type = EventType.CERTIFICATE_REJECTED
    append_server_event(session, stored.learner_id, event_type, payload, now_ms)
    return Decision(stored.claim_id, Outcome(stored.outcome), payload, replay=True)


def _issued_payload(row: IssuedCredential) -> dict[str, Any]:
    credential = json.loads(row.credential_json)
    return {
        "claim_id": row.claim_id,
        "course_id": row.course_id,
        "code": row.code,
        "verification_url": verification_url(credential) or "",
        "credential": credential,
    }


def _unused_code(session: Session) -> str:
    while True:
        code = new_code()
        if session.get(IssuedCredential, code) is None:
            return code


def allocate_status_slot(session: Session) -> tuple[int, int]:
    """A random free (list, index) pair: random so indices do not reveal issue order."""
    current = session.scalar(select(func.max(IssuedCredential.status_list))) or 1
    used = session.scalar(
        select(func.count()).select_from(IssuedCredential).where(IssuedCredential.status_list == current)
    )
    if (used or 0) >= LIST_FILL_LIMIT:
        current += 1
    while True:
        index = secrets.randbelow(MIN_BITS)
        taken = session.scalar(
            select(IssuedCredential.code).where(
                IssuedCredential.status_list == current, IssuedCredential.status_index == index
            )
        )
        if taken is None:
            return current, index


def _issue(
    session: Session, verdict: Accept, catalog: CertCatalog, settings: IssuerSettings, now_ms: int
) -> Decision:
    claim = verdict.claim
    key = active_key(session, settings)
    # The credential is written in the language of the course text the learner was tested in
    # (after fallback), so that inLanguage is true for every text in it.
    course = catalog.course(claim.course_id, verdict.locale)
    learner = session.get(Learner, claim.learner_id)
    recipient = [hashed_identity("systemId", claim.learner_id)]
    if learner is not None and learner.display_name.strip():
        recipient.append(hashed_identity("name", learner.display_name.strip()))
    code = _unused_code(session)
    list_number, index = allocate_status_slot(session)
    percent = round(min(a.pass_mark for a in verdict.attempts) * 100)
    url = settings.verification_url(code)
    data = CredentialInput(
        credential_id=new_credential_id(),
        code=code,
        verification_url=url,
        issuer=IssuerProfile(
            settings.issuer_id, settings.issuer_name, settings.issuer_url, settings.issuer_email
        ),
        achievement=AchievementInfo(
            id=settings.achievement_id(claim.course_id),
            name=course.title,
            description=course.description,
            criteria=translate_in(course.locale, CRITERIA).format(percent=percent),
            language=course.locale,
            digcomp=course.digcomp,
            version=claim.content_version or str(course.version),
        ),
        recipient=tuple(recipient),
        valid_from=datetime.fromtimestamp(now_ms / 1000, tz=UTC),
        status=StatusEntry(settings.status_list_url(list_number), index),
        description=translate_in(course.locale, DESCRIPTION).format(code=code, url=url),
    )
    credential = issue_credential(data, key)
    row = IssuedCredential(
        code=code,
        claim_id=claim.claim_id,
        credential_id=data.credential_id,
        learner_id=claim.learner_id,
        course_id=claim.course_id,
        status_list=list_number,
        status_index=index,
        verification_method=key.verification_method,
        issued_ms=now_ms,
        credential_json=json.dumps(credential, ensure_ascii=False, separators=(",", ":")),
        revoked_ms=None,
        revoke_reason="",
    )
    session.add(row)
    _decide(session, claim, Outcome.ISSUED, now_ms, code=code, params={})
    payload = _issued_payload(row)
    append_server_event(session, claim.learner_id, EventType.CERTIFICATE_ISSUED, payload, now_ms)
    log.info("certificate %s issued for claim %s (%s)", code, claim.claim_id, claim.course_id)
    return Decision(claim.claim_id, Outcome.ISSUED, payload)


def revoke(session: Session, code: str, reason: str, now_ms: int) -> bool:
    """Revoke the certificate ``code``; False when it was already revoked.

    The status list changes at once (it is built from this table), the verification page says
    revoked, and a ``certificate.revoked`` record reaches the learner's devices on their next pull.
    """
    row = session.get(IssuedCredential, normalize_code(code))
    if row is None:
        raise CertificateError(f"no certificate has the code {code}")
    if row.revoked_ms is not None:
        return False
    row.revoked_ms = now_ms
    row.revoke_reason = reason
    append_server_event(
        session,
        row.learner_id,
        EventType.CERTIFICATE_REVOKED,
        {"code": row.code, "claim_id": row.claim_id},
        now_ms,
    )
    log.info("certificate %s revoked: %s", row.code, reason)
    return True


def status_list_credential(
    session: Session, settings: IssuerSettings, list_number: int, now_ms: int
) -> dict[str, Any] | None:
    """The signed BitstringStatusListCredential for list ``list_number``; None if it does not exist."""
    highest = session.scalar(select(func.max(IssuedCredential.status_list))) or 1
    if not 1 <= list_number <= highest:
        return None
    bits = Bitstring()
    revoked = session.scalars(
        select(IssuedCredential.status_index).where(
            IssuedCredential.status_list == list_number, IssuedCredential.revoked_ms.is_not(None)
        )
    )
    for index in revoked:
        bits.set(index)
    now = datetime.fromtimestamp(now_ms / 1000, tz=UTC)
    unsigned = build_status_list_credential(
        settings.status_list_url(list_number), settings.issuer_id, bits, now
    )
    return data_integrity.sign(unsigned, active_key(session, settings), now)


def find_certificate(session: Session, code: str) -> IssuedCredential | None:
    """The certificate with ``code`` (typed in any case, with or without the dash), or None."""
    try:
        return session.get(IssuedCredential, normalize_code(code))
    except CertificateError:
        return None


def pending_claims(session: Session) -> list[Event]:
    """Stored claim events without a decision (e.g. received while no issuer key existed)."""
    decided = set(session.scalars(select(ClaimDecision.claim_id)))
    decided_events = set(session.scalars(select(ClaimDecision.event_id)))
    rows = session.scalars(
        select(StoredEvent)
        .where(StoredEvent.type == EventType.CERTIFICATE_CLAIMED.value)
        .order_by(StoredEvent.server_seq)
    )
    return [
        e
        for e in map(row_event, rows)
        if e.payload.get("claim_id") not in decided and e.event_id not in decided_events
    ]
