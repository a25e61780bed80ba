"""The local store: an append-only event log in SQLite plus tables derived from it."""

from learnbox.storage.errors import CorruptDatabaseError, StorageFullError, StoreError
from learnbox.storage.store import LearnerRow, Store

__all__ = ["CorruptDatabaseError", "LearnerRow", "StorageFullError", "Store", "StoreError"]
