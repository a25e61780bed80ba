"""FastAPI dependencies every router uses: the database, the clock, the course catalog and the
authenticated device. Routers declare what they need (``db: DbDep``) instead of reading
``request.app.state`` themselves, so tests can override any of them with
``app.dependency_overrides``.

The app sets ``app.state.db``, ``app.state.clock`` and ``app.state.catalog`` in ``create_app``;
nothing else reads ``app.state``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from learnbox.server.auth import authenticate
from learnbox.server.db import Database
from learnbox.server.models import Device


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_clock(request: Request) -> Callable[[], int]:
    clock: Callable[[], int] = request.app.state.clock
    return clock


def get_now_ms(clock: Annotated[Callable[[], int], Depends(get_clock)]) -> int:
    """The server's time for this request, in milliseconds since the epoch."""
    return int(clock())


def get_catalog(request: Request) -> Any:
    """The course catalog claims are re-graded against (``None`` when the server has none)."""
    return request.app.state.catalog


def get_device(
    db: Annotated[Database, Depends(get_db)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Device:
    """The enrolled, non-revoked device presenting the bearer token; 401 otherwise.

    A plain ``def``: FastAPI runs it in the thread pool, so the lookup never blocks the loop.
    """
    with db.read() as session:
        return authenticate(session, authorization)


DbDep = Annotated[Database, Depends(get_db)]
ClockDep = Annotated[Callable[[], int], Depends(get_clock)]
NowDep = Annotated[int, Depends(get_now_ms)]
CatalogDep = Annotated[Any, Depends(get_catalog)]
DeviceDep = Annotated[Device, Depends(get_device)]
