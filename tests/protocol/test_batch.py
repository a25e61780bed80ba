"""The wire format: exact round trips, compact forms, and strict rejection."""

from __future__ import annotations

import gzip

import pytest

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.protocol.batch import decode_events, encode_events
from learnbox.protocol.compression import TooLarge, gunzip_capped, gzip_json
from learnbox.protocol.errors import ProtocolError


def _ev(device: str, seq: int, t: int, event_id: str | None = None, hlc: str | None = None) -> Event:
    return Event(event_id or new_id(), "0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b", device, seq,
                 hlc or HLC(t, 0, device[:8]).encode(), t, "lesson.opened", {"course_id": "c", "lesson_id": "é"})


def test_round_trip_mixed_devices_and_server_seqs() -> None:
    d1, d2 = new_id(), new_id()
    events = [_ev(d1, 1, 1_795_000_000_000), _ev(d2, 7, 1_700_000_000_000), _ev(d1, 2, 1_795_000_000_500,
              hlc=HLC(1_795_000_009_999, 3, "other").encode())]
    out, seqs = decode_events(encode_events(events, [5, 9, 12]), 10)
    assert out == events and seqs == [5, 9, 12]


def test_uuid7_matching_device_time_is_sent_compactly() -> None:
    t = 1_795_000_000_123
    hex_t = f"{t:012x}"
    event_id = f"{hex_t[:8]}-{hex_t[8:]}-7abc-8def-0123456789ab"
    wire = encode_events([_ev(new_id(), 1, t, event_id=event_id)])
    assert wire["id"] == ["7abc8def0123456789ab"] and wire["h"] == [0]
    assert decode_events(wire, 10)[0][0].event_id == event_id


def test_limits_and_garbage() -> None:
    wire = encode_events([_ev(new_id(), 1, 1)])
    with pytest.raises(ProtocolError, match="too many"):
        decode_events(wire, 0)
    with pytest.raises(ProtocolError, match="'l' has"):
        decode_events({**wire, "l": []}, 10)
    with pytest.raises(ProtocolError, match="must be a JSON object"):
        decode_events([], 10)


def test_gunzip_cap() -> None:
    assert gunzip_capped(gzip_json({"a": 1}), 100) == b'{"a":1}'
    with pytest.raises(TooLarge):
        gunzip_capped(gzip.compress(b"0" * 10_000_000), 1_000_000)
    with pytest.raises(ProtocolError, match="truncated"):
        gunzip_capped(gzip_json({"a": "b" * 1000})[:-12], 10_000)


# ------------------------------------------------------------------------------- layout 2
def _mixed_batch() -> list[Event]:
    d1, d2, lid = new_id(), new_id(), new_id()
    t = 1_795_000_000_000
    hex_t = f"{t:012x}"
    return [
        _ev(d1, 1, t),
        _ev(d1, 2, t + 5, event_id=f"{hex_t[:8]}-{hex_t[8:]}-4abc-8def-0123456789ab"),  # not a v7: sent whole
        Event(new_id(), lid, d2, 9, HLC(t + 9_999, 3, "other").encode(), t + 7, "answer.given",
              {"attempt_id": new_id(), "response": ["b", "a"], "correct": False, "extra": {"x": [1, None]}}),
        Event(new_id(), lid, d1, 3, HLC(t + 8, 1, d1[:8]).encode(), t + 8, "answer.given",
              {"attempt_id": new_id(), "response": "b", "correct": True}),
        Event(new_id(), lid, d1, 4, HLC(t + 9, 0, d1[:8]).encode(), t + 9, "quiz.finished", {}),
        Event(new_id(), lid, d2, 10, HLC(t + 10, 0, d2[:8]).encode(), t + 10, "answer.given",
              {"response": "c", "attempt_id": new_id(), "correct": True}, schema_version=2),  # other key order
    ]


def test_layout2_round_trips_every_kind_of_event() -> None:
    events = _mixed_batch()
    wire = encode_events(events, [3, 4, 8, 20, 21, 22], version=2)
    assert wire["v"] == 2 and "t" not in wire and "p" not in wire
    assert wire["it"][1] == events[1].event_id  # not a v7: whole
    assert all(isinstance(x, int) for i, x in enumerate(wire["it"]) if i != 1)  # v7 ids: a time offset only
    assert len(wire["ps"]) == 5  # answer.given twice: its key order differs
    out, seqs = decode_events(wire, 10)
    assert out == events and seqs == [3, 4, 8, 20, 21, 22]
    assert list(out[5].payload) == ["response", "attempt_id", "correct"]
    empty, _ = decode_events(encode_events([], version=2), 10)
    assert empty == []


def test_layout2_is_smaller_on_quiz_traffic() -> None:
    device, learner = new_id(), new_id()
    events, t, attempt = [], 1_795_000_000_000, new_id()
    for seq in range(1, 401):
        t += 7_000 + (seq * 7919) % 20_000  # think times of seconds
        if seq % 8 == 0:
            attempt = new_id()
        hex_t = f"{t:012x}"
        event_id = f"{hex_t[:8]}-{hex_t[8:]}-7{new_id()[15:18]}-{new_id()[19:23]}-{new_id()[24:]}"
        events.append(Event(event_id, learner, device, seq, HLC(t, 0, device[:8]).encode(), t, "answer.given",
                            {"attempt_id": attempt, "quiz_id": "using-a-computer/test", "item_id": f"q{seq % 13}",
                             "response": seq % 4, "correct": seq % 3 > 0, "locale": "vi"}))
    v1 = len(gzip_json(encode_events(events)))
    v2 = len(gzip_json(encode_events(events, version=2)))
    assert v2 < 0.9 * v1, (v1, v2)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"ir": "!!"}, "base64"),
        ({"ir": ""}, "too short"),
        ({"k": [7] * 6}, "'k' index"),
        ({"ps": []}, "same length"),
        ({"d": [0, 5, 0, 0, 0, 0]}, "out of range"),
        ({"ms": [-1] + [1] * 5}, "out of range"),
        ({"q": [0] * 6}, "device_seq"),
        ({"it": ["nope"] + [0] * 5}, "event id"),
        ({"h": ["yesterday"] * 6}, "HLC"),
        ({"typ": ["DROP TABLE"] * 4}, "type"),
    ],
)
def test_layout2_rejects_garbage(change: dict[str, object], fragment: str) -> None:
    wire = encode_events(_mixed_batch(), version=2)
    with pytest.raises(ProtocolError, match=fragment):
        decode_events({**wire, **change}, 10)


def test_layout2_rejects_bad_payload_shapes() -> None:
    wire = encode_events(_mixed_batch(), version=2)
    shapes = [list(s) for s in wire["ps"]]
    shapes[0] = [shapes[0][0], ["a", "a"]]
    with pytest.raises(ProtocolError, match="distinct"):
        decode_events({**wire, "ps": shapes}, 10)
    columns = [list(c) for c in wire["pc"]]
    columns[2] = [col[:-1] for col in columns[2]]
    with pytest.raises(ProtocolError, match="entries"):
        decode_events({**wire, "pc": columns}, 10)
    with pytest.raises(ProtocolError, match="unsupported batch format version 3"):
        decode_events({**wire, "v": 3}, 10)
