"""Test database set-up: created and migrated by the owner role, used by the application role.

The tests therefore run under the same row-level security as production: a query without
a scope sees nothing, and test data is written in an explicit system scope.
"""

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        owner = connections["owner"]
        default = connections["default"]
        original = owner.settings_dict["NAME"]
        # One test database per run, so that runs side by side never share one.
        owner.settings_dict["TEST"] = {
            **owner.settings_dict.get("TEST", {}),
            "NAME": f"test_{original}_{os.getpid()}",
        }
        test_name = owner.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        default.close()
        default.close_pool()
        for alias in ("default", "owner"):
            connections[alias].settings_dict["NAME"] = test_name
            settings.DATABASES[alias]["NAME"] = test_name
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        default.close()
        default.close_pool()
        owner.creation.destroy_test_db(original, verbosity=0)


from globa.testing_browser import page, server  # noqa: E402  (browser fixtures, for every app)

__all__ = ["page", "server"]
