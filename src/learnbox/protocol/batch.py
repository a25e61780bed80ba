"""Event batches on the wire: a columnar, delta-coded JSON layout that gzip squeezes hard.

A plain list of event objects repeats every key, device id, learner id and type per event and
spells out 13-digit times. Here each column is a list, ids and types are dictionaries with
small indexes, sequence numbers and times are deltas (mostly ``1`` and small numbers), a UUIDv7
whose timestamp equals the event's device time sends only its random part, and an HLC stamp
that merely restates the device time sends only its counter. Decoding validates everything and
raises :class:`ProtocolError` naming the event and the field.

Layout (version 1)::

    {"v": 1, "n": N,
     "dev": [device ids], "lrn": [learner ids], "typ": [types],
     "d": [device index] | 0, "l": [learner index], "t": [type index],
     "q": [device_seq delta to the previous event of the same device; first absolute],
     "id": [event id: 20 hex chars after the UUIDv7 time, or the full 36-char id],
     "ms": [device_time_ms delta to the previous event; first absolute],
     "h": [HLC: counter when wall == device time and node == device id prefix, else full stamp],
     "sv": schema version for all | [per event],
     "p": [payload objects],
     "s": [server_seq delta to the previous event; first absolute]   (pull answers only)}
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any, TypeGuard

from learnbox.core.events import SCHEMA_VERSION, Event
from learnbox.protocol import MAX_SEQ, MAX_TIME_MS
from learnbox.protocol.errors import ProtocolError

FORMAT_VERSION = 1
_HLC_RE = re.compile(r"^(\d{15})\.(\d{6})\.([^.]{0,8})$")
_TYPE_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,39}$")
_HEX20_RE = re.compile(r"^[0-9a-f]{20}$")
_HLC_NODE_WIDTH = 8
MAX_PAYLOAD_KEYS = 200


def encode_events(events: Sequence[Event], server_seqs: Sequence[int] | None = None) -> dict[str, Any]:
    """The wire form of ``events`` (and their server order, for pull answers)."""
    devs: dict[str, int] = {}
    lrns: dict[str, int] = {}
    typs: dict[str, int] = {}
    d: list[int] = []
    lcol: list[int] = []
    tcol: list[int] = []
    q: list[int] = []
    ids: list[str] = []
    ms: list[int] = []
    h: list[int | str] = []
    sv: list[int] = []
    p: list[dict[str, Any]] = []
    last_seq: dict[str, int] = {}
    prev_ms = 0
    for ev in events:
        d.append(devs.setdefault(ev.device_id, len(devs)))
        lcol.append(lrns.setdefault(ev.learner_id, len(lrns)))
        tcol.append(typs.setdefault(ev.type, len(typs)))
        q.append(ev.device_seq - last_seq.get(ev.device_id, 0))
        last_seq[ev.device_id] = ev.device_seq
        ids.append(_compact_id(ev.event_id, ev.device_time_ms))
        ms.append(ev.device_time_ms - prev_ms)
        prev_ms = ev.device_time_ms
        h.append(_compact_hlc(ev.hlc, ev.device_time_ms, ev.device_id))
        sv.append(ev.schema_version)
        p.append(ev.payload)
    out: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "n": len(events),
        "dev": list(devs),
        "lrn": list(lrns),
        "typ": list(typs),
        "d": d if len(devs) > 1 else 0,
        "l": lcol,
        "t": tcol,
        "q": q,
        "id": ids,
        "ms": ms,
        "h": h,
        "sv": sv[0] if sv and all(v == sv[0] for v in sv) else sv or SCHEMA_VERSION,
        "p": p,
    }
    if server_seqs is not None:
        if len(server_seqs) != len(events):
            raise ValueError("one server_seq per event")
        deltas, prev = [], 0
        for s in server_seqs:
            deltas.append(s - prev)
            prev = s
        out["s"] = deltas
    return out


def decode_events(obj: Any, max_events: int) -> tuple[list[Event], list[int] | None]:
    """Events (and server seqs, when present) from their wire form; strict."""
    if not isinstance(obj, dict):
        raise ProtocolError("the batch must be a JSON object")
    if obj.get("v") != FORMAT_VERSION:
        raise ProtocolError(f"unsupported batch format version {obj.get('v')!r} (this server speaks 1)")
    n_raw = obj.get("n")
    if not _is_int(n_raw) or n_raw < 0:
        raise ProtocolError("'n' (the number of events) must be a non-negative integer")
    n = n_raw
    if n > max_events:
        raise ProtocolError(f"too many events in one batch ({n}; the limit is {max_events})")
    devs = _id_list(obj, "dev")
    lrns = _id_list(obj, "lrn")
    typs = _str_list(obj, "typ")
    for t in typs:
        if not _TYPE_RE.match(t):
            raise ProtocolError(f"invalid event type {t[:60]!r}")
    d_raw = obj.get("d")
    d = [0] * n if d_raw == 0 else _int_col(obj, "d", n)
    lcol = _int_col(obj, "l", n)
    tcol = _int_col(obj, "t", n)
    q = _int_col(obj, "q", n)
    ms = _int_col(obj, "ms", n)
    ids = _col(obj, "id", n)
    h = _col(obj, "h", n)
    p = _col(obj, "p", n)
    sv_raw = obj.get("sv")
    sv: list[int] = [int(sv_raw)] * n if _is_int(sv_raw) else _int_col(obj, "sv", n)
    seqs: list[int] | None = None
    if "s" in obj:
        s_deltas = _int_col(obj, "s", n)
        seqs, prev = [], 0
        for i, delta in enumerate(s_deltas):
            prev += delta
            if not 1 <= prev <= MAX_SEQ:
                raise ProtocolError(f"event {i}: server_seq out of range")
            seqs.append(prev)

    events: list[Event] = []
    last_seq: dict[str, int] = {}
    now_ms = 0
    for i in range(n):
        device_id = _pick(devs, d[i], i, "d")
        learner_id = _pick(lrns, lcol[i], i, "l")
        type_ = _pick(typs, tcol[i], i, "t")
        device_seq = last_seq.get(device_id, 0) + q[i]
        if not 1 <= device_seq <= MAX_SEQ:
            raise ProtocolError(f"event {i}: device_seq {device_seq} is out of range")
        last_seq[device_id] = device_seq
        now_ms += ms[i]
        if not 0 <= now_ms <= MAX_TIME_MS:
            raise ProtocolError(f"event {i}: device_time_ms {now_ms} is not a plausible time")
        payload = p[i]
        if not isinstance(payload, dict):
            raise ProtocolError(f"event {i}: the payload must be a JSON object")
        if len(payload) > MAX_PAYLOAD_KEYS:
            # Sizes are bounded by the body caps (MAX_DECOMPRESSED_BYTES); re-serialising every
            # payload to measure it cost a third of ingest time.
            raise ProtocolError(f"event {i}: the payload has more than {MAX_PAYLOAD_KEYS} fields")
        if not 1 <= sv[i] <= 1000:
            raise ProtocolError(f"event {i}: schema_version {sv[i]} is out of range")
        events.append(
            Event(
                event_id=_expand_id(ids[i], now_ms, i),
                learner_id=learner_id,
                device_id=device_id,
                device_seq=device_seq,
                hlc=_expand_hlc(h[i], now_ms, device_id, i),
                device_time_ms=now_ms,
                type=type_,
                payload=payload,
                schema_version=sv[i],
            )
        )
    return events, seqs


# ------------------------------------------------------------------------------- event ids
def _compact_id(event_id: str, device_time_ms: int) -> str:
    if len(event_id) == 36 and event_id[14] == "7" and _uuid_time_hex(event_id) == f"{device_time_ms:012x}":
        return (event_id[14:18] + event_id[19:23] + event_id[24:]).lower()
    return event_id


def _uuid_time_hex(event_id: str) -> str:
    return (event_id[:8] + event_id[9:13]).lower()


def _expand_id(value: Any, device_time_ms: int, i: int) -> str:
    if isinstance(value, str) and len(value) == 20 and _HEX20_RE.match(value):
        t = f"{device_time_ms:012x}"
        full = f"{t[:8]}-{t[8:]}-{value[:4]}-{value[4:8]}-{value[8:]}"
    elif isinstance(value, str) and len(value) == 36:
        full = value
    else:
        raise ProtocolError(f"event {i}: malformed event id")
    try:
        if str(uuid.UUID(full)) != full:
            raise ValueError(full)
    except ValueError as exc:
        raise ProtocolError(f"event {i}: malformed event id {full[:40]!r}") from exc
    return full


# ------------------------------------------------------------------------------- HLC stamps
def _compact_hlc(stamp: str, device_time_ms: int, device_id: str) -> int | str:
    m = _HLC_RE.match(stamp)
    if m and int(m.group(1)) == device_time_ms and m.group(3) == device_id[:_HLC_NODE_WIDTH]:
        return int(m.group(2))
    return stamp


def _expand_hlc(value: Any, device_time_ms: int, device_id: str, i: int) -> str:
    if _is_int(value):
        if not 0 <= value <= 999_999:
            raise ProtocolError(f"event {i}: HLC counter out of range")
        return f"{device_time_ms:015d}.{value:06d}.{device_id[:_HLC_NODE_WIDTH]}"
    if isinstance(value, str):
        m = _HLC_RE.match(value)
        if m and int(m.group(1)) <= MAX_TIME_MS:
            return value
    raise ProtocolError(f"event {i}: malformed HLC stamp")


# ------------------------------------------------------------------------------- validation
def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _col(obj: dict[str, Any], key: str, n: int) -> list[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise ProtocolError(f"'{key}' must be a list")
    if len(value) != n:
        raise ProtocolError(f"'{key}' has {len(value)} entries, expected {n}")
    return value


def _int_col(obj: dict[str, Any], key: str, n: int) -> list[int]:
    value = _col(obj, key, n)
    for i, item in enumerate(value):
        if not _is_int(item):
            raise ProtocolError(f"event {i}: '{key}' must be an integer, got {str(item)[:40]!r}")
        if abs(item) > MAX_TIME_MS:
            raise ProtocolError(f"event {i}: '{key}' is not a plausible value ({item})")
    return value


def _str_list(obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProtocolError(f"'{key}' must be a list of strings")
    return value


def _id_list(obj: dict[str, Any], key: str) -> list[str]:
    values = _str_list(obj, key)
    for v in values:
        if not is_canonical_uuid(v):
            raise ProtocolError(f"'{key}' holds a malformed id {v[:40]!r}")
    return values


def is_canonical_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _pick(table: list[str], index: int, i: int, key: str) -> str:
    if not 0 <= index < len(table):
        raise ProtocolError(f"event {i}: '{key}' index {index} is out of range")
    return table[index]
