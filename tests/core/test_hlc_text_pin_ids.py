from __future__ import annotations

from learnbox.core import pin
from learnbox.core.hlc import HLC, observe, tick
from learnbox.core.ids import is_uuid, learner_code, new_id, normalise_code
from learnbox.core.text import clean_name, fold, nfc


def test_hlc_never_goes_back_even_when_the_clock_does() -> None:
    a = tick(None, 1000, "n")
    b = tick(a, 500, "n")  # clock set back
    assert b > a and b.encode() > a.encode()
    remote = HLC(10_000, 3, "m")
    c = observe(b, remote, 600, "n")
    d = tick(c, 700, "n")
    assert d.encode() > remote.encode() > b.encode()
    assert HLC.decode(d.encode()) == d


def test_fold_ignores_tones_and_case() -> None:
    assert fold("Nguyễn Đức Thắng") == "nguyen duc thang"
    assert fold("NGUYEN") in fold("Nguyễn Văn An")
    nfd = "Nguye\u0302\u0303n"
    assert nfc(nfd) == "Nguyễn" and fold(nfd) == "nguyen"
    assert clean_name("  Lan \t  Anh ") == "Lan Anh"


def test_pin_hash_and_lockout() -> None:
    h = pin.hash_pin("2580")
    assert pin.verify_pin("2580", h)
    assert not pin.verify_pin("2581", h)
    assert not pin.verify_pin("2580", "garbage")
    assert pin.hash_pin("2580") != h  # salted
    state = pin.Lockout(0, 0)
    for _ in range(pin.MAX_FAILURES - 1):
        state = pin.after_failure(state, 0)
    assert pin.remaining_lock_ms(state, 0) == 0
    state = pin.after_failure(state, 0)
    assert pin.remaining_lock_ms(state, 0) == pin.LOCKOUT_MS
    assert pin.remaining_lock_ms(state, pin.LOCKOUT_MS) == 0
    # a clock set back by a day does not lock the learner out for a day
    assert pin.remaining_lock_ms(state, -86_400_000) == pin.LOCKOUT_MS
    assert not pin.is_valid_pin("12") and not pin.is_valid_pin("١٢٣٤") and pin.is_valid_pin("123456")


def test_ids_and_codes() -> None:
    a, b = new_id(), new_id()
    assert is_uuid(a) and a != b and a[14] == "7"
    code = learner_code(a)
    assert len(code) == 9 and code == learner_code(a)
    assert normalise_code(code.lower().replace("-", " ")) == code
