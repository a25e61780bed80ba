"""Per-client lookup limits kept in the database, so every server process counts the same hits.

A fixed one-minute window per client address: one upsert (``INSERT ... ON CONFLICT DO UPDATE
... RETURNING``) per lookup, on SQLite and PostgreSQL alike. IPv6 clients are counted per /64,
the block one subscriber usually gets, so rotating addresses inside it does not help.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from learnbox.server.certificates.models import RateBucket

WINDOW_MS = 60_000


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    count: int
    retry_after_s: int


def client_key(address: str | None) -> str:
    """The unit a limit applies to: the IPv4 address, or the IPv6 /64 network."""
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def hit(session: Session, client: str, limit: int, now_ms: int) -> RateDecision:
    """Count one lookup by ``client``; ``allowed`` is False beyond ``limit`` in this window."""
    window = now_ms - now_ms % WINDOW_MS
    bucket = f"{client}|{window}"[:120]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    if dialect not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"rate limiting supports SQLite and PostgreSQL, not {dialect}")
    stmt = (
        insert(RateBucket)
        .values(bucket=bucket, window_ms=window, count=1)
        .on_conflict_do_update(index_elements=["bucket"], set_={"count": RateBucket.count + 1})
        .returning(RateBucket.count)
    )
    count = int(session.execute(stmt).scalar_one())
    if count == 1:
        # First hit of a new window for this client: a cheap moment to forget old windows.
        session.execute(delete(RateBucket).where(RateBucket.window_ms < window - WINDOW_MS))
    retry = max(1, (window + WINDOW_MS - now_ms + 999) // 1000)
    return RateDecision(count <= limit, count, retry)
