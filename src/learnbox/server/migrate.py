"""Bring the server database to the newest schema at start-up (Alembic, programmatically).

Several server processes may start at once on one PostgreSQL database: a session-level advisory
lock makes them migrate one after the other (the later ones find nothing to do).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import text

from learnbox.server.db import Database

log = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).with_name("migrations")
_ADVISORY_KEY = 0x4C42_5359  # "LBSY"


def upgrade(db: Database, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    with db.engine.connect() as conn:
        if not db.is_sqlite:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_KEY})
            conn.commit()
        try:
            config = Config()
            config.set_main_option("script_location", str(_MIGRATIONS))
            config.attributes["connection"] = conn
            command.upgrade(config, target)
            conn.commit()
        finally:
            if not db.is_sqlite:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_KEY})
                conn.commit()
    log.info("server database at %s is up to date", db.engine.url.render_as_string(hide_password=True))
