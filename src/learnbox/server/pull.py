"""Pull: pages of events for the learners a device hosts, in server_seq order.

The page never goes past the ``server_seq`` counter read at its start: every number up to it
belongs to a committed transaction (numbers are allocated under the ingest lock), so a cursor
saved after a page can never skip an event committing late in another server process.
A device's own events are left out: it has them already.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnbox.core.events import Event
from learnbox.server import sequence
from learnbox.server.db import SERVER_SEQ
from learnbox.server.errors import ApiError, conflict, forbidden
from learnbox.server.models import Device, DeviceLearner, StoredEvent
from learnbox.server.server_events import row_event


@dataclass(frozen=True)
class Page:
    events: list[Event]
    server_seqs: list[int]
    next_cursor: int
    more: bool


def pull_page(session: Session, device: Device, since: int, limit: int) -> Page:
    upto = sequence.current(session, SERVER_SEQ)
    if since > upto:
        raise conflict(
            "cursor_ahead",
            f"the cursor {since} is ahead of this server ({upto}); the server database was replaced: "
            "pull again from 0",
        )
    hosted = select(DeviceLearner.learner_id).where(DeviceLearner.device_id == device.device_id)
    rows = session.scalars(
        select(StoredEvent)
        .where(
            StoredEvent.server_seq > since,
            StoredEvent.server_seq <= upto,
            StoredEvent.learner_id.in_(hosted),
            StoredEvent.device_id != device.device_id,
        )
        .order_by(StoredEvent.server_seq)
        .limit(limit)
    ).all()
    return _page(rows, limit, upto)


def learner_history(
    session: Session, device: Device, learner_id: str, since: int, upto: int, limit: int
) -> Page:
    """A roamed learner's events up to ``upto`` (what the normal pull cursor may already be past)."""
    hosted = session.get(DeviceLearner, (device.device_id, learner_id))
    if hosted is None:
        raise forbidden("learner_not_hosted", "this learner has not signed in on this device")
    upto = min(upto, sequence.current(session, SERVER_SEQ))
    if since < 0 or upto < 0:
        raise ApiError(422, "invalid", "'since' and 'upto' must not be negative")
    rows = session.scalars(
        select(StoredEvent)
        .where(
            StoredEvent.learner_id == learner_id,
            StoredEvent.server_seq > since,
            StoredEvent.server_seq <= upto,
            StoredEvent.device_id != device.device_id,
        )
        .order_by(StoredEvent.server_seq)
        .limit(limit)
    ).all()
    return _page(rows, limit, max(upto, since))


def _page(rows: Sequence[StoredEvent], limit: int, upto: int) -> Page:
    seqs = [int(r.server_seq) for r in rows]
    more = len(rows) == limit
    return Page([row_event(r) for r in rows], seqs, seqs[-1] if more else upto, more)
