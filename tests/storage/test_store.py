from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from learnbox.core.events import Event, EventType
from learnbox.core.pin import Lockout
from learnbox.storage import CorruptDatabaseError, StorageFullError, Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "lb.db")
    yield s
    s.close()


def test_append_assigns_sequence_and_is_readable_after_reopen(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "lb.db")
    e1 = s.append("L", EventType.PROFILE_CREATED, {"display_name": "Trần Thị Bé", "locale": "vi"})
    e2 = s.append("L", EventType.LESSON_OPENED, {"course_id": "c", "lesson_id": "l"})
    assert (e1.device_seq, e2.device_seq) == (1, 2)
    assert e2.hlc > e1.hlc
    device = s.device_id
    s.close()
    s = Store.open(tmp_path / "lb.db")
    assert s.device_id == device
    assert [e.event_id for e in s.events_for_learner("L")] == [e1.event_id, e2.event_id]
    assert s.learner("L") is not None and s.learner("L").search_key == "tran thi be"  # type: ignore[union-attr]
    s.close()


def test_outbox_acks_never_go_back(store: Store) -> None:
    for i in range(5):
        store.append("L", EventType.ANSWER_GIVEN, {"i": i})
    assert store.pending_count() == 5
    store.mark_acked(3)
    assert [e.device_seq for e in store.unacked(10)] == [4, 5]
    store.mark_acked(2)  # a stale answer from a retried request
    assert store.acked_seq() == 3


def test_ingest_is_idempotent_and_profile_is_last_writer_wins(store: Store) -> None:
    remote = [
        Event(
            "r1",
            "M",
            "other",
            1,
            "000000000000100.000000.other",
            100,
            "profile.created",
            {"display_name": "Lan", "locale": "vi", "pin_hash": None},
        ),
        Event(
            "r2",
            "M",
            "other",
            2,
            "000000000000300.000000.other",
            300,
            "profile.changed",
            {"display_name": "Lan Anh"},
        ),
        Event(
            "r3",
            "M",
            "third",
            1,
            "000000000000200.000000.third",
            200,
            "profile.changed",
            {"display_name": "Old"},
        ),
    ]
    assert store.ingest(reversed(remote), {"r1": 1, "r2": 2, "r3": 3}) == 3
    assert store.ingest(remote) == 0
    assert store.learner("M").display_name == "Lan Anh"  # type: ignore[union-attr]
    assert store.event_count() == 3
    # local events after ingest sort after everything seen, even with a clock far behind
    mine = store.append("M", EventType.LESSON_OPENED, {"course_id": "c", "lesson_id": "l"})
    assert mine.hlc > remote[1].hlc


def test_settings_and_lockouts_round_trip(store: Store) -> None:
    store.set_setting("x", {"a": [1, "ă"]})
    assert store.get_setting("x") == {"a": [1, "ă"]}
    assert store.get_setting("missing", 7) == 7
    store.set_lockout("L", Lockout(2, 99))
    assert store.lockout("L") == Lockout(2, 99)


def test_garbage_file_gives_a_clear_error_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "lb.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabaseError) as err:
        Store.open(path)
    assert str(path) in str(err.value)
    assert path.read_bytes().startswith(b"this is not")


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lb.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE photos (x)")
    con.commit()
    con.close()
    with pytest.raises(CorruptDatabaseError):
        Store.open(path)


def test_full_disk_is_a_clear_error_and_loses_nothing_already_written(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "lb.db")
    kept = s.append("L", EventType.ANSWER_GIVEN, {"i": 0})
    # Simulate a full disk: SQLite refuses to grow the file past its current size.
    conn = s._conn()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(StorageFullError):
        for i in range(2000):
            s.append("L", EventType.ANSWER_GIVEN, {"i": i, "pad": "x" * 2000})
    s.close()
    s = Store.open(tmp_path / "lb.db")
    ids = [e.event_id for e in s.events_for_learner("L")]
    assert kept.event_id in ids and len(ids) == len(set(ids))
    s.close()
