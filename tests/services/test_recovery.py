from __future__ import annotations

from pathlib import Path

import pytest

from learnbox.services import LearnBox
from learnbox.services.recovery import set_damaged_database_aside
from learnbox.storage import CorruptDatabaseError
from learnbox.storage.migrate import backup_database
from tests.conftest import FIXTURE_CONTENT


def test_damaged_database_is_kept_and_the_backup_restored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    lb = LearnBox.open(data, FIXTURE_CONTENT)
    lb.learners.create("Hoa", None, "vi")
    lb.close()
    backup_database(data / "learnbox.db", "manual")
    (data / "learnbox.db").write_bytes(b"\x00garbage" * 512)
    with pytest.raises(CorruptDatabaseError):
        LearnBox.open(data, FIXTURE_CONTENT)
    rec = set_damaged_database_aside(data)
    assert rec.damaged_copy.read_bytes().startswith(b"\x00garbage")
    assert rec.restored_from is not None
    lb = LearnBox.open(data, FIXTURE_CONTENT)
    assert [p.display_name for p in lb.learners.list_profiles()] == ["Hoa"]
    lb.close()


def test_without_backup_starts_empty_but_keeps_the_damaged_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "learnbox.db").write_bytes(b"not a database" * 100)
    rec = set_damaged_database_aside(data)
    assert rec.restored_from is None and rec.damaged_copy.exists()
    lb = LearnBox.open(data, FIXTURE_CONTENT)
    assert lb.learners.list_profiles() == []
    lb.close()
