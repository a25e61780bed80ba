"""The certificate tables, on the server's declarative ``Base`` (migration: ``c0001``).

``cert_claims`` makes claim handling idempotent (one decision per claim id, forever);
``cert_credentials`` holds each issued credential as the exact JSON text sent to the learner, so
a replayed claim returns byte-identical bytes; ``cert_issuer_keys`` lists every issuer key ever
used (retired keys stay published so old certificates keep verifying); ``cert_rate_limits``
counts verification-page lookups per client and minute, shared by all server processes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from learnbox.server.models import Base


class IssuerKey(Base):
    __tablename__ = "cert_issuer_keys"

    multikey: Mapped[str] = mapped_column(String(64), primary_key=True)
    verification_method: Mapped[str] = mapped_column(String(400), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ClaimDecision(Base):
    __tablename__ = "cert_claims"

    claim_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    learner_id: Mapped[str] = mapped_column(String(36), index=True)
    course_id: Mapped[str] = mapped_column(String(100))
    event_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    decided_ms: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(10))  # "issued" | "rejected"
    reason_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    code: Mapped[str | None] = mapped_column(String(9), nullable=True)


class IssuedCredential(Base):
    __tablename__ = "cert_credentials"
    __table_args__ = (UniqueConstraint("status_list", "status_index", name="uq_cert_status_slot"),)

    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    claim_id: Mapped[str] = mapped_column(String(36), unique=True)
    credential_id: Mapped[str] = mapped_column(String(60), unique=True)
    learner_id: Mapped[str] = mapped_column(String(36), index=True)
    course_id: Mapped[str] = mapped_column(String(100))
    status_list: Mapped[int] = mapped_column(Integer)
    status_index: Mapped[int] = mapped_column(Integer)
    verification_method: Mapped[str] = mapped_column(String(400))
    issued_ms: Mapped[int] = mapped_column(BigInteger)
    credential_json: Mapped[str] = mapped_column(Text)
    revoked_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")


class RateBucket(Base):
    __tablename__ = "cert_rate_limits"
    __table_args__ = (Index("ix_cert_rate_limits_window", "window_ms"),)

    bucket: Mapped[str] = mapped_column(String(120), primary_key=True)  # "<client>|<window start>"
    window_ms: Mapped[int] = mapped_column(BigInteger)
    count: Mapped[int] = mapped_column(Integer, default=0)
