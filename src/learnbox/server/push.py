"""The push route's ingest, split so the global write lock covers only the insert and commit.

1. :func:`prepare` runs in a plain read transaction, concurrently with other requests: checks
   the batch, finds what the server already holds (one range query on the device's sequence
   numbers), authorises the learners and predicts the acknowledgement.
2. :func:`commit` runs in the group committer (:mod:`learnbox.server.group_commit`), under the
   lock: takes ``server_seq`` numbers, bulk-inserts the new events (Core ``INSERT ... ON
   CONFLICT DO NOTHING``), creates first-seen learners, moves the device's acknowledgement on.

Whatever ``prepare`` saw can be stale by the time the lock is held (the same device pushing the
same events twice at once, another device creating the same learner). ``commit`` detects that
(fewer rows inserted than planned, a learner already created) and raises :class:`Stale`; its
savepoint is rolled back and :func:`commit_checked` runs the reference
:func:`learnbox.server.ingest.ingest` for the batch under the lock instead, which re-checks
everything. The fast path therefore never decides anything the reference path would decide
differently.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from learnbox.core.events import Event, EventType
from learnbox.server import sequence
from learnbox.server.db import SERVER_SEQ
from learnbox.server.errors import conflict, unauthorised
from learnbox.server.ingest import (
    IngestResult,
    check_batch,
    contiguous,
    create_learners,
    ingest,
    insert_events,
    learners_to_create,
    run_claim_hook,
)
from learnbox.server.learners import refresh_profiles
from learnbox.server.models import Device, Learner, StoredEvent

log = logging.getLogger(__name__)

_PROFILE_TYPES = (EventType.PROFILE_CREATED.value, EventType.PROFILE_CHANGED.value)
_CHUNK = 500


@dataclass(frozen=True)
class Prepared:
    device_id: str
    centre_id: str
    batch: list[Event]  # the checked batch (identical repeats dropped): what the reference path gets
    new: list[Event]  # not on the server when prepared
    duplicates: int
    create: list[str]  # learners first seen in this batch
    predicted_ack: int  # every device_seq up to here is stored once ``new`` is


class Stale(Exception):
    """What ``prepare`` saw changed before the lock was taken: use the reference path."""


def prepare(session: Session, device: Device, events: Sequence[Event]) -> Prepared:
    """The lock-free part of a push (raises ApiError for anything the reference path refuses)."""
    batch = check_batch(device, events)
    stored = _stored_ids(session, device.device_id, [ev.device_seq for ev in batch])
    new: list[Event] = []
    for ev in batch:
        held = stored.get(ev.device_seq)
        if held is None:
            new.append(ev)
        elif held != ev.event_id:
            raise conflict(
                "seq_conflict",
                f"device_seq {ev.device_seq} is already used by another event of this device "
                "(was the PC restored from an old backup?); the programme office must re-enrol it",
            )
    create = learners_to_create(session, device, new)
    present = set(stored) | {ev.device_seq for ev in batch}
    acked = device.acked_seq
    while acked + 1 in present:
        acked += 1
    return Prepared(device.device_id, device.centre_id, batch, new, len(batch) - len(new), create, acked)


def commit(session: Session, prepared: Prepared, now_ms: int, skew_ms: int | None, catalog: Any) -> IngestResult:
    """The locked part (a group committer job): insert, acknowledge, hand claims on.

    Raises :class:`Stale` when what :func:`prepare` saw has changed; the committer then rolls
    this job back and the caller submits :func:`commit_checked` instead. Written for few round
    trips (they add up on PostgreSQL, one job after the other under the lock): usually four
    statements, the device row being checked and updated by one UPDATE ... RETURNING.
    """
    session.info["learnbox.catalog"] = catalog
    session.info["learnbox.now_ms"] = now_ms
    new = prepared.new
    if prepared.create:
        taken = session.scalars(select(Learner.learner_id).where(Learner.learner_id.in_(prepared.create))).first()
        if taken is not None:
            raise Stale()
        create_learners(session, prepared.device_id, prepared.centre_id, prepared.create, now_ms)
    if new:
        first = sequence.take(session, SERVER_SEQ, len(new))
        if insert_events(session, new, first, now_ms) != len(new):  # another request stored some meanwhile
            raise Stale()
        refresh_profiles(session, {ev.learner_id for ev in new if ev.type in _PROFILE_TYPES})
    acked = contiguous(session, prepared.device_id, prepared.predicted_ack)
    values: dict[str, Any] = {
        "acked_seq": case((Device.acked_seq < acked, acked), else_=Device.acked_seq),  # never backwards
        "last_seen_ms": now_ms,
    }
    if skew_ms is not None:
        values["last_skew_ms"] = skew_ms
    stored_ack = session.execute(
        update(Device)
        .where(Device.device_id == prepared.device_id, Device.revoked.is_(False))
        .values(**values)
        .returning(Device.acked_seq)
        .execution_options(synchronize_session=False)
    ).scalar()
    if stored_ack is None:  # revoked since prepare(): the job is rolled back
        raise unauthorised("revoked", "this device has been revoked; ask the programme office for a new code")
    claims = [ev for ev in new if ev.type == EventType.CERTIFICATE_CLAIMED.value]
    if claims:
        run_claim_hook(session, claims)
    return IngestResult(int(stored_ack), len(new), prepared.duplicates)


def commit_checked(
    session: Session, prepared: Prepared, now_ms: int, skew_ms: int | None, catalog: Any
) -> IngestResult:
    """After :class:`Stale`: the reference ingest, which re-checks everything under the lock."""
    log.info("push from %s raced another write; re-checking under the lock", prepared.device_id)
    device = _device(session, prepared, now_ms, catalog)
    result = ingest(session, device, prepared.batch, now_ms)
    if skew_ms is not None:
        device.last_skew_ms = skew_ms
    session.flush()
    return result


def _device(session: Session, prepared: Prepared, now_ms: int, catalog: Any) -> Device:
    session.info["learnbox.catalog"] = catalog
    session.info["learnbox.now_ms"] = now_ms
    device = session.get(Device, prepared.device_id, populate_existing=True)
    if device is None or device.revoked:
        raise unauthorised("revoked", "this device has been revoked; ask the programme office for a new code")
    return device


def _stored_ids(session: Session, device_id: str, seqs: list[int]) -> dict[int, str]:
    """device_seq -> event_id of this device's stored events among ``seqs``."""
    if not seqs:
        return {}
    lo, hi = min(seqs), max(seqs)
    out: dict[int, str] = {}
    if hi - lo < 2 * len(seqs):  # the usual dense batch: one index range scan
        rows = session.execute(
            select(StoredEvent.device_seq, StoredEvent.event_id).where(
                StoredEvent.device_id == device_id, StoredEvent.device_seq.between(lo, hi)
            )
        )
        wanted = set(seqs)
        out = {int(seq): event_id for seq, event_id in rows if seq in wanted}
        return out
    for i in range(0, len(seqs), _CHUNK):  # sparse (odd clients): exact lookups
        chunk = seqs[i : i + _CHUNK]
        rows = session.execute(
            select(StoredEvent.device_seq, StoredEvent.event_id).where(
                StoredEvent.device_id == device_id, StoredEvent.device_seq.in_(chunk)
            )
        )
        out.update({int(seq): event_id for seq, event_id in rows})
    return out
