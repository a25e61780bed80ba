"""The c0001 migration creates exactly the tables models.py declares (no drift between them)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from learnbox.server.certificates import models
from learnbox.server.db import Database
from learnbox.server.models import Base


def test_migration_matches_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    ours = {t.name for t in Base.metadata.sorted_tables if t.name.startswith("cert_")}
    assert ours == {
        models.IssuerKey.__tablename__,
        models.ClaimDecision.__tablename__,
        models.IssuedCredential.__tablename__,
        models.RateBucket.__tablename__,
    }
    mentioning_ours = [d for d in diffs if any(name in repr(d) for name in ours)]
    assert mentioning_ours == []
