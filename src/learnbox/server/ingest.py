"""Push ingest: store a device's batch exactly once and answer its contiguous acknowledgement.

:func:`ingest` is the reference path: everything inside ``Database.write()`` (the global ingest
lock), so checking what exists and then inserting cannot race with another server process. The
HTTP push route uses the faster split in :mod:`learnbox.server.push` (checks outside the lock,
group commit) and falls back to :func:`ingest` whenever the lock-free checks turn out stale.
Resending a batch, sending batches out of order or twice is harmless: known event ids are
skipped, gaps are stored but not acknowledged until filled.

Certificate hook: after the batch is stored, every new ``certificate.claimed`` event is handed
to ``learnbox.server.certificates.on_claim(session, event)`` when that module provides it (the
content catalog is in ``session.info["learnbox.catalog"]``, server time in
``session.info["learnbox.now_ms"]``). It writes its answer with
:func:`learnbox.server.server_events.append_server_event`. Each call runs in a savepoint: a
failing claim is logged and left for re-processing; it never blocks the device's sync.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from learnbox.core.events import Event, EventType
from learnbox.core.ids import learner_code
from learnbox.server import sequence
from learnbox.server.db import SERVER_SEQ
from learnbox.server.errors import ApiError, conflict, forbidden, invalid
from learnbox.server.learners import refresh_profiles
from learnbox.server.models import Centre, Device, DeviceLearner, Learner, StoredEvent
from learnbox.server.server_events import event_row

log = logging.getLogger(__name__)

_CHUNK = 500  # ids per IN (...) list: well under every database's parameter limit
_PROFILE_TYPES = (EventType.PROFILE_CREATED.value, EventType.PROFILE_CHANGED.value)
#: Written by the server alone (the certificate office): a device sending one is forging it.
SERVER_ONLY_TYPES = frozenset(
    {EventType.CERTIFICATE_ISSUED.value, EventType.CERTIFICATE_REJECTED.value, EventType.CERTIFICATE_REVOKED.value}
)
_EVENTS_TABLE: Table = StoredEvent.__table__  # type: ignore[assignment]  # Core insert: 2x faster than ORM bulk


@dataclass(frozen=True)
class IngestResult:
    acked_seq: int
    stored: int
    duplicates: int


def ingest(session: Session, device: Device, events: Sequence[Event], now_ms: int) -> IngestResult:
    """Store ``events`` pushed by ``device`` (already authenticated and not revoked)."""
    batch = check_batch(device, events)
    existing = _existing(session, [e.event_id for e in batch])
    new: list[Event] = []
    for ev in batch:
        known = existing.get(ev.event_id)
        if known is None:
            new.append(ev)
        elif known != (ev.device_id, ev.device_seq):
            raise conflict(
                "event_id_conflict",
                f"event {ev.event_id} is already stored with another device sequence number",
            )
    _check_seq_conflicts(session, device.device_id, new)
    _authorise_learners(session, device, new, now_ms)
    if new:
        first = sequence.take(session, SERVER_SEQ, len(new))
        insert_events(session, new, first, now_ms)
        refresh_profiles(session, {ev.learner_id for ev in new if ev.type in _PROFILE_TYPES})
    device.acked_seq = contiguous(session, device.device_id, device.acked_seq)
    device.last_seen_ms = now_ms
    claims = [ev for ev in new if ev.type == EventType.CERTIFICATE_CLAIMED.value]
    if claims:
        run_claim_hook(session, claims)
    session.flush()
    return IngestResult(device.acked_seq, len(new), len(batch) - len(new))


def check_batch(device: Device, events: Sequence[Event]) -> list[Event]:
    """Own events only, each id and each device_seq once (identical repeats are dropped)."""
    seen: dict[str, Event] = {}
    seqs: dict[int, str] = {}
    for i, ev in enumerate(events):
        if ev.device_id != device.device_id:
            raise forbidden(
                "foreign_device",
                f"event {i} claims device {ev.device_id}, but this token belongs to device {device.device_id}",
            )
        if ev.type in SERVER_ONLY_TYPES:
            raise forbidden("server_event", f"event {i} is a {ev.type}: only the server writes those")
        prior = seen.get(ev.event_id)
        if prior is not None:
            if prior != ev:
                raise invalid(f"event {i}: event id {ev.event_id} appears twice with different content")
            continue
        if seqs.setdefault(ev.device_seq, ev.event_id) != ev.event_id:
            raise invalid(f"event {i}: device_seq {ev.device_seq} is used by two events in this batch")
        seen[ev.event_id] = ev
    return list(seen.values())


def _existing(session: Session, event_ids: list[str]) -> dict[str, tuple[str, int]]:
    out: dict[str, tuple[str, int]] = {}
    for i in range(0, len(event_ids), _CHUNK):
        chunk = event_ids[i : i + _CHUNK]
        rows = session.execute(
            select(StoredEvent.event_id, StoredEvent.device_id, StoredEvent.device_seq).where(
                StoredEvent.event_id.in_(chunk)
            )
        )
        for event_id, device_id, device_seq in rows:
            out[event_id] = (device_id, int(device_seq))
    return out


def _check_seq_conflicts(session: Session, device_id: str, new: list[Event]) -> None:
    """A new event may not reuse a device_seq the server already holds (e.g. a PC restored from backup)."""
    seqs = [ev.device_seq for ev in new]
    for i in range(0, len(seqs), _CHUNK):
        taken = session.execute(
            select(StoredEvent.device_seq).where(
                StoredEvent.device_id == device_id, StoredEvent.device_seq.in_(seqs[i : i + _CHUNK])
            )
        ).first()
        if taken is not None:
            raise conflict(
                "seq_conflict",
                f"device_seq {taken[0]} is already used by another event of this device "
                "(was the PC restored from an old backup?); the programme office must re-enrol it",
            )


def _authorise_learners(session: Session, device: Device, new: list[Event], now_ms: int) -> None:
    """A device writes only for learners it hosts; a learner first seen here is hosted by it."""
    create_learners(session, device.device_id, device.centre_id, learners_to_create(session, device, new), now_ms)


def learners_to_create(session: Session, device: Device, new: Sequence[Event]) -> list[str]:
    """Learners first seen in ``new`` (to be created, hosted by ``device``); refuses foreign ones."""
    learner_ids = sorted({ev.learner_id for ev in new})
    if not learner_ids:
        return []
    hosted: set[str] = set()
    known: dict[str, str] = {}
    for i in range(0, len(learner_ids), _CHUNK):
        chunk = learner_ids[i : i + _CHUNK]
        hosted.update(
            session.scalars(
                select(DeviceLearner.learner_id).where(
                    DeviceLearner.device_id == device.device_id, DeviceLearner.learner_id.in_(chunk)
                )
            )
        )
        if len(hosted) == len(learner_ids):
            return []  # the usual case: one query
        for lid, centre in session.execute(
            select(Learner.learner_id, Learner.home_centre_id).where(Learner.learner_id.in_(chunk))
        ):
            known[lid] = centre
    out: list[str] = []
    for lid in learner_ids:
        if lid in hosted:
            continue
        if lid in known:
            home = session.get(Centre, known[lid])
            where = f"centre {home.name!r}" if home else "another centre"
            raise forbidden(
                "learner_not_hosted",
                f"learner {lid} belongs to {where} and has not signed in on this device "
                "(sign in with the learner code and PIN first)",
            )
        out.append(lid)
    return out


def create_learners(
    session: Session, device_id: str, centre_id: str, learner_ids: Sequence[str], now_ms: int
) -> None:
    """Learner rows (home: the device's centre) and hosting rows for learners first seen here."""
    for lid in learner_ids:
        session.add(
            Learner(
                learner_id=lid,
                home_centre_id=centre_id,
                learner_code=learner_code(lid),
                display_name="",
                pin_hash=None,
                created_ms=now_ms,
                pin_failures=0,
                pin_locked_until_ms=0,
            )
        )
        session.add(DeviceLearner(device_id=device_id, learner_id=lid, since_ms=now_ms, via="created"))
    session.flush()


def insert_events(session: Session, new: Sequence[Event], first_seq: int, now_ms: int) -> int:
    """Store ``new`` as server_seq ``first_seq``, ``first_seq + 1``...; returns how many were
    inserted (fewer when some event id or device_seq is already held: ON CONFLICT DO NOTHING).

    Core statements, no ORM objects. PostgreSQL gets one INSERT ... SELECT FROM
    json_to_recordset(one JSON text): one statement, one round trip and one parameter per batch
    (executemany sent one INSERT per event; unnest() of 11 arrays spent its time in psycopg's
    array adaptation). SQLite runs the driver's executemany of one prepared statement, its
    fastest path; its rowcount is the sum over all rows.
    """
    if not new:
        return 0
    name = session.get_bind().dialect.name
    if name == "sqlite":
        # Straight to the driver: SQLAlchemy's per-row parameter processing was half the insert.
        params = [
            (first_seq + i, ev.event_id, ev.learner_id, ev.device_id, ev.device_seq, ev.hlc, ev.device_time_ms,
             ev.type, ev.schema_version, orjson.dumps(ev.payload).decode(), now_ms)
            for i, ev in enumerate(new)
        ]
        return int(session.connection().exec_driver_sql(_SQLITE_INSERT, params).rowcount)
    rows = [event_row(ev, first_seq + i, now_ms) for i, ev in enumerate(new)]
    if name == "postgresql":
        result = session.execute(_PG_INSERT, {"rows": orjson.dumps(rows).decode()})
        return int(result.rowcount)  # type: ignore[attr-defined]
    return int(session.execute(insert(_EVENTS_TABLE), rows).rowcount)  # type: ignore[attr-defined]


_COLUMN_TYPES = {
    "server_seq": "BIGINT",
    "event_id": "VARCHAR",
    "learner_id": "VARCHAR",
    "device_id": "VARCHAR",
    "device_seq": "BIGINT",
    "hlc": "VARCHAR",
    "device_time_ms": "BIGINT",
    "type": "VARCHAR",
    "schema_version": "INTEGER",
    "payload": "JSON",
    "received_ms": "BIGINT",
}
_SQLITE_INSERT = (
    f"INSERT INTO events ({', '.join(_COLUMN_TYPES)}) VALUES ({', '.join('?' * len(_COLUMN_TYPES))}) ON CONFLICT DO NOTHING"
)
_PG_INSERT = text(
    f"INSERT INTO events ({', '.join(_COLUMN_TYPES)}) SELECT {', '.join(_COLUMN_TYPES)} "
    "FROM json_to_recordset(CAST(:rows AS JSON)) AS r("
    + ", ".join(f"{c} {t}" for c, t in _COLUMN_TYPES.items())
    + ") ON CONFLICT DO NOTHING"
)


def contiguous(session: Session, device_id: str, acked: int) -> int:
    """The highest device_seq such that every seq from 1 to it is stored."""
    while True:
        seqs = session.scalars(
            select(StoredEvent.device_seq)
            .where(StoredEvent.device_id == device_id, StoredEvent.device_seq > acked)
            .order_by(StoredEvent.device_seq)
            .limit(5000)
        ).all()
        advanced = False
        for s in seqs:
            if s != acked + 1:
                return acked
            acked = int(s)
            advanced = True
        if not advanced or len(seqs) < 5000:
            return acked


def _claim_hook() -> Callable[[Session, Event], Any] | None:
    try:
        module = importlib.import_module("learnbox.server.certificates")
    except ImportError:
        return None
    hook = getattr(module, "on_claim", None)
    return hook if callable(hook) else None


def run_claim_hook(session: Session, claims: list[Event]) -> None:
    hook = _claim_hook()
    if hook is None:
        log.info("%d certificate claim(s) stored; no certificate issuer installed", len(claims))
        return
    for ev in claims:
        try:
            with session.begin_nested():
                hook(session, ev)
        except ApiError:
            raise
        except Exception:  # the issuer's bug must not block this device's sync
            log.exception("certificate claim %s could not be processed; it stays stored", ev.event_id)
