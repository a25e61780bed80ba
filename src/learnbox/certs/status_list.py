"""W3C Bitstring Status List: the revocation bits of all certificates, published as a credential.

Bit ``i`` is bit ``i`` counted from the left of the whole bitstring, i.e. the most significant bit
of byte ``i // 8`` (spec §3.2: "the first index, with a value of zero, is located at the left-most
bit"). The list is at least 16 KB (131,072 entries) so that fetching it does not reveal which
certificate a verifier is checking. ``encodedList`` is multibase base64url (no padding) of the
GZIP-compressed bits; compression uses mtime 0 so the same bits always give the same text.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from learnbox.certs.credential import VC_CONTEXT
from learnbox.certs.data_integrity import format_datetime
from learnbox.certs.errors import CertificateError, KeyFormatError
from learnbox.certs.multibase import decode_base64url, encode_base64url

MIN_BITS = 131_072
#: A status list larger than this (decompressed) is refused: protects clients from gzip bombs.
MAX_BYTES = 16 * 1024 * 1024


class StatusListError(CertificateError):
    """A status list or status entry is malformed, or an index is out of range."""


class Bitstring:
    """A mutable bitstring with the spec's bit order."""

    def __init__(self, size_bits: int = MIN_BITS) -> None:
        if size_bits < MIN_BITS or size_bits % 8:
            raise StatusListError(f"a status list holds at least {MIN_BITS} bits, in whole bytes")
        self._bits = bytearray(size_bits // 8)

    @classmethod
    def from_bytes(cls, data: bytes) -> Bitstring:
        bitstring = cls.__new__(cls)
        bitstring._bits = bytearray(data)
        return bitstring

    def __len__(self) -> int:
        return len(self._bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < len(self):
            raise StatusListError(f"status index {index} is outside the list (0..{len(self) - 1})")
        return index // 8, 0x80 >> (index % 8)

    def get(self, index: int) -> bool:
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def set_indices(self) -> list[int]:
        """Every index whose bit is 1, in order (for reports and tests)."""
        return [
            b * 8 + k for b, byte in enumerate(self._bits) if byte for k in range(8) if byte & (0x80 >> k)
        ]

    def to_bytes(self) -> bytes:
        return bytes(self._bits)

    def encode(self) -> str:
        """``encodedList``: ``u`` + base64url(GZIP(bits)), no padding."""
        return encode_base64url(gzip.compress(bytes(self._bits), compresslevel=9, mtime=0))

    @classmethod
    def decode(cls, encoded: str) -> Bitstring:
        """Parse an ``encodedList``; StatusListError when it is not valid or too large."""
        try:
            compressed = decode_base64url(encoded)
        except KeyFormatError as exc:
            raise StatusListError(f"encodedList is not multibase base64url: {exc}") from None
        try:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
            data = inflater.decompress(compressed, MAX_BYTES + 1)
        except zlib.error as exc:
            raise StatusListError(f"encodedList is not GZIP data: {exc}") from None
        if len(data) > MAX_BYTES:
            raise StatusListError("status list is larger than any LearnBox issues; refusing it")
        if not inflater.eof:
            raise StatusListError("encodedList is truncated GZIP data")
        return cls.from_bytes(data)


def build_status_list_credential(
    list_url: str,
    issuer_id: str,
    bits: Bitstring,
    valid_from: datetime,
    purpose: str = "revocation",
) -> dict[str, Any]:
    """An unsigned BitstringStatusListCredential; sign it with ``data_integrity.sign``."""
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bits.encode(),
        },
    }


def status_bit(list_credential: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
    """The bit ``entry`` (a credential's ``credentialStatus``) points at in ``list_credential``.

    Checks what the spec's validation algorithm checks besides the proof: the entry names this
    list, the purposes agree and the index is a non-negative integer inside the list. The caller
    verifies the list credential's proof and issuer separately.
    """
    if entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError("credentialStatus is not a BitstringStatusListEntry")
    if entry.get("statusListCredential") != list_credential.get("id"):
        raise StatusListError("credentialStatus points at a different status list")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("the status list credential has no BitstringStatusList subject")
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise StatusListError("status purposes of the entry and the list differ")
    raw_index = entry.get("statusListIndex")
    if not isinstance(raw_index, str) or not raw_index.isdigit() or not raw_index.isascii():
        raise StatusListError("statusListIndex must be a string of digits")
    encoded = subject.get("encodedList")
    if not isinstance(encoded, str):
        raise StatusListError("the status list has no encodedList")
    return Bitstring.decode(encoded).get(int(raw_index))
