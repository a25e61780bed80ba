"""The public routes: verification page (HTML/JSON, vi/en), rate limit, issuer keys, status list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from learnbox.certs import data_integrity
from learnbox.certs.keys import decode_public_multikey
from learnbox.certs.status_list import status_bit
from learnbox.certs.verify import Verdict, verify_credential
from learnbox.i18n import translate_in
from learnbox.server.app import ServerConfig, create_app
from learnbox.server.certificates import admin_cli
from learnbox.server.certificates.page import HEADLINES, LookupStatus, choose_language
from learnbox.server.certificates.settings import IssuerSettings, configure
from learnbox.server.db import Database

from .claim_fixtures import CORRECT, NOW, CourseCatalog, Learner, push, server_records, ten_of


@pytest.fixture()
def issued(db: Database, device: str) -> dict[str, Any]:
    learner = Learner(device_id=device)
    learner.claim(learner.attempt(ten_of(CORRECT)))
    push(db, device, learner.events)
    [record] = server_records(db, learner.learner_id)
    return record.payload


def make_client(db: Database) -> TestClient:
    app = create_app(ServerConfig(db_url=db.url, migrate=False, clock=lambda: NOW))
    app.state.catalog = CourseCatalog()
    return TestClient(app)


@pytest.fixture()
def client(db: Database) -> Iterator[TestClient]:
    with make_client(db) as c:
        yield c


def test_valid_page_in_vietnamese_by_default(client: TestClient, issued: dict[str, Any]) -> None:
    res = client.get(f"/v/{issued['code']}")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    assert '<html lang="vi">' in res.text
    headline = translate_in("vi", HEADLINES[LookupStatus.VALID])
    assert headline != HEADLINES[LookupStatus.VALID], "the Vietnamese catalog should translate the page"
    assert headline in res.text
    assert "Dùng máy tính" in res.text and issued["code"] in res.text
    assert "LearnBox Việt Nam" in res.text
    assert "<script" not in res.text


def test_language_choice(client: TestClient, issued: dict[str, Any]) -> None:
    en = client.get(f"/v/{issued['code']}?lang=en")
    assert '<html lang="en">' in en.text and "Valid certificate" in en.text
    header = client.get(f"/v/{issued['code']}", headers={"Accept-Language": "en-GB,en;q=0.9,vi;q=0.5"})
    assert '<html lang="en">' in header.text
    assert choose_language(None, "fr, vi;q=0.3, en;q=0.2") == "vi"
    assert choose_language(None, "km") == "vi"
    assert choose_language("EN", "vi") == "en"


def test_json_twin(client: TestClient, issued: dict[str, Any], db: Database) -> None:
    for res in (
        client.get(f"/v/{issued['code']}.json"),
        client.get(f"/v/{issued['code']}", headers={"Accept": "application/json"}),
    ):
        assert res.status_code == 200
        body = res.json()
        assert body["status"] == "valid" and body["code"] == issued["code"]
        assert body["credential"] == issued["credential"]
        pinned = [k.multikey for k in admin_cli.keys_list(db)]
        assert verify_credential(body["credential"], pinned).valid


def test_code_typed_loosely_is_found(client: TestClient, issued: dict[str, Any]) -> None:
    loose = issued["code"].lower().replace("-", "")
    assert client.get(f"/v/{loose}.json").json()["status"] == "valid"
    form = client.get("/v", params={"code": f" {loose} ", "lang": "en"}, follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"] == f"/v/{issued['code']}?lang=en"


def test_unknown_and_impossible_codes(client: TestClient) -> None:
    unknown = client.get("/v/2222-2222.json")
    assert unknown.status_code == 404 and unknown.json() == {"code": "2222-2222", "status": "unknown"}
    page = client.get("/v/2222-2222?lang=en")
    assert page.status_code == 404 and "No certificate has this code" in page.text
    bad = client.get("/v/<script>alert(1)</script>?lang=en")
    assert bad.status_code == 404 and "<script>alert" not in bad.text
    assert client.get("/v", params={"code": "0000"}).status_code == 400


def test_revoked_everywhere(client: TestClient, issued: dict[str, Any], db: Database) -> None:
    code, credential = issued["code"], issued["credential"]
    admin_cli.revoke_certificate(db, code, "issued by mistake", NOW)
    assert client.get(f"/v/{code}.json").json()["status"] == "revoked"
    assert "revoked" in client.get(f"/v/{code}?lang=en").text
    status = client.get("/status/1").json()
    assert status_bit(status, credential["credentialStatus"]) is True
    pinned = [k.multikey for k in admin_cli.keys_list(db)]
    assert verify_credential(credential, pinned, status_list=status).verdict is Verdict.REVOKED


def test_status_list_is_signed_by_a_published_key(client: TestClient, issued: dict[str, Any]) -> None:
    status = client.get("/status/1")
    assert status.status_code == 200
    doc = status.json()
    assert doc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_bit(doc, issued["credential"]["credentialStatus"]) is False
    published = {m["id"]: m["publicKeyMultibase"] for m in client.get("/issuer").json()["verificationMethod"]}
    result = data_integrity.verify(
        doc, lambda vm: decode_public_multikey(published[vm]) if vm in published else None
    )
    assert result.verified, result.reason
    assert client.get("/status/7").status_code == 404


def test_issuer_document_lists_active_and_retired_keys(client: TestClient, db: Database) -> None:
    admin_cli.keys_rotate(db, NOW + 1)
    doc = client.get("/issuer").json()
    assert doc["id"] == "https://certs.learnbox.test/issuer"
    assert len(doc["verificationMethod"]) == 2
    for method in doc["verificationMethod"]:
        assert method["type"] == "Multikey" and method["controller"] == doc["id"]
        assert method["id"] == f"{doc['id']}#{method['publicKeyMultibase']}"
        decode_public_multikey(method["publicKeyMultibase"])
    assert doc["assertionMethod"] == [m["id"] for m in doc["verificationMethod"]]


def test_lookups_are_rate_limited_across_processes(
    db: Database, settings: IssuerSettings, issued: dict[str, Any]
) -> None:
    configure(replace(settings, lookups_per_minute=3))
    with make_client(db) as one, make_client(db) as two:  # two apps = two server processes, one database
        assert one.get(f"/v/{issued['code']}.json").status_code == 200
        assert two.get(f"/v/{issued['code']}.json").status_code == 200
        assert one.get("/v/2222-2222.json").status_code == 404
        limited = two.get(f"/v/{issued['code']}.json")
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        page = one.get(f"/v/{issued['code']}?lang=en")
        assert page.status_code == 429 and "Too many checks" in page.text
        # Public key and status list fetches are not limited (they are the same for everyone).
        assert one.get("/issuer").status_code == 200


def test_screenshot_of_the_vietnamese_page(client: TestClient, issued: dict[str, Any], tmp_path: Any) -> None:
    """With LEARNBOX_SCREENSHOTS=1, refresh docs/screenshots/vi-verification-page.png (needs chromium)."""
    import os
    import shutil
    import subprocess
    from pathlib import Path

    page = client.get(f"/v/{issued['code']}", headers={"Accept-Language": "vi"})
    assert page.status_code == 200
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not os.environ.get("LEARNBOX_SCREENSHOTS") or browser is None:
        pytest.skip("on demand: set LEARNBOX_SCREENSHOTS=1 with chromium installed to refresh the screenshot")
    html = tmp_path / "page.html"
    html.write_text(page.text, encoding="utf-8")
    target = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "vi-verification-page.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={target}", "--window-size=1024,768", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert target.exists()
