"""The server database: engines for SQLite (one centre) or PostgreSQL (many server processes).

Write transactions that allocate ``server_seq`` go through :meth:`Database.write`, which
serialises them: SQLite by ``BEGIN IMMEDIATE`` (one writer per file), PostgreSQL by locking the
``server_seq`` counter row (``SELECT ... FOR UPDATE``) first. Numbers are therefore taken in
commit order, and a pull cursor never skips an event that commits late. Nothing lives in
process memory that another server process needs.

Push ingest does not open its own serialised transaction: it hands its insert to
:attr:`Database.committer` (:mod:`learnbox.server.group_commit`), which runs the pending inserts
of many requests in one such transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from learnbox.server.group_commit import GroupCommitter
from learnbox.server.models import Counter

log = logging.getLogger(__name__)

def _json_text(obj: Any) -> str:
    return orjson.dumps(obj).decode()


#: Event payloads (JSON columns) through orjson: the stdlib encoder was 6 % of push ingest.
_JSON_CODEC: dict[str, Any] = {"json_serializer": _json_text, "json_deserializer": orjson.loads}

SERVER_SEQ = "server_seq"
SERVER_DEVICE_SEQ = "server_device_seq"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and file paths; use psycopg 3 for PostgreSQL."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.dialect = make_url(self.url).get_backend_name()
        self.is_sqlite = self.dialect == "sqlite"
        if self.is_sqlite:
            self.engine = _sqlite_engine(self.url, immediate=False)
            self._write_engine = _sqlite_engine(self.url, immediate=True)
        else:
            self.engine = create_engine(
                self.url, pool_size=10, max_overflow=20, pool_pre_ping=True, **_JSON_CODEC
            )
            self._write_engine = self.engine
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, expire_on_commit=False)
        self.committer = GroupCommitter(self)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read_sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self, serialise: bool = True) -> Iterator[Session]:
        """One write transaction; with ``serialise`` it holds the global ingest lock until commit."""
        with self._write_sessions() as session, session.begin():
            if serialise and not self.is_sqlite:
                session.execute(select(Counter.value).where(Counter.name == SERVER_SEQ).with_for_update())
            yield session

    def dispose(self) -> None:
        self.committer.close()
        self.engine.dispose()
        if self._write_engine is not self.engine:
            self._write_engine.dispose()


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    # A pool (each connection used by one thread at a time): opening a connection per request
    # and setting its pragmas cost a tenth of the server's push time.
    engine = create_engine(
        url,
        pool_size=8,
        max_overflow=40,
        pool_timeout=60,
        connect_args={"check_same_thread": False},
        **_JSON_CODEC,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so a read-then-write transaction never fails
        # half-way with "database is locked"; it waits (busy_timeout) for the other writer.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
