"""Table definitions of the local store (the newest schema; migrations build it step by step)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

#: The append-only event log. Rows are never updated except for sync bookkeeping columns.
events = Table(
    "events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("learner_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("device_seq", Integer, nullable=False),
    Column("hlc", String(40), nullable=False),
    Column("device_time_ms", Integer, nullable=False),
    Column("type", String(40), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    # Added in revision 0002 (sync): where the event sits in the server's order, once known.
    Column("server_seq", Integer, nullable=True),
    UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
)
Index("ix_events_learner_hlc", events.c.learner_id, events.c.hlc)

#: This installation: its id, its next sequence number and its clock. Exactly one row (id = 1).
device = Table(
    "device",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("device_id", String(36), nullable=False),
    Column("next_seq", Integer, nullable=False),
    Column("hlc", String(40), nullable=True),
    # Added in revision 0002 (sync): highest device_seq the server has confirmed, contiguously.
    Column("acked_seq", Integer, nullable=False, server_default="0"),
)

#: Derived from profile events (rebuildable); plus local-only sign-in bookkeeping.
learners = Table(
    "learners",
    metadata,
    Column("learner_id", String(36), primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("search_key", Text, nullable=False),
    Column("locale", String(10), nullable=False),
    Column("avatar", String(40), nullable=True),
    Column("pin_hash", Text, nullable=True),
    Column("created_hlc", String(40), nullable=False),
    Column("last_seen_ms", Integer, nullable=True),
)

#: Wrong-PIN counters, local to this PC (never synced).
lockouts = Table(
    "lockouts",
    metadata,
    Column("learner_id", String(36), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until_ms", Integer, nullable=False),
)

#: Device-wide settings (idle timeout, server URL, sync cursor...), JSON values.
settings = Table(
    "settings",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)
