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

from learnbox.core.events import EventType
from learnbox.storage import Store
from tests.conftest import FIXTURE_CONTENT, REPO

CHILD = Path(__file__).with_name("crash_child.py")


def run_and_kill(data_dir: Path, rng: random.Random) -> tuple[str, list[str]]:
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(FIXTURE_CONTENT)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    ready, learner = proc.stdout.readline().split()
    assert ready == "ready"
    reported: list[str] = []
    deadline = time.monotonic() + rng.uniform(0.1, 0.8)
    while time.monotonic() < deadline:
        line = proc.stdout.readline().strip()
        if line:
            reported.append(line)
    os.kill(proc.pid, signal.SIGKILL)
    # Lines written to the pipe before the kill were reported as given too.
    reported.extend(line.strip() for line in proc.stdout if line.strip())
    proc.wait()
    return learner, reported


def test_sigkill_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(20261122)
    reported: list[str] = []
    learners = set()
    for _ in range(6):
        learner, got = run_and_kill(data_dir, rng)
        learners.add(learner)
        reported += got
    assert len(learners) == 1
    assert len(reported) > 20, "the child should have answered something before each kill"

    store = Store.open(data_dir / "learnbox.db")
    events = store.events_for_learner(learners.pop())
    store.close()
    answers = [e.event_id for e in events if e.type == EventType.ANSWER_GIVEN]
    assert len(answers) == len(set(answers)), "an answer was stored twice"
    missing = set(reported) - set(answers)
    assert not missing, f"{len(missing)} answers reported as given are gone"
    seqs = sorted(e.device_seq for e in events)
    assert seqs == list(range(1, len(seqs) + 1)), "device_seq has a gap or a repeat"
    con = sqlite3.connect(data_dir / "learnbox.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
