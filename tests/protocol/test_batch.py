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
