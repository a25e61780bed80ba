"""Property: any interleaving, duplication and reordering of batches from several devices stores
every event once, acknowledges exactly the contiguous prefix, and derives the same progress."""

from __future__ import annotations

import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from tests.sync.workload import comparable

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.core.progress import derive
from learnbox.server import migrate
from learnbox.server.db import Database
from learnbox.server.enrolment import create_centre
from learnbox.server.ingest import ingest
from learnbox.server.models import Device, StoredEvent
from learnbox.server.server_events import row_event

_TEMPLATE = Path(tempfile.mkdtemp(prefix="lb-prop-")) / "template.db"
DEVICES = 3
EVENTS_PER_DEVICE = 12


def _template() -> Path:
    if not _TEMPLATE.exists():
        db = Database(f"sqlite:///{_TEMPLATE}")
        migrate.upgrade(db)
        with db.write(serialise=False) as s:
            centre = create_centre(s, "C", 0)
            for i in range(DEVICES):
                s.add(Device(device_id=f"00000000-0000-7000-8000-00000000000{i + 1}", centre_id=centre.centre_id,
                             name="", token_hash=f"t{i}", revoked=False, enrolled_ms=0, acked_seq=0))
        db.dispose()
    return _TEMPLATE


def _device_events(rng: random.Random) -> dict[str, list[Event]]:
    """Each device writes for its own learner (hosting refusals are tested elsewhere)."""
    out: dict[str, list[Event]] = {}
    for i in range(DEVICES):
        dev = f"00000000-0000-7000-8000-00000000000{i + 1}"
        lid = new_id()
        evs = []
        for seq in range(1, EVENTS_PER_DEVICE + 1):
            t = 1_795_000_000_000 + rng.randint(0, 10_000)
            kind = rng.choice(["lesson.opened", "lesson.completed", "quiz.finished", "profile.changed"])
            payload: dict[str, object] = {"course_id": "c", "lesson_id": f"l{rng.randint(1, 4)}"}
            if kind == "quiz.finished":
                payload = {"quiz_id": "q", "course_id": "c", "correct": rng.randint(0, 5), "total": 5, "passed": True}
            if kind == "profile.changed":
                payload = {"display_name": f"N{rng.randint(0, 9)}"}
            evs.append(Event(new_id(), lid, dev, seq, HLC(t, rng.randint(0, 3), dev[:8]).encode(), t, kind, payload))
        out[dev] = evs
    return out


batch = st.tuples(st.integers(0, DEVICES - 1), st.integers(0, EVENTS_PER_DEVICE - 1), st.integers(1, 6))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.lists(batch, min_size=1, max_size=25))
def test_any_batch_order_gives_same_result(seed: int, pushes: list[tuple[int, int, int]]) -> None:
    rng = random.Random(seed)
    fixed = _device_events(rng)
    devices = list(fixed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.db"
        shutil.copy(_template(), path)
        db = Database(f"sqlite:///{path}")
        pushed: dict[str, set[int]] = {d: set() for d in devices}
        try:
            for dev_index, start, length in pushes:
                dev = devices[dev_index]
                chunk = fixed[dev][start : start + length]
                chunk = chunk + chunk[: rng.randint(0, len(chunk))]  # duplicates inside the batch
                rng.shuffle(chunk)
                with db.write() as s:
                    device = s.get(Device, dev)
                    assert device is not None
                    result = ingest(s, device, chunk, 1)
                pushed[dev].update(e.device_seq for e in chunk)
                expect = 0
                while expect + 1 in pushed[dev]:
                    expect += 1
                assert result.acked_seq == expect
            # finally every device sends everything (in reverse order, to be awkward)
            for dev in devices:
                with db.write() as s:
                    device = s.get(Device, dev)
                    assert device is not None
                    assert ingest(s, device, list(reversed(fixed[dev])), 2).acked_seq == EVENTS_PER_DEVICE
            with db.read() as s:
                stored = [row_event(r) for r in s.scalars(select(StoredEvent))]
        finally:
            db.dispose()
    all_events = [e for evs in fixed.values() for e in evs]
    assert sorted(e.event_id for e in stored) == sorted(e.event_id for e in all_events)
    for lid in {e.learner_id for e in all_events}:
        mine = [e for e in all_events if e.learner_id == lid]
        assert comparable(derive(lid, [e for e in stored if e.learner_id == lid])) == comparable(
            derive(lid, list(reversed(mine)))
        )
