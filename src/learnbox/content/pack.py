"""Build a versioned, hashed content pack (.lbpack) from a validated source folder.

A pack is a zip: ``manifest.json`` ({format, content_version, created, courses, files}) plus
every content file, NFC-normalised, with zero-width spaces between Khmer words in ``km`` prose.
Zip entries get a fixed timestamp so the same source gives the same files and hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

from learnbox.content.catalog import Catalog
from learnbox.content.errors import ContentError
from learnbox.content.khmer import break_khmer, break_khmer_markdown
from learnbox.content.source import MANIFEST_NAME, PACK_FORMAT, DirSource
from learnbox.content.textfile import split_front_matter
from learnbox.content.validate import IMAGE_SUFFIXES, Report, validate
from learnbox.core.model import SUPPORTED_LOCALES
from learnbox.core.text import nfc

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_PROSE_KEYS = ("title", "description", "prompt", "explanation", "text")


class BuildError(Exception):
    """The source did not validate; ``report`` holds the problems."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"content has {len(report.errors)} error(s); fix them before building")


def _pack_files(source: DirSource) -> list[str]:
    """The files that belong in a pack: course.yaml, locale .md/.yaml files and images."""
    chosen: list[str] = []
    for rel in source.all_files():
        parts = rel.split("/")
        root_file = len(parts) == 2 and parts[1] == "course.yaml"
        text = parts[-1].endswith((".md", ".yaml"))
        locale_file = len(parts) == 3 and parts[1] in SUPPORTED_LOCALES and text
        image = len(parts) >= 3 and parts[1] == "images" and rel.lower().endswith(IMAGE_SUFFIXES)
        if root_file or locale_file or image:
            chosen.append(rel)
    return chosen


def _khmer_yaml(data: Any) -> Any:
    """Word breaks in prose values only; ids, answers and image paths are left alone."""
    if isinstance(data, dict):
        return {
            k: (break_khmer(v) if k in _PROSE_KEYS and isinstance(v, str) else _khmer_yaml(v))
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_khmer_yaml(v) for v in data]
    return data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)


def transform(rel: str, data: bytes) -> bytes:
    """A file's bytes as stored in the pack."""
    if not rel.endswith((".md", ".yaml")):
        return data
    text = nfc(data.decode("utf-8-sig"))
    if rel.split("/")[1:2] == ["km"]:
        if rel.endswith(".yaml"):
            text = _dump(_khmer_yaml(yaml.safe_load(text)))
        else:
            front, _line, body, _body_line = split_front_matter(text)
            if front is not None:
                text = f"---\n{_dump(_khmer_yaml(yaml.safe_load(front)))}---\n{break_khmer_markdown(body)}"
    return text.encode("utf-8")


def build_pack(
    src: str | os.PathLike[str], out: str | os.PathLike[str], now: dt.datetime | None = None
) -> dict[str, Any]:
    """Validate ``src`` and write the pack to ``out``; returns the manifest.

    Raises BuildError when validation finds errors, ContentError when ``src`` is not a folder.
    """
    src_path = Path(src)
    if not src_path.is_dir():
        raise ContentError(str(src_path), None, "content source folder not found")
    report = validate(src_path)
    if not report.ok:
        raise BuildError(report)
    source = DirSource(src_path)
    catalog = Catalog(source)
    files: dict[str, bytes] = {rel: transform(rel, source.read(rel)) for rel in _pack_files(source)}
    hashes = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
    digest = hashlib.sha256("".join(f"{rel}\0{h}\n" for rel, h in sorted(hashes.items())).encode())
    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    manifest: dict[str, Any] = {
        "format": PACK_FORMAT,
        "content_version": f"{created:%Y.%m.%d}-{digest.hexdigest()[:10]}",
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "courses": [
            {
                "id": cid,
                "version": catalog.root(cid).version,
                "locales": list(catalog.complete_locales(cid)),
            }
            for cid in catalog.course_ids()
        ],
        "files": dict(sorted(hashes.items())),
    }
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so a failed build never leaves half a pack behind.
    fd, tmp_name = tempfile.mkstemp(prefix=".lbpack-", dir=out_path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            _write(zf, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
            for rel in sorted(files):
                _write(zf, rel, files[rel])
        os.replace(tmp_name, out_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return manifest


def _write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)
