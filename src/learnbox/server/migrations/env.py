"""Alembic environment of the server database; run through learnbox.server.migrate (not the CLI)."""

from __future__ import annotations

import contextlib
import importlib

from alembic import context

from learnbox.server.models import Base

# The certificates package adds its tables to Base; import it (when present) so they are known.
with contextlib.suppress(ImportError):
    importlib.import_module("learnbox.server.certificates.models")

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
