import datetime as dt

import pytest

from globa.lib.dates import add_months, add_years


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 23), 2, dt.date(2027, 1, 23)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2008, 2, 29), 18 * 12, dt.date(2026, 2, 28)),
        (dt.date(2026, 12, 15), 12, dt.date(2027, 12, 15)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2010, 2, 28), 18, dt.date(2028, 2, 28)),
        (dt.date(2008, 2, 29), 18, dt.date(2026, 2, 28)),
        (dt.date(2008, 2, 29), 20, dt.date(2028, 2, 29)),
        (dt.date(2028, 2, 29), -18, dt.date(2010, 2, 28)),
        (dt.date(2026, 11, 23), -21, dt.date(2005, 11, 23)),
    ],
)
def test_add_years(day: dt.date, years: int, expected: dt.date) -> None:
    assert add_years(day, years) == expected
