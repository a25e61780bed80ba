from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from learnbox.certs import keys
from learnbox.certs.errors import KeyFormatError
from learnbox.certs.multibase import (
    b58decode,
    b58encode,
    decode_base58btc,
    decode_base64url,
    encode_base64url,
)


def test_vector_key_pair_round_trips(specs: Path) -> None:
    pair = json.loads((specs / "test-vectors/vc-di-eddsa/keyPair.json").read_text())
    private = keys.decode_private_multikey(pair["privateKeyMultibase"])
    assert keys.encode_public_multikey(private) == pair["publicKeyMultibase"]
    assert keys.encode_private_multikey(private) == pair["privateKeyMultibase"]
    public = keys.decode_public_multikey(pair["publicKeyMultibase"])
    assert keys.public_key_bytes(public) == keys.public_key_bytes(private)


def test_public_multikey_shape() -> None:
    multikey = keys.encode_public_multikey(keys.generate_private_key())
    assert multikey.startswith("z6Mk")
    assert decode_base58btc(multikey)[:2] == b"\xed\x01"


@pytest.mark.parametrize(
    "data", [b"", b"\0", b"\0\0\x01", b"\xff" * 40, bytes(range(256)), b"\0" + os.urandom(33)]
)
def test_base58_round_trip_keeps_leading_zeros(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data


def test_base58_known_value() -> None:
    # "Hello World!" from the base58 IETF draft (draft-msporny-base58 §5).
    assert b58encode(b"Hello World!") == "2NEpo7TZRRrLZSi2U"


def test_base64url_round_trip_and_no_padding() -> None:
    for n in range(6):
        text = encode_base64url(bytes(range(n)) + b"\xfb\xff")
        assert text.startswith("u") and "=" not in text and "+" not in text and "/" not in text
        assert decode_base64url(text) == bytes(range(n)) + b"\xfb\xff"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "6Mk",
        "z0OIl",
        "z" + b58encode(b"\xed\x01" + b"\0" * 31),
        "z" + b58encode(b"\x12\x00" + b"\0" * 32),
    ],
)
def test_bad_public_multikeys_are_rejected(bad: str) -> None:
    with pytest.raises(KeyFormatError):
        keys.decode_public_multikey(bad)


def test_private_multikey_is_not_a_public_one() -> None:
    private = keys.encode_private_multikey(keys.generate_private_key())
    with pytest.raises(KeyFormatError):
        keys.decode_public_multikey(private)
    with pytest.raises(KeyFormatError):
        keys.decode_private_multikey(keys.encode_public_multikey(keys.generate_private_key()))


def test_verification_method_ids() -> None:
    multikey = keys.encode_public_multikey(keys.generate_private_key())
    assert keys.did_key_verification_method(multikey) == f"did:key:{multikey}#{multikey}"
    vm = keys.verification_method_id("https://x.test/issuer", multikey)
    assert keys.split_verification_method(vm) == ("https://x.test/issuer", multikey)
    assert keys.multikey_document("https://x.test/issuer", multikey) == {
        "id": vm,
        "type": "Multikey",
        "controller": "https://x.test/issuer",
        "publicKeyMultibase": multikey,
    }
    for bad in ("no-fragment", "#only", "ctrl#"):
        with pytest.raises(KeyFormatError):
            keys.split_verification_method(bad)


def test_key_file_is_private_and_round_trips(tmp_path: Path) -> None:
    key = keys.generate_private_key()
    path = tmp_path / "keys" / "issuer.pem"
    keys.save_private_key(path, key)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = keys.load_private_key(path)
    assert keys.encode_public_multikey(loaded) == keys.encode_public_multikey(key)
    with pytest.raises(KeyFormatError, match="refusing to overwrite"):
        keys.save_private_key(path, keys.generate_private_key())
    assert keys.encode_public_multikey(keys.load_private_key(path)) == keys.encode_public_multikey(key)


def test_bad_key_files_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(KeyFormatError, match="cannot read"):
        keys.load_private_key(tmp_path / "missing.pem")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(KeyFormatError, match="not an unencrypted PEM"):
        keys.load_private_key(garbage)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    other = tmp_path / "ec.pem"
    other.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(KeyFormatError, match="expected an Ed25519 key"):
        keys.load_private_key(other)
