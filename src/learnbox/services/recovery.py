"""What to do with a damaged database: never delete it, put it aside, start again from a backup.

The damaged file is kept next to the new one (``learnbox.db.damaged-<time>``) so field staff can
send it to the office, where data can often still be recovered with ``sqlite3 .recover``.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from learnbox.services.paths import database_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovery:
    damaged_copy: Path
    restored_from: Path | None  # None: started with an empty database


def newest_backup(data_dir: Path) -> Path | None:
    db = database_path(data_dir)
    backups = sorted(db.parent.glob(f"{db.name}.*.bak"), key=lambda p: p.stat().st_mtime)
    return backups[-1] if backups else None


def set_damaged_database_aside(data_dir: Path, use_backup: bool = True) -> Recovery:
    """Move the damaged database (and its WAL files) aside; restore the newest backup if asked."""
    db = database_path(data_dir)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    damaged = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            part.rename(damaged.with_name(damaged.name + suffix))
    backup = newest_backup(data_dir) if use_backup else None
    if backup is not None:
        shutil.copy2(backup, db)
    log.warning("damaged database moved to %s; restored from %s", damaged, backup)
    return Recovery(damaged, backup)
