"""Storage errors, each with a message a field worker can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class for local store problems."""


class CorruptDatabaseError(StoreError):
    """The database file cannot be read as a LearnBox database."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"The database file {path} is damaged or is not a LearnBox database ({detail}).")
        self.path = path
        self.detail = detail


class StorageFullError(StoreError):
    """The disk is full: nothing was written, nothing was lost."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"The disk holding {path} is full. Free some space; nothing was lost.")
        self.path = path
