import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from globa.lib.paging import page_of
from globa.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def municipalities():  # type: ignore[no-untyped-def]
    return Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).order_by("name")


@pytest.mark.parametrize("number", [None, "1", "2", "3", "9", "0", "-2", "x", "9" * 30, "²"])
def test_gives_the_page_paginator_gives(number) -> None:  # type: ignore[no-untyped-def]
    expected = Paginator(municipalities(), 25).get_page(number)
    page = page_of(municipalities(), number, 25)
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count == 60
    assert page.paginator.num_pages == 3
    assert [o.pk for o in page.object_list] == [o.pk for o in expected.object_list]


def test_counts_in_the_page_query() -> None:
    with CaptureQueriesContext(connection) as queries:
        page = page_of(municipalities(), "2", 25)
        assert len(page.object_list) == 25 and page.has_next()
    assert len(queries) == 1


def test_an_empty_result_is_one_empty_page() -> None:
    page = page_of(municipalities().filter(name="nėra tokios"), "1", 25)
    assert page.paginator.count == 0
    assert list(page.object_list) == []
    assert page.number == 1 and not page.has_next()
