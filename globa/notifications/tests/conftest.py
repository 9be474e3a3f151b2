from typing import Any

import pytest

from globa.cases.tests.conftest import cases_world
from globa.registry.tests.conftest import english, world

__all__ = ["cases_world", "english", "world"]


@pytest.fixture(autouse=True)
def eager_tasks(settings: Any) -> None:
    """The e-mails' task runs at once (once the act's transaction commits)."""
    settings.GLOBA_TASKS_EAGER = True
