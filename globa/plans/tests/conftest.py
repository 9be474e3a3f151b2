from globa.assessments.tests.conftest import case, placed_child
from globa.cases.tests.conftest import cases_world
from globa.registry.tests.conftest import english, world

__all__ = ["case", "cases_world", "english", "placed_child", "world"]
