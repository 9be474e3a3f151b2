from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def eager_tasks(settings: Any) -> None:
    """Background exports run at once, in the request, so the tests see their result."""
    settings.GLOBA_TASKS_EAGER = True
