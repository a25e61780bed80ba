"""Strict readers for the columns of an event batch, and the compact forms of ids and HLC stamps.

Shared by every batch format version (:mod:`learnbox.protocol.batch`, :mod:`.batch_v2`). Each
reader raises :class:`ProtocolError` naming the field and, where it can, the event. The checks
are written for speed (regexes over whole strings, no ``uuid.UUID`` round trips): the server
decodes every pushed event with them.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any, TypeGuard

from learnbox.protocol import MAX_TIME_MS
from learnbox.protocol.errors import ProtocolError

#: A canonical (lower-case, hyphenated) UUID, any version: what ``str(uuid.UUID(x))`` gives.
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HLC_RE = re.compile(r"(\d{15})\.(\d{6})\.([^.]{0,8})")
TYPE_RE = re.compile(r"[a-z][a-z0-9_.-]{0,39}")
HLC_NODE_WIDTH = 8
MAX_PAYLOAD_KEYS = 200


def is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def is_canonical_uuid(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 36 and UUID_RE.fullmatch(value) is not None


def col(obj: dict[str, Any], key: str, n: int) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise ProtocolError(f"'{key}' must be a list")
    if len(value) != n:
        raise ProtocolError(f"'{key}' has {len(value)} entries, expected {n}")
    return value


def int_col(obj: dict[str, Any], key: str, n: int) -> list[int]:
    value = col(obj, key, n)
    # Fast path in C (type() is int also refuses bools); the loop below only names the culprit.
    if all(type(item) is int for item in value) and (
        not value or (min(value) >= -MAX_TIME_MS and max(value) <= MAX_TIME_MS)
    ):
        return value
    for i, item in enumerate(value):
        if not is_int(item):
            raise ProtocolError(f"event {i}: '{key}' must be an integer, got {str(item)[:40]!r}")
        if not -MAX_TIME_MS <= item <= MAX_TIME_MS:
            raise ProtocolError(f"event {i}: '{key}' is not a plausible value ({item})")
    return value


def index_col(obj: dict[str, Any], key: str, n: int, table: list[str]) -> list[str]:
    """A column of indexes into ``table``, resolved to the table's entries."""
    if obj.get(key) == 0:  # every event uses entry 0 (e.g. one device per batch)
        if n and not table:
            raise ProtocolError(f"'{key}' refers to an empty table")
        return [table[0]] * n if n else []
    indexes = int_col(obj, key, n)
    if indexes and (min(indexes) < 0 or max(indexes) >= len(table)):
        for i, index in enumerate(indexes):
            pick(table, index, i, key)
    return [table[index] for index in indexes]


def running_sum(deltas: list[int], low: int, high: int, what: str) -> list[int]:
    """Absolute values from deltas (first one absolute), each checked to lie in [low, high]."""
    values = list(accumulate(deltas))
    if values and (min(values) < low or max(values) > high):
        i = next(i for i, v in enumerate(values) if not low <= v <= high)
        raise ProtocolError(f"event {i}: {what} {values[i]} is out of range")
    return values


def str_list(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProtocolError(f"'{key}' must be a list of strings")
    return value


def id_list(obj: dict[str, Any], key: str) -> list[str]:
    values = str_list(obj, key)
    for v in values:
        if not is_canonical_uuid(v):
            raise ProtocolError(f"'{key}' holds a malformed id {v[:40]!r}")
    return values


def type_list(obj: dict[str, Any], key: str) -> list[str]:
    types = str_list(obj, key)
    for t in types:
        if not TYPE_RE.fullmatch(t):
            raise ProtocolError(f"invalid event type {t[:60]!r}")
    return types


def schema_versions(obj: dict[str, Any], n: int) -> list[int]:
    raw = obj.get("sv")
    sv: list[int] = [raw] * n if is_int(raw) else int_col(obj, "sv", n)
    for i, v in enumerate(sv):
        if not 1 <= v <= 1000:
            raise ProtocolError(f"event {i}: schema_version {v} is out of range")
    return sv


def pick(table: list[str], index: int, i: int, key: str) -> str:
    if not 0 <= index < len(table):
        raise ProtocolError(f"event {i}: '{key}' index {index} is out of range")
    return table[index]


def check_payload(payload: Any, i: int) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise ProtocolError(f"event {i}: the payload must be a JSON object")
    if len(payload) > MAX_PAYLOAD_KEYS:
        # Sizes are bounded by the body caps (MAX_DECOMPRESSED_BYTES); re-serialising every
        # payload to measure it cost a third of ingest time.
        raise ProtocolError(f"event {i}: the payload has more than {MAX_PAYLOAD_KEYS} fields")
    return payload


# ------------------------------------------------------------------------------- HLC stamps
def compact_hlc(stamp: str, device_time_ms: int, device_id: str) -> int | str:
    """The counter alone when ``stamp`` restates the device time and node; else the stamp."""
    m = HLC_RE.fullmatch(stamp)
    if m and int(m.group(1)) == device_time_ms and m.group(3) == device_id[:HLC_NODE_WIDTH]:
        return int(m.group(2))
    return stamp


def expand_hlc(value: Any, device_time_ms: int, device_id: str, i: int) -> str:
    if is_int(value):
        if not 0 <= value <= 999_999:
            raise ProtocolError(f"event {i}: HLC counter out of range")
        return f"{device_time_ms:015d}.{value:06d}.{device_id[:HLC_NODE_WIDTH]}"
    if isinstance(value, str):
        m = HLC_RE.fullmatch(value)
        if m and int(m.group(1)) <= MAX_TIME_MS:
            return value
    raise ProtocolError(f"event {i}: malformed HLC stamp")


# ------------------------------------------------------------------------------- UUIDv7 ids
def uuid7_parts(event_id: str) -> tuple[int, str] | None:
    """(unix ms, 19 hex chars of rand_a + variant/rand_b) of a canonical UUIDv7, else None."""
    if len(event_id) != 36 or event_id[14] != "7" or not UUID_RE.fullmatch(event_id):
        return None
    return int(event_id[:8] + event_id[9:13], 16), event_id[15:18] + event_id[19:23] + event_id[24:]
