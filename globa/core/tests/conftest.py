from globa.registry.tests.conftest import english, world

__all__ = ["english", "world"]
