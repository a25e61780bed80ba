"""The FastAPI application: API v1 routes, error handling, and the optional certificates router.

Every answer other than 2xx is ``{"error": code, "reason": text}``; hostile input gets a 4xx
with its reason, never a 500. Database work runs in the thread pool (the event loop stays free).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from learnbox.protocol import API_PREFIX, API_VERSION, MAX_BATCH_EVENTS, MAX_PULL_EVENTS, MAX_SEQ
from learnbox.protocol.batch import FORMAT_VERSIONS, decode_events, encode_events, is_canonical_uuid
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
    json_schema,
)
from learnbox.server import migrate
from learnbox.server.auth import authenticate, bearer_token
from learnbox.server.bodies import device_time, query_int, read_json
from learnbox.server.db import Database
from learnbox.server.enrolment import enrol
from learnbox.server.errors import ApiError, invalid
from learnbox.server.models import Centre, DeviceLearner
from learnbox.server.pull import Page, learner_history, pull_page
from learnbox.server.push import Prepared, Stale, commit, commit_checked, prepare
from learnbox.server.roaming import roam

log = logging.getLogger(__name__)


#: Pushes prepared at once (decode, checks) per server process; see _install_routes.
PREPARE_SLOTS = 4


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class ServerConfig:
    db_url: str
    content: Path | None = None  # the course catalog the certificate issuer re-grades against
    clock: Callable[[], int] = wall_ms
    migrate: bool = True


def create_app(config: ServerConfig) -> FastAPI:
    db = Database(config.db_url)
    if config.migrate:
        migrate.upgrade(db)
    app = FastAPI(
        title="LearnBox sync server",
        version=f"{API_VERSION}",
        description="Device enrolment, event push/pull, learner roaming. All answers other than 2xx are "
        '{"error": code, "reason": text}.',
    )
    app.state.db = db
    app.router.on_shutdown.append(db.dispose)  # the group-commit thread and pooled connections
    app.state.clock = config.clock
    app.state.catalog = _load_catalog(config.content)
    _install_error_handlers(app)
    _install_routes(app)
    _include_certificates(app)
    return app


def _load_catalog(path: Path | None) -> Any:
    try:
        from learnbox.content.catalog import Catalog
        from learnbox.resources import content_dir

        return Catalog.open(path or content_dir())
    except Exception as exc:  # the sync API works without content; certificates will say why they can't
        log.warning("no course catalog loaded (%s): certificate claims cannot be re-graded", exc)
        return None


def _include_certificates(app: FastAPI) -> None:
    try:
        module = importlib.import_module("learnbox.server.certificates")
    except ImportError:
        return
    router = getattr(module, "router", None)
    if router is not None:
        app.include_router(router)


def _error(status: int, code: str, reason: str, retry_after_s: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(retry_after_s)} if retry_after_s is not None else None
    return JSONResponse(ErrorBody(code, reason, retry_after_s).to_json(), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.reason, exc.retry_after_s)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
        return _error(422, "invalid", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(OperationalError)
    async def _db_busy(_request: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc.orig)
        return _error(503, "busy", "the server database is busy or unavailable; try again shortly", 5)


def _install_routes(app: FastAPI) -> None:
    db: Database = app.state.db
    # Push preparation is mostly CPU-bound Python (one GIL): on SQLite more than a few at once
    # only add thread switching and read-lock contention; on PostgreSQL each waits on a few round
    # trips, so more overlap helps. The rest wait in line (FIFO) in the event loop.
    # One semaphore per event loop (an asyncio primitive belongs to the loop it first waits in).
    slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
        weakref.WeakKeyDictionary()
    )

    def prepare_slots() -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in slots:
            slots[loop] = asyncio.Semaphore(PREPARE_SLOTS if db.is_sqlite else 4 * PREPARE_SLOTS)
        return slots[loop]

    def now() -> int:
        return int(app.state.clock())

    @app.get(f"{API_PREFIX}/health", tags=["sync"])
    async def health() -> dict[str, Any]:
        def check() -> None:
            with db.read() as session:
                session.execute(select(func.count()).select_from(Centre)).scalar_one()

        await run_in_threadpool(check)
        return {"status": "ok", "api_version": API_VERSION, "server_time_ms": now()}

    @app.post(
        f"{API_PREFIX}/enrol",
        tags=["sync"],
        openapi_extra={"requestBody": _body_schema(json_schema(EnrolRequest))},
        responses={200: {"content": {"application/json": {"schema": json_schema(EnrolResponse)}}}},
    )
    async def enrol_device(request: Request) -> dict[str, Any]:
        try:
            req = EnrolRequest.from_json(await read_json(request, 64 * 1024))
        except ProtocolError as exc:
            raise invalid(exc.reason) from exc

        authorization = request.headers.get("authorization")
        presented = bearer_token(authorization) if authorization else None

        def work() -> dict[str, Any]:
            with db.write(serialise=False) as session:
                return enrol(session, req, now(), presented).to_json()

        return await run_in_threadpool(work)

    @app.get(f"{API_PREFIX}/device", tags=["sync"])
    async def device_info(request: Request) -> dict[str, Any]:
        def work() -> dict[str, Any]:
            with db.read() as session:
                dev = authenticate(session, request.headers.get("authorization"))
                centre = session.get(Centre, dev.centre_id)
                hosted = session.scalar(
                    select(func.count())
                    .select_from(DeviceLearner)
                    .where(DeviceLearner.device_id == dev.device_id)
                )
                return DeviceInfo(
                    dev.device_id,
                    dev.centre_id,
                    centre.name if centre else "",
                    dev.acked_seq,
                    int(hosted or 0),
                    now(),
                ).to_json()

        return await run_in_threadpool(work)

    @app.post(
        f"{API_PREFIX}/push",
        tags=["sync"],
        openapi_extra={
            "requestBody": _body_schema(
                {"type": "object", "description": "a columnar event batch (learnbox.protocol.batch), gzip"}
            )
        },
        responses={200: {"content": {"application/json": {"schema": json_schema(PushResponse)}}}},
    )
    async def push(request: Request) -> dict[str, Any]:
        body = await read_json(request)
        sent_ms = device_time(request)
        auth = request.headers.get("authorization")

        def prepare_push() -> tuple[Prepared, int]:
            # Everything that needs no lock runs here, in parallel with other requests.
            try:
                events, seqs = decode_events(body, MAX_BATCH_EVENTS)
            except ProtocolError as exc:
                raise invalid(exc.reason) from exc
            if seqs is not None:
                raise invalid("a push batch must not carry server sequence numbers ('s')")
            with db.read() as session:
                dev = authenticate(session, auth)
                return prepare(session, dev, events), now()

        async with prepare_slots():
            prepared, received = await run_in_threadpool(prepare_push)
        skew = received - sent_ms if sent_ms is not None else None
        catalog = app.state.catalog
        weight = len(prepared.new) + 1
        try:
            result = await asyncio.wrap_future(
                db.committer.submit(lambda s: commit(s, prepared, received, skew, catalog), weight)
            )
        except Stale:  # something changed since prepare(): the reference path re-checks under the lock
            result = await asyncio.wrap_future(
                db.committer.submit(lambda s: commit_checked(s, prepared, received, skew, catalog), weight)
            )
        return PushResponse(result.acked_seq, result.stored, result.duplicates, received, skew).to_json()

    @app.get(f"{API_PREFIX}/pull", tags=["sync"])
    async def pull(request: Request) -> Response:
        since = query_int(request, "since", 0, 0, MAX_SEQ)
        limit = query_int(request, "limit", 1000, 1, MAX_PULL_EVENTS)
        fmt = _batch_format(request)
        auth = request.headers.get("authorization")

        def work() -> Page:
            with db.read() as session:
                dev = authenticate(session, auth)
                return pull_page(session, dev, since, limit)

        return _page_response(request, await run_in_threadpool(work), now(), fmt)

    @app.post(
        f"{API_PREFIX}/roam",
        tags=["sync"],
        openapi_extra={"requestBody": _body_schema(json_schema(RoamRequest))},
        responses={200: {"content": {"application/json": {"schema": json_schema(RoamResponse)}}}},
    )
    async def roam_learner(request: Request) -> dict[str, Any]:
        try:
            req = RoamRequest.from_json(await read_json(request, 64 * 1024))
        except ProtocolError as exc:
            raise invalid(exc.reason) from exc
        auth = request.headers.get("authorization")

        def work() -> dict[str, Any]:
            with db.read() as session:
                dev = authenticate(session, auth)
            return roam(db, dev, req, now()).to_json()

        return await run_in_threadpool(work)

    @app.get(f"{API_PREFIX}/learners/{{learner_id}}/events", tags=["sync"])
    async def history(request: Request, learner_id: str) -> Response:
        if not is_canonical_uuid(learner_id):
            raise invalid("the learner id must be a UUID")
        since = query_int(request, "since", 0, 0, MAX_SEQ)
        upto = query_int(request, "upto", MAX_SEQ, 0, MAX_SEQ)
        limit = query_int(request, "limit", 1000, 1, MAX_PULL_EVENTS)
        fmt = _batch_format(request)
        auth = request.headers.get("authorization")

        def work() -> Page:
            with db.read() as session:
                dev = authenticate(session, auth)
                return learner_history(session, dev, learner_id, since, upto, limit)

        return _page_response(request, await run_in_threadpool(work), now(), fmt)


def _batch_format(request: Request) -> int:
    """The batch layout a pulling client reads (``?fmt=``): 1 unless it says otherwise, so
    clients from before layout 2 keep working."""
    return query_int(request, "fmt", 1, min(FORMAT_VERSIONS), max(FORMAT_VERSIONS))


def _page_response(request: Request, page: Page, now_ms: int, fmt: int = 1) -> Response:
    body = {
        "events": encode_events(page.events, page.server_seqs, version=fmt),
        "next": page.next_cursor,
        "more": page.more,
        "server_time_ms": now_ms,
    }
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzip_json(body), media_type="application/json", headers={"Content-Encoding": "gzip"})
    return JSONResponse(body)


def _body_schema(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}
