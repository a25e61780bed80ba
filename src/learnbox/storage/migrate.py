"""Schema migrations at start-up: back the database file up, then run Alembic to the newest revision.

Alembic and SQLAlchemy are imported only when an upgrade is due, so a normal start pays one
cheap ``sqlite3`` query.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from learnbox.storage.errors import CorruptDatabaseError, StorageFullError

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

HEAD = "0002"  # keep in step with the newest file in migrations/versions/
_MIGRATIONS = Path(__file__).with_name("migrations")
_KEEP_BACKUPS = 3


def ensure_schema(db_path: Path) -> str | None:
    """Create or upgrade the database at ``db_path``; returns the backup made before an upgrade.

    Raises CorruptDatabaseError for a file that is not a LearnBox database (it is left untouched).
    """
    conn = sqlite3.connect(db_path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        current = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            current = str(row[0]) if row else None
        elif tables:
            raise CorruptDatabaseError(db_path, "it holds tables but no LearnBox schema version")
    finally:
        conn.close()
    if current == HEAD:
        return None
    if current is not None and current not in _known_revisions():
        raise CorruptDatabaseError(db_path, f"it was made by a newer LearnBox (schema {current})")
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DatabaseError, OperationalError

    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as sa_conn:
            return upgrade(sa_conn, db_path)
    except OperationalError as exc:
        if "full" in str(exc.orig).lower():
            raise StorageFullError(db_path) from exc
        raise CorruptDatabaseError(db_path, str(exc.orig)) from exc
    except DatabaseError as exc:
        raise CorruptDatabaseError(db_path, str(exc.orig)) from exc
    finally:
        engine.dispose()


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (_MIGRATIONS / "versions").glob("[0-9]*_*.py")}


def current_revision(conn: Connection) -> str | None:
    """The Alembic revision the database is at, or None for an empty database."""
    from sqlalchemy import text

    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
    ).first()
    if not has_table:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def upgrade(conn: Connection, db_path: Path, target: str = "head") -> str | None:
    """Bring the schema to ``target``; returns the backup file made, if any."""
    current = current_revision(conn)
    if current == HEAD and target in ("head", HEAD):
        return None
    backup = None
    if current is not None:
        backup = backup_database(db_path, f"pre-{current}-to-{target}")
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = conn
    log.info("migrating %s from %s to %s", db_path, current, target)
    command.upgrade(config, target)
    conn.commit()
    return str(backup) if backup else None


def backup_database(db_path: Path, label: str) -> Path:
    """A consistent copy of the database (SQLite's online backup), keeping the newest few copies."""
    target = db_path.with_name(f"{db_path.name}.{label}.bak")
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    old = sorted(db_path.parent.glob(f"{db_path.name}.*.bak"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-_KEEP_BACKUPS]:
        stale.unlink(missing_ok=True)
    log.info("backed up %s to %s", db_path, target)
    return target
