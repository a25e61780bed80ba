from __future__ import annotations

import pytest

from learnbox.core.pin import LOCKOUT_MS
from learnbox.services import LearnBox, LockedOut, PinRequired, ProfileError, WrongPin
from tests.conftest import FakeClock


def test_create_and_find_profiles_ignoring_tones(lb: LearnBox) -> None:
    lb.learners.create("Nguyễn Thị Lan", None, "vi")
    lb.learners.create("Trần Văn Đức", "2580", "en")
    assert [p.display_name for p in lb.learners.search("nguyen")] == ["Nguyễn Thị Lan"]
    assert [p.display_name for p in lb.learners.search("DUC")] == ["Trần Văn Đức"]
    assert len(lb.learners.search("")) == 2
    duc = lb.learners.search("duc")[0]
    assert duc.has_pin and duc.locale == "en" and duc.initials == "VĐ"


def test_bad_names_get_clear_messages_and_nfd_is_normalised(lb: LearnBox) -> None:
    with pytest.raises(ProfileError, match="60"):
        lb.learners.create("A" * 10_000, None, "vi")
    with pytest.raises(ProfileError):
        lb.learners.create("   ", None, "vi")
    with pytest.raises(ProfileError):
        lb.learners.create("Lan\u200bAnh", None, "vi")
    with pytest.raises(ProfileError):
        lb.learners.create("Lan", "12ab", "vi")
    p = lb.learners.create("Nguye\u0302\u0303n  An", None, "vi")
    assert p.display_name == "Nguyễn An"
    assert lb.learners.list_profiles() == [p]


def test_pin_wrong_then_locked_for_five_minutes(lb: LearnBox, clock: FakeClock) -> None:
    p = lb.learners.create("Lê Hoa", "2580", "vi")
    with pytest.raises(PinRequired):
        lb.learners.sign_in(p.learner_id, None)
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongPin) as wrong:
            lb.learners.sign_in(p.learner_id, "0000")
        assert wrong.value.tries_left == left
    with pytest.raises(LockedOut):
        lb.learners.sign_in(p.learner_id, "0000")
    with pytest.raises(LockedOut):  # even the right PIN waits out the lock
        lb.learners.sign_in(p.learner_id, "2580")
    clock.advance(LOCKOUT_MS + 1)
    assert lb.learners.sign_in(p.learner_id, "2580").learner_id == p.learner_id
    assert lb.learners.get(p.learner_id).last_seen_ms == clock.now


def test_language_switch_is_an_event(lb: LearnBox) -> None:
    p = lb.learners.create("Lan", None, "vi")
    assert lb.learners.set_locale(p.learner_id, "km").locale == "km"
    with pytest.raises(ProfileError):
        lb.learners.set_locale(p.learner_id, "xx")
