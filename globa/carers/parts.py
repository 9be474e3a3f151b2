"""Parts that apps built on the carer journey add to a person's page in the pipeline.

The journey comes first: GIMK training knows the people of the pipeline, the pipeline knows
nothing of training. Training still shows a person's groups on their page: it adds a part
here when Django loads it (``TrainingConfig.ready``), and the person's page shows every part
added, each a template with its context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from globa.carers.models import Candidate


@dataclass(frozen=True)
class Part:
    template: str
    context: dict[str, Any]


PersonPart = Callable[[Candidate], Part | None]

_person_parts: list[PersonPart] = []


def add_person_part(part: PersonPart) -> None:
    """Show a part on every person's page (called once, from an app's ``ready``)."""
    if part not in _person_parts:
        _person_parts.append(part)


def person_parts(candidate: Candidate) -> list[Part]:
    """The parts other apps show for the person, in the order they were added; a part with
    nothing to show gives None and is left out."""
    found = (make(candidate) for make in _person_parts)
    return [part for part in found if part is not None]
