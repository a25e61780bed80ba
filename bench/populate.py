"""Build a big local database for benchmarks: N profiles and M events, written in bulk.

Cached under the system temp folder so repeated benchmark runs reuse it.
"""

from __future__ import annotations

import json
import random
import sqlite3
import tempfile
from pathlib import Path

from learnbox.core.ids import new_id
from learnbox.core.pin import hash_pin
from learnbox.core.text import fold
from learnbox.storage import Store

GIVEN = ["Lan", "Hoa", "Minh", "Đức", "Thảo", "Hùng", "Mai", "Tuấn", "Linh", "Phương", "Sokha", "Maria"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]


def big_database(profiles: int = 2000, events: int = 1_000_000) -> Path:
    folder = Path(tempfile.gettempdir()) / f"learnbox-bench-{profiles}-{events}"
    db = folder / "learnbox.db"
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    store = Store.open(db)
    device_id = store.device_id
    store.close()
    rng = random.Random(1)
    pin = hash_pin("1234")  # one hash reused: hashing 2,000 PINs would only slow the set-up
    con = sqlite3.connect(db)
    learner_ids = [new_id() for _ in range(profiles)]
    seq = 0
    rows = []
    for lid in learner_ids:
        seq += 1
        name = f"{rng.choice(FAMILY)} {rng.choice(['Thị', 'Văn', 'Ngọc', ''])} {rng.choice(GIVEN)}".replace(
            "  ", " "
        )
        payload = {"display_name": name, "locale": "vi", "avatar": None, "pin_hash": pin if seq % 2 else None}
        rows.append(
            (
                new_id(),
                lid,
                device_id,
                seq,
                f"{seq:015d}.000000.bench",
                seq,
                "profile.created",
                1,
                json.dumps(payload),
            )
        )
        con.execute(
            "INSERT INTO learners VALUES (?,?,?,?,?,?,?,?)",
            (lid, name, fold(name), "vi", None, payload["pin_hash"], f"{seq:015d}.000000.bench", None),
        )
    con.executemany(
        "INSERT INTO events (event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type, schema_version, payload) VALUES (?,?,?,?,?,?,?,?,?)",
        rows,
    )
    batch = []
    while seq < events:
        seq += 1
        lid = learner_ids[seq % profiles]
        payload = {
            "attempt_id": "a",
            "quiz_id": "using-a-computer/test",
            "item_id": f"q{seq % 16}",
            "response": "a",
            "correct": True,
            "locale": "vi",
        }
        batch.append(
            (
                new_id(),
                lid,
                device_id,
                seq,
                f"{seq:015d}.000000.bench",
                seq,
                "answer.given",
                1,
                json.dumps(payload),
            )
        )
        if len(batch) >= 50_000:
            con.executemany(
                "INSERT INTO events (event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type, schema_version, payload) VALUES (?,?,?,?,?,?,?,?,?)",
                batch,
            )
            batch.clear()
    if batch:
        con.executemany(
            "INSERT INTO events (event_id, learner_id, device_id, device_seq, hlc, device_time_ms, type, schema_version, payload) VALUES (?,?,?,?,?,?,?,?,?)",
            batch,
        )
    con.execute("UPDATE device SET next_seq = ?", (seq + 1,))
    con.commit()
    con.close()
    (folder / "done").touch()
    return folder
