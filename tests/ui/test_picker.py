"""The profile picker: Vietnamese order, tone-insensitive search, duplicates told apart, scale."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from learnbox.services import LearnBox
from learnbox.services.learners import Profile
from learnbox.ui.main_window import MainWindow
from learnbox.ui.picker.model import DUPLICATE_ROLE, PROFILE_ROLE, ProfileListModel, collated


def _profile(name: str, learner_id: str, last_seen: int | None = None) -> Profile:
    from learnbox.core.text import fold

    return Profile(
        learner_id=learner_id, display_name=name, search_key=fold(name), initials="AB", avatar="teal",
        locale="vi", has_pin=False, last_seen_ms=last_seen,
    )


def test_names_sort_the_vietnamese_way_by_given_name(app: QApplication) -> None:
    names = ["Trần Thị Ân", "Lê Văn Bình", "Phạm Ăn", "Ngô Đức", "Võ Dung", "Hồ An"]
    ordered = [p.display_name for p in collated(_profile(n, str(i)) for i, n in enumerate(names))]
    # A < Ă < Â < B < D < Đ, whatever code points say (Ă is U+0102, after Â U+00C2 and all of ASCII).
    assert ordered == ["Hồ An", "Phạm Ăn", "Trần Thị Ân", "Lê Văn Bình", "Võ Dung", "Ngô Đức"]


def test_same_names_are_flagged_and_most_recent_first(app: QApplication) -> None:
    model = ProfileListModel()
    model.set_profiles([_profile("Nguyễn Văn An", "a", 1), _profile("Nguyễn Văn An", "b", 9), _profile("Lan", "c")])
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    assert [i.data(PROFILE_ROLE).learner_id for i in rows] == ["b", "a", "c"]
    assert [i.data(DUPLICATE_ROLE) for i in rows] == [True, True, False]


def test_search_ignores_tones_and_enter_opens_the_match(qtbot: QtBot, window: MainWindow) -> None:
    lb = window.lb
    for name in ("Nguyễn Thị Lan", "Đặng Văn Đức", "Lê Hoa"):
        lb.learners.create(name, None, "vi")
    window.picker.refresh()
    assert window.picker.filter.rowCount() == 3
    qtbot.keyClicks(window.picker.search, "dang van duc")
    qtbot.waitUntil(lambda: window.picker.filter.rowCount() == 1)
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None)
    assert window.profile is not None and window.profile.display_name == "Đặng Văn Đức"


def test_keyboard_from_search_into_tiles(qtbot: QtBot, window: MainWindow) -> None:
    for name in ("An", "Bình"):
        window.lb.learners.create(name, None, "vi")
    window.picker.refresh()
    window.picker.search.setFocus()
    qtbot.keyClick(window.picker.search, Qt.Key.Key_Down)
    assert window.picker.view.hasFocus()
    qtbot.keyClick(window.picker.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.picker.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.profile is not None)
    assert window.profile is not None and window.profile.display_name == "Bình"


def test_two_thousand_profiles_stay_a_list_model(qtbot: QtBot, window: MainWindow, bundled_lb: LearnBox) -> None:
    # Profiles are built directly (creating 2,000 through the service is the bench's job).
    profiles = [_profile(f"Học viên {n:04d}", f"id{n:04d}") for n in range(2000)]
    start = time.perf_counter()
    window.picker.model.set_profiles(profiles)
    elapsed = time.perf_counter() - start
    window.picker.filter.set_allowed(None)
    assert window.picker.filter.rowCount() == 2000
    assert elapsed >= 0  # timing is reported by bench/, never asserted here
    # One view, no per-profile widgets.
    assert len(window.picker.view.findChildren(type(window.picker.new_button))) == 0
    window.picker.filter.set_allowed({"id0007", "id1999"})
    assert window.picker.filter.rowCount() == 2
