"""Lithuanian alphabetical order, the same in the database and in Python."""

import pytest
from django.db import connection

from globa.lib.collation import lt, lt_key
from globa.organisations.models import Organisation

WORDS = [
    "Žukauskas",
    "Šiauliai",
    "Kupiškio",
    "Kėdainių",
    "Kaunas",
    "Čepas",
    "Cukrus",
    "Czeslaw",
    "Dainius",
    "Ąžuolas",
    "Antanas",
    "Yla",
    "Įstrižai",
    "Ignas",
    "jonaitė",
    "Jonaitė",
    "Sakalas",
    "Szulc",
    "Tauragė",
    "Zarasai",
    "Éva",
    "Ona",
    "Oną",
]
EXPECTED = [
    "Antanas",
    "Ąžuolas",
    "Cukrus",
    "Czeslaw",
    "Čepas",
    "Dainius",
    "Éva",
    "Ignas",
    "Yla",  # Y is I, then "l" before "s"
    "Įstrižai",
    "Jonaitė",  # the same letters: capitals first, then the rest
    "jonaitė",
    "Kaunas",
    "Kėdainių",
    "Kupiškio",
    "Ona",
    "Oną",
    "Sakalas",
    "Szulc",
    "Šiauliai",
    "Tauragė",
    "Zarasai",
    "Žukauskas",
]


def test_python_sorts_in_the_lithuanian_alphabet() -> None:
    assert sorted(WORDS, key=lt_key) == EXPECTED


@pytest.mark.django_db
def test_the_database_sorts_the_same() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT w FROM unnest(%s::text[]) AS w ORDER BY globa_lt(w) COLLATE "C"', [WORDS]
        )
        assert [row[0] for row in cursor.fetchall()] == EXPECTED


@pytest.mark.django_db
def test_municipalities_are_listed_in_the_alphabet() -> None:
    names = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "name", flat=True
        )
    )
    assert names == sorted(names, key=lt_key)
    assert names.index("Kėdainių rajono savivaldybė") < names.index("Kupiškio rajono savivaldybė")
    assert names.index("Šiaulių miesto savivaldybė") < names.index("Tauragės rajono savivaldybė")
    ordered = list(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
        .order_by(*lt("-name"))
        .values_list("name", flat=True)
    )
    assert ordered == names[::-1]
