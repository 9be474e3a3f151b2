"""Lithuanian alphabetical order, the same in the database and in Python.

PostgreSQL's byte order puts "Kėdainių" after "Kupiškio" and Š after Z; a Lithuanian reader
expects the alphabet: a ą b c č d e ę ė f g h i į y j k l m n o p r s š t u ų ū v z ž, where
Č, Š and Ž are letters of their own (after C, S and Z) and the other marked letters and Y
sort with the plain letter unless that is all that differs (the rules of the Lithuanian
collation in CLDR). The embedded PostgreSQL is built without ICU, so the order is a sort
key instead of a collation: ``globa_lt(text)`` in the database (globa/core/sql/), and
``lt_key`` here for lists sorted in Python; a test keeps the two the same.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F, Func, OrderBy, TextField
from django.db.models.functions import Collate

_OWN_LETTERS = {"č": "c~", "š": "s~", "ž": "z~"}


class LtKey(Func):
    """The Lithuanian sort key of a text column (``globa_lt``)."""

    function = "globa_lt"
    output_field = TextField()


def lt(*fields: str) -> list[OrderBy]:
    """Order by text fields in Lithuanian alphabetical order: ``.order_by(*lt("last_name",
    "first_name"))``; a leading "-" orders that field backwards."""
    orders = []
    for field in fields:
        key = Collate(LtKey(F(field.lstrip("-"))), "C")
        orders.append(key.desc() if field.startswith("-") else key.asc())
    return orders


def lt_key(value: Any) -> str:
    """The same key as ``globa_lt`` in the database, for sorting in Python."""
    text = str(value)
    lower = text.lower()
    primary = "".join(_OWN_LETTERS.get(char, char) for char in lower).replace("y", "i")
    stripped = "".join(
        char for char in unicodedata.normalize("NFKD", primary) if not unicodedata.combining(char)
    )
    return f"{stripped}\x01{lower}\x01{text}"
