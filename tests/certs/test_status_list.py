"""Bitstring Status List: bit order, encoding, the signed list credential and entry checks."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime

import pytest

from learnbox.certs import data_integrity as di
from learnbox.certs.keys import SigningKey
from learnbox.certs.status_list import (
    MIN_BITS,
    Bitstring,
    StatusListError,
    build_status_list_credential,
    status_bit,
)

LIST_URL = "https://certs.learnbox.test/status/1"
# The example encodedList of the Bitstring Status List Recommendation (§2.1): 16 KB of zeros.
SPEC_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_bit_zero_is_the_leftmost_bit_of_the_first_byte() -> None:
    bits = Bitstring()
    bits.set(0)
    bits.set(9)
    bits.set(MIN_BITS - 1)
    raw = bits.to_bytes()
    assert raw[0] == 0x80 and raw[1] == 0x40 and raw[-1] == 0x01
    assert bits.set_indices() == [0, 9, MIN_BITS - 1]
    bits.set(9, False)
    assert not bits.get(9) and bits.get(0)


def test_minimum_size_and_range() -> None:
    assert len(Bitstring()) == MIN_BITS == 16 * 1024 * 8
    with pytest.raises(StatusListError):
        Bitstring(1024)
    with pytest.raises(StatusListError, match="outside"):
        Bitstring().get(MIN_BITS)
    with pytest.raises(StatusListError, match="outside"):
        Bitstring().set(-1)


def test_encoding_round_trip_and_format() -> None:
    bits = Bitstring()
    for i in (3, 1000, 77777):
        bits.set(i)
    encoded = bits.encode()
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == bits.to_bytes()
    assert Bitstring.decode(encoded).set_indices() == [3, 1000, 77777]
    assert bits.encode() == encoded, "encoding must be deterministic"


def test_spec_example_decodes_to_an_empty_list() -> None:
    bits = Bitstring.decode(SPEC_EXAMPLE)
    assert len(bits) == MIN_BITS and bits.set_indices() == []


@pytest.mark.parametrize("bad", ["", "zABC", "u!!!", "u" + base64.urlsafe_b64encode(b"plain").decode()])
def test_bad_encoded_lists(bad: str) -> None:
    with pytest.raises(StatusListError):
        Bitstring.decode(bad)


def test_gzip_bomb_is_refused() -> None:
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * (17 * 1024 * 1024))).decode().rstrip("=")
    with pytest.raises(StatusListError, match="larger"):
        Bitstring.decode(bomb)


def test_truncated_gzip_is_refused() -> None:
    data = gzip.compress(bytes(MIN_BITS // 8))
    truncated = "u" + base64.urlsafe_b64encode(data[: len(data) // 2]).decode().rstrip("=")
    with pytest.raises(StatusListError):
        Bitstring.decode(truncated)


def _entry(index: int, url: str = LIST_URL, purpose: str = "revocation") -> dict[str, str]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def test_signed_status_list_credential(signing_key: SigningKey) -> None:
    bits = Bitstring()
    bits.set(42)
    issuer = signing_key.verification_method.split("#")[0]
    unsigned = build_status_list_credential(LIST_URL, issuer, bits, datetime(2026, 1, 2, tzinfo=UTC))
    assert unsigned["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert unsigned["credentialSubject"]["type"] == "BitstringStatusList"
    signed = di.sign(unsigned, signing_key, datetime(2026, 1, 2, tzinfo=UTC))
    assert di.verify(signed, lambda vm: signing_key.private_key.public_key()).verified
    assert status_bit(signed, _entry(42)) is True
    assert status_bit(signed, _entry(41)) is False


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry(1, url="https://other.test/status/9"), "different status list"),
        (_entry(1, purpose="suspension"), "purposes"),
        ({**_entry(1), "statusListIndex": 1}, "string of digits"),
        ({**_entry(1), "statusListIndex": "-1"}, "string of digits"),
        ({**_entry(1), "statusListIndex": str(MIN_BITS)}, "outside"),
        ({**_entry(1), "type": "StatusList2021Entry"}, "BitstringStatusListEntry"),
    ],
)
def test_bad_entries(entry: dict[str, object], message: str) -> None:
    unsigned = build_status_list_credential(
        LIST_URL, "https://x.test/issuer", Bitstring(), datetime(2026, 1, 2, tzinfo=UTC)
    )
    with pytest.raises(StatusListError, match=message):
        status_bit(unsigned, entry)
