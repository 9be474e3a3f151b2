from __future__ import annotations

from typing import Any

import pytest

from globa.accounts.models import Role
from globa.cases.tests.conftest import cases_world
from globa.registry.tests.conftest import english, world
from globa.testing import World, member

__all__ = ["cases_world", "english", "world"]


@pytest.fixture
def dpo_world(cases_world: World, settings: Any, tmp_path: Any) -> World:
    """The usual world with Dora, the data protection officer of centre A, and Bruno, the
    manager of centre B."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    world = cases_world
    world.dora = member(  # type: ignore[attr-defined]
        Role.DATA_PROTECTION_OFFICER, world.centre_a, first_name="Dora", last_name="Duomenytė"
    )
    world.bruno = member(  # type: ignore[attr-defined]
        Role.CENTRE_MANAGER, world.centre_b, first_name="Bruno", last_name="Kaunietis"
    )
    return world
