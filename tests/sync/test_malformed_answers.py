"""A server (or a proxy in front of it) answering 200 with JSON that is not the expected message
must give a clear SyncError, recorded for field staff, and must not wedge automatic sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from learnbox.protocol.messages import RoamRequest
from learnbox.services.sync_service import SyncService
from learnbox.storage import Store
from learnbox.sync import state
from learnbox.sync.errors import ServerBusy
from learnbox.sync.http import SyncClient


class OddServer(SyncClient):
    """Every request is answered 200 with ``{"hello": "world"}`` (e.g. a captive portal)."""

    def _request(self, method: str, path: str, **_kwargs: Any) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response._content = b'{"hello": "world"}'
        response.headers["Content-Type"] = "application/json"
        return response


def _enrolled_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "learnbox.db")
    store.set_setting(state.SERVER_URL, "http://127.0.0.1:9")
    store.set_setting(state.TOKEN, "token")
    return store


def test_malformed_push_answer_is_a_sync_error(tmp_path: Path) -> None:
    service = SyncService(_enrolled_store(tmp_path), lambda url, token: OddServer(url, token))
    with pytest.raises(ServerBusy):
        service.sync_now()
    assert service.status().last_error  # field staff see why


def test_malformed_roam_answer_is_a_sync_error(tmp_path: Path) -> None:
    client = OddServer("http://127.0.0.1:9", "token")
    with pytest.raises(ServerBusy):
        client.roam(RoamRequest("ABCD-EFGH", "1234"))


def test_auto_sync_is_not_wedged_by_an_unexpected_failure(tmp_path: Path) -> None:
    class Broken(SyncClient):
        def push_encoded(self, body: bytes, events: list[Any]) -> Any:
            raise RuntimeError("a bug")

    service = SyncService(_enrolled_store(tmp_path), lambda url, token: Broken(url, token))
    with pytest.raises(RuntimeError):
        service.auto_sync(now_ms=1_000)
    assert not service.policy.running
    assert service.auto_sync_due(now_ms=1_000 + 60 * 60 * 1000)
