"""Certificate tables: issuer keys, claim decisions, issued credentials, lookup rate limits.

Owned by the certificates package (learnbox.server.certificates.models).

Revision ID: c0001
Revises: s0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = "s0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cert_issuer_keys",
        sa.Column("multikey", sa.String(64), primary_key=True),
        sa.Column("verification_method", sa.String(400), nullable=False, unique=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("retired_ms", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "cert_claims",
        sa.Column("claim_id", sa.String(36), primary_key=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("course_id", sa.String(100), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("decided_ms", sa.BigInteger, nullable=False),
        sa.Column("outcome", sa.String(10), nullable=False),
        sa.Column("reason_code", sa.String(40), nullable=True),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("code", sa.String(9), nullable=True),
    )
    op.create_table(
        "cert_credentials",
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("claim_id", sa.String(36), nullable=False, unique=True),
        sa.Column("credential_id", sa.String(60), nullable=False, unique=True),
        sa.Column("learner_id", sa.String(36), nullable=False, index=True),
        sa.Column("course_id", sa.String(100), nullable=False),
        sa.Column("status_list", sa.Integer, nullable=False),
        sa.Column("status_index", sa.Integer, nullable=False),
        sa.Column("verification_method", sa.String(400), nullable=False),
        sa.Column("issued_ms", sa.BigInteger, nullable=False),
        sa.Column("credential_json", sa.Text, nullable=False),
        sa.Column("revoked_ms", sa.BigInteger, nullable=True),
        sa.Column("revoke_reason", sa.Text, nullable=False),
        sa.UniqueConstraint("status_list", "status_index", name="uq_cert_status_slot"),
    )
    op.create_table(
        "cert_rate_limits",
        sa.Column("bucket", sa.String(120), primary_key=True),
        sa.Column("window_ms", sa.BigInteger, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_index("ix_cert_rate_limits_window", "cert_rate_limits", ["window_ms"])


def downgrade() -> None:
    op.drop_index("ix_cert_rate_limits_window", table_name="cert_rate_limits")
    for table in ("cert_rate_limits", "cert_credentials", "cert_claims", "cert_issuer_keys"):
        op.drop_table(table)
