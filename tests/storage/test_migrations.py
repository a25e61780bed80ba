"""A database made by the first schema version upgrades to the newest with nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from learnbox.storage import Store, migrate


def make_v1_database(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        migrate.upgrade(conn, path, target="0001")
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO device (id, device_id, next_seq, hlc) VALUES (1, 'dev-1', 4, '000000000000003.000000.dev-1')"
    )
    con.execute(
        "INSERT INTO learners (learner_id, display_name, search_key, locale, avatar, pin_hash, created_hlc, last_seen_ms)"
        " VALUES ('L', 'Phạm Hà', 'pham ha', 'vi', NULL, NULL, '000000000000001.000000.dev-1', 5)"
    )
    rows = [
        ("e1", "profile.created", {"display_name": "Phạm Hà", "locale": "vi"}),
        ("e2", "lesson.opened", {"course_id": "c", "lesson_id": "l"}),
        ("e3", "answer.given", {"attempt_id": "a", "quiz_id": "c/l/check", "item_id": "q1", "response": "a"}),
    ]
    for seq, (eid, type_, payload) in enumerate(rows, start=1):
        con.execute(
            "INSERT INTO events (event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type,"
            " schema_version, payload) VALUES (?, 'L', 'dev-1', ?, ?, ?, ?, 1, ?)",
            (eid, seq, f"{seq:015d}.000000.dev-1", seq, type_, json.dumps(payload, ensure_ascii=False)),
        )
    con.commit()
    con.close()


def test_v1_database_upgrades_with_nothing_lost_and_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "learnbox.db"
    make_v1_database(path)
    store = Store.open(path)
    assert store.last_backup is not None and Path(store.last_backup).exists()
    assert store.device_id == "dev-1"
    events = store.events_for_learner("L")
    assert [e.event_id for e in events] == ["e1", "e2", "e3"]
    assert events[2].payload["response"] == "a"
    assert store.learner("L").display_name == "Phạm Hà"  # type: ignore[union-attr]
    assert store.pending_count() == 3  # nothing was ever synced: all three wait to be sent
    new = store.append("L", "lesson.completed", {"course_id": "c", "lesson_id": "l"})
    assert new.device_seq == 4
    store.close()
    # the backup is the untouched v1 database
    con = sqlite3.connect(store.last_backup)  # type: ignore[arg-type]
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 3
    con.close()


def test_reopening_an_upgraded_database_makes_no_new_backup(tmp_path: Path) -> None:
    path = tmp_path / "learnbox.db"
    Store.open(path).close()
    store = Store.open(path)
    assert store.last_backup is None
    store.close()
