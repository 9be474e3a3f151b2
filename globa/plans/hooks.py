"""What plans add to other apps' pages: the goals an assessment proposes (on its result
page), a child's service plan (on their page), a staff member's development plan, and the
case help plan's PDF."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.core.parts import Part, add_part


def proposals_part(user: User, assessment: models.Model) -> Part | None:
    from globa.assessments import permissions as assessment_permissions
    from globa.assessments.models import Assessment, SubjectKind
    from globa.plans.selectors import active_plan, proposals

    assert isinstance(assessment, Assessment)
    if assessment.subject_kind not in (SubjectKind.FAMILY, SubjectKind.CHILD, SubjectKind.STAFF):
        return None
    if not assessment.is_done:
        return None
    subject = assessment_permissions.subject_of(assessment)
    can_accept = assessment_permissions.can_assess(user, subject, assessment.organisation_id)
    plan_url = ""
    if assessment.subject_kind == SubjectKind.FAMILY:
        target = _(
            "Accepted goals go into the case's help plan, each linked to the need that raised it."
        )
        plan_url = reverse("cases:case", kwargs={"case_id": assessment.family_case_id}) + "#h-plan"
    else:
        field = "child" if assessment.subject_kind == SubjectKind.CHILD else "staff"
        plan = active_plan(**{field: assessment.subject_id})
        target = (
            _("Accepted goals go into the plan in force, each linked to the need that raised it.")
            if plan
            else _("Accepting goals starts the plan, each goal linked to the need that raised it.")
        )
        plan_url = reverse("plans:plan", kwargs={"plan_id": plan.pk}) if plan else ""
    return Part(
        "plans/_proposals.html",
        {
            "assessment": assessment,
            "proposals": proposals(assessment),
            "can_accept": can_accept,
            "target": target,
            "plan_url": plan_url,
        },
    )


def child_plan_part(user: User, child: models.Model) -> Part | None:
    from globa.plans import permissions
    from globa.plans.selectors import plans_of
    from globa.support.permissions import can_record_for_child

    if not can_record_for_child(user, child):  # type: ignore[arg-type]
        return None
    plans = plans_of(child=child)
    current = next((p for p in plans if p.status == "active"), None)
    return Part(
        "plans/_subject_plan.html",
        {
            "kind": "child",
            "title": _("Individual service plan"),
            "plan": current,
            "goals": current.goals.count() if current else 0,
            "closed": [p for p in plans if p.status != "active"],
            "start_url": reverse("plans:start_child", kwargs={"child_id": child.pk})
            if permissions.can_start_for_child(user, child)  # type: ignore[arg-type]
            else "",
        },
    )


def staff_plan_part(user: User, person: models.Model) -> Part | None:
    from globa.accounts.selectors import scope_for
    from globa.plans.selectors import plans_of

    assert isinstance(person, User)
    plans = [
        p
        for p in plans_of(staff=person)
        if p.staff_id == user.pk or scope_for(user).manages(p.organisation_id)
    ]
    current = next((p for p in plans if p.status == "active"), None)
    manages = person.pk != user.pk and bool(scope_for(user).managed_centre_ids)
    return Part(
        "plans/_subject_plan.html",
        {
            "kind": "staff",
            "title": _("Development plan"),
            "plan": current,
            "goals": current.goals.count() if current else 0,
            "closed": [p for p in plans if p.status != "active"],
            "start_url": reverse("plans:start_staff", kwargs={"staff_id": person.uuid})
            if manages
            else "",
        },
    )


def case_pdf_part(user: User, case: models.Model) -> Part | None:
    return Part("plans/_case_pdf.html", {"case": case})


def connect() -> None:
    """Called once, from ``PlansConfig.ready``."""
    add_part("assessment", proposals_part)
    add_part("child_assessments", child_plan_part)
    add_part("staff", staff_plan_part)
    add_part("case", case_pdf_part)
