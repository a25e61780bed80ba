"""The local store: append learner events durably, and read what is derived from them.

One SQLite file in WAL mode with ``synchronous=FULL``: when :meth:`Store.append` returns, the event
is on disk and survives a killed process or a power cut. Writes are serialised by a lock and take
SQLite's write lock up front (``BEGIN IMMEDIATE``); reads run concurrently thanks to WAL.

The schema is defined with SQLAlchemy (``schema.py``) and migrated by Alembic (``migrate.py``), but
the store itself talks to ``sqlite3`` directly: importing SQLAlchemy costs about 0.4 s on a 2-core
PC, half of the 0.8 s cold-start budget, and these few statements do not need it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from learnbox.core import hlc as hlc_mod
from learnbox.core.events import SCHEMA_VERSION, Event, EventType
from learnbox.core.ids import new_id
from learnbox.core.pin import Lockout
from learnbox.core.text import clean_name, fold
from learnbox.storage import migrate
from learnbox.storage.errors import CorruptDatabaseError, StorageFullError, StoreError

log = logging.getLogger(__name__)

_PROFILE_TYPES = (EventType.PROFILE_CREATED.value, EventType.PROFILE_CHANGED.value)
_EVENT_COLUMNS = (
    "event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type, schema_version, payload"
)


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class LearnerRow:
    learner_id: str
    display_name: str
    search_key: str
    locale: str
    avatar: str | None
    has_pin: bool
    pin_hash: str | None
    last_seen_ms: int | None


class Store:
    """The local database of one LearnBox installation."""

    def __init__(self, path: Path, clock: Callable[[], int]) -> None:
        self.path = path
        self._clock = clock
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self.last_backup: str | None = None
        row = self._conn().execute("SELECT device_id FROM device WHERE id = 1").fetchone()
        if row is None:
            raise CorruptDatabaseError(path, "the device record is missing")
        self.device_id: str = str(row[0])

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path, clock: Callable[[], int] = wall_clock_ms) -> Store:
        """Open (creating or upgrading) the database at ``path``."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            backup = migrate.ensure_schema(path)
            _ensure_device_row(path)
            store = cls(path, clock)
        except sqlite3.OperationalError as exc:
            if _is_disk_full(exc):
                raise StorageFullError(path) from exc
            raise CorruptDatabaseError(path, str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabaseError(path, str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"Could not open {path}: {exc.strerror or exc}") from exc
        store.last_backup = backup
        return store

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections must not be shared between threads)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, serialised, with disk-full turned into a clear error."""
        with self._write_lock:
            conn = self._conn()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if _is_disk_full(exc):
                    raise StorageFullError(self.path) from exc
                raise StoreError(f"Could not write to {self.path}: {exc}") from exc

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return self._conn().execute(sql, tuple(params)).fetchall()

    # ---------------------------------------------------------------- events
    def append(self, learner_id: str, type_: str, payload: Mapping[str, Any]) -> Event:
        """Record one event from this device; durable when this returns."""
        now = self._clock()
        with self._write() as conn:
            seq, last_hlc = conn.execute("SELECT next_seq, hlc FROM device WHERE id = 1").fetchone()
            last = hlc_mod.HLC.decode(last_hlc) if last_hlc else None
            stamp = hlc_mod.tick(last, now, self.device_id).encode()
            ev = Event(
                event_id=new_id(),
                learner_id=learner_id,
                device_id=self.device_id,
                device_seq=int(seq),
                hlc=stamp,
                device_time_ms=now,
                type=str(type_),
                payload=dict(payload),
                schema_version=SCHEMA_VERSION,
            )
            _insert_event(conn, ev, None)
            conn.execute("UPDATE device SET next_seq = ?, hlc = ? WHERE id = 1", (ev.device_seq + 1, stamp))
            if ev.type in _PROFILE_TYPES:
                _refresh_learner(conn, learner_id)
        return ev

    def ingest(self, incoming: Iterable[Event], server_seqs: Mapping[str, int] | None = None) -> int:
        """Store events that came from elsewhere (pull, USB bundle); idempotent by event id.

        Returns how many were new. The device clock moves past every stamp seen, so later local
        events sort after them even if this PC's clock is behind.
        """
        batch = list(incoming)
        if not batch:
            return 0
        server_seqs = server_seqs or {}
        new = 0
        with self._write() as conn:
            touched: set[str] = set()
            (dev_hlc,) = conn.execute("SELECT hlc FROM device WHERE id = 1").fetchone()
            clock = hlc_mod.HLC.decode(dev_hlc) if dev_hlc else None
            for ev in batch:
                seq = server_seqs.get(ev.event_id)
                if not _insert_event(conn, ev, seq, ignore_existing=True):
                    if seq is not None:
                        conn.execute(
                            "UPDATE events SET server_seq = ? WHERE event_id = ?", (seq, ev.event_id)
                        )
                    continue
                new += 1
                if ev.type in _PROFILE_TYPES:
                    touched.add(ev.learner_id)
                try:
                    clock = hlc_mod.observe(clock, hlc_mod.HLC.decode(ev.hlc), self._clock(), self.device_id)
                except ValueError:
                    log.warning("ignoring malformed HLC %r on event %s", ev.hlc, ev.event_id)
            if clock is not None:
                conn.execute("UPDATE device SET hlc = ? WHERE id = 1", (clock.encode(),))
            for learner_id in touched:
                _refresh_learner(conn, learner_id)
        return new

    def events_for_learner(self, learner_id: str, types: Collection[str] | None = None) -> list[Event]:
        """A learner's events in HLC order."""
        sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE learner_id = ?"
        params: list[Any] = [learner_id]
        if types is not None:
            wanted = [str(t) for t in types]
            sql += f" AND type IN ({','.join('?' * len(wanted))})"
            params += wanted
        return [_event(r) for r in self._read(sql + " ORDER BY hlc, event_id", params)]

    def event_count(self) -> int:
        return int(self._read("SELECT count(*) FROM events")[0][0])

    # ---------------------------------------------------------------- outbox
    def acked_seq(self) -> int:
        return int(self._read("SELECT acked_seq FROM device WHERE id = 1")[0][0])

    def unacked(self, limit: int) -> list[Event]:
        """This device's events the server has not confirmed yet, in device_seq order."""
        return self.own_events_after(self.acked_seq(), limit)

    def pending_count(self) -> int:
        """How many of this device's events wait to be sent."""
        next_seq, acked = self._read("SELECT next_seq, acked_seq FROM device WHERE id = 1")[0]
        return max(0, int(next_seq) - 1 - int(acked))

    def mark_acked(self, upto_seq: int) -> None:
        """Record that the server holds every event of this device up to ``upto_seq``; never goes back."""
        with self._write() as conn:
            conn.execute(
                "UPDATE device SET acked_seq = ? WHERE id = 1 AND acked_seq < ?", (upto_seq, upto_seq)
            )

    def own_events_after(self, after_seq: int, limit: int) -> list[Event]:
        """This device's events with device_seq > ``after_seq``, in order.

        Like :meth:`unacked` but from a given point: the sync engine resends from the server's
        acknowledgement when the server holds less than this PC believes (e.g. a restored server).
        """
        rows = self._read(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE device_id = ? AND device_seq > ? ORDER BY device_seq LIMIT ?",
            (self.device_id, after_seq, limit),
        )
        return [_event(r) for r in rows]

    def last_device_seq(self) -> int:
        """The device_seq of the newest event recorded on this PC (0 when none)."""
        return int(self._read("SELECT next_seq FROM device WHERE id = 1")[0][0]) - 1

    # ---------------------------------------------------------------- learners
    def learners(self) -> list[LearnerRow]:
        return [_learner(r) for r in self._read(f"SELECT {_LEARNER_COLUMNS} FROM learners")]

    def learner(self, learner_id: str) -> LearnerRow | None:
        rows = self._read(f"SELECT {_LEARNER_COLUMNS} FROM learners WHERE learner_id = ?", (learner_id,))
        return _learner(rows[0]) if rows else None

    def touch_learner(self, learner_id: str) -> None:
        """Remember when the learner last signed in here (local only, for the picker's order)."""
        with self._write() as conn:
            conn.execute(
                "UPDATE learners SET last_seen_ms = ? WHERE learner_id = ?", (self._clock(), learner_id)
            )

    def lockout(self, learner_id: str) -> Lockout:
        rows = self._read(
            "SELECT failures, locked_until_ms FROM lockouts WHERE learner_id = ?", (learner_id,)
        )
        return Lockout(int(rows[0][0]), int(rows[0][1])) if rows else Lockout(0, 0)

    def set_lockout(self, learner_id: str, state: Lockout) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO lockouts (learner_id, failures, locked_until_ms) VALUES (?, ?, ?)",
                (learner_id, state.failures, state.locked_until_ms),
            )

    # ---------------------------------------------------------------- settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                (key, json.dumps(value, ensure_ascii=False)),
            )


# -------------------------------------------------------------------- internals
_LEARNER_COLUMNS = "learner_id, display_name, search_key, locale, avatar, pin_hash, last_seen_ms"


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the store's pragmas; autocommit mode so transactions are explicit."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA busy_timeout=10000")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _ensure_device_row(path: Path) -> None:
    conn = connect(path)
    try:
        if conn.execute("SELECT id FROM device").fetchone() is None:
            conn.execute(
                "INSERT INTO device (id, device_id, next_seq, hlc, acked_seq) VALUES (1, ?, 1, NULL, 0)",
                (new_id(),),
            )
    finally:
        conn.close()


def _insert_event(
    conn: sqlite3.Connection, ev: Event, server_seq: int | None, ignore_existing: bool = False
) -> bool:
    """Insert one event row; returns False when ``ignore_existing`` and the event id is known."""
    verb = "INSERT OR IGNORE" if ignore_existing else "INSERT"
    cur = conn.execute(
        f"{verb} INTO events ({_EVENT_COLUMNS}, server_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            ev.event_id,
            ev.learner_id,
            ev.device_id,
            ev.device_seq,
            ev.hlc,
            ev.device_time_ms,
            ev.type,
            ev.schema_version,
            json.dumps(ev.payload, ensure_ascii=False, separators=(",", ":")),
            server_seq,
        ),
    )
    return cur.rowcount == 1


def _refresh_learner(conn: sqlite3.Connection, learner_id: str) -> None:
    """Rebuild one learner row from their profile events: last writer (by HLC) wins per field."""
    rows = conn.execute(
        "SELECT hlc, payload FROM events WHERE learner_id = ? AND type IN (?, ?) ORDER BY hlc, event_id",
        (learner_id, *_PROFILE_TYPES),
    ).fetchall()
    if not rows:
        return
    fields: dict[str, Any] = {}
    for _hlc, payload in rows:
        try:
            fields.update(json.loads(payload))
        except ValueError:
            continue
    name = clean_name(str(fields.get("display_name") or "?"))
    last_seen = conn.execute(
        "SELECT last_seen_ms FROM learners WHERE learner_id = ?", (learner_id,)
    ).fetchone()
    conn.execute(
        "INSERT OR REPLACE INTO learners (learner_id, display_name, search_key, locale, avatar, pin_hash,"
        " created_hlc, last_seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            learner_id,
            name,
            fold(name),
            str(fields.get("locale") or "vi"),
            _text_or_none(fields.get("avatar")),
            _text_or_none(fields.get("pin_hash")),
            rows[0][0],
            last_seen[0] if last_seen else None,
        ),
    )


def _text_or_none(value: Any) -> str | None:
    """A profile field that must be text: anything else (from a buggy or forged event pulled from
    another PC) counts as unset, instead of failing every ingest of that page (SQLite cannot bind
    a list or dict) or reaching the PIN check as a number."""
    return value if isinstance(value, str) and value else None


def _is_disk_full(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "disk i/o error" in text


def _event(row: Any) -> Event:
    return Event(
        event_id=row[0],
        learner_id=row[1],
        device_id=row[2],
        device_seq=int(row[3]),
        hlc=row[4],
        device_time_ms=int(row[5]),
        type=row[6],
        schema_version=int(row[7]),
        payload=orjson.loads(row[8]),  # the hot path of reading a log: orjson is ~3x faster
    )


def _learner(row: Any) -> LearnerRow:
    return LearnerRow(
        learner_id=row[0],
        display_name=row[1],
        search_key=row[2],
        locale=row[3],
        avatar=row[4],
        has_pin=bool(row[5]),
        pin_hash=row[5],
        last_seen_ms=row[6],
    )
