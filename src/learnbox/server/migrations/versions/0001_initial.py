"""Sync tables: centres, enrolment codes, devices, counters, events, learners, device_learners.

Revision ID: s0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centres",
        sa.Column("centre_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("centre_id", sa.String(36), sa.ForeignKey("centres.centre_id"), nullable=False),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("expires_ms", sa.BigInteger, nullable=False),
        sa.Column("used_ms", sa.BigInteger, nullable=True),
        sa.Column("used_by", sa.String(36), nullable=True),
    )
    op.create_index("ix_enrolment_codes_centre_id", "enrolment_codes", ["centre_id"])
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(36), primary_key=True),
        sa.Column("centre_id", sa.String(36), sa.ForeignKey("centres.centre_id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.Column("enrolled_ms", sa.BigInteger, nullable=False),
        sa.Column("acked_seq", sa.BigInteger, nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger, nullable=True),
        sa.Column("last_skew_ms", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_devices_centre_id", "devices", ["centre_id"])
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(counters, [{"name": "server_seq", "value": 0}, {"name": "server_device_seq", "value": 0}])
    op.create_table(
        "events",
        sa.Column("server_seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("device_seq", sa.BigInteger, nullable=False),
        sa.Column("hlc", sa.String(40), nullable=False),
        sa.Column("device_time_ms", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("received_ms", sa.BigInteger, nullable=False),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
    )
    op.create_index("ix_events_learner_seq", "events", ["learner_id", "server_seq"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_table(
        "learners",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("home_centre_id", sa.String(36), sa.ForeignKey("centres.centre_id"), nullable=False),
        sa.Column("learner_code", sa.String(9), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("pin_hash", sa.Text, nullable=True),
        sa.Column("created_ms", sa.BigInteger, nullable=False),
        sa.Column("pin_failures", sa.Integer, nullable=False),
        sa.Column("pin_locked_until_ms", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_learners_home_centre_id", "learners", ["home_centre_id"])
    op.create_index("ix_learners_learner_code", "learners", ["learner_code"])
    op.create_table(
        "device_learners",
        sa.Column("device_id", sa.String(36), sa.ForeignKey("devices.device_id"), primary_key=True),
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("since_ms", sa.BigInteger, nullable=False),
        sa.Column("via", sa.String(10), nullable=False),
    )
    op.create_index("ix_device_learners_learner", "device_learners", ["learner_id"])


def downgrade() -> None:
    for table in ("device_learners", "learners", "events", "counters", "devices", "enrolment_codes", "centres"):
        op.drop_table(table)
