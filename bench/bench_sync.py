"""Sync benchmarks (prints numbers; never asserted in tests).

    .venv/bin/python bench/bench_sync.py [--events 100000] [--devices 50] [--no-postgres]

1. push N events from one client store to a real learnbox-server (SQLite) over loopback:
   events/s end to end (client reads outbox, gzip, HTTP, server ingest, client marks acked),
   and request bytes on the wire per event (gzip body, without HTTP headers). These events
   are synthetic (written in bulk, a fresh attempt id per answer);
2. bytes per event on REALISTIC traffic: R events written through the real client path
   (services -> Store.append: real UUIDv7 ids, HLC stamps, payloads, human think times; see
   sync_realistic.py), pushed by the default engine, plus the same batches in layout 1;
3. server ingest with D concurrent devices pushing batches, on SQLite and on PostgreSQL:
   events/s, p95 request latency, errors.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.sync.harness import make_codes, postgres_available, postgres_database, start_server
from tests.sync.workload import bulk_study, create_learner, new_device

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.protocol.messages import EnrolRequest
from learnbox.sync.engine import SyncEngine
from learnbox.sync.http import SyncClient


def bench_push(tmp: Path, n: int) -> None:
    srv = start_server(f"sqlite:///{tmp / 'push.db'}", tmp)
    try:
        (code,) = make_codes(srv.db_url, "Bench")
        store = new_device(tmp, "client", srv.url, code)
        lid = create_learner(store, "Bench learner", pin=False)
        rng = random.Random(1)
        for _ in range(n // 10_000):
            bulk_study(store, lid, rng, 10_000)
        client = SyncClient(srv.url, store.get_setting("sync.token"))
        engine = SyncEngine(store, client, batch_size=2000)
        t0 = time.perf_counter()
        result = engine.run()
        dt = time.perf_counter() - t0
        print(
            f"push {result.pushed} events over loopback (SQLite server): {dt:.1f}s = {result.pushed / dt:,.0f} events/s"
        )
        print(
            f"  synthetic events: request bytes on the wire per event (gzip body): {client.bytes_sent / result.pushed:.1f}"
        )
    finally:
        srv.kill()


def bench_realistic_bytes(tmp: Path, n: int) -> None:
    import gzip

    from sync_realistic import realistic_device

    from learnbox.protocol.batch import encode_events
    from learnbox.protocol.compression import GZIP_LEVEL, dumps

    srv = start_server(f"sqlite:///{tmp / 'real.db'}", tmp)
    try:
        t0 = time.perf_counter()
        lb = realistic_device(tmp / "realistic", n)
        made = time.perf_counter() - t0
        (code,) = make_codes(srv.db_url, "Realistic")
        from learnbox.sync.enrolment import enrol

        enrol(lb.store, srv.url, code)
        client = SyncClient(srv.url, lb.store.get_setting("sync.token"))
        engine = SyncEngine(lb.store, client)  # the defaults the app uses
        result = engine.run()
        events = lb.store.own_events_after(0, 10**9)
        per_layout = {}
        for version in (1, 2):
            size = 0
            for k in range(0, len(events), engine.batch_size):
                wire = encode_events(events[k : k + engine.batch_size], version=version)
                size += len(gzip.compress(dumps(wire), compresslevel=GZIP_LEVEL, mtime=0))
            per_layout[version] = size / len(events)
        print(
            f"realistic traffic ({result.pushed} events via services/Store.append, made in {made:.0f}s): "
            f"{client.bytes_sent / result.pushed:.1f} request bytes per event on the wire "
            f"(layout 2; the same batches in layout 1: {per_layout[1]:.1f})"
        )
        lb.close()
    finally:
        srv.kill()


def _events(device_id: str, learner_id: str, n: int, rng: random.Random) -> list[Event]:
    out = []
    t = 1_795_000_000_000
    attempt = new_id()
    for seq in range(1, n + 1):
        t += rng.randint(1000, 20000)
        if seq % 20 == 0:
            attempt = new_id()
        out.append(
            Event(
                new_id(),
                learner_id,
                device_id,
                seq,
                HLC(t, 0, device_id[:8]).encode(),
                t,
                "answer.given",
                {
                    "attempt_id": attempt,
                    "quiz_id": "using-a-computer/test",
                    "item_id": f"q{rng.randint(1, 30)}",
                    "response": rng.randint(0, 3),
                    "correct": rng.random() < 0.7,
                    "locale": "vi",
                },
            )
        )
    return out


def bench_concurrent(db_url: str, tmp: Path, devices: int, per_device: int, batch: int, label: str) -> None:
    srv = start_server(db_url, tmp)
    try:
        codes = make_codes(db_url, "Bench", devices)
        clients, batches = [], []
        for i, code in enumerate(codes):
            device_id = new_id()
            c = SyncClient(srv.url)
            c.token = c.enrol(EnrolRequest(code, device_id)).token
            evs = _events(device_id, new_id(), per_device, random.Random(i))
            clients.append(c)
            batches.append([evs[k : k + batch] for k in range(0, len(evs), batch)])
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def run(i: int) -> None:
            for b in batches[i]:
                t0 = time.perf_counter()
                try:
                    clients[i].push(b)
                except Exception as exc:
                    with lock:
                        errors.append(repr(exc))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - t0)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(devices)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        dt = time.perf_counter() - t0
        total = devices * per_device
        p95 = statistics.quantiles(latencies, n=20)[18] if len(latencies) >= 20 else max(latencies or [0])
        print(
            f"{label}: {devices} devices x {per_device} events (batches of {batch}): {total / dt:,.0f} events/s, "
            f"p95 request latency {p95 * 1000:.0f} ms, errors = {len(errors)}"
        )
        for e in errors[:3]:
            print("   ", e)
    finally:
        srv.kill()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--devices", type=int, default=50)
    ap.add_argument("--per-device", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--realistic", type=int, default=3000, help="events of realistic traffic (0: skip)")
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bench_push(tmp, args.events)
        if args.realistic:
            bench_realistic_bytes(tmp, args.realistic)
        bench_concurrent(
            f"sqlite:///{tmp / 'conc.db'}", tmp, args.devices, args.per_device, args.batch, "SQLite"
        )
        if not args.no_postgres and postgres_available():
            with postgres_database() as url:
                bench_concurrent(url, tmp, args.devices, args.per_device, args.batch, "PostgreSQL")
        elif not args.no_postgres:
            print("PostgreSQL: skipped (nothing on 127.0.0.1:5432)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
