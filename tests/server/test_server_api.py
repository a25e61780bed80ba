"""The server API against hostile and unusual input (in-process, SQLite): 4xx with reasons, never 500."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.sync.harness import make_codes

from learnbox.core.events import Event
from learnbox.core.hlc import HLC
from learnbox.core.ids import learner_code, new_id
from learnbox.core.pin import hash_pin
from learnbox.protocol.batch import encode_events
from learnbox.protocol.compression import gzip_json
from learnbox.server.app import ServerConfig, create_app

NOW = 1_795_000_000_000


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(ServerConfig(db_url=f"sqlite:///{tmp_path / 's.db'}", clock=lambda: NOW))
    with TestClient(app, raise_server_exceptions=False) as c:
        c.db_url = f"sqlite:///{tmp_path / 's.db'}"  # type: ignore[attr-defined]
        yield c


def enrol(client: TestClient, centre: str = "Centre A") -> tuple[str, dict[str, str]]:
    (code,) = make_codes(client.db_url, centre)  # type: ignore[attr-defined]
    device_id = new_id()
    r = client.post("/api/v1/enrol", json={"code": code, "device_id": device_id})
    assert r.status_code == 200, r.text
    return device_id, {"Authorization": f"Bearer {r.json()['token']}"}


def ev(device_id: str, learner_id: str, seq: int, type_: str = "lesson.opened", **payload: object) -> Event:
    t = NOW - 1000 + seq
    return Event(
        new_id(),
        learner_id,
        device_id,
        seq,
        HLC(t, 0, device_id[:8]).encode(),
        t,
        type_,
        dict(payload) or {"course_id": "c", "lesson_id": "l"},
    )


def push(client: TestClient, headers: dict[str, str], events: list[Event], **extra: str):  # type: ignore[no-untyped-def]
    body = gzip_json(encode_events(events))
    return client.post("/api/v1/push", content=body, headers={**headers, "Content-Encoding": "gzip", **extra})


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"
    doc = client.get("/openapi.json").json()
    assert {"/api/v1/push", "/api/v1/pull", "/api/v1/enrol", "/api/v1/roam"} <= set(doc["paths"])


def test_push_is_idempotent_and_acks_contiguously(client: TestClient) -> None:
    dev, h = enrol(client)
    lid = new_id()
    evs = [ev(dev, lid, s) for s in range(1, 11)]
    r = push(client, h, evs[5:], **{"X-Device-Time": str(NOW - 60_000)})  # out of order: 6..10 first
    assert r.status_code == 200 and r.json()["acked_seq"] == 0 and r.json()["stored"] == 5
    assert r.json()["skew_ms"] == 60_000
    r = push(client, h, evs[:5])
    assert r.json() == {**r.json(), "acked_seq": 10, "stored": 5, "duplicates": 0}
    r = push(client, h, evs + evs[:3])  # replay, with duplicates inside the batch
    assert r.json()["acked_seq"] == 10 and r.json()["stored"] == 0 and r.json()["duplicates"] == 10
    page = client.get("/api/v1/pull", params={"since": 0}, headers=h).json()
    assert page["events"]["n"] == 0 and page["next"] == 10 and page["more"] is False  # own events left out


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"{not json", {}, 400),
        (b"[1,2,3]", {}, 422),
        (json.dumps({"v": 1, "n": "x"}).encode(), {}, 422),
        (json.dumps({"v": 2, "n": 0}).encode(), {}, 422),
        (b"\x1f\x8b garbage", {"Content-Encoding": "gzip"}, 400),
        (b"", {}, 400),
        (b"{}", {"Content-Encoding": "br"}, 415),
        (b"{}", {"X-Device-Time": "-5"}, 422),
        (b"{}", {"X-Device-Time": "99999999999999999"}, 422),
    ],
)
def test_push_rejects_malformed_bodies(
    client: TestClient, body: bytes, headers: dict[str, str], status: int
) -> None:
    _, h = enrol(client)
    r = client.post("/api/v1/push", content=body, headers={**h, **headers})
    assert r.status_code == status, r.text
    assert r.json()["reason"]


def test_push_rejects_bad_events(client: TestClient) -> None:
    dev, h = enrol(client)
    lid = new_id()
    good = encode_events([ev(dev, lid, 1)])
    for key, value, fragment in [
        ("ms", [-5 - NOW], "plausible"),
        ("ms", [40_000_000_000_000], "plausible"),
        ("ms", [1.5], "integer"),
        ("q", [True], "integer"),
        ("p", ["text"], "payload"),
        ("id", ["nope"], "event id"),
        ("l", [3], "out of range"),
        ("h", ["yesterday"], "HLC"),
        ("typ", ["DROP TABLE"], "type"),
    ]:
        bad = {**good, key: value}
        r = client.post("/api/v1/push", content=gzip_json(bad), headers={**h, "Content-Encoding": "gzip"})
        assert r.status_code == 422, (key, r.text)
        assert fragment in r.json()["reason"], (key, r.json())


def test_push_refuses_other_devices_events_and_unknown_tokens(client: TestClient) -> None:
    dev, h = enrol(client)
    other, _ = enrol(client)
    r = push(client, h, [ev(other, new_id(), 1)])
    assert r.status_code == 403 and r.json()["error"] == "foreign_device"
    r = push(client, {"Authorization": "Bearer nope"}, [ev(dev, new_id(), 1)])
    assert r.status_code == 401
    assert client.get("/api/v1/pull", headers={}).status_code == 401
    assert client.get("/api/v1/pull", params={"since": "x"}, headers=h).status_code == 422
    assert client.get("/api/v1/pull", params={"limit": 10**9}, headers=h).status_code == 422


def test_seq_reuse_is_a_conflict(client: TestClient) -> None:
    dev, h = enrol(client)
    lid = new_id()
    assert push(client, h, [ev(dev, lid, 1)]).status_code == 200
    r = push(client, h, [ev(dev, lid, 1)])  # same seq, new event id: a restored PC
    assert r.status_code == 409 and r.json()["error"] == "seq_conflict"


def test_oversized_and_gzip_bomb(client: TestClient) -> None:
    _, h = enrol(client)
    r = client.post("/api/v1/push", content=b"x" * (4 * 1024 * 1024 + 1), headers=h)
    assert r.status_code == 413
    bomb = gzip.compress(b" " * (40 * 1024 * 1024))  # 40 MiB of spaces in ~40 KiB
    r = client.post("/api/v1/push", content=bomb, headers={**h, "Content-Encoding": "gzip"})
    assert r.status_code == 413 and "decompressed" in r.json()["reason"]
    too_many = {"v": 1, "n": 2001}
    r = client.post("/api/v1/push", content=json.dumps(too_many).encode(), headers=h)
    assert r.status_code == 422 and "too many" in r.json()["reason"]


def test_roaming_pin_and_lockout(client: TestClient) -> None:
    dev_a, ha = enrol(client, "Centre A")
    _, hb = enrol(client, "Centre B")
    lid = new_id()
    profile = ev(dev_a, lid, 1, "profile.created", display_name="Lan", locale="vi", pin_hash=hash_pin("1234"))
    assert push(client, ha, [profile, ev(dev_a, lid, 2)]).status_code == 200
    code = learner_code(lid)
    assert (
        client.post("/api/v1/roam", json={"learner_code": "ZZZZ-ZZZZ", "pin": "1"}, headers=hb).status_code
        == 404
    )
    for _ in range(4):
        r = client.post("/api/v1/roam", json={"learner_code": code, "pin": "0000"}, headers=hb)
        assert r.status_code == 403 and r.json()["error"] == "wrong_pin"
    r = client.post("/api/v1/roam", json={"learner_code": code, "pin": "0000"}, headers=hb)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    r = client.post("/api/v1/roam", json={"learner_code": code, "pin": "1234"}, headers=hb)
    assert r.status_code == 429  # locked even with the right PIN
    assert client.post("/api/v1/roam", json={"learner_code": 5}, headers=hb).status_code == 422


def test_roaming_brings_history(client: TestClient) -> None:
    dev_a, ha = enrol(client, "Centre A")
    _, hb = enrol(client, "Centre B")
    lid = new_id()
    evs = [ev(dev_a, lid, 1, "profile.created", display_name="Lan", pin_hash=hash_pin("1234"))]
    evs += [ev(dev_a, lid, s) for s in range(2, 30)]
    push(client, ha, evs)
    assert client.get(f"/api/v1/learners/{lid}/events", headers=hb).status_code == 403  # not hosted yet
    r = client.post("/api/v1/roam", json={"learner_code": learner_code(lid), "pin": "1234"}, headers=hb)
    assert r.status_code == 200 and r.json()["display_name"] == "Lan"
    upto = r.json()["upto"]
    got, since = 0, 0
    while True:
        page = client.get(
            f"/api/v1/learners/{lid}/events", params={"since": since, "upto": upto, "limit": 7}, headers=hb
        ).json()
        got += page["events"]["n"]
        since = page["next"]
        if not page["more"]:
            break
    assert got == 29
    pulled = client.get("/api/v1/pull", params={"since": 0}, headers=hb).json()
    assert pulled["events"]["n"] == 29  # hosted now: the normal pull includes her too


def test_roaming_requires_a_pin(client: TestClient) -> None:
    """A learner code is shown on screen on shared PCs: without a PIN it must not bring anyone's history."""
    dev_a, ha = enrol(client, "Centre A")
    _, hb = enrol(client, "Centre B")
    lid = new_id()
    profile = ev(dev_a, lid, 1, "profile.created", display_name="Lan", locale="vi", pin_hash=None)
    assert push(client, ha, [profile, ev(dev_a, lid, 2)]).status_code == 200
    for pin in ("", "0000"):
        r = client.post("/api/v1/roam", json={"learner_code": learner_code(lid), "pin": pin}, headers=hb)
        assert r.status_code == 403 and r.json()["error"] == "pin_required"
        assert "set a PIN first" in r.json()["reason"]
    assert client.get(f"/api/v1/learners/{lid}/events", headers=hb).status_code == 403  # still not hosted
    # Once a PIN is set (on her own PC, synced), roaming works with it.
    pin_set = ev(dev_a, lid, 3, "profile.changed", pin_hash=hash_pin("1234"))
    assert push(client, ha, [pin_set]).status_code == 200
    r = client.post("/api/v1/roam", json={"learner_code": learner_code(lid), "pin": "1234"}, headers=hb)
    assert r.status_code == 200 and r.json()["learner_id"] == lid


def test_push_and_pull_in_layout_2(client: TestClient) -> None:
    dev_a, ha = enrol(client, "Centre A")
    lid = new_id()
    evs = [ev(dev_a, lid, 1, "profile.created", display_name="Lan", pin_hash=hash_pin("1234"))]
    evs += [ev(dev_a, lid, s) for s in range(2, 6)]
    body = gzip_json(encode_events(evs, version=2))
    r = client.post("/api/v1/push", content=body, headers={**ha, "Content-Encoding": "gzip"})
    assert r.status_code == 200 and r.json()["acked_seq"] == 5 and r.json()["stored"] == 5
    _, hb = enrol(client, "Centre B")
    assert client.post("/api/v1/roam", json={"learner_code": learner_code(lid), "pin": "1234"}, headers=hb).status_code == 200
    old = client.get("/api/v1/pull", params={"since": 0}, headers=hb).json()["events"]
    new = client.get("/api/v1/pull", params={"since": 0, "fmt": 2}, headers=hb).json()["events"]
    assert old["v"] == 1 and new["v"] == 2  # clients from before layout 2 get layout 1
    from learnbox.protocol.batch import decode_events

    assert decode_events(old, 10) == decode_events(new, 10) and decode_events(new, 10)[0] == evs
    assert client.get("/api/v1/pull", params={"since": 0, "fmt": 3}, headers=hb).status_code == 422


@pytest.mark.parametrize("type_", ["certificate.issued", "certificate.rejected", "certificate.revoked"])
def test_a_device_cannot_push_events_only_the_server_writes(client: TestClient, type_: str) -> None:
    """A forged certificate.issued would count in the programme office's completion figures
    (admin summary) and reach the learner's other PCs as if the issuer had written it."""
    dev, h = enrol(client)
    lid = new_id()
    forged = ev(dev, lid, 1, type_, claim_id=new_id(), course_id="c", code="ABCD-EFGH", credential={})
    r = push(client, h, [forged])
    assert r.status_code == 403 and r.json()["error"] == "server_event", r.text
    assert "only the server" in r.json()["reason"]
    r = push(client, h, [ev(dev, lid, 1)])  # the device's ordinary events still go through
    assert r.status_code == 200 and r.json()["acked_seq"] == 1


def test_a_known_device_id_cannot_be_taken_over_with_just_a_code(client: TestClient) -> None:
    device_id, headers = enrol(client)
    (code,) = make_codes(client.db_url, "Centre B")  # type: ignore[attr-defined]
    stolen = client.post("/api/v1/enrol", json={"code": code, "device_id": device_id})
    assert stolen.status_code == 409 and stolen.json()["error"] == "device_known"
    wrong = client.post(
        "/api/v1/enrol", json={"code": code, "device_id": device_id}, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 409
    assert client.get("/api/v1/device", headers=headers).status_code == 200  # the real PC still works
    moved = client.post("/api/v1/enrol", json={"code": code, "device_id": device_id}, headers=headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["centre_name"] == "Centre B"
    assert client.get("/api/v1/device", headers=headers).status_code == 401  # old token replaced
