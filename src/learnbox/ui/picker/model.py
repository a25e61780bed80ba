"""The profile list model behind the picker, and the filter in front of it.

Sorted once with ``QCollator(QLocale("vi"))`` (Vietnamese alphabet order: A Ă Â B … D Đ …, not
code points) by given name then full name, the way Vietnamese class lists are ordered. Names
that occur more than once are flagged so the tile can show what tells them apart.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from learnbox.services.learners import Profile

PROFILE_ROLE = Qt.ItemDataRole.UserRole + 1
DUPLICATE_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def _given_name(name: str) -> str:
    parts = name.split()
    return parts[-1] if parts else name


def collated(profiles: Iterable[Profile], locale: str = "vi") -> list[Profile]:
    """``profiles`` in the locale's alphabetical order: given name, then full name, then last seen."""
    collator = QCollator(QLocale(locale))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)

    def compare(a: Profile, b: Profile) -> int:
        result = collator.compare(_given_name(a.display_name), _given_name(b.display_name))
        if result == 0:
            result = collator.compare(a.display_name, b.display_name)
        if result == 0:
            # Same name: the one seen most recently first, then a stable order by id.
            result = (b.last_seen_ms or 0) - (a.last_seen_ms or 0)
            result = (result > 0) - (result < 0)
        if result == 0:
            result = (a.learner_id > b.learner_id) - (a.learner_id < b.learner_id)
        return result

    return sorted(profiles, key=functools.cmp_to_key(compare))


class ProfileListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._profiles: list[Profile] = []
        self._duplicates: set[str] = set()

    def set_profiles(self, profiles: Iterable[Profile], locale: str = "vi") -> None:
        self.beginResetModel()
        self._profiles = collated(profiles, locale)
        counts = Counter(p.search_key for p in self._profiles)
        self._duplicates = {key for key, n in counts.items() if n > 1}
        self.endResetModel()

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default argument
        return 0 if parent.isValid() else len(self._profiles)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._profiles):
            return None
        profile = self._profiles[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return profile.display_name
        if role == PROFILE_ROLE:
            return profile
        if role == DUPLICATE_ROLE:
            return profile.search_key in self._duplicates
        return None

    def row_of(self, learner_id: str) -> int:
        return next((n for n, p in enumerate(self._profiles) if p.learner_id == learner_id), -1)


class ProfileFilter(QSortFilterProxyModel):
    """Shows only the learner ids the search service matched (None = everyone)."""

    def __init__(self) -> None:
        super().__init__()
        self._allowed: frozenset[str] | None = None

    def set_allowed(self, learner_ids: Iterable[str] | None) -> None:
        self.beginFilterChange()
        self._allowed = None if learner_ids is None else frozenset(learner_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if self._allowed is None:
            return True
        profile = self.sourceModel().index(source_row, 0, source_parent).data(PROFILE_ROLE)
        return isinstance(profile, Profile) and profile.learner_id in self._allowed
