from __future__ import annotations

import pytest

from learnbox.core.pin import LOCKOUT_MS
from learnbox.services import LearnBox, LockedOut, NotFound, PinRequired, ProfileError, WrongPin
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


def test_set_a_pin_on_a_profile_without_one(lb: LearnBox) -> None:
    p = lb.learners.create("Lan", None, "vi")
    assert lb.learners.set_pin(p.learner_id, None, "2580").has_pin
    with pytest.raises(PinRequired):
        lb.learners.sign_in(p.learner_id, None)
    assert lb.learners.sign_in(p.learner_id, "2580").learner_id == p.learner_id
    changed = [e for e in lb.store.events_for_learner(p.learner_id) if e.type == "profile.changed"]
    assert len(changed) == 1 and str(changed[0].payload["pin_hash"]).startswith("scrypt$")
    assert "2580" not in str(changed[0].payload)


def test_change_pin_needs_the_current_one(lb: LearnBox) -> None:
    p = lb.learners.create("Lan", "2580", "vi")
    with pytest.raises(PinRequired):
        lb.learners.set_pin(p.learner_id, None, "1357")
    with pytest.raises(WrongPin) as wrong:
        lb.learners.set_pin(p.learner_id, "0000", "1357")
    assert wrong.value.tries_left == 4
    lb.learners.set_pin(p.learner_id, "2580", "1357")
    with pytest.raises(WrongPin) as wrong:  # the old PIN no longer opens the profile
        lb.learners.sign_in(p.learner_id, "2580")
    assert wrong.value.tries_left == 4  # the right current PIN reset the failure counter
    assert lb.learners.sign_in(p.learner_id, "1357").has_pin


def test_remove_pin(lb: LearnBox) -> None:
    p = lb.learners.create("Lan", "2580", "vi")
    assert not lb.learners.set_pin(p.learner_id, "2580", None).has_pin
    assert lb.learners.sign_in(p.learner_id, None).learner_id == p.learner_id
    events = len(lb.store.events_for_learner(p.learner_id))
    assert not lb.learners.set_pin(p.learner_id, None, "").has_pin  # nothing to remove: no event
    assert len(lb.store.events_for_learner(p.learner_id)) == events


def test_bad_new_pin_is_refused_without_counting_a_failure(lb: LearnBox) -> None:
    p = lb.learners.create("Lan", "2580", "vi")
    for bad in ("12", "1234567", "12a4", "١٢٣٤"):
        with pytest.raises(ProfileError, match="4 to 6 digits"):
            lb.learners.set_pin(p.learner_id, "0000", bad)
    with pytest.raises(WrongPin) as wrong:
        lb.learners.set_pin(p.learner_id, "0000", "1357")
    assert wrong.value.tries_left == 4
    assert lb.learners.sign_in(p.learner_id, "2580").has_pin


def test_changing_pin_respects_the_lockout(lb: LearnBox, clock: FakeClock) -> None:
    p = lb.learners.create("Lan", "2580", "vi")
    for _n in range(4):
        with pytest.raises(WrongPin):
            lb.learners.set_pin(p.learner_id, "0000", None)
    with pytest.raises(LockedOut):
        lb.learners.set_pin(p.learner_id, "0000", None)
    with pytest.raises(LockedOut):  # the right PIN waits too, and signing in is locked as well
        lb.learners.set_pin(p.learner_id, "2580", None)
    with pytest.raises(LockedOut):
        lb.learners.sign_in(p.learner_id, "2580")
    assert lb.learners.get(p.learner_id).has_pin
    clock.advance(LOCKOUT_MS + 1)
    assert not lb.learners.set_pin(p.learner_id, "2580", None).has_pin


def test_unknown_profile(lb: LearnBox) -> None:
    with pytest.raises(NotFound):
        lb.learners.set_pin("no-such-learner", None, "2580")
