from __future__ import annotations

from pathlib import Path

import pytest

from learnbox.certs.errors import CertificateError
from learnbox.server.certificates.ratelimit import client_key
from learnbox.server.certificates.settings import IssuerSettings


def test_settings_from_environment(tmp_path: Path) -> None:
    s = IssuerSettings.from_env(
        {
            "LEARNBOX_PUBLIC_URL": "https://certs.example.vn/",
            "LEARNBOX_ISSUER_NAME": "Sở LĐTBXH",
            "LEARNBOX_KEY_DIR": str(tmp_path),
            "LEARNBOX_VERIFY_RATE": "5",
        }
    )
    assert s.issuer_id == "https://certs.example.vn/issuer"
    assert s.verification_url("ABCD-EFGH") == "https://certs.example.vn/v/ABCD-EFGH"
    assert s.status_list_url(2) == "https://certs.example.vn/status/2"
    assert s.lookups_per_minute == 5 and s.key_dir == tmp_path and s.issuer_url == "https://certs.example.vn"


@pytest.mark.parametrize(
    "env",
    [
        {"LEARNBOX_PUBLIC_URL": "certs.example.vn"},
        {"LEARNBOX_VERIFY_RATE": "many"},
        {"LEARNBOX_VERIFY_RATE": "0"},
    ],
)
def test_bad_settings_are_explained(env: dict[str, str]) -> None:
    with pytest.raises(CertificateError):
        IssuerSettings.from_env(env)


def test_client_keys() -> None:
    assert client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert client_key("2001:db8:1:2:3:4:5:6") == client_key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::/64"
    assert client_key(None) == "unknown"
    assert client_key("testclient") == "testclient"
