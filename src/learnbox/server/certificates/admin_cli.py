"""``learnbox-server admin`` commands of the certificate office, and the functions behind them.

Wiring (in ``learnbox.server.cli``): call :func:`register` with the admin sub-parsers, and in the
admin dispatcher call :func:`run` first; it returns None for commands that are not its own::

    from learnbox.server.certificates import admin_cli
    admin_cli.register(asub)
    ...
    handled = admin_cli.run(args, db, wall_ms(), sys.stdout)
    if handled is not None:
        return handled

Commands: ``keys generate|rotate|list``, ``revoke CODE --reason TEXT``,
``certificates pending [--content PATH]`` (decide claims that arrived while no key or catalog
was available) and ``certificates show CODE``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from learnbox.certs.errors import CertificateError
from learnbox.server.certificates import keyring
from learnbox.server.certificates.issuing import find_certificate, pending_claims, process_claim, revoke
from learnbox.server.certificates.settings import IssuerSettings, current_settings
from learnbox.server.db import Database


def keys_generate(db: Database, now_ms: int, settings: IssuerSettings | None = None) -> keyring.KeyInfo:
    with db.write(serialise=False) as session:
        return keyring.generate(session, settings or current_settings(), now_ms)


def keys_rotate(db: Database, now_ms: int, settings: IssuerSettings | None = None) -> keyring.KeyInfo:
    with db.write(serialise=False) as session:
        return keyring.rotate(session, settings or current_settings(), now_ms)


def keys_list(db: Database) -> list[keyring.KeyInfo]:
    with db.read() as session:
        return keyring.list_keys(session)


def revoke_certificate(db: Database, code: str, reason: str, now_ms: int) -> bool:
    """Revoke ``code``; False when it already was. Takes the ingest lock (it writes a server event)."""
    if not reason.strip():
        raise CertificateError("give a reason for the revocation (it is kept in the server's records)")
    with db.write() as session:
        return revoke(session, code, reason.strip(), now_ms)


def process_pending(db: Database, catalog: Any, now_ms: int, settings: IssuerSettings | None = None) -> int:
    """Decide every stored claim that has no decision yet; returns how many were decided."""
    settings = settings or current_settings()
    decided = 0
    with db.write() as session:
        for event in pending_claims(session):
            if process_claim(session, event, catalog, settings, now_ms) is not None:
                decided += 1
    return decided


def register(admin_sub: Any) -> None:
    """Add the certificate commands to the ``admin`` sub-parsers."""
    keys = admin_sub.add_parser("keys", help="issuer signing keys").add_subparsers(
        dest="action", required=True
    )
    keys.add_parser("generate", help="create the first issuer key")
    keys.add_parser("rotate", help="switch to a new issuer key (old certificates stay valid)")
    keys.add_parser("list", help="list issuer keys (public halves)")
    rev = admin_sub.add_parser("revoke", help="revoke a certificate by its code")
    rev.add_argument("code", help="the certificate code, e.g. 7KQM-X4TB")
    rev.add_argument("--reason", required=True, help="why (kept in the server's records, not published)")
    certs = admin_sub.add_parser("certificates", help="certificate claims and issued certificates")
    actions = certs.add_subparsers(dest="action", required=True)
    pending = actions.add_parser(
        "pending", help="decide claims received while no key or catalog was available"
    )
    pending.add_argument("--content", type=Path, help="course content folder or .lbpack to re-grade with")
    actions.add_parser("show", help="show one certificate").add_argument("code")


def run(args: argparse.Namespace, db: Database, now_ms: int, out: TextIO = sys.stdout) -> int | None:
    """Run a certificate admin command; None when ``args`` is another command."""
    cmd, action = getattr(args, "admin_command", None), getattr(args, "action", None)
    if cmd not in ("keys", "revoke", "certificates"):
        return None
    try:
        if cmd == "keys" and action == "list":
            for k in keys_list(db):
                state = "active" if k.active else f"retired {_when(k.retired_ms)}"
                print(
                    f"{k.multikey}  {state}  created {_when(k.created_ms)}  {k.verification_method}", file=out
                )
        elif cmd == "keys":
            info = keys_generate(db, now_ms) if action == "generate" else keys_rotate(db, now_ms)
            print(f"active issuer key {info.multikey}", file=out)
            print(f"private key file: {current_settings().key_dir / (info.multikey + '.pem')}", file=out)
        elif cmd == "revoke":
            changed = revoke_certificate(db, args.code, args.reason, now_ms)
            print(f"certificate {args.code} {'revoked' if changed else 'was already revoked'}", file=out)
        elif action == "pending":
            from learnbox.content import Catalog, ContentError

            try:
                from learnbox.resources import content_dir

                catalog = Catalog.open(args.content or content_dir())
            except ContentError as exc:
                print(f"learnbox-server: {exc}", file=sys.stderr)
                return 1
            print(f"{process_pending(db, catalog, now_ms)} claim(s) decided", file=out)
        elif action == "show":
            with db.read() as session:
                row = find_certificate(session, args.code)
                if row is None:
                    print(f"learnbox-server: no certificate has the code {args.code}", file=sys.stderr)
                    return 1
                state = f"REVOKED {_when(row.revoked_ms)}: {row.revoke_reason}" if row.revoked_ms else "valid"
                print(
                    f"{row.code}  {row.course_id}  learner {row.learner_id}  issued {_when(row.issued_ms)}  {state}",
                    file=out,
                )
    except CertificateError as exc:
        print(f"learnbox-server: {exc}", file=sys.stderr)
        return 1
    return 0


def _when(ms: int | None) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC") if ms else "-"
