"""Fixtures: a real learnbox-server (subprocess, SQLite, random port) per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.harness import ServerProc, start_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProc]:
    proc = start_server(f"sqlite:///{tmp_path / 'server.db'}", tmp_path)
    yield proc
    proc.kill()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in the source language, whatever translations exist."""
    from learnbox.i18n import current_language, set_language

    before = current_language()
    set_language("en")
    yield
    set_language(before)
