"""Reading request bodies safely: size caps before and after gzip, JSON errors as clear 4xx."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from learnbox.protocol import DEVICE_TIME_HEADER, MAX_BODY_BYTES, MAX_DECOMPRESSED_BYTES, MAX_TIME_MS
from learnbox.protocol.compression import TooLarge, gunzip_capped, loads_json
from learnbox.protocol.errors import ProtocolError
from learnbox.server.errors import ApiError, bad_request, invalid


def _too_large(reason: str) -> ApiError:
    return ApiError(413, "too_large", reason)


async def read_json(request: Request, max_bytes: int = MAX_BODY_BYTES) -> Any:
    """The request's JSON body (gzip or plain), refusing oversized bodies without buffering them."""
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise bad_request("the Content-Length header is not a number")
        if int(length) > max_bytes:
            raise _too_large(f"the body is {length} bytes; the limit is {max_bytes}")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > max_bytes:
            raise _too_large(f"the body is larger than the limit of {max_bytes} bytes")
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    try:
        if encoding == "gzip":
            raw = gunzip_capped(bytes(data), MAX_DECOMPRESSED_BYTES)
        elif encoding in ("identity", ""):
            raw = bytes(data)
        else:
            raise ApiError(415, "unsupported_encoding", f"Content-Encoding {encoding!r} is not supported (use gzip)")
        if not raw:
            raise bad_request("the request body is empty; a JSON object is expected")
        return loads_json(raw)
    except TooLarge as exc:
        raise _too_large(exc.reason) from exc
    except ProtocolError as exc:
        raise bad_request(exc.reason) from exc


def device_time(request: Request) -> int | None:
    """The device clock sent in X-Device-Time (ms), validated; None when absent."""
    value = request.headers.get(DEVICE_TIME_HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 16 or int(value) > MAX_TIME_MS:
        raise invalid(f"{DEVICE_TIME_HEADER} must be milliseconds since 1970 before the year 3000, got {value[:30]!r}")
    return int(value)


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise invalid(f"query parameter {name!r} must be an integer, got {value[:30]!r}") from None
    if not low <= number <= high:
        raise invalid(f"query parameter {name!r} must be between {low} and {high}")
    return number
