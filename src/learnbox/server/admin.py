"""Programme-office administration: centres, enrolment codes, devices, and the summary report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from learnbox.core.events import EventType
from learnbox.server.enrolment import AdminError
from learnbox.server.models import Centre, Device, Learner, StoredEvent


@dataclass(frozen=True)
class DeviceRow:
    device_id: str
    centre: str
    name: str
    revoked: bool
    enrolled_ms: int
    last_seen_ms: int | None
    acked_seq: int
    last_skew_ms: int | None


def list_devices(session: Session, centre_id: str | None = None) -> list[DeviceRow]:
    query = select(Device, Centre.name).join(Centre, Centre.centre_id == Device.centre_id)
    if centre_id:
        query = query.where(Device.centre_id == centre_id)
    rows = session.execute(query.order_by(Centre.name, Device.enrolled_ms)).all()
    return [
        DeviceRow(d.device_id, cname, d.name, d.revoked, d.enrolled_ms, d.last_seen_ms, d.acked_seq, d.last_skew_ms)
        for d, cname in rows
    ]


def revoke_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id.strip())
    if device is None:
        raise AdminError(f"no device with id {device_id!r} (see 'admin device list')")
    device.revoked = True
    return device


SUMMARY_CENTRE_HEADER = ("centre", "devices", "active_devices", "learners", "events")
SUMMARY_COURSE_HEADER = (
    "centre",
    "course_id",
    "learners_started",
    "lessons_completed",
    "quizzes_passed",
    "certificates_issued",
)


def summary_by_centre(session: Session) -> list[tuple[object, ...]]:
    """Per centre: devices, devices not revoked, learners (by home centre), events received."""
    centres = session.execute(select(Centre.centre_id, Centre.name).order_by(Centre.name)).all()
    devices = dict(session.execute(select(Device.centre_id, func.count()).group_by(Device.centre_id)).all())
    active = dict(
        session.execute(
            select(Device.centre_id, func.count()).where(Device.revoked.is_(False)).group_by(Device.centre_id)
        ).all()
    )
    learners = dict(
        session.execute(select(Learner.home_centre_id, func.count()).group_by(Learner.home_centre_id)).all()
    )
    events = dict(
        session.execute(
            select(Device.centre_id, func.count())
            .select_from(StoredEvent)
            .join(Device, Device.device_id == StoredEvent.device_id)
            .group_by(Device.centre_id)
        ).all()
    )
    return [
        (name, devices.get(cid, 0), active.get(cid, 0), learners.get(cid, 0), events.get(cid, 0))
        for cid, name in centres
    ]


def summary_by_course(session: Session) -> list[tuple[object, ...]]:
    """Per home centre and course: learners who started, lessons completed, quizzes passed (learner x quiz), learners certified."""
    course = StoredEvent.payload["course_id"].as_string()
    base = (
        select(Centre.name, course)
        .select_from(StoredEvent)
        .join(Learner, Learner.learner_id == StoredEvent.learner_id)
        .join(Centre, Centre.centre_id == Learner.home_centre_id)
        .where(course.is_not(None))
        .group_by(Centre.name, course)
    )

    def counted(expr: object, *types: str, extra: object = None) -> dict[tuple[str, str], int]:
        query = base.add_columns(expr).where(StoredEvent.type.in_(types))  # type: ignore[arg-type]
        if extra is not None:
            query = query.where(extra)  # type: ignore[arg-type]
        return {(c, k): int(n) for c, k, n in session.execute(query).all()}

    started = counted(
        func.count(distinct(StoredEvent.learner_id)),
        EventType.LESSON_OPENED.value,
        EventType.LESSON_COMPLETED.value,
        EventType.QUIZ_STARTED.value,
    )
    lessons = counted(
        func.count(distinct(StoredEvent.learner_id.concat("/").concat(StoredEvent.payload["lesson_id"].as_string()))),
        EventType.LESSON_COMPLETED.value,
    )
    passed = counted(
        func.count(distinct(StoredEvent.learner_id.concat("/").concat(StoredEvent.payload["quiz_id"].as_string()))),
        EventType.QUIZ_FINISHED.value,
        extra=StoredEvent.payload["passed"].as_boolean().is_(True),
    )
    certs = counted(func.count(distinct(StoredEvent.learner_id)), EventType.CERTIFICATE_ISSUED.value)
    keys = sorted(set(started) | set(lessons) | set(passed) | set(certs))
    return [
        (c, k, started.get((c, k), 0), lessons.get((c, k), 0), passed.get((c, k), 0), certs.get((c, k), 0))
        for c, k in keys
    ]
