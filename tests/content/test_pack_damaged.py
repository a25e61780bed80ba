"""A pack whose compressed data is damaged (bad download, failing USB stick) is a ContentError
naming the file, never a zlib traceback."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from learnbox.content import Catalog, ContentError
from learnbox.content.pack import build_pack

FIXTURES = Path(__file__).parent / "fixtures" / "content"
NOW = dt.datetime(2026, 11, 22, 8, 30, tzinfo=dt.UTC)


def _damage_member(pack: Path, suffix: str) -> str:
    with zipfile.ZipFile(pack) as zf:
        info = max((i for i in zf.infolist() if i.filename.endswith(suffix)), key=lambda i: i.compress_size)
    data = bytearray(pack.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 2, start + min(info.compress_size, 60)):
        data[k] ^= 0x5A
    pack.write_bytes(bytes(data))
    return info.filename


def test_damaged_deflate_stream_is_a_content_error(tmp_path: Path) -> None:
    pack = tmp_path / "content.lbpack"
    build_pack(FIXTURES, pack, now=NOW)
    name = _damage_member(pack, ".md")
    with pytest.raises(ContentError) as info:
        Catalog.open(pack).source.read(name)  # opening may already read (and check) the file
    assert name in str(info.value)
