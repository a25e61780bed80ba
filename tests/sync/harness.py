"""Real learnbox-server processes on 127.0.0.1 (random port) and throwaway PostgreSQL databases."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from learnbox.server import migrate
from learnbox.server.db import Database
from learnbox.server.enrolment import create_centre, issue_codes

REPO = Path(__file__).resolve().parents[2]
PG_USERS = ("root", "postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProc:
    url: str
    db_url: str
    port: int
    proc: subprocess.Popen[bytes]
    log_path: Path

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=20)

    def restart(self) -> ServerProc:
        self.kill()
        return start_server(self.db_url, self.log_path.parent, port=self.port)


def start_server(db_url: str, workdir: Path, port: int | None = None, timeout: float = 60.0) -> ServerProc:
    port = port or free_port()
    log_path = workdir / f"server-{port}-{time.monotonic_ns()}.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "learnbox.server.cli",
                "--db",
                db_url,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return ServerProc(url, db_url, port, proc, log_path)
        except requests.RequestException:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not start: {log_path.read_text()[-3000:]}")


def make_codes(db_url: str, centre: str, count: int = 1) -> list[str]:
    """Create ``centre`` (if new) and issue ``count`` enrolment codes, directly in the database."""
    db = Database(db_url)
    try:
        migrate.upgrade(db)
        from sqlalchemy import select

        from learnbox.server.models import Centre

        with db.write(serialise=False) as s:
            c = s.scalars(select(Centre).where(Centre.name == centre)).first() or create_centre(
                s, centre, int(time.time() * 1000)
            )
            return [i.code for i in issue_codes(s, c, count, 24, int(time.time() * 1000))]
    finally:
        db.dispose()


def postgres_available() -> str | None:
    """A user that can connect to database ``test`` on 127.0.0.1:5432, or None."""
    try:
        import psycopg
    except ImportError:
        return None
    for user in PG_USERS:
        try:
            with psycopg.connect(host="127.0.0.1", port=5432, user=user, dbname="test", connect_timeout=2):
                return user
        except Exception:
            continue
    return None


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, uniquely named database (dropped afterwards); yields its SQLAlchemy URL."""
    import psycopg

    user = postgres_available()
    if user is None:
        raise RuntimeError("PostgreSQL is not available")
    name = f"lbsync_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host="127.0.0.1", port=5432, user=user, dbname="test", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(host="127.0.0.1", port=5432, user=user, dbname="test", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_events(db_url: str) -> list[object]:
    """Every event the server holds, as core Events, in server_seq order."""
    from sqlalchemy import select

    from learnbox.server.models import StoredEvent
    from learnbox.server.server_events import row_event

    db = Database(db_url)
    try:
        with db.read() as s:
            return [row_event(r) for r in s.scalars(select(StoredEvent).order_by(StoredEvent.server_seq))]
    finally:
        db.dispose()
