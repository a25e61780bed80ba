"""Kill -9 at random points: every answer reported as given is there afterwards, exactly once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from learnbox.storage import Store

CHILD = Path(__file__).with_name("crash_child.py")


def run_and_kill(db: Path, round_no: int, rng: random.Random) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db), str(round_no)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    reported: list[str] = []
    deadline = time.monotonic() + rng.uniform(0.05, 0.6)
    while time.monotonic() < deadline:
        line = proc.stdout.readline().strip()
        if line:
            reported.append(line)
    os.kill(proc.pid, signal.SIGKILL)
    # Lines already written to the pipe before the kill were also reported as given.
    reported.extend(line.strip() for line in proc.stdout if line.strip())
    proc.wait()
    return reported


def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "learnbox.db"
    Store.open(db).close()
    rng = random.Random(20261122)
    reported: list[str] = []
    for round_no in range(6):
        reported += run_and_kill(db, round_no, rng)
    assert len(reported) > 20, "the child should have answered something before each kill"

    store = Store.open(db)
    stored = [e.event_id for e in store.events_for_learner("learner")]
    seqs = sorted(e.device_seq for e in store.events_for_learner("learner"))
    store.close()
    assert len(stored) == len(set(stored)), "an answer was stored twice"
    missing = set(reported) - set(stored)
    assert not missing, f"{len(missing)} answers reported as given are gone"
    assert seqs == list(range(1, len(seqs) + 1)), "device_seq has a gap or a repeat"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
