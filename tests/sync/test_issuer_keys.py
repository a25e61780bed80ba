"""Pinning the issuer's keys: first use, rotation, a changed issuer, plain http."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from learnbox.certs.keys import encode_public_multikey
from learnbox.storage import Store
from learnbox.sync.issuer import ISSUER_ID_SETTING, ISSUER_KEYS_SETTING, refresh_issuer_keys


def new_multikey() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return encode_public_multikey(Ed25519PrivateKey.generate())


def issuer_doc(issuer: str, *keys: str) -> dict[str, Any]:
    return {
        "id": issuer,
        "verificationMethod": [
            {"id": f"{issuer}#{k}", "type": "Multikey", "controller": issuer, "publicKeyMultibase": k}
            for k in keys
        ],
    }


def test_first_use_rotation_and_a_changed_issuer(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lb.db")
    a, b, c = new_multikey(), new_multikey(), new_multikey()
    url = "https://certs.example.vn"
    issuer = f"{url}/issuer"
    assert refresh_issuer_keys(store, url, lambda _u: issuer_doc(issuer, a)) == [a]
    assert store.get_setting(ISSUER_ID_SETTING) == issuer
    # rotation: the new key is added, the old one stays (old certificates remain valid)
    assert refresh_issuer_keys(store, url, lambda _u: issuer_doc(issuer, b)) == [a, b]
    # another issuer behind the same address is not trusted
    assert refresh_issuer_keys(store, url, lambda _u: issuer_doc("https://evil.example/issuer", c)) == [a, b]

    # an unreachable server changes nothing
    def down(_u: str) -> Any:
        raise OSError("connection refused")

    assert refresh_issuer_keys(store, url, down) == [a, b]
    assert store.get_setting(ISSUER_KEYS_SETTING) == [a, b]
    store.close()


def test_plain_http_pins_once_but_never_adds_keys(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "lb.db")
    a, b = new_multikey(), new_multikey()
    url = "http://10.0.0.5:8080"
    issuer = f"{url}/issuer"
    assert refresh_issuer_keys(store, url, lambda _u: issuer_doc(issuer, a)) == [a]
    assert refresh_issuer_keys(store, url, lambda _u: issuer_doc(issuer, a, b)) == [a]
    store.close()
