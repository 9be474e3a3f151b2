"""What case management adds to the pages of the registry below it (``globa.core.parts``)."""

from __future__ import annotations

from typing import Any

from globa.accounts.models import User
from globa.cases.selectors import cases_of_registry_child
from globa.core.parts import Part, add_part


def child_part(user: User, child: Any) -> Part | None:
    """On a child's page: the cases of the child's family that the user works with (none:
    nothing is shown, not even that there are cases the user may not see)."""
    cases = cases_of_registry_child(user, child)
    if not cases:
        return None
    return Part("cases/_child_part.html", {"cases": cases})


def connect() -> None:
    """Called once, from ``CasesConfig.ready``."""
    add_part("child", child_part)
