"""The first schema: the event log, the device row, learners, lockouts and settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("learner_id", sa.String(36), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("device_seq", sa.Integer, nullable=False),
        sa.Column("hlc", sa.String(40), nullable=False),
        sa.Column("device_time_ms", sa.Integer, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_events_device_seq"),
    )
    op.create_index("ix_events_learner_hlc", "events", ["learner_id", "hlc"])
    op.create_table(
        "device",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("next_seq", sa.Integer, nullable=False),
        sa.Column("hlc", sa.String(40), nullable=True),
    )
    op.create_table(
        "learners",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("search_key", sa.Text, nullable=False),
        sa.Column("locale", sa.String(10), nullable=False),
        sa.Column("avatar", sa.String(40), nullable=True),
        sa.Column("pin_hash", sa.Text, nullable=True),
        sa.Column("created_hlc", sa.String(40), nullable=False),
        sa.Column("last_seen_ms", sa.Integer, nullable=True),
    )
    op.create_table(
        "lockouts",
        sa.Column("learner_id", sa.String(36), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until_ms", sa.Integer, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("settings", "lockouts", "learners", "device", "events"):
        op.drop_table(name)
