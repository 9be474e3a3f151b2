from globa.cases.tests.conftest import cases_world
from globa.registry.tests.conftest import english, world

__all__ = ["cases_world", "english", "world"]
