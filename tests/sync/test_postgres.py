"""PostgreSQL: the e2e scenario, and pull cursors never skipping events with several server processes.

Skips cleanly when no PostgreSQL answers on 127.0.0.1:5432 (database ``test``, user root or postgres).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from learnbox.core.ids import learner_code
from learnbox.sync.errors import SyncError
from tests.sync.harness import make_codes, postgres_available, postgres_database, start_server
from tests.sync.test_e2e import _check_converged
from tests.sync.workload import PIN, bulk_study, create_learner, engine, new_device, study

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_available() is None, reason="no PostgreSQL on 127.0.0.1:5432"),
]


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


def test_two_devices_and_roaming_on_postgres(pg_url: str, tmp_path: Path) -> None:
    srv = start_server(pg_url, tmp_path)
    try:
        code_a, code_b = make_codes(pg_url, "Centre A", 1) + make_codes(pg_url, "Centre B", 1)
        a = new_device(tmp_path, "a", srv.url, code_a)
        b = new_device(tmp_path, "b", srv.url, code_b)
        rng = random.Random(4)
        lan, minh = create_learner(a, "Lan"), create_learner(b, "Minh")
        study(a, lan, rng, 60)
        study(b, minh, rng, 40)
        engine(a).run()
        engine(b).run()
        assert engine(b).roam(learner_code(lan), PIN) == lan
        study(b, lan, rng, 20)
        for _ in range(2):
            engine(b).run()
            engine(a).run()
        _check_converged(pg_url, {"a": a, "b": b}, {lan: "a", minh: "b"})
    finally:
        srv.kill()


def test_pull_never_skips_with_two_server_processes(pg_url: str, tmp_path: Path) -> None:
    """Writers push through two processes while a reader pulls through both: it sees every event."""
    servers = [start_server(pg_url, tmp_path), start_server(pg_url, tmp_path)]
    try:
        codes = make_codes(pg_url, "Centre A", 5)
        writers = [new_device(tmp_path, f"w{i}", servers[i % 2].url, codes[i]) for i in range(4)]
        learners = []
        for i, w in enumerate(writers):
            lid = create_learner(w, f"L{i}")
            learners.append(lid)
            engine(w).run()  # the server learns the learner; the bulk of the work is pushed below
            bulk_study(w, lid, random.Random(i), 1500)
        reader = new_device(tmp_path, "reader", servers[0].url, codes[4])
        for lid in learners:  # the reader hosts every learner
            engine(reader).roam(learner_code(lid), PIN)
        stop = threading.Event()
        errors: list[Exception] = []

        def push(i: int) -> None:
            try:
                engine(writers[i], servers[i % 2].url).run()
            except SyncError as exc:
                errors.append(exc)

        def pull() -> None:
            k = 0
            while not stop.is_set():
                k += 1
                try:
                    engine(reader, servers[k % 2].url).run()
                except SyncError as exc:
                    errors.append(exc)

        puller = threading.Thread(target=pull)
        puller.start()
        pushers = [threading.Thread(target=push, args=(i,)) for i in range(4)]
        for t in pushers:
            t.start()
        for t in pushers:
            t.join(timeout=120)
        stop.set()
        puller.join(timeout=120)
        assert not errors, errors
        engine(reader).run()  # the final pull from the saved cursor
        for lid, w in zip(learners, writers, strict=True):
            assert {e.event_id for e in reader.events_for_learner(lid)} == {
                e.event_id for e in w.events_for_learner(lid)
            }
    finally:
        for s in servers:
            s.kill()
