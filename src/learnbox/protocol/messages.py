"""The small request/response messages of API v1 (everything except event batches).

Each message is a frozen dataclass with ``to_json`` and a strict ``from_json`` that raises
:class:`ProtocolError` with a reason the other side can show. JSON schemas for the OpenAPI
document are derived from the same field lists (:func:`json_schema`).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from typing import Any, TypeVar

from learnbox.protocol.errors import ProtocolError

T = TypeVar("T")


def _field(obj: dict[str, Any], key: str, kind: type, *, optional: bool = False, max_len: int = 500) -> Any:
    if key not in obj or obj[key] is None:
        if optional:
            return None
        raise ProtocolError(f"'{key}' is required")
    value = obj[key]
    if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ProtocolError(f"'{key}' must be an integer")
    if kind is str:
        if not isinstance(value, str):
            raise ProtocolError(f"'{key}' must be a string")
        if len(value) > max_len:
            raise ProtocolError(f"'{key}' is too long (at most {max_len} characters)")
    if kind is bool and not isinstance(value, bool):
        raise ProtocolError(f"'{key}' must be true or false")
    return value


def _object(obj: Any, what: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise ProtocolError(f"the {what} must be a JSON object")
    return obj


@dataclass(frozen=True)
class EnrolRequest:
    code: str
    device_id: str
    device_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "device_id": self.device_id, "device_name": self.device_name}

    @classmethod
    def from_json(cls, obj: Any) -> EnrolRequest:
        from learnbox.protocol.batch import is_canonical_uuid

        o = _object(obj, "enrolment request")
        device_id = _field(o, "device_id", str, max_len=36)
        if not is_canonical_uuid(device_id):
            raise ProtocolError("'device_id' must be a UUID")
        return cls(
            code=_field(o, "code", str, max_len=64),
            device_id=device_id,
            device_name=_field(o, "device_name", str, optional=True, max_len=200) or "",
        )


@dataclass(frozen=True)
class EnrolResponse:
    device_id: str
    token: str
    centre_id: str
    centre_name: str
    server_time_ms: int
    acked_seq: int

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: Any) -> EnrolResponse:
        o = _object(obj, "enrolment answer")
        return cls(
            device_id=_field(o, "device_id", str),
            token=_field(o, "token", str),
            centre_id=_field(o, "centre_id", str),
            centre_name=_field(o, "centre_name", str),
            server_time_ms=_field(o, "server_time_ms", int),
            acked_seq=_field(o, "acked_seq", int),
        )


@dataclass(frozen=True)
class PushResponse:
    acked_seq: int  # highest device_seq held contiguously from 1: the client may forget up to here
    stored: int  # events new to the server in this batch
    duplicates: int  # events it already had (a resend after a lost answer)
    server_time_ms: int
    skew_ms: int | None  # server time - device time of the request (X-Device-Time), if sent

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: Any) -> PushResponse:
        o = _object(obj, "push answer")
        return cls(
            acked_seq=_field(o, "acked_seq", int),
            stored=_field(o, "stored", int),
            duplicates=_field(o, "duplicates", int),
            server_time_ms=_field(o, "server_time_ms", int),
            skew_ms=_field(o, "skew_ms", int, optional=True),
        )


@dataclass(frozen=True)
class DeviceInfo:
    """GET /device: what the server knows of the calling device."""

    device_id: str
    centre_id: str
    centre_name: str
    acked_seq: int
    hosted_learners: int
    server_time_ms: int

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: Any) -> DeviceInfo:
        o = _object(obj, "device answer")
        return cls(
            device_id=_field(o, "device_id", str),
            centre_id=_field(o, "centre_id", str),
            centre_name=_field(o, "centre_name", str),
            acked_seq=_field(o, "acked_seq", int),
            hosted_learners=_field(o, "hosted_learners", int),
            server_time_ms=_field(o, "server_time_ms", int),
        )


@dataclass(frozen=True)
class RoamRequest:
    learner_code: str
    pin: str

    def to_json(self) -> dict[str, Any]:
        return {"learner_code": self.learner_code, "pin": self.pin}

    @classmethod
    def from_json(cls, obj: Any) -> RoamRequest:
        o = _object(obj, "roaming request")
        return cls(
            learner_code=_field(o, "learner_code", str, max_len=20),
            pin=_field(o, "pin", str, optional=True, max_len=12) or "",
        )


@dataclass(frozen=True)
class RoamResponse:
    learner_id: str
    display_name: str
    upto: int  # fetch the learner's history up to this server_seq; later events come by pull

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, obj: Any) -> RoamResponse:
        o = _object(obj, "roaming answer")
        return cls(
            learner_id=_field(o, "learner_id", str),
            display_name=_field(o, "display_name", str, max_len=1000),
            upto=_field(o, "upto", int),
        )


@dataclass(frozen=True)
class ErrorBody:
    """Every 4xx/5xx answer: a stable machine code and a reason in English for logs and staff."""

    error: str
    reason: str
    retry_after_s: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.error, "reason": self.reason}
        if self.retry_after_s is not None:
            out["retry_after_s"] = self.retry_after_s
        return out

    @classmethod
    def from_json(cls, obj: Any) -> ErrorBody:
        if not isinstance(obj, dict):
            return cls("unknown", str(obj)[:200])
        retry = obj.get("retry_after_s")
        return cls(
            str(obj.get("error") or "unknown"),
            str(obj.get("reason") or obj.get("detail") or "")[:1000],
            retry if isinstance(retry, int) and not isinstance(retry, bool) else None,
        )


_JSON_TYPES = {"str": "string", "int": "integer", "bool": "boolean", "int | None": "integer"}


def json_schema(cls: type) -> dict[str, Any]:
    """A JSON schema for one of the message dataclasses above (for the OpenAPI document)."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in fields(cls):
        type_name = str(f.type)
        props[f.name] = {"type": _JSON_TYPES.get(type_name, "string")}
        if "None" not in type_name and f.default is MISSING:
            required.append(f.name)
    return {"type": "object", "properties": props, "required": required}
