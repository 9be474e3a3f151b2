"""Settings a centre may keep its own of (stage norms, matching weights): rows without a
centre are the defaults, the centre's own rows override them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def centre_settings(model: Any, centre_id: int, key: str, value: str) -> dict[str, int]:
    """A setting per key for the centre: its own row where it has one, else the default."""
    rows = model.objects.filter(Q(centre_id=centre_id) | Q(centre__isnull=True)).values_list(
        "centre_id", key, value
    )
    found: dict[str, int] = {}
    for _centre, name, setting in sorted(rows, key=lambda r: r[0] is not None):
        found[name] = setting
    return found
