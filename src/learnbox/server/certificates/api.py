"""Public HTTP routes of the certificate office (an APIRouter the server app includes).

* ``GET /v/<code>``: the verification page (HTML; JSON with ``.json`` or ``Accept: application/json``),
  rate-limited per client address across all server processes;
* ``GET /v?code=...``: the page's form, redirecting to ``/v/<code>``;
* ``GET /issuer``: the issuer profile and every issuer public key (controller document);
* ``GET /status/<n>``: the signed Bitstring Status List credential ``n``.

The app provides ``app.state.db`` (a :class:`learnbox.server.db.Database`) and ``app.state.clock``
(server milliseconds); issuer settings come from :func:`settings.current_settings`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from learnbox.certs import data_integrity
from learnbox.certs.codes import CodeFormatError, normalize_code
from learnbox.certs.keys import decode_public_multikey
from learnbox.server.certificates import ratelimit
from learnbox.server.certificates.issuing import find_certificate, status_list_credential
from learnbox.server.certificates.keyring import NoIssuerKey, controller_document
from learnbox.server.certificates.models import IssuerKey
from learnbox.server.certificates.page import (
    BAD_CODE,
    TOO_MANY,
    Lookup,
    LookupStatus,
    choose_language,
    lookup_json,
    render_page,
)
from learnbox.server.certificates.settings import IssuerSettings, current_settings
from learnbox.server.db import Database

log = logging.getLogger(__name__)

router = APIRouter(tags=["certificates"])

_JSON_LD = "application/ld+json"


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _now(request: Request) -> int:
    return int(request.app.state.clock())


def _client(request: Request, settings: IssuerSettings) -> str:
    address = request.client.host if request.client else None
    if settings.trust_forwarded_for:
        forwarded = request.headers.get("x-forwarded-for", "")
        if forwarded.strip():
            address = forwarded.split(",")[0]
    return ratelimit.client_key(address)


def lookup(session: Session, code: str) -> Lookup:
    """What the page says about ``code`` (already normalized)."""
    row = find_certificate(session, code)
    if row is None:
        return Lookup(code, LookupStatus.UNKNOWN)
    credential = json.loads(row.credential_json)
    keys = {k.verification_method: k.multikey for k in session.scalars(select(IssuerKey))}

    def resolve(vm: str) -> Any:
        multikey = keys.get(vm)
        return decode_public_multikey(multikey) if multikey else None

    if not data_integrity.verify(credential, resolve).verified:
        # Only possible if the database was edited by hand: never vouch for such a record.
        log.error("stored certificate %s fails its own signature check", row.code)
        return Lookup(row.code, LookupStatus.INVALID)
    status = LookupStatus.REVOKED if row.revoked_ms is not None else LookupStatus.VALID
    return Lookup(row.code, status, credential, row.revoked_ms)


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return ("application/json" in accept or _JSON_LD in accept) and "text/html" not in accept


@router.get("/v", response_class=HTMLResponse, include_in_schema=False)
async def verify_form(request: Request, code: str = "", lang: str | None = None) -> Response:
    language = choose_language(lang, request.headers.get("accept-language"))
    try:
        normalized = normalize_code(code)
    except CodeFormatError:
        return HTMLResponse(render_page(None, language, BAD_CODE, code[:20]), status_code=400)
    return RedirectResponse(f"/v/{normalized}?lang={language}", status_code=303)


@router.get("/v/{code}", response_model=None)
async def verify_page(request: Request, code: str, lang: str | None = None) -> Response:
    """Check a certificate by its code: HTML for people, JSON for programs."""
    settings = current_settings()
    as_json = code.endswith(".json") or _wants_json(request)
    typed = code.removesuffix(".json")
    language = choose_language(lang, request.headers.get("accept-language"))
    db, now_ms, client = _db(request), _now(request), _client(request, settings)

    def count_hit() -> ratelimit.RateDecision:
        with db.write(serialise=False) as session:
            return ratelimit.hit(session, client, settings.lookups_per_minute, now_ms)

    decision = await run_in_threadpool(count_hit)
    if not decision.allowed:
        headers = {"Retry-After": str(decision.retry_after_s)}
        if as_json:
            body = {"error": "rate_limited", "reason": "too many lookups; try again later"}
            return JSONResponse(body, status_code=429, headers=headers)
        return HTMLResponse(render_page(None, language, TOO_MANY), status_code=429, headers=headers)
    try:
        normalized = normalize_code(typed)
    except CodeFormatError:
        if as_json:
            return JSONResponse({"code": typed[:20], "status": LookupStatus.UNKNOWN.value}, status_code=404)
        return HTMLResponse(render_page(None, language, BAD_CODE, typed[:20]), status_code=404)

    def work() -> Lookup:
        with db.read() as session:
            return lookup(session, normalized)

    found = await run_in_threadpool(work)
    status_code = 404 if found.status is LookupStatus.UNKNOWN else 200
    headers = {"Cache-Control": "no-store", "Vary": "Accept, Accept-Language"}
    if as_json:
        return JSONResponse(lookup_json(found), status_code=status_code, headers=headers)
    return HTMLResponse(
        render_page(found, language, code_text=normalized), status_code=status_code, headers=headers
    )


@router.get("/issuer")
async def issuer_document(request: Request) -> JSONResponse:
    """The issuer profile with all public keys (Multikey), active and retired."""
    settings, db = current_settings(), _db(request)

    def work() -> dict[str, Any]:
        with db.read() as session:
            return controller_document(session, settings)

    return JSONResponse(await run_in_threadpool(work), headers={"Cache-Control": "public, max-age=300"})


@router.get("/status/{list_number}")
async def status_list(request: Request, list_number: int) -> JSONResponse:
    """The signed BitstringStatusListCredential ``list_number`` (built from the current revocations)."""
    settings, db, now_ms = current_settings(), _db(request), _now(request)

    def work() -> dict[str, Any] | None:
        with db.read() as session:
            return status_list_credential(session, settings, list_number, now_ms)

    try:
        doc = await run_in_threadpool(work)
    except NoIssuerKey as exc:
        return JSONResponse({"error": "no_issuer_key", "reason": str(exc)}, status_code=503)
    if doc is None:
        return JSONResponse(
            {"error": "not_found", "reason": f"no status list {list_number}"}, status_code=404
        )
    return JSONResponse(doc, headers={"Cache-Control": "public, max-age=60"})
