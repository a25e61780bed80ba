"""Sync bookkeeping: the server's order of each event and the device's acknowledged sequence.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("server_seq", sa.Integer, nullable=True))
    with op.batch_alter_table("device") as batch:
        batch.add_column(sa.Column("acked_seq", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch:
        batch.drop_column("acked_seq")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("server_seq")
