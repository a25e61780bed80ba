"""The local store: append learner events durably, and read what is derived from them.

One SQLite file in WAL mode with ``synchronous=FULL``: when :meth:`Store.append` returns, the event
is on disk and survives a killed process or a power cut. Writes are serialised by a lock (SQLite
allows one writer); reads run concurrently thanks to WAL.
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

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select, update
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from learnbox.core import hlc as hlc_mod
from learnbox.core.events import SCHEMA_VERSION, Event, EventType
from learnbox.core.ids import new_id
from learnbox.core.pin import Lockout
from learnbox.core.text import clean_name, fold
from learnbox.storage import migrate
from learnbox.storage.errors import CorruptDatabaseError, StorageFullError, StoreError
from learnbox.storage.schema import device, events, learners, lockouts, settings

log = logging.getLogger(__name__)

_PROFILE_TYPES = (EventType.PROFILE_CREATED.value, EventType.PROFILE_CHANGED.value)


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

    def __init__(self, path: Path, engine: Engine, clock: Callable[[], int]) -> None:
        self.path = path
        self._engine = engine
        self._clock = clock
        self._write_lock = threading.RLock()
        self.last_backup: str | None = None
        with self._engine.connect() as conn:
            row = conn.execute(select(device.c.device_id)).first()
        if row is None:
            raise CorruptDatabaseError(path, "the device record is missing")
        self.device_id: str = str(row[0])

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path, clock: Callable[[], int] = wall_clock_ms) -> Store:
        """Open (creating or upgrading) the database at ``path``."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = _make_engine(path)
        try:
            with engine.connect() as conn:
                _check_readable(conn, path)
                backup = migrate.upgrade(conn, path)
                _ensure_device_row(conn)
        except OperationalError as exc:
            engine.dispose()
            if _is_disk_full(exc):
                raise StorageFullError(path) from exc
            raise CorruptDatabaseError(path, str(exc.orig)) from exc
        except DatabaseError as exc:
            engine.dispose()
            raise CorruptDatabaseError(path, str(exc.orig)) from exc
        store = cls(path, engine, clock)
        store.last_backup = backup
        return store

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction, serialised, with disk-full turned into a clear error."""
        with self._write_lock:
            try:
                with self._engine.begin() as conn:
                    yield conn
            except OperationalError as exc:
                if _is_disk_full(exc):
                    raise StorageFullError(self.path) from exc
                raise StoreError(f"Could not write to {self.path}: {exc.orig}") from exc

    # ---------------------------------------------------------------- events
    def append(self, learner_id: str, type_: str, payload: Mapping[str, Any]) -> Event:
        """Record one event from this device; durable when this returns."""
        now = self._clock()
        with self._write() as conn:
            dev = conn.execute(select(device.c.next_seq, device.c.hlc).where(device.c.id == 1)).one()
            seq = int(dev.next_seq)
            last = hlc_mod.HLC.decode(dev.hlc) if dev.hlc else None
            stamp = hlc_mod.tick(last, now, self.device_id).encode()
            ev = Event(
                event_id=new_id(),
                learner_id=learner_id,
                device_id=self.device_id,
                device_seq=seq,
                hlc=stamp,
                device_time_ms=now,
                type=str(type_),
                payload=dict(payload),
                schema_version=SCHEMA_VERSION,
            )
            conn.execute(insert(events).values(_row(ev)))
            conn.execute(update(device).where(device.c.id == 1).values(next_seq=seq + 1, hlc=stamp))
            if ev.type in _PROFILE_TYPES:
                self._refresh_learner(conn, learner_id)
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
            known = {
                r[0]
                for r in conn.execute(
                    select(events.c.event_id).where(events.c.event_id.in_([e.event_id for e in batch]))
                )
            }
            touched: set[str] = set()
            dev_hlc = conn.execute(select(device.c.hlc).where(device.c.id == 1)).scalar_one()
            clock = hlc_mod.HLC.decode(dev_hlc) if dev_hlc else None
            for ev in batch:
                if ev.event_id in known:
                    seq = server_seqs.get(ev.event_id)
                    if seq is not None:
                        conn.execute(
                            update(events).where(events.c.event_id == ev.event_id).values(server_seq=seq)
                        )
                    continue
                known.add(ev.event_id)
                row = _row(ev)
                row["server_seq"] = server_seqs.get(ev.event_id)
                conn.execute(insert(events).values(row))
                new += 1
                if ev.type in _PROFILE_TYPES:
                    touched.add(ev.learner_id)
                try:
                    clock = hlc_mod.observe(clock, hlc_mod.HLC.decode(ev.hlc), self._clock(), self.device_id)
                except ValueError:
                    log.warning("ignoring malformed HLC %r on event %s", ev.hlc, ev.event_id)
            if clock is not None:
                conn.execute(update(device).where(device.c.id == 1).values(hlc=clock.encode()))
            for learner_id in touched:
                self._refresh_learner(conn, learner_id)
        return new

    def events_for_learner(self, learner_id: str, types: Collection[str] | None = None) -> list[Event]:
        """A learner's events in HLC order."""
        query = select(events).where(events.c.learner_id == learner_id)
        if types is not None:
            query = query.where(events.c.type.in_([str(t) for t in types]))
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(events.c.hlc, events.c.event_id)).all()
        return [_event(r) for r in rows]

    def event(self, event_id: str) -> Event | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).first()
        return _event(row) if row else None

    def event_count(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(events)).scalar_one())

    # ---------------------------------------------------------------- outbox
    def acked_seq(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(device.c.acked_seq).where(device.c.id == 1)).scalar_one())

    def unacked(self, limit: int) -> list[Event]:
        """This device's events the server has not confirmed yet, in device_seq order."""
        acked = self.acked_seq()
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(events)
                .where(events.c.device_id == self.device_id, events.c.device_seq > acked)
                .order_by(events.c.device_seq)
                .limit(limit)
            ).all()
        return [_event(r) for r in rows]

    def pending_count(self) -> int:
        """How many of this device's events wait to be sent."""
        with self._engine.connect() as conn:
            dev = conn.execute(select(device.c.next_seq, device.c.acked_seq).where(device.c.id == 1)).one()
        return max(0, int(dev.next_seq) - 1 - int(dev.acked_seq))

    def mark_acked(self, upto_seq: int) -> None:
        """Record that the server holds every event of this device up to ``upto_seq``; never goes back."""
        with self._write() as conn:
            conn.execute(
                update(device)
                .where(device.c.id == 1, device.c.acked_seq < upto_seq)
                .values(acked_seq=upto_seq)
            )

    # ---------------------------------------------------------------- learners
    def learners(self) -> list[LearnerRow]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(learners)).all()
        return [_learner(r) for r in rows]

    def learner(self, learner_id: str) -> LearnerRow | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(learners).where(learners.c.learner_id == learner_id)).first()
        return _learner(row) if row else None

    def touch_learner(self, learner_id: str) -> None:
        """Remember when the learner last signed in here (local only, for the picker's order)."""
        with self._write() as conn:
            conn.execute(
                update(learners).where(learners.c.learner_id == learner_id).values(last_seen_ms=self._clock())
            )

    def lockout(self, learner_id: str) -> Lockout:
        with self._engine.connect() as conn:
            row = conn.execute(select(lockouts).where(lockouts.c.learner_id == learner_id)).first()
        return Lockout(int(row.failures), int(row.locked_until_ms)) if row else Lockout(0, 0)

    def set_lockout(self, learner_id: str, state: Lockout) -> None:
        with self._write() as conn:
            conn.execute(lockouts.delete().where(lockouts.c.learner_id == learner_id))
            conn.execute(
                insert(lockouts).values(
                    learner_id=learner_id, failures=state.failures, locked_until_ms=state.locked_until_ms
                )
            )

    def _refresh_learner(self, conn: Connection, learner_id: str) -> None:
        """Rebuild one learner row from their profile events: last writer (by HLC) wins per field."""
        rows = conn.execute(
            select(events.c.hlc, events.c.payload)
            .where(events.c.learner_id == learner_id, events.c.type.in_(_PROFILE_TYPES))
            .order_by(events.c.hlc, events.c.event_id)
        ).all()
        if not rows:
            return
        fields: dict[str, Any] = {}
        for row in rows:
            try:
                fields.update(json.loads(row.payload))
            except ValueError:
                continue
        name = clean_name(str(fields.get("display_name") or "?"))
        values = {
            "display_name": name,
            "search_key": fold(name),
            "locale": str(fields.get("locale") or "vi"),
            "avatar": fields.get("avatar"),
            "pin_hash": fields.get("pin_hash"),
            "created_hlc": rows[0].hlc,
        }
        exists = conn.execute(
            select(learners.c.learner_id).where(learners.c.learner_id == learner_id)
        ).first()
        if exists:
            conn.execute(update(learners).where(learners.c.learner_id == learner_id).values(**values))
        else:
            conn.execute(insert(learners).values(learner_id=learner_id, last_seen_ms=None, **values))

    # ---------------------------------------------------------------- settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._engine.connect() as conn:
            row = conn.execute(select(settings.c.value).where(settings.c.key == key)).first()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self._write() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(insert(settings).values(key=key, value=json.dumps(value, ensure_ascii=False)))


# -------------------------------------------------------------------- internals
def _make_engine(path: Path) -> Engine:
    # NullPool: a fresh connection per use keeps threads independent and costs ~0.1 ms for SQLite.
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


def _check_readable(conn: Connection, path: Path) -> None:
    """Fail early and clearly on a file that is not an SQLite database at all."""
    from sqlalchemy import text

    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    if tables and "alembic_version" not in tables:
        raise CorruptDatabaseError(path, "it holds tables but no LearnBox schema version")


def _ensure_device_row(conn: Connection) -> None:
    if conn.execute(select(device.c.id)).first() is None:
        conn.execute(insert(device).values(id=1, device_id=new_id(), next_seq=1, hlc=None, acked_seq=0))
        conn.commit()


def _is_disk_full(exc: OperationalError) -> bool:
    return "disk is full" in str(exc.orig).lower() or "disk i/o error" in str(exc.orig).lower()


def _row(ev: Event) -> dict[str, Any]:
    return {
        "event_id": ev.event_id,
        "learner_id": ev.learner_id,
        "device_id": ev.device_id,
        "device_seq": ev.device_seq,
        "hlc": ev.hlc,
        "device_time_ms": ev.device_time_ms,
        "type": ev.type,
        "schema_version": ev.schema_version,
        "payload": json.dumps(ev.payload, ensure_ascii=False, separators=(",", ":")),
    }


def _event(row: Any) -> Event:
    return Event(
        event_id=row.event_id,
        learner_id=row.learner_id,
        device_id=row.device_id,
        device_seq=int(row.device_seq),
        hlc=row.hlc,
        device_time_ms=int(row.device_time_ms),
        type=row.type,
        payload=json.loads(row.payload),
        schema_version=int(row.schema_version),
    )


def _learner(row: Any) -> LearnerRow:
    return LearnerRow(
        learner_id=row.learner_id,
        display_name=row.display_name,
        search_key=row.search_key,
        locale=row.locale,
        avatar=row.avatar,
        has_pin=bool(row.pin_hash),
        pin_hash=row.pin_hash,
        last_seen_ms=row.last_seen_ms,
    )
