"""gzip for request and response bodies, with a hard cap on decompressed size (gzip-bomb safe)."""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import orjson

from learnbox.protocol.errors import ProtocolError

_CHUNK = 256 * 1024


class TooLarge(ProtocolError):
    """The body, once decompressed, exceeds the allowed size."""


#: gzip level for sync bodies. Measured on real client batches: level 1 makes them 15 % larger
#: (29 vs 25 bytes per event) and saves only ~1 ms of CPU per 2,000 events; 9 saves 1 %.
GZIP_LEVEL = 6


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (no spaces): what goes inside the gzip.

    orjson: 5-10x faster than the standard library, which was a third of push time. Like
    ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` except that it refuses integers
    beyond 64 bits and NaN/Infinity become null (neither occurs in events, which come from JSON).
    """
    return orjson.dumps(obj)


def gzip_json(obj: Any, level: int = GZIP_LEVEL) -> bytes:
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
    """Parse JSON (orjson: strict RFC 8259; integers beyond 64 bits are refused as invalid)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ProtocolError(f"the body is not valid JSON ({exc})") from exc
