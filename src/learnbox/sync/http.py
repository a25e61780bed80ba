"""HTTP client of API v1 (requests): timeouts, retries with exponential backoff and full jitter.

Only failures that a later try can fix are retried (no connection, timeouts, 502/503/504 and
500, which may be a server restarting); every request is idempotent, so a retry after a lost
answer is harmless. Everything else becomes a typed :class:`SyncError` at once.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from learnbox.core.events import Event
from learnbox.i18n import _
from learnbox.protocol import API_PREFIX, DEVICE_TIME_HEADER, MAX_DECOMPRESSED_BYTES, MAX_PULL_EVENTS
from learnbox.protocol.batch import decode_events, encode_events
from learnbox.protocol.compression import gzip_json
from learnbox.protocol.errors import ProtocolError
from learnbox.protocol.messages import (
    DeviceInfo,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    PushResponse,
    RoamRequest,
    RoamResponse,
)
from learnbox.sync.errors import Cancelled, Rejected, Revoked, ServerBusy, SyncError, Unreachable

log = logging.getLogger(__name__)

T = TypeVar("T")

_RETRY_STATUS = {500, 502, 503, 504}
#: Batch layout (learnbox.protocol.batch_v2) this client sends and asks for; an older server
#: ignores ``fmt`` and answers layout 1, which decode_events reads as well.
PUSH_FORMAT = 2


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_s: float = 0.5
    cap_s: float = 15.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^attempt)]."""
        return rng.uniform(0, min(self.cap_s, self.base_s * 2**attempt))


@dataclass(frozen=True)
class PulledPage:
    events: list[Event]
    server_seqs: list[int]
    next_cursor: int
    more: bool
    server_time_ms: int


class ApiFailure(SyncError):
    """A non-retryable 4xx answer, kept with its status and body for the caller to translate."""

    def __init__(self, status: int, body: ErrorBody) -> None:
        super().__init__(body.reason or f"HTTP {status}", body.error)
        self.status = status
        self.body = body


class SyncClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: tuple[float, float] = (5.0, 60.0),
        retry: RetryPolicy | None = None,
        clock_ms: Callable[[], int] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        should_cancel: Callable[[], bool] | None = None,
    ) -> None:
        self.base_url = normalise_server_url(base_url)
        self.token = token
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)
        self._sleep = sleep
        self._rng = random.Random()
        self.should_cancel = should_cancel or (lambda: False)
        self._http = requests.Session()
        self._http.headers["User-Agent"] = "LearnBox-sync/1"
        self.bytes_sent = 0
        self.bytes_received = 0
        #: Batch layout sent on push; drops to 1 for a server that reads only that.
        self.push_format = PUSH_FORMAT

    def close(self) -> None:
        self._http.close()

    # ---------------------------------------------------------------------------- API
    def health(self) -> dict[str, Any]:
        return self._json(self._request("GET", "/health", auth=False))

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        return _decode(EnrolResponse.from_json, self._json(self._request("POST", "/enrol", json_body=request.to_json(), auth=bool(self.token))))

    def device(self) -> DeviceInfo:
        return _decode(DeviceInfo.from_json, self._json(self._request("GET", "/device")))

    def push(self, events: list[Event]) -> PushResponse:
        return self.push_encoded(self.encode_push(events), events)

    def encode_push(self, events: list[Event]) -> bytes:
        """The gzip body that pushes ``events`` (split from sending so the engine can prepare the
        next batch while the server works on this one)."""
        return gzip_json(encode_events(events, version=self.push_format))

    def push_encoded(self, body: bytes, events: list[Event]) -> PushResponse:
        """Send a body made by :meth:`encode_push` (``events`` re-encode it for an older server)."""
        try:
            return _decode(PushResponse.from_json, self._json(self._request("POST", "/push", gz_body=body)))
        except Rejected as exc:
            if self.push_format == 1 or "unsupported batch format version" not in exc.reason:
                raise
            log.info("the server reads only batch layout 1; sending that from now on")
            self.push_format = 1
            return self.push(events)

    def pull(self, since: int, limit: int = 1000) -> PulledPage:
        params = {"since": since, "limit": min(limit, MAX_PULL_EVENTS), "fmt": PUSH_FORMAT}
        return self._page(self._request("GET", "/pull", params=params))

    def roam(self, request: RoamRequest) -> RoamResponse:
        return _decode(RoamResponse.from_json, self._json(self._request("POST", "/roam", json_body=request.to_json())))

    def history(self, learner_id: str, since: int, upto: int, limit: int = 1000) -> PulledPage:
        params = {"since": since, "upto": upto, "limit": min(limit, MAX_PULL_EVENTS), "fmt": PUSH_FORMAT}
        return self._page(self._request("GET", f"/learners/{learner_id}/events", params=params))

    # ---------------------------------------------------------------------------- plumbing
    def _page(self, response: requests.Response) -> PulledPage:
        obj = self._json(response)
        try:
            if not isinstance(obj, dict):
                raise ProtocolError("the page must be a JSON object")
            events, seqs = decode_events(obj.get("events"), MAX_PULL_EVENTS)
            nxt, more, stime = obj.get("next"), obj.get("more"), obj.get("server_time_ms")
            if not isinstance(nxt, int) or not isinstance(more, bool) or not isinstance(stime, int):
                raise ProtocolError("the page lacks 'next', 'more' or 'server_time_ms'")
        except ProtocolError as exc:
            raise ServerBusy(f"malformed page from server: {exc.reason}") from exc
        return PulledPage(events, seqs or [], nxt, more, stime)

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise ServerBusy(f"the server answered something that is not JSON: {response.text[:200]!r}") from exc

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        gz_body: bytes | None = None,
        auth: bool = True,
    ) -> requests.Response:
        url = f"{self.base_url}{API_PREFIX}{path}"
        last_error: SyncError = Unreachable(self.base_url)
        for attempt in range(self.retry.attempts):
            if self.should_cancel():
                raise Cancelled()
            if attempt:
                delay = self.retry.delay(attempt, self._rng)
                log.info("retrying %s %s in %.1fs (%s)", method, path, delay, last_error.detail)
                self._sleep_cancellable(delay)
            headers = {DEVICE_TIME_HEADER: str(self._clock_ms())}
            if auth and self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            data: bytes | None = None
            if gz_body is not None:
                headers["Content-Encoding"] = "gzip"
                headers["Content-Type"] = "application/json"
                data = gz_body
            elif json_body is not None:
                data = gzip_json(json_body)
                headers["Content-Encoding"] = "gzip"
                headers["Content-Type"] = "application/json"
            try:
                response = self._http.request(
                    method, url, params=params, data=data, headers=headers, timeout=self.timeout, stream=True
                )
                content = _read_capped(response)
            except requests.exceptions.InvalidURL as exc:
                raise Unreachable(self.base_url, str(exc)) from exc
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout, _Truncated) as exc:
                last_error = Unreachable(self.base_url, f"{type(exc).__name__}: {exc}")
                continue
            except requests.exceptions.RequestException as exc:
                last_error = Unreachable(self.base_url, f"{type(exc).__name__}: {exc}")
                continue
            self.bytes_sent += len(data or b"")
            self.bytes_received += int(response.headers.get("content-length") or len(content))
            if response.status_code < 400:
                return response
            body = _error_body(response)
            if response.status_code in _RETRY_STATUS:
                last_error = ServerBusy(f"HTTP {response.status_code}: {body.reason}")
                continue
            raise _classify(response.status_code, body)
        raise last_error

    def _sleep_cancellable(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.should_cancel():
                raise Cancelled()
            self._sleep(min(left, 0.2))


class _Truncated(Exception):
    pass


def _decode(parse: Callable[[Any], T], obj: Any) -> T:
    """A server message read with ``parse``; an answer of the wrong shape (an old or broken server,
    a captive portal answering 200) is a retryable SyncError, not a ProtocolError traceback."""
    try:
        return parse(obj)
    except ProtocolError as exc:
        raise ServerBusy(f"unexpected answer from server: {exc.reason}") from exc


def _read_capped(response: requests.Response) -> bytes:
    """The whole (decompressed) body, refusing more than the protocol's cap."""
    chunks = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_DECOMPRESSED_BYTES:
                raise _Truncated("the answer is too large")
            chunks.append(chunk)
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError) as exc:
        raise _Truncated(str(exc)) from exc
    content = b"".join(chunks)
    response._content = content  # so .json() / .text work on what we read
    return content


def _error_body(response: requests.Response) -> ErrorBody:
    try:
        return ErrorBody.from_json(response.json())
    except ValueError:
        return ErrorBody("http_error", f"HTTP {response.status_code}: {response.text[:200]}")


def _classify(status: int, body: ErrorBody) -> SyncError:
    if status == 401 and body.error == "revoked":
        return Revoked(body.reason)
    if status == 401:
        return Revoked(body.reason)  # an unknown token means this PC's enrolment is gone too
    if status in (400, 409, 413, 415, 422) or (status == 403 and body.error in ("foreign_device", "learner_not_hosted")):
        return Rejected(body.reason, body.error)
    return ApiFailure(status, body)


def normalise_server_url(url: str) -> str:
    """``example.org`` -> ``https://example.org``; no trailing slash; refuses nonsense with a clear error."""
    url = url.strip().rstrip("/")
    if not url:
        raise Unreachable("?", "empty server address")
    if "://" not in url:
        url = "https://" + url
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        raise SyncError(_("The server address must start with http:// or https://"), url)
    return url
