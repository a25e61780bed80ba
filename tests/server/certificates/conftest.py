"""Fixtures for server-side certificate tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from learnbox.server import migrate
from learnbox.server.certificates import admin_cli
from learnbox.server.certificates.settings import IssuerSettings, configure
from learnbox.server.db import Database

from .claim_fixtures import NOW, FakeCatalog, Learner, add_device


@pytest.fixture()
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture()
def learner() -> Learner:
    return Learner()


@pytest.fixture()
def settings(tmp_path: Path) -> Iterator[IssuerSettings]:
    s = IssuerSettings(
        public_url="https://certs.learnbox.test",
        issuer_name="LearnBox Việt Nam",
        issuer_url="https://learnbox.test",
        key_dir=tmp_path / "keys",
    )
    configure(s)
    yield s
    configure(None)


@pytest.fixture()
def db(tmp_path: Path, settings: IssuerSettings) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'server.db'}")
    migrate.upgrade(database)
    admin_cli.keys_generate(database, NOW)
    yield database
    database.dispose()


@pytest.fixture()
def device(db: Database) -> str:
    return add_device(db, "Trung tâm Hà Nội")
