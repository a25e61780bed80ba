"""Multibase encodings used by Data Integrity: base58btc (prefix ``z``) and base64url (prefix ``u``).

Written here rather than pulled from a package because the two codecs are small, and the exact
behaviour (leading zero bytes in base58, no padding in base64url) is what byte-for-byte test
vectors depend on.
"""

from __future__ import annotations

import base64
import binascii

from learnbox.certs.errors import KeyFormatError

#: The Bitcoin base58 alphabet (no 0, O, I, l), as the multibase table names it.
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(BASE58_ALPHABET)}


def b58encode(data: bytes) -> str:
    """Base58btc without a multibase prefix; each leading zero byte becomes a leading ``1``."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, rem = divmod(number, 58)
        digits.append(BASE58_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Inverse of :func:`b58encode`; raises KeyFormatError on a character outside the alphabet."""
    number = 0
    for ch in text:
        try:
            number = number * 58 + _B58_INDEX[ch]
        except KeyError:
            raise KeyFormatError(f"invalid base58 character {ch!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``z`` + base58."""
    return "z" + b58encode(data)


def decode_base58btc(text: str) -> bytes:
    """Decode a multibase base58btc string; the ``z`` prefix is required."""
    if not isinstance(text, str) or not text.startswith("z") or len(text) < 2:
        raise KeyFormatError("expected a multibase base58btc string starting with 'z'")
    return b58decode(text[1:])


def encode_base64url(data: bytes) -> str:
    """Multibase base64url without padding: ``u`` + RFC 4648 §5 alphabet."""
    return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_base64url(text: str) -> bytes:
    """Decode a multibase base64url string (``u`` prefix, padding optional)."""
    if not isinstance(text, str) or not text.startswith("u"):
        raise KeyFormatError("expected a multibase base64url string starting with 'u'")
    body = text[1:]
    if any(c in body for c in "+/"):
        raise KeyFormatError("base64url text must not contain '+' or '/'")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyFormatError(f"invalid base64url text: {exc}") from None
