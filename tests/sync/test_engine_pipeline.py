"""The push loop prepares batch k+1 while batch k is in flight: every server answer, expected or
not, must still lead to each event being sent and acknowledged in device_seq order."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from learnbox.core.events import Event
from learnbox.protocol.batch import decode_events
from learnbox.protocol.messages import PushResponse
from learnbox.storage import Store
from learnbox.sync.engine import SyncEngine
from learnbox.sync.errors import Cancelled, Rejected
from learnbox.sync.http import SyncClient
from tests.sync.workload import bulk_study, create_learner


class FakeServer(SyncClient):
    """Holds what it is sent; acknowledges by ``policy`` (the contiguous prefix by default)."""

    def __init__(self, policy: str = "normal") -> None:
        super().__init__("http://127.0.0.1:9", "token")
        self.held: set[int] = set()
        self.sent: list[list[int]] = []
        self.policy = policy
        self.rng = random.Random(5)

    def push_encoded(self, body: bytes, events: list[Event]) -> PushResponse:
        decoded, _ = decode_events(json.loads(gzip.decompress(body)), 5000)
        assert decoded == events
        seqs = [e.device_seq for e in decoded]
        self.sent.append(seqs)
        if self.policy == "lossy" and seqs and self.rng.random() < 0.5:
            seqs = seqs[: len(seqs) // 2]  # stores only the first half (as if cut off)
        if self.policy == "amnesia" and len(self.sent) == 3:
            self.held.clear()  # the server was restored from an old backup
        if self.policy != "stuck":
            self.held.update(seqs)
        acked = 0
        while acked + 1 in self.held:
            acked += 1
        return PushResponse(acked, len(seqs), 0, 0, None)


def _store(tmp_path: Path, n: int) -> Store:
    store = Store.open(tmp_path / "learnbox.db")
    bulk_study(store, create_learner(store, "Lan", pin=False), random.Random(1), n)
    return store


@pytest.mark.parametrize("policy", ["normal", "lossy", "amnesia"])
def test_every_event_is_acknowledged_whatever_the_answers(tmp_path: Path, policy: str) -> None:
    store = _store(tmp_path, 1000)
    server = FakeServer(policy)
    result = SyncEngine(store, server, batch_size=64)._push(lambda *_: None, lambda: False)
    assert store.pending_count() == 0 and server.held == set(range(1, 1002))
    assert result[0] == 1001
    for batch in server.sent:  # each batch is a run of consecutive sequence numbers
        assert batch == list(range(batch[0], batch[0] + len(batch)))
    if policy == "normal":
        assert len(server.sent) == 16 and server.sent[0][0] == 1  # ceil(1001 / 64): nothing sent twice


def test_nothing_to_send_still_checks_in(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "learnbox.db")
    server = FakeServer()
    SyncEngine(store, server)._push(lambda *_: None, lambda: False)
    assert server.sent == [[]]


def test_a_server_that_stores_nothing_is_reported(tmp_path: Path) -> None:
    store = _store(tmp_path, 10)
    with pytest.raises(Rejected) as info:
        SyncEngine(store, FakeServer("stuck"))._push(lambda *_: None, lambda: False)
    assert info.value.code == "stuck"


def test_cancel_stops_sending_and_keeps_the_answers_in_flight(tmp_path: Path) -> None:
    store = _store(tmp_path, 300)
    server = FakeServer()
    answers: list[int] = []
    with pytest.raises(Cancelled):
        SyncEngine(store, server, batch_size=100)._push(lambda d, _t, _m: answers.append(d), lambda: len(answers) >= 1)
    # Batch 2 was already on its way when batch 1's progress was reported: its answer is kept,
    # nothing more is sent.
    assert store.acked_seq() == 200 and len(server.sent) == 2


def test_a_server_ahead_of_this_pc_does_not_hide_new_work(tmp_path: Path) -> None:
    """A PC restored from an old backup: the server acknowledges more of this device than the PC
    holds. Events recorded afterwards reuse those sequence numbers; they must stay pending (and
    make the server refuse them loudly), never be taken as already acknowledged."""
    store = _store(tmp_path, 10)
    server = FakeServer()
    server.held.update(range(1, 501))  # what the PC had sent before its database was restored
    SyncEngine(store, server)._push(lambda *_: None, lambda: False)
    assert store.acked_seq() == store.last_device_seq()
    store.append(store.learners()[0].learner_id, "lesson.opened", {"course_id": "c", "lesson_id": "l"})
    assert store.pending_count() == 1
    assert [e.device_seq for e in store.unacked(10)] == [store.last_device_seq()]
