"""Counters taken inside a serialised write transaction (see :meth:`Database.write`)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from learnbox.server.models import Counter


def take(session: Session, name: str, n: int) -> int:
    """Reserve ``n`` consecutive values of counter ``name``; returns the first one.

    One statement (UPDATE ... RETURNING, SQLite >= 3.35 and PostgreSQL): the update itself takes
    the row lock, and every push does this, so a round trip less matters on PostgreSQL.
    """
    last = session.execute(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + n)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return int(last) - n + 1


def current(session: Session, name: str) -> int:
    """The last value handed out (every value up to it belongs to a committed transaction)."""
    return int(session.execute(select(Counter.value).where(Counter.name == name)).scalar_one())
