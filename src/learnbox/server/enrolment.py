"""Centres, one-time enrolment codes, and exchanging a code for a device token."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from learnbox.core.ids import new_id
from learnbox.protocol.messages import EnrolRequest, EnrolResponse
from learnbox.server.auth import digest, new_enrolment_code, new_token, normalise_enrolment_code
from learnbox.server.errors import ApiError, conflict
from learnbox.server.models import Centre, Device, EnrolmentCode

DEFAULT_CODE_HOURS = 72


class AdminError(ValueError):
    """An admin command that cannot be done as asked (unknown centre, duplicate name...)."""


def create_centre(session: Session, name: str, now_ms: int) -> Centre:
    name = " ".join(name.split())
    if not name:
        raise AdminError("a centre needs a name")
    if len(name) > 200:
        raise AdminError("a centre name is at most 200 characters")
    if session.scalars(select(Centre).where(Centre.name == name)).first() is not None:
        raise AdminError(f"a centre named {name!r} already exists")
    centre = Centre(centre_id=new_id(), name=name, created_ms=now_ms)
    session.add(centre)
    session.flush()
    return centre


def find_centre(session: Session, id_or_name: str) -> Centre:
    centre = (
        session.get(Centre, id_or_name)
        or session.scalars(
            select(Centre).where(func.lower(Centre.name) == id_or_name.strip().lower())
        ).first()
    )
    if centre is None:
        raise AdminError(f"no centre with id or name {id_or_name!r} (see 'admin centre list')")
    return centre


@dataclass(frozen=True)
class IssuedCode:
    code: str
    centre_name: str
    expires_ms: int


def issue_codes(session: Session, centre: Centre, count: int, hours: float, now_ms: int) -> list[IssuedCode]:
    if not 1 <= count <= 1000:
        raise AdminError("issue between 1 and 1000 codes at a time")
    if not 0 < hours <= 24 * 365:
        raise AdminError("a code must expire within a year")
    expires = now_ms + int(hours * 3_600_000)
    out = []
    for _ in range(count):
        code = new_enrolment_code()
        session.add(
            EnrolmentCode(
                code_hash=digest(code), centre_id=centre.centre_id, created_ms=now_ms, expires_ms=expires
            )
        )
        out.append(IssuedCode(code, centre.name, expires))
    session.flush()
    return out


def enrol(
    session: Session, request: EnrolRequest, now_ms: int, presented_token: str | None = None
) -> EnrolResponse:
    """Spend a one-time code: the device (its own id) joins the code's centre with a fresh token.

    Re-enrolling a known device id (a moved or un-revoked PC) replaces its token and keeps its
    acknowledged sequence, so its outbox carries on where it stopped. Device ids are not secret
    (every pulled event carries one), so re-enrolment must present the device's current token:
    otherwise anyone with a code could take over another PC's identity and learners.
    """
    code = session.get(EnrolmentCode, digest(normalise_enrolment_code(request.code)), with_for_update=True)
    if code is None:
        raise ApiError(403, "bad_code", "this enrolment code is not known; check it for typing mistakes")
    if code.used_ms is not None:
        raise conflict("code_used", "this enrolment code has already been used; ask for a new one")
    if code.expires_ms < now_ms:
        raise ApiError(403, "code_expired", "this enrolment code has expired; ask for a new one")
    centre = session.get(Centre, code.centre_id)
    assert centre is not None  # foreign key
    device = session.get(Device, request.device_id)
    if device is not None and (presented_token is None or digest(presented_token) != device.token_hash):
        raise conflict(
            "device_known",
            "a PC with this id is already enrolled; a PC re-enrols with its own token "
            "(a reinstalled PC gets a new id and enrols as new)",
        )
    token = new_token()
    if device is None:
        device = Device(
            device_id=request.device_id,
            centre_id=centre.centre_id,
            name=request.device_name,
            token_hash=digest(token),
            revoked=False,
            enrolled_ms=now_ms,
            acked_seq=0,
        )
        session.add(device)
    else:
        device.centre_id = centre.centre_id
        device.name = request.device_name or device.name
        device.token_hash = digest(token)
        device.revoked = False
        device.enrolled_ms = now_ms
    code.used_ms = now_ms
    code.used_by = request.device_id
    session.flush()
    return EnrolResponse(
        device_id=device.device_id,
        token=token,
        centre_id=centre.centre_id,
        centre_name=centre.name,
        server_time_ms=now_ms,
        acked_seq=device.acked_seq,
    )
