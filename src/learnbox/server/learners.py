"""Learner rows derived from profile events: last writer by HLC wins per field (as on the client)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnbox.core.events import EventType
from learnbox.core.text import clean_name
from learnbox.server.models import Learner, StoredEvent

_PROFILE_TYPES = (EventType.PROFILE_CREATED.value, EventType.PROFILE_CHANGED.value)


def refresh_profiles(session: Session, learner_ids: Iterable[str]) -> None:
    for learner_id in learner_ids:
        learner = session.get(Learner, learner_id)
        if learner is None:
            continue
        rows = session.execute(
            select(StoredEvent.payload)
            .where(StoredEvent.learner_id == learner_id, StoredEvent.type.in_(_PROFILE_TYPES))
            .order_by(StoredEvent.hlc, StoredEvent.event_id)
        ).scalars()
        fields: dict[str, object] = {}
        for payload in rows:
            if isinstance(payload, dict):
                fields.update(payload)
        name = fields.get("display_name")
        learner.display_name = clean_name(name) if isinstance(name, str) else ""
        pin_hash = fields.get("pin_hash")
        new_hash = pin_hash if isinstance(pin_hash, str) and pin_hash else None
        if new_hash != learner.pin_hash:
            learner.pin_hash = new_hash
            learner.pin_failures = 0  # a new PIN starts a fresh count
            learner.pin_locked_until_ms = 0
