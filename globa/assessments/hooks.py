"""What assessments add to the apps below them: a part on the pages of the people, families
and households assessed, and the checks the case stages and the carer pipeline ask.

- A case's "needs assessment" stage is done when the family's assessment is completed: the
  case moves on to the help plan only then. A case that closes with the children staying in
  the family, after an assessment at intake, asks for the assessment at closure, so that what
  changed is recorded.
- The pipeline's suitability stage records the suitability assessment: a person is approved
  only once one is completed, and the approval (or leaving as not suitable) links to it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.assessments import permissions, selectors
from globa.assessments.models import DONE, Assessment, SubjectKind, Timepoint
from globa.core.parts import Part, add_check, add_part


def _done(**subject: Any) -> models.QuerySet[Assessment]:
    return selectors.current(Assessment.objects.filter(status__in=DONE, **subject))


def _compact_change(kind: str, subject: Any) -> dict[str, Any]:
    from globa.assessments.views import change_charts

    change = selectors.latest_change(kind, subject)
    if change is None:
        return {}
    return {"change": change, "change_charts": change_charts(change, prefix=f"{kind}-")}


def subject_section(user: User, kind: str, subject: Any) -> dict[str, Any]:
    """The subject's assessments, their change over time and, for a case in its needs
    assessment stage, what it waits for: the section the subject's page loads."""
    from globa.cases.models import FamilyCase, Stage

    assessments = selectors.of_subject(user, kind, subject)
    hint = ""
    if isinstance(subject, FamilyCase):
        if subject.stage == Stage.NEEDS_ASSESSMENT and not any(
            a.is_done and not getattr(a, "amended", False) for a in assessments
        ):
            hint = _("Complete the family's assessment: the case then goes on to the help plan.")
        elif subject.stage == Stage.REVIEW:
            hint = _("Reassess the family at review, or at closure when the work ends.")
    starts: dict[str, tuple[str, str]] = {
        SubjectKind.FAMILY: ("assessments:start_family", "case_id"),
        SubjectKind.CHILD: ("assessments:start_child", "child_id"),
        SubjectKind.HOUSEHOLD: ("assessments:start_household", "household_id"),
    }
    start = starts[kind]
    return {
        "assessments": assessments,
        "can_start": permissions.can_assess(user, subject),
        "start_url": reverse(start[0], kwargs={start[1]: subject.pk}),
        "hint": hint,
        **(_compact_change(kind, subject) if len(assessments) > 1 else {}),
    }


def _lazy(kind: str, url: str) -> Part:
    """A placeholder the page fills after loading (the section costs the page no query)."""
    return Part("assessments/_lazy.html", {"url": url, "kind": kind})


def case_part(user: User, case: models.Model) -> Part | None:
    return _lazy("family", reverse("assessments:of_family", kwargs={"case_id": case.pk}))


def child_part(user: User, child: models.Model) -> Part | None:
    return _lazy("child", reverse("assessments:of_child", kwargs={"child_id": child.pk}))


def household_part(user: User, household: models.Model) -> Part | None:
    return _lazy(
        "household", reverse("assessments:of_household", kwargs={"household_id": household.pk})
    )


def candidate_part(user: Any, candidate: Any) -> Part:
    assessments = list(
        Assessment.objects.filter(candidate=candidate)
        .select_related("instrument_version__instrument", "assessor")
        .defer("instrument_version__content")
        .order_by("-assessed_on")
    )
    return Part(
        "assessments/_candidate_part.html",
        {
            "assessments": assessments,
            "start_url": reverse("assessments:start_carer", kwargs={"candidate_id": candidate.pk}),
        },
    )


# Checks ------------------------------------------------------------------------------------


def case_advance_check(*, case: Any, to: str, outcome: str) -> None:
    from globa.cases.models import Outcome, Stage

    if (
        case.stage == Stage.NEEDS_ASSESSMENT
        and to == Stage.HELP_PLAN
        and not _done(family_case=case).exists()
    ):
        raise ValidationError(
            {
                "to": _(
                    "The needs assessment is done when the family's assessment is "
                    "completed: complete it first (Assessments, on the case page)."
                )
            }
        )
    if to == Stage.CLOSURE and outcome == Outcome.STAYED:
        done = _done(family_case=case)
        if done.exists() and not done.filter(timepoint=Timepoint.CLOSURE).exists():
            raise ValidationError(
                {
                    "outcome": _(
                        "The family was assessed: complete its assessment at closure first, "
                        "so that what changed is recorded."
                    )
                }
            )


def carer_move_check(*, candidate: Any, move: Any) -> Assessment | None:
    from globa.carers.models import ExitReason, Stage
    from globa.carers.services import is_back

    if move.to == Stage.APPROVAL and not is_back(candidate, move.to):
        latest = _done(candidate=candidate).order_by("-assessed_on", "-completed_at").first()
        if latest is None:
            raise ValidationError(
                {"to": _("Complete the suitability assessment first: the approval rests on it.")}
            )
        return latest
    if move.to == Stage.EXITED and move.exit_reason == ExitReason.NOT_SUITABLE:
        return _done(candidate=candidate).order_by("-assessed_on", "-completed_at").first()
    return None


def connect() -> None:
    """Called once, from ``AssessmentsConfig.ready``."""
    add_part("case", case_part)
    add_part("child", child_part)
    add_part("household", household_part)
    add_part("candidate", candidate_part)
    add_check("cases.advance", case_advance_check)
    add_check("carers.move", carer_move_check)
