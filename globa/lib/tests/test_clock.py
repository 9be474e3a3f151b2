"""The application's clock: the one place the time is read."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from globa.lib import clock

PACKAGE = Path(__file__).resolve().parents[2]
WALL_CLOCK = re.compile(
    r"timezone\.(localdate|now)\(\)|\bdate\.today\(\)|datetime\.now\(|datetime\.utcnow\(|\btime\.time\("
)


def test_the_clock_is_the_timezone_aware_time_of_the_installation(move_clock: Any) -> None:
    move_clock(dt.date(2027, 3, 14))
    assert clock.today() == dt.date(2027, 3, 14)
    assert clock.now().tzinfo is not None


def test_late_evening_in_vilnius_is_still_the_same_day() -> None:
    # 23:30 in Vilnius is 21:30 (winter) in UTC: the date is Vilnius's.
    with time_machine.travel(dt.datetime(2026, 12, 31, 21, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == dt.date(2026, 12, 31)
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), tick=False):
        assert clock.today() == dt.date(2027, 1, 1)


def test_an_installation_run_as_of_a_date_starts_there_and_its_days_pass() -> None:
    start = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        clock._offsets.clear()
        with override_settings(GLOBA_AS_OF=dt.date(2028, 2, 29)):
            assert clock.today() == dt.date(2028, 2, 29)
            assert clock.now() == start + dt.timedelta(days=451)  # the time of day is the real one
            traveller.shift(dt.timedelta(days=1))
            assert clock.today() == dt.date(2028, 3, 1)
    clock._offsets.clear()


def test_an_installation_run_from_a_moment_starts_exactly_there() -> None:
    # 23:50 in Vilnius: a server started as of a date would keep the real time of day and
    # reach the next date in ten minutes; started from a moment, it is at 10:00 on that day.
    start = dt.datetime(2026, 12, 5, 21, 50, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        clock._offsets.clear()
        with override_settings(GLOBA_AS_OF=dt.datetime(2028, 2, 29, 10, 0)):
            assert clock.now() == dt.datetime(2028, 2, 29, 8, 0, tzinfo=dt.UTC)
            traveller.shift(dt.timedelta(minutes=30))
            assert clock.now() == dt.datetime(2028, 2, 29, 8, 30, tzinfo=dt.UTC)
            assert clock.today() == dt.date(2028, 2, 29)
    clock._offsets.clear()


def test_the_moved_clock_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from globa.lib.env import env_date_or_moment

    monkeypatch.setenv("GLOBA_AS_OF", "2028-02-29")
    assert env_date_or_moment("GLOBA_AS_OF") == dt.date(2028, 2, 29)
    monkeypatch.setenv("GLOBA_AS_OF", "2028-02-29T10:00:00+02:00")
    moment = env_date_or_moment("GLOBA_AS_OF")
    assert moment == dt.datetime(2028, 2, 29, 8, 0, tzinfo=dt.UTC)
    monkeypatch.setenv("GLOBA_AS_OF", "29.02.2028")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        env_date_or_moment("GLOBA_AS_OF")


def test_production_refuses_a_moved_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("GLOBA_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("GLOBA_AS_OF", "2028-02-29")
    monkeypatch.delitem(sys.modules, "globa.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured, match="GLOBA_AS_OF"):
        importlib.import_module("globa.settings.production")


def test_nothing_reads_the_wall_clock_but_the_clock() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if path.name not in {"clock.py", "test_clock.py"} and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == []


def test_the_rule_catches_a_wall_clock_read() -> None:
    # The reads are written in two pieces, so that this file itself reads no clock.
    assert WALL_CLOCK.search("today = timezone." + "localdate()")
    assert WALL_CLOCK.search("TODAY = dt.date." + "today()")
    assert not WALL_CLOCK.search("today = clock.today()")
