from __future__ import annotations

import pytest

from learnbox.certs.codes import ALPHABET, CodeFormatError, is_code, new_code, normalize_code


def test_alphabet_has_no_confusable_characters() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert not set("01OIL") & set(ALPHABET)


def test_new_codes_are_well_formed_and_varied() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert is_code(code) and len(code) == 9 and code[4] == "-"
        assert set(code.replace("-", "")) <= set(ALPHABET)


@pytest.mark.parametrize("typed", ["7kqm-x4tb", " 7KQM X4TB ", "7KQMX4TB", "7kqm\u2013x4tb"])
def test_normalize_accepts_what_people_type(typed: str) -> None:
    assert normalize_code(typed) == "7KQM-X4TB"


@pytest.mark.parametrize("typed", ["", "7KQM-X4T", "7KQM-X4TBB", "7KQM-X4T0", "OKQM-X4TB", "7KQM/X4TB"])
def test_normalize_rejects_impossible_codes(typed: str) -> None:
    with pytest.raises(CodeFormatError):
        normalize_code(typed)
    assert not is_code(typed)
