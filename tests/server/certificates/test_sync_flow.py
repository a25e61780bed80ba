"""Through the real sync API: push a claim, pull the certificate, revoke, pull the revocation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from learnbox.certs.verify import Verdict, keys_from_issuer_document, verify_credential
from learnbox.core.events import EventType
from learnbox.core.ids import new_id
from learnbox.protocol.batch import decode_events, encode_events
from learnbox.server.app import ServerConfig, create_app
from learnbox.server.certificates import admin_cli
from learnbox.server.certificates.settings import IssuerSettings
from learnbox.server.db import Database
from learnbox.server.enrolment import create_centre, issue_codes

from .claim_fixtures import CORRECT, NOW, CourseCatalog, Learner, ten_of


def enrol(client: TestClient, db: Database, centre: str) -> tuple[str, dict[str, str]]:
    with db.write(serialise=False) as s:
        [issued] = issue_codes(s, create_centre(s, centre, NOW), 1, 24, NOW)
    device_id = new_id()
    res = client.post(
        "/api/v1/enrol", json={"code": issued.code, "device_id": device_id, "device_name": "PC 1"}
    )
    assert res.status_code == 200, res.text
    return device_id, {"Authorization": f"Bearer {res.json()['token']}"}


def pull_all(client: TestClient, auth: dict[str, str]) -> list[Any]:
    res = client.get("/api/v1/pull", params={"since": 0}, headers=auth)
    assert res.status_code == 200, res.text
    events, _ = decode_events(res.json()["events"], 10_000)
    return events


def test_claim_to_certificate_to_revocation_over_http(db: Database, settings: IssuerSettings) -> None:
    app = create_app(ServerConfig(db_url=db.url, migrate=False, clock=lambda: NOW))
    app.state.catalog = CourseCatalog()
    with TestClient(app) as client:
        home, home_auth = enrol(client, db, "Trung tâm Hà Nội")
        learner = Learner(device_id=home)
        learner.claim(learner.attempt(ten_of(CORRECT, wrong=2)))
        pushed = client.post("/api/v1/push", json=encode_events(learner.events), headers=home_auth)
        assert pushed.status_code == 200, pushed.text
        # The home PC does not get its own events back; a second PC hosting the learner would.
        # The certificate comes from the server pseudo-device, so the home PC pulls it.
        [issued] = [e for e in pull_all(client, home_auth) if e.type == EventType.CERTIFICATE_ISSUED]
        pinned = keys_from_issuer_document(client.get("/issuer").json(), settings.issuer_id)
        report = verify_credential(issued.payload["credential"], pinned)
        assert report.verdict is Verdict.VALID and report.code == issued.payload["code"]

        # The same batch again: nothing new is issued.
        assert (
            client.post("/api/v1/push", json=encode_events(learner.events), headers=home_auth).status_code
            == 200
        )
        assert len([e for e in pull_all(client, home_auth) if e.type == EventType.CERTIFICATE_ISSUED]) == 1

        admin_cli.revoke_certificate(db, issued.payload["code"], "test", NOW + 5)
        revoked = [e for e in pull_all(client, home_auth) if e.type == EventType.CERTIFICATE_REVOKED]
        assert [e.payload["code"] for e in revoked] == [issued.payload["code"]]
        status_url = issued.payload["credential"]["credentialStatus"]["statusListCredential"]
        status = client.get(urlsplit(status_url).path).json()
        assert (
            verify_credential(issued.payload["credential"], pinned, status_list=status).verdict
            is Verdict.REVOKED
        )
        assert client.get(f"/v/{issued.payload['code']}.json").json()["status"] == "revoked"
