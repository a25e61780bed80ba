"""Faults: connections cut at random points, the server SIGKILLed mid-ingest, the client killed mid-sync.

After recovery every event is on the server exactly once and every device's derived progress
equals the server's.
"""

from __future__ import annotations

import contextlib
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from learnbox.core.ids import learner_code
from learnbox.storage import Store
from learnbox.sync.errors import SyncError
from tests.sync.harness import REPO, ServerProc, make_codes, start_server
from tests.sync.proxy import ChaosProxy
from tests.sync.test_e2e import _check_converged
from tests.sync.workload import PIN, bulk_study, create_learner, engine, new_device, study


def _sync_until_done(store: Store, url: str, tries: int = 60) -> None:
    for _ in range(tries):
        try:
            engine(store, url, attempts=3, timeout=5.0).run()
            return
        except SyncError:
            continue
    raise AssertionError("sync never completed")


def _sync_quietly(store: Store, url: str) -> None:
    with contextlib.suppress(SyncError):  # expected: the server dies under it
        engine(store, url, attempts=2).run()


def test_random_connection_cuts(server: ServerProc, tmp_path: Path) -> None:
    proxy = ChaosProxy(server.port, p=0.7, seed=7)
    try:
        code_a, code_b = make_codes(server.db_url, "Centre A", 2)
        a = new_device(tmp_path, "a", server.url, code_a)
        b = new_device(tmp_path, "b", server.url, code_b)
        rng = random.Random(3)
        lan, minh = create_learner(a, "Lan"), create_learner(b, "Minh")
        for _ in range(3):
            study(a, lan, rng, 400)
            study(b, minh, rng, 300)
            _sync_until_done(a, proxy.url)
            _sync_until_done(b, proxy.url)
        # roaming through the faulty network too
        for _ in range(30):
            try:
                engine(b, proxy.url).roam(learner_code(lan), PIN)
                break
            except SyncError:
                continue
        study(b, lan, rng, 200)
        for _ in range(2):
            _sync_until_done(b, proxy.url)
            _sync_until_done(a, proxy.url)
        print("proxy", proxy.connections, proxy.cuts)
        assert proxy.cuts >= 5, "the proxy should have cut some connections"
        _check_converged(server.db_url, {"a": a, "b": b}, {lan: "a", minh: "b"})
    finally:
        proxy.close()


def test_server_killed_mid_ingest(tmp_path: Path) -> None:
    srv = start_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    try:
        (code,) = make_codes(srv.db_url, "Centre A", 1)
        a = new_device(tmp_path, "a", srv.url, code)
        lan = create_learner(a, "Lan")
        bulk_study(a, lan, random.Random(5), 6000)
        for round_ in range(3):
            worker = threading.Thread(target=_sync_quietly, args=(a, srv.url))
            worker.start()
            time.sleep(0.3 + 0.3 * round_)
            srv.kill(signal.SIGKILL)  # mid-ingest: the push loop is running
            worker.join(timeout=60)
            srv = start_server(srv.db_url, tmp_path, port=srv.port)
        _sync_until_done(a, srv.url)
        _check_converged(srv.db_url, {"a": a}, {lan: "a"})
    finally:
        srv.kill()


def test_client_killed_mid_sync(server: ServerProc, tmp_path: Path) -> None:
    (code,) = make_codes(server.db_url, "Centre A", 1)
    a = new_device(tmp_path, "a", server.url, code)
    lan = create_learner(a, "Lan")
    bulk_study(a, lan, random.Random(9), 8000)
    a.close()
    rng = random.Random(2)
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "learnbox", "--data-dir", str(tmp_path / "a"), "sync"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 2.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    done = subprocess.run(
        [sys.executable, "-m", "learnbox", "--data-dir", str(tmp_path / "a"), "sync"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    status = subprocess.run(
        [sys.executable, "-m", "learnbox", "--data-dir", str(tmp_path / "a"), "sync", "--status"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0 and ": 0" in status.stdout, status.stdout
    a = Store.open(tmp_path / "a" / "learnbox.db")
    try:
        _check_converged(server.db_url, {"a": a}, {lan: "a"})
    finally:
        a.close()
