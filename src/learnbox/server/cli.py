"""``learnbox-server``: run the sync server, or administer it (``learnbox-server admin ...``).

    learnbox-server [--db URL] [--host H] [--port P] [--content PATH]
    learnbox-server [--db URL] admin centre add|list ...
    learnbox-server [--db URL] admin code issue CENTRE [--count N] [--hours H]
    learnbox-server [--db URL] admin device list [--centre C] | device revoke DEVICE_ID
    learnbox-server [--db URL] admin summary [--by centre|course] [--csv FILE|-]
    learnbox-server [--db URL] admin keys generate|rotate|list
    learnbox-server [--db URL] admin revoke CODE --reason TEXT
    learnbox-server [--db URL] admin certificates pending|show CODE

``--db`` takes an SQLAlchemy URL (``sqlite:///path``, ``postgresql://user@host/db``) or a file
path; the default is ``$LEARNBOX_SERVER_DB`` or ``server.db`` in the per-user data folder.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from learnbox.server.app import wall_ms

log = logging.getLogger(__name__)


def _port(text: str) -> int:
    """argparse type: a TCP port, so a typo is a usage error rather than a bind() traceback."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is not between 1 and 65535")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def default_db_url() -> str:
    env = os.environ.get("LEARNBOX_SERVER_DB")
    if env:
        return env
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("LearnBoxServer", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.db'}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="learnbox-server", description="LearnBox central sync server")
    parser.add_argument("--db", default=None, help="database URL or SQLite file (default: per-user data folder)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8080, help="TCP port (default 8080)")
    parser.add_argument("--content", default=None, help="course content folder or .lbpack (default: bundled)")
    parser.add_argument("--workers", type=_positive, default=1, help="server processes (PostgreSQL only)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    sub = parser.add_subparsers(dest="command")
    admin = sub.add_parser("admin", help="administer centres, enrolment codes and devices")
    asub = admin.add_subparsers(dest="admin_command", required=True)

    centre = asub.add_parser("centre", help="learning centres").add_subparsers(dest="action", required=True)
    centre.add_parser("add", help="create a centre").add_argument("name")
    centre.add_parser("list", help="list centres")

    code = asub.add_parser("code", help="one-time enrolment codes").add_subparsers(dest="action", required=True)
    issue = code.add_parser("issue", help="issue enrolment codes for a centre")
    issue.add_argument("centre", help="centre id or name")
    issue.add_argument("--count", type=int, default=1)
    issue.add_argument("--hours", type=float, default=72.0, help="validity in hours (default 72)")

    device = asub.add_parser("device", help="enrolled PCs").add_subparsers(dest="action", required=True)
    dlist = device.add_parser("list", help="list devices")
    dlist.add_argument("--centre", default=None, help="only this centre (id or name)")
    device.add_parser("revoke", help="revoke a lost or retired PC").add_argument("device_id")

    summary = asub.add_parser("summary", help="devices, learners, events and completions")
    summary.add_argument("--by", choices=["centre", "course"], default="centre")
    summary.add_argument("--csv", default=None, metavar="FILE", help="write CSV to FILE ('-' for the terminal)")

    from learnbox.server.certificates import admin_cli

    admin_cli.register(asub)  # keys generate|rotate|list, revoke CODE, certificates pending|show
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Admin commands print their own results; only warnings from libraries (e.g. migrations) show.
    level = args.log_level.upper() if args.command != "admin" or args.log_level != "info" else "WARNING"
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    url = args.db or default_db_url()
    if args.command == "admin":
        return _admin(args, url)
    return _serve(args, url)


def _serve(args: argparse.Namespace, url: str) -> int:
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from learnbox.server.app import ServerConfig, create_app

    try:
        app = create_app(ServerConfig(db_url=url, content=Path(args.content) if args.content else None))
    except (SQLAlchemyError, OSError) as exc:
        print(f"learnbox-server: cannot open the database {url}: {exc}", file=sys.stderr)
        return 2
    if args.workers > 1:
        print("learnbox-server: for several processes run several instances behind a load balancer", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


def _admin(args: argparse.Namespace, url: str) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from learnbox.server import admin, migrate
    from learnbox.server.db import Database
    from learnbox.server.enrolment import AdminError, create_centre, find_centre, issue_codes

    try:
        db = Database(url)
        migrate.upgrade(db)
    except (SQLAlchemyError, OSError) as exc:
        print(f"learnbox-server: cannot open the database {url}: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout
    from learnbox.server.certificates import admin_cli

    handled = admin_cli.run(args, db, wall_ms(), out)
    if handled is not None:
        return handled
    try:
        cmd, action = args.admin_command, getattr(args, "action", None)
        if cmd == "centre" and action == "add":
            with db.write(serialise=False) as s:
                c = create_centre(s, args.name, wall_ms())
                print(f"created centre {c.name!r} (id {c.centre_id})", file=out)
        elif cmd == "centre" and action == "list":
            with db.read() as s:
                from sqlalchemy import select

                from learnbox.server.models import Centre

                for c in s.scalars(select(Centre).order_by(Centre.name)):
                    print(f"{c.centre_id}  {c.name}", file=out)
        elif cmd == "code":
            with db.write(serialise=False) as s:
                centre = find_centre(s, args.centre)
                for issued in issue_codes(s, centre, args.count, args.hours, wall_ms()):
                    print(f"{issued.code}  centre {issued.centre_name!r}  expires {_when(issued.expires_ms)}", file=out)
        elif cmd == "device" and action == "list":
            with db.read() as s:
                centre_id = find_centre(s, args.centre).centre_id if args.centre else None
                for d in admin.list_devices(s, centre_id):
                    state = "REVOKED" if d.revoked else "active"
                    skew = f"{d.last_skew_ms / 1000:+.0f}s" if d.last_skew_ms is not None else "-"
                    print(
                        f"{d.device_id}  {d.centre}  {d.name or '-'}  {state}  last seen {_when(d.last_seen_ms)}"
                        f"  acked {d.acked_seq}  clock skew {skew}",
                        file=out,
                    )
        elif cmd == "device" and action == "revoke":
            with db.write(serialise=False) as s:
                dev = admin.revoke_device(s, args.device_id)
                print(f"revoked device {dev.device_id}", file=out)
        elif cmd == "summary":
            with db.read() as s:
                header: Sequence[str]
                if args.by == "centre":
                    header, rows = admin.SUMMARY_CENTRE_HEADER, admin.summary_by_centre(s)
                else:
                    header, rows = admin.SUMMARY_COURSE_HEADER, admin.summary_by_course(s)
            _table(header, rows, args.csv, out)
    except AdminError as exc:
        print(f"learnbox-server: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"learnbox-server: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


def _when(ms: int | None) -> str:
    if ms is None:
        return "never"
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], csv_path: str | None, out: TextIO) -> None:
    if csv_path:
        if csv_path == "-":
            csv.writer(out).writerows([header, *rows])
        else:
            with open(csv_path, "w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows([header, *rows])
            print(f"wrote {len(rows)} rows to {csv_path}", file=out)
        return
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        print("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)), file=out)


if __name__ == "__main__":
    sys.exit(main())
