"""The access functions of plans.

A child's service plan is seen and changed by those who work on the child (the centre's
managers and specialists, the coordinator of the household the child lives with), as the
child's assessments are. A staff member's development plan is seen by them and their
managers, and changed by the managers. An outsider gets 404; someone who sees a plan but may
not change it gets 403.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_change, scope_for
from globa.audit import services as audit
from globa.core.views import uuid_or_404
from globa.plans.models import Action, Plan
from globa.registry.models import Child, CoordinatorAssignment, Placement
from globa.support import permissions as support_permissions


def can_change(user: User, plan: Plan) -> bool:
    if plan.child_id is not None:
        assert isinstance(plan.child, Child)
        return support_permissions.can_record_for_child(user, plan.child)
    return scope_for(user).manages(plan.organisation_id) and plan.staff_id != user.pk


def access_plan(user: User, plan_id: str | uuid.UUID, *, write: bool = False) -> Plan:
    plan = (
        Plan.objects.filter(pk=uuid_or_404(plan_id))
        .select_related("child", "staff", "organisation", "assessment", "responsible")
        .first()
    )
    if plan is None or not can_see(user, plan):
        raise Http404
    if write:
        require_change(can_change(user, plan) and plan.status == "active")
    audit.record_view(by=user, record=plan, what=audit.EDIT if write else audit.VIEW)
    return plan


def can_see(user: User, plan: Plan) -> bool:
    scope = scope_for(user)
    if plan.staff_id is not None:
        return plan.staff_id == user.pk or scope.manages(plan.organisation_id)
    assert isinstance(plan.child, Child)
    return support_permissions.can_record_for_child(user, plan.child)


def access_action(user: User, plan: Plan, action_id: str | uuid.UUID) -> Action:
    action = plan.actions.filter(pk=uuid_or_404(action_id)).select_related("goal").first()
    if action is None:
        raise Http404
    return action


def can_start_for_child(user: User, child: Child) -> bool:
    return support_permissions.can_record_for_child(user, child)


def can_start_for_staff(user: User, person: User, organisation_id: int) -> bool:
    return scope_for(user).manages(organisation_id) and person.pk != user.pk


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """``can_see`` as one condition, for lists: a child's plans for the centre's managers and
    specialists and the coordinator of the household the child lives with (or any of the
    centre's coordinators while the child lives with none); a development plan for its
    staff member and their managers."""
    scope = scope_for(user)
    whole_centre = sorted(scope.org_ids_with(Role.CENTRE_MANAGER, Role.SPECIALIST))
    coordinating = sorted(scope.org_ids_with(Role.COORDINATOR))
    found = Q(subject_kind="staff", staff_id=user.pk) | Q(
        subject_kind="staff", organisation_id__in=sorted(scope.managed_centre_ids)
    )
    if whole_centre:
        found |= Q(subject_kind="child", organisation_id__in=whole_centre)
    if coordinating:
        mine = CoordinatorAssignment.objects.filter(
            coordinator_id=user.pk, ended_on__isnull=True
        ).values("household_id")
        lives_with_mine = Exists(
            Placement.objects.filter(
                child_id=OuterRef("child_id"), ended_on__isnull=True, household_id__in=mine
            )
        )
        lives_with_a_household = Exists(
            Placement.objects.filter(
                child_id=OuterRef("child_id"), ended_on__isnull=True, household__isnull=False
            )
        )
        found |= Q(subject_kind="child", organisation_id__in=coordinating) & (
            lives_with_mine | ~lives_with_a_household
        )
    return Plan.objects.filter(found)
