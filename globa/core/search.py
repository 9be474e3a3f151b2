"""Finding people and families by name, the same way everywhere.

A searchable table keeps ``search_name``, a generated column of its name folded to lower
case without diacritics (``globa_fold``: ``lower(unaccent(...))``, immutable, so it can be
stored and indexed) with a trigram GIN index. A query is folded the same way and matches a
name that contains it (``jonaite`` finds *Jonaitė*) or a word of it close enough to be a
typo (``petrauskis`` finds *Petrauskas*, pg_trgm's word similarity). The registry's lists,
the pipeline, cases and the search box in the header all match through ``name_matches``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models
from django.db.models import Q, QuerySet, Value


class Fold(models.Func):
    """Lower case without diacritics, as indexed for search (``globa_fold``)."""

    function = "globa_fold"
    output_field = models.TextField()


def fold(text: str) -> Fold:
    return Fold(Value(text.strip()))


def name_matches(records: QuerySet[Any], query: str, field: str = "search_name") -> QuerySet[Any]:
    """The records whose folded name contains the query or has a word like it, annotated
    with how well they match (``match``, best first when ordered by it)."""
    folded = fold(query)
    similarity = TrigramWordSimilarity(folded, field)  # type: ignore[arg-type]
    return records.annotate(match=similarity).filter(
        Q(**{f"{field}__contains": folded}) | Q(**{f"{field}__trigram_word_similar": folded})
    )
