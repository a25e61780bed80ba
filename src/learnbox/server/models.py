"""The server's tables (SQLAlchemy declarative). Other server packages add tables to ``Base``.

Every sync query has an index: pull pages by ``events.server_seq`` filtered by the learners a
device hosts (``ix_events_learner_seq``), push checks ``uq_events_device_seq`` and
``events.event_id``, authentication looks up ``devices.token_hash``. Times are server
milliseconds since the epoch (``*_ms``) except ``device_time_ms``, which is the device's own
clock and informative only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every server table (the certificates package adds its own)."""


class Centre(Base):
    __tablename__ = "centres"

    centre_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)


class EnrolmentCode(Base):
    """A one-time code an administrator hands to a centre; only its SHA-256 is stored."""

    __tablename__ = "enrolment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.centre_id"), index=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    expires_ms: Mapped[int] = mapped_column(BigInteger)
    used_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    used_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Device(Base):
    """An enrolled PC. ``acked_seq`` is the highest device_seq held contiguously from 1."""

    __tablename__ = "devices"

    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ForeignKey("centres.centre_id"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    enrolled_ms: Mapped[int] = mapped_column(BigInteger)
    acked_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_seen_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_skew_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Counter(Base):
    """Named counters taken under a row lock: ``server_seq`` and the server pseudo-device's seq.

    Allocating ``server_seq`` from a locked row (instead of a database sequence) makes allocation
    order equal commit order across server processes, so a pull cursor can never skip an event
    that commits late.
    """

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class StoredEvent(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
        Index("ix_events_learner_seq", "learner_id", "server_seq"),
    )

    server_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    learner_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    device_seq: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(40))
    device_time_ms: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(40), index=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_ms: Mapped[int] = mapped_column(BigInteger)


class Learner(Base):
    """Derived from profile events (last writer by HLC wins), plus the roaming PIN lockout."""

    __tablename__ = "learners"

    learner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    home_centre_id: Mapped[str] = mapped_column(ForeignKey("centres.centre_id"), index=True)
    learner_code: Mapped[str] = mapped_column(String(9), index=True)
    display_name: Mapped[str] = mapped_column(Text, default="")
    pin_hash: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class DeviceLearner(Base):
    """Which device hosts which learner: the creating device, and every device roamed to."""

    __tablename__ = "device_learners"
    __table_args__ = (Index("ix_device_learners_learner", "learner_id"),)

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"), primary_key=True)
    learner_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    since_ms: Mapped[int] = mapped_column(BigInteger)
    via: Mapped[str] = mapped_column(String(10))  # "created" or "roamed"
