import pytest

from globa.accounts.models import Role
from globa.registry.tests.conftest import english, world
from globa.testing import World, member

__all__ = ["cases_world", "english", "world"]


@pytest.fixture
def cases_world(world: World) -> World:
    """The usual world, with two case managers in centre A: Vaida leads the cases, Tomas
    works there too (sees the organisation's cases, changes only his own)."""
    world.vaida = member(Role.CASE_MANAGER, world.centre_a, first_name="Vaida", last_name="Vadybė")  # type: ignore[attr-defined]
    world.tomas = member(Role.CASE_MANAGER, world.centre_a, first_name="Tomas", last_name="Kitas")  # type: ignore[attr-defined]
    return world
