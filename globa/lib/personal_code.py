"""Lithuanian personal codes (asmens kodas): G YYMMDD NNN K.

G gives the century and sex (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female),
YYMMDD the birth date, NNN a serial number and K a check digit computed with two rounds
of weights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class PersonalCodeError(ValueError):
    """A personal code that cannot be right; the message is for the person who typed it."""


@dataclass(frozen=True)
class PersonalCode:
    code: str
    birth_date: dt.date
    sex: str  # "M" or "F"


def check_digit(first_ten: str) -> int:
    digits = [int(c) for c in first_ten]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if total != 10:
        return total
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
    return 0 if total == 10 else total


def parse(code: str) -> PersonalCode:
    """Validate a personal code and return what it encodes."""
    code = code.strip()
    if len(code) != 11 or not code.isdigit():
        raise PersonalCodeError(_("A personal code has exactly 11 digits."))
    first = int(code[0])
    if first not in _CENTURY:
        raise PersonalCodeError(_("A personal code starts with a digit from 1 to 6."))
    year = _CENTURY[first] + int(code[1:3])
    try:
        birth_date = dt.date(year, int(code[3:5]), int(code[5:7]))
    except ValueError:
        raise PersonalCodeError(
            _("The personal code does not contain a real birth date.")
        ) from None
    if check_digit(code[:10]) != int(code[10]):
        raise PersonalCodeError(_("The check digit of the personal code is wrong."))
    return PersonalCode(code=code, birth_date=birth_date, sex="M" if first % 2 else "F")


def make(birth_date: dt.date, sex: str, serial: int) -> str:
    """Build a valid personal code (for demo and synthetic data)."""
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100] + (0 if sex == "M" else 1)
    first_ten = f"{base}{birth_date:%y%m%d}{serial % 1000:03d}"
    return first_ten + str(check_digit(first_ten))
