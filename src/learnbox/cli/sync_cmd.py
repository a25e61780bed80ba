"""``learnbox enrol --server URL --code CODE``, ``learnbox sync`` and ``learnbox sync --status``.

For field staff at a terminal: plain messages (translated), progress on one line, exit code 0
on success and non-zero on failure (1: sync failed, 2: local problem such as an unreadable
database), so scripts and scheduled tasks can tell.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from typing import Any

from learnbox.i18n import _

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_LOCAL = 2


def register(subparsers: Any) -> None:
    enrol = subparsers.add_parser("enrol", help="connect this PC to a LearnBox server with an enrolment code")
    enrol.add_argument("--server", required=True, help="server address, e.g. https://learnbox.example.org")
    enrol.add_argument("--code", required=True, help="one-time enrolment code from the programme office")
    enrol.set_defaults(handler=_enrol)
    sync = subparsers.add_parser("sync", help="send this PC's progress to the server and fetch updates")
    sync.add_argument("--status", action="store_true", help="only show the sync status (no network)")
    sync.set_defaults(handler=_sync)


def _open_store(args: argparse.Namespace) -> Any:
    from learnbox.services.paths import data_dir, database_path
    from learnbox.storage import Store
    from learnbox.storage.errors import StoreError

    try:
        return Store.open(database_path(data_dir(getattr(args, "data_dir", None))))
    except (StoreError, OSError) as exc:
        print(str(exc), file=sys.stderr)
        return None


def _enrol(args: argparse.Namespace) -> int:
    from learnbox.services.sync_service import SyncService
    from learnbox.sync.errors import SyncError

    store = _open_store(args)
    if store is None:
        return EXIT_LOCAL
    try:
        SyncService(store).enrol(args.server, args.code)
        status = SyncService(store).status()
        print(_("This PC is now enrolled with {server} (centre: {centre}).").format(
            server=status.server_url, centre=status.centre_name or "?"
        ))
        return EXIT_OK
    except SyncError as exc:
        print(str(exc), file=sys.stderr)
        log.info("enrolment failed: %s", exc.detail)
        return EXIT_FAILED
    finally:
        store.close()


def _sync(args: argparse.Namespace) -> int:
    from learnbox.services.sync_service import SyncService
    from learnbox.sync.errors import SyncError

    store = _open_store(args)
    if store is None:
        return EXIT_LOCAL
    service = SyncService(store)
    try:
        if args.status:
            _print_status(service)
            return EXIT_OK
        tty = sys.stdout.isatty()

        def progress(done: int, total: int, message: str) -> None:
            line = f"{message}: {done}/{total}" if total else message
            if tty:
                print("\r" + line.ljust(60), end="", flush=True)

        try:
            result = service.sync_now(progress)
        except SyncError as exc:
            if tty:
                print()
            print(str(exc), file=sys.stderr)
            return EXIT_FAILED
        if tty:
            print()
        print(_("Sync finished: {pushed} events sent, {pulled} received.").format(
            pushed=result.pushed, pulled=result.pulled
        ))
        return EXIT_OK
    except KeyboardInterrupt:
        print(_("Sync was stopped. It will carry on from where it stopped."), file=sys.stderr)
        return EXIT_FAILED
    finally:
        store.close()


def _print_status(service: Any) -> None:
    st = service.status()
    never = _("never")

    def when(ms: int | None) -> str:
        return datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M") if ms else never

    print(_("Server: {server}").format(server=st.server_url or _("not enrolled")))
    if st.centre_name:
        print(_("Centre: {centre}").format(centre=st.centre_name))
    print(_("Last successful sync: {when}").format(when=when(st.last_success_ms)))
    print(_("Events waiting to be sent: {n}").format(n=st.pending_events))
    if st.clock_skew_ms is not None:
        print(_("This PC's clock differs from the server by {seconds} seconds").format(
            seconds=round(st.clock_skew_ms / 1000)
        ))
    if st.last_error:
        print(_("Last error: {error}").format(error=st.last_error))
