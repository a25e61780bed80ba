"""Events the server itself writes (certificate.issued / rejected / revoked, roster records...).

They go into the same ``events`` table under the server pseudo-device
(:data:`learnbox.protocol.SERVER_DEVICE_ID`) with its own device_seq counter, so they reach the
learner's devices by the ordinary pull. Call :func:`append_server_event` inside
``Database.write()`` (push ingest already is: the certificate hook runs there).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from learnbox.core.events import SCHEMA_VERSION, Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.protocol import SERVER_DEVICE_ID
from learnbox.server import sequence
from learnbox.server.db import SERVER_DEVICE_SEQ, SERVER_SEQ
from learnbox.server.models import StoredEvent


def append_server_event(
    session: Session, learner_id: str, type_: str, payload: Mapping[str, Any], now_ms: int
) -> tuple[Event, int]:
    """Store one server-issued event for ``learner_id``; returns it and its server_seq."""
    device_seq = sequence.take(session, SERVER_DEVICE_SEQ, 1)
    server_seq = sequence.take(session, SERVER_SEQ, 1)
    event = Event(
        event_id=new_id(),
        learner_id=learner_id,
        device_id=SERVER_DEVICE_ID,
        device_seq=device_seq,
        hlc=HLC(now_ms, 0, SERVER_DEVICE_ID[:8]).encode(),
        device_time_ms=now_ms,
        type=str(type_),
        payload=dict(payload),
        schema_version=SCHEMA_VERSION,
    )
    session.execute(insert(StoredEvent).values(event_row(event, server_seq, now_ms)))
    return event, server_seq


def event_row(event: Event, server_seq: int, received_ms: int) -> dict[str, Any]:
    return {
        "server_seq": server_seq,
        "event_id": event.event_id,
        "learner_id": event.learner_id,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "hlc": event.hlc,
        "device_time_ms": event.device_time_ms,
        "type": event.type,
        "schema_version": event.schema_version,
        "payload": event.payload,
        "received_ms": received_ms,
    }


def row_event(row: Any) -> Event:
    return Event(
        event_id=row.event_id,
        learner_id=row.learner_id,
        device_id=row.device_id,
        device_seq=int(row.device_seq),
        hlc=row.hlc,
        device_time_ms=int(row.device_time_ms),
        type=row.type,
        payload=dict(row.payload),
        schema_version=int(row.schema_version),
    )
