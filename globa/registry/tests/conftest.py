from collections.abc import Iterator

import pytest
from django.utils import translation

from globa.testing import World


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Service messages are asserted in English; pages set their own language per request."""
    with translation.override("en"):
        yield
