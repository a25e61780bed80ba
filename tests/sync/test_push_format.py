"""The client sends batch layout 2 and falls back to layout 1 for a server that reads only that."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import new_id
from learnbox.protocol.batch import decode_events
from learnbox.sync.errors import Rejected
from learnbox.sync.http import SyncClient


class OldServerClient(SyncClient):
    """A SyncClient talking to a fake server of before layout 2."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9", "token")
        self.bodies: list[dict[str, Any]] = []

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        body = json.loads(gzip.decompress(kwargs["gz_body"]))
        self.bodies.append(body)
        if body["v"] != 1:
            raise Rejected(f"unsupported batch format version {body['v']} (this server speaks 1)", "invalid")
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(
            {"acked_seq": body["n"], "stored": body["n"], "duplicates": 0, "server_time_ms": 1, "skew_ms": None}
        ).encode()
        return response


def _events(n: int) -> list[Event]:
    device, learner = new_id(), new_id()
    return [
        Event(new_id(), learner, device, s, HLC(1_795_000_000_000 + s, 0, device[:8]).encode(),
              1_795_000_000_000 + s, "lesson.opened", {"course_id": "c", "lesson_id": "l"})
        for s in range(1, n + 1)
    ]


def test_falls_back_to_layout_1_once_and_remembers() -> None:
    client = OldServerClient()
    events = _events(3)
    assert client.push(events).acked_seq == 3
    assert [b["v"] for b in client.bodies] == [2, 1]
    assert decode_events(client.bodies[1], 10)[0] == events  # the same events, in layout 1
    assert client.push(_events(2)).acked_seq == 2
    assert [b["v"] for b in client.bodies] == [2, 1, 1]  # no second try with layout 2


def test_other_refusals_are_not_retried() -> None:
    client = OldServerClient()
    calls: list[int] = []

    def refuse(*_a: Any, **_k: Any) -> requests.Response:
        calls.append(1)
        raise Rejected("event 0: malformed event id", "invalid")

    client._request = refuse  # type: ignore[method-assign]
    with pytest.raises(Rejected, match="malformed"):
        client.push(_events(1))
    assert len(calls) == 1 and client.push_format == 2
