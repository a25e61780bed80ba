"""Read-only access to content files, from a source folder or from a built pack (.lbpack).

Both present the same tree of POSIX relative paths (``using-a-computer/vi/mouse.md``) so the
catalog, the validator and the pack builder never care where the bytes come from.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from learnbox.content.errors import ContentError

log = logging.getLogger(__name__)

PACK_SUFFIX = ".lbpack"
MANIFEST_NAME = "manifest.json"
PACK_FORMAT = 1
#: A content file larger than this is refused (keeps a broken or hostile pack from eating memory).
MAX_FILE_BYTES = 32 * 1024 * 1024


def is_safe_relpath(rel: str) -> bool:
    """True for a relative POSIX path that cannot leave its root (no '..', no absolute, no drive)."""
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel or ":" in rel:
        return False
    parts = PurePosixPath(rel).parts
    return all(p not in ("..", ".", "") for p in parts)


class Source:
    """Files under one root, addressed by relative POSIX paths."""

    def read(self, rel: str) -> bytes:
        raise NotImplementedError

    def exists(self, rel: str) -> bool:
        raise NotImplementedError

    def is_dir(self, rel: str) -> bool:
        raise NotImplementedError

    def listdir(self, rel: str) -> list[str]:
        """Names (not paths) directly inside folder ``rel`` ("" = root), sorted; [] if absent."""
        raise NotImplementedError

    def all_files(self) -> list[str]:
        """Every file's relative path, sorted."""
        raise NotImplementedError

    def display(self, rel: str) -> str:
        """How a file is named in messages."""
        raise NotImplementedError

    def content_version(self) -> str:
        raise NotImplementedError


class DirSource(Source):
    """A content source folder on disk (content/)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root_str = str(root)
        self._version: str | None = None

    def _path(self, rel: str) -> Path:
        return self.root / rel if rel else self.root

    def _str(self, rel: str) -> str:
        # Plain string joins: pathlib's object overhead was most of the course-list time.
        return os.path.join(self._root_str, rel) if rel else self._root_str

    def read(self, rel: str) -> bytes:
        try:
            with open(self._str(rel), "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise ContentError(self.display(rel), None, f"file is larger than {MAX_FILE_BYTES} bytes")
            return data
        except FileNotFoundError:
            raise ContentError(self.display(rel), None, "file not found") from None
        except OSError as exc:
            raise ContentError(self.display(rel), None, f"cannot read file: {exc.strerror or exc}") from None

    def exists(self, rel: str) -> bool:
        return os.path.isfile(self._str(rel))

    def is_dir(self, rel: str) -> bool:
        return os.path.isdir(self._str(rel))

    def listdir(self, rel: str) -> list[str]:
        try:
            return sorted(os.listdir(self._str(rel)))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise ContentError(
                self.display(rel), None, f"cannot read folder: {exc.strerror or exc}"
            ) from None

    def all_files(self) -> list[str]:
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            # Hidden folders (.git, editor swap dirs) are never content.
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            base = Path(dirpath).relative_to(self.root)
            for name in filenames:
                if not name.startswith("."):
                    found.append((base / name).as_posix())
        return sorted(found)

    def display(self, rel: str) -> str:
        return self._str(rel)

    def content_version(self) -> str:
        # A hash of every file's path and bytes: the same checkout gives the same version on every
        # machine, unlike mtimes. Computed on first use only, so opening a catalog stays cheap.
        if self._version is None:
            digest = hashlib.sha256()
            for rel in self.all_files():
                digest.update(rel.encode("utf-8") + b"\0")
                try:
                    digest.update(hashlib.sha256(self._path(rel).read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
            self._version = f"src-{digest.hexdigest()[:12]}"
        return self._version


class PackSource(Source):
    """A built content pack: a zip holding manifest.json and the NFC-normalised content files.

    Every file's SHA-256 is checked against the manifest when the pack is opened (a damaged or
    tampered pack is refused as a whole) and again whenever the file is read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ContentError(str(path), None, f"not a readable content pack: {exc}") from None
        self.manifest = self._read_manifest()
        files = self.manifest["files"]
        assert isinstance(files, dict)  # checked by _read_manifest
        self._hashes: dict[str, str] = dict(files)
        names = {i.filename for i in self._zip.infolist() if not i.is_dir()} - {MANIFEST_NAME}
        missing = sorted(set(self._hashes) - names)
        extra = sorted(names - set(self._hashes))
        if missing:
            raise ContentError(
                str(path), None, f"pack is missing files listed in its manifest: {missing[:5]}"
            )
        if extra:
            raise ContentError(str(path), None, f"pack holds files not in its manifest: {extra[:5]}")
        self._dirs: dict[str, set[str]] = {"": set()}
        for rel in self._hashes:
            if not is_safe_relpath(rel):
                raise ContentError(str(path), None, f"unsafe file name in pack: {rel!r}")
            parts = rel.split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                self._dirs.setdefault(parent, set()).add(parts[depth])
        for rel in sorted(self._hashes):
            self.read(rel)  # verifies the hash

    def _read_manifest(self) -> dict[str, object]:
        where = f"{self.path}!{MANIFEST_NAME}"
        try:
            raw = self._zip.read(MANIFEST_NAME)
        except KeyError:
            raise ContentError(str(self.path), None, "content pack has no manifest.json") from None
        except (OSError, zipfile.BadZipFile, RuntimeError, zlib.error) as exc:
            raise ContentError(where, None, f"cannot read manifest: {exc}") from None
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ContentError(where, None, f"manifest is not valid JSON: {exc}") from None
        if not isinstance(manifest, dict):
            raise ContentError(where, None, "manifest must be a JSON object")
        if manifest.get("format") != PACK_FORMAT:
            raise ContentError(where, None, f"unsupported pack format {manifest.get('format')!r}")
        files = manifest.get("files")
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise ContentError(where, None, "manifest 'files' must map paths to SHA-256 hex digests")
        if not isinstance(manifest.get("content_version"), str):
            raise ContentError(where, None, "manifest has no content_version")
        return manifest

    def read(self, rel: str) -> bytes:
        expected = self._hashes.get(rel)
        if expected is None:
            raise ContentError(self.display(rel), None, "file not found")
        try:
            info = self._zip.getinfo(rel)
            if info.file_size > MAX_FILE_BYTES:
                raise ContentError(self.display(rel), None, f"file is larger than {MAX_FILE_BYTES} bytes")
            data = self._zip.read(info)
        except (OSError, zipfile.BadZipFile, RuntimeError, KeyError, zlib.error) as exc:  # zlib: damaged data
            raise ContentError(self.display(rel), None, f"cannot read from pack: {exc}") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise ContentError(
                self.display(rel), None, "SHA-256 does not match the pack manifest (damaged pack)"
            )
        return data

    def exists(self, rel: str) -> bool:
        return rel in self._hashes

    def is_dir(self, rel: str) -> bool:
        return rel in self._dirs

    def listdir(self, rel: str) -> list[str]:
        return sorted(self._dirs.get(rel, ()))

    def all_files(self) -> list[str]:
        return sorted(self._hashes)

    def display(self, rel: str) -> str:
        return f"{self.path}!{rel}"

    def content_version(self) -> str:
        return str(self.manifest["content_version"])


def open_source(path: str | os.PathLike[str]) -> Source:
    """A source for a content folder or a ``.lbpack`` file; ContentError when it is neither."""
    p = Path(path)
    if p.is_dir():
        return DirSource(p)
    if p.is_file():
        if p.suffix != PACK_SUFFIX and not zipfile.is_zipfile(p):
            raise ContentError(str(p), None, f"expected a content folder or a {PACK_SUFFIX} pack")
        return PackSource(p)
    raise ContentError(str(p), None, "no such content folder or pack")
