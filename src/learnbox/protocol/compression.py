"""gzip for request and response bodies, with a hard cap on decompressed size (gzip-bomb safe)."""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Any

from learnbox.protocol.errors import ProtocolError

_CHUNK = 256 * 1024


class TooLarge(ProtocolError):
    """The body, once decompressed, exceeds the allowed size."""


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces): what goes inside the gzip."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def gzip_json(obj: Any, level: int = 6) -> bytes:
    # mtime=0 keeps the output deterministic (same batch -> same bytes), handy for tests and caches.
    return gzip.compress(dumps(obj), compresslevel=level, mtime=0)


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """Decompress ``data`` (gzip) without ever holding more than ``cap`` bytes of output."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, _CHUNK)
            out += chunk
            if len(out) > cap:
                raise TooLarge(f"the decompressed body is larger than {cap} bytes")
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
        out += inflater.flush()
    except zlib.error as exc:
        raise ProtocolError(f"the body is not valid gzip ({exc})") from exc
    if len(out) > cap:
        raise TooLarge(f"the decompressed body is larger than {cap} bytes")
    if not inflater.eof:
        raise ProtocolError("the gzip body is truncated")
    return bytes(out)


def loads_json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"the body is not valid JSON ({exc})") from exc
