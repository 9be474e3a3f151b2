from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English here; the pages are tested in Lithuanian too."""
    with translation.override("en"):
        yield
