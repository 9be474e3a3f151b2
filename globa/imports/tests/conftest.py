from __future__ import annotations

from typing import Any

import pytest

from globa.registry.tests.conftest import english, world

__all__ = ["english", "world"]


@pytest.fixture(autouse=True)
def eager_tasks(settings: Any) -> None:
    """Background tasks run at once, in the request, so the tests see their result."""
    settings.GLOBA_TASKS_EAGER = True
