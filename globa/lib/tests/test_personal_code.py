import datetime as dt

import pytest

from globa.lib import personal_code


def test_it_accepts_a_valid_code() -> None:
    parsed = personal_code.parse("33309240064")
    assert parsed.birth_date == dt.date(1933, 9, 24)
    assert parsed.sex == "M"


def test_it_reads_century_and_sex() -> None:
    code = personal_code.make(dt.date(2016, 2, 29), "F", 17)
    parsed = personal_code.parse(code)
    assert code.startswith("6160229017")
    assert (parsed.birth_date, parsed.sex) == (dt.date(2016, 2, 29), "F")


def test_it_rejects_a_bad_check_digit() -> None:
    with pytest.raises(personal_code.PersonalCodeError, match="check digit"):
        personal_code.parse("33309240065")


def test_it_rejects_an_impossible_date() -> None:
    first_ten = "6150230123"  # 30 February 2015
    code = first_ten + str(personal_code.check_digit(first_ten))
    with pytest.raises(personal_code.PersonalCodeError, match="birth date"):
        personal_code.parse(code)


@pytest.mark.parametrize("code", ["3330924006", "333092400645", "3330924006A", "73309240064"])
def test_it_rejects_malformed_codes(code: str) -> None:
    with pytest.raises(personal_code.PersonalCodeError):
        personal_code.parse(code)


def test_second_round_of_weights_is_used() -> None:
    # 1,2,...,9,1 weights give 10 for this code; the second round decides.
    first_ten = next(
        f"5{n:09d}"
        for n in range(10**6, 10**6 + 5000)
        if sum(int(c) * w for c, w in zip(f"5{n:09d}", (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=True))
        % 11
        == 10
    )
    second = (
        sum(int(c) * w for c, w in zip(first_ten, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3), strict=True)) % 11
    )
    assert personal_code.check_digit(first_ten) == (0 if second == 10 else second)
