import pytest

from globa.testing import World


@pytest.fixture
def world(db: None) -> World:
    return World()
