"""The access functions of assessments.

Who sees an assessment is who works on the person, family or household it is of, in the
organisation responsible for them, and that organisation's managers:

- a family's (early intervention): whoever sees the case (its organisation's case managers
  and managers); a case is assessed by those who may change it;
- a child's: the centre's managers and specialists, and the coordinator of the household
  the child lives with (or any coordinator of the centre while the child lives with none);
- a prospective carer's: everyone who works with the centre's pipeline;
- a carer household's: the centre's managers and specialists, and its coordinator;
- a staff member's: the organisation's managers, and the person once it is completed.

The assessor always sees their own while they still work there. A draft is changed by its
assessor or a manager of the organisation; someone else who sees it gets 403. A manager who
is not the assessor approves it or returns it. Evidence noted in a domain the instrument
marks restricted (psychological content) is read by its author and the organisation's
specialists only, as restricted service notes are.
"""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from globa.accounts.models import Membership, Role, User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.assessments.models import DONE, Answer, Assessment, SubjectKind
from globa.audit import services as audit
from globa.carers import permissions as carer_permissions
from globa.carers.models import Candidate
from globa.cases import permissions as case_permissions
from globa.cases.models import FamilyCase
from globa.core.views import uuid_or_404
from globa.registry import permissions as registry_permissions
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment, Placement
from globa.support import permissions as support_permissions

Subject = FamilyCase | Child | Candidate | CarerHousehold | User


def kind_of(subject: Subject) -> str:
    if isinstance(subject, FamilyCase):
        return SubjectKind.FAMILY
    if isinstance(subject, Child):
        return SubjectKind.CHILD
    if isinstance(subject, Candidate):
        return SubjectKind.CARER
    if isinstance(subject, CarerHousehold):
        return SubjectKind.HOUSEHOLD
    return SubjectKind.STAFF


def organisation_of(subject: Subject, staff_org: int | None = None) -> int:
    """The organisation responsible for the subject (a staff member's: the one given)."""
    if isinstance(subject, FamilyCase):
        return subject.organisation_id
    if isinstance(subject, (Child, Candidate, CarerHousehold)):
        return subject.centre_id
    assert staff_org is not None
    return staff_org


def can_assess(user: User, subject: Subject, staff_org: int | None = None) -> bool:
    """Start an assessment of the subject (and change one's own drafts of it)."""
    scope = scope_for(user)
    if isinstance(subject, FamilyCase):
        return case_permissions.can_edit_case(user, subject) and not subject.is_closed
    if isinstance(subject, Child):
        return support_permissions.can_record_for_child(user, subject)
    if isinstance(subject, Candidate):
        return scope.works_with_registry(subject.centre_id)
    if isinstance(subject, CarerHousehold):
        return support_permissions.can_record_for_household(user, subject)
    return (
        staff_org is not None and scope.manages(staff_org) and staff_org in staff_orgs_of(subject)
    )


def staff_orgs_of(person: User) -> set[int]:
    return set(
        Membership.objects.filter(user=person, is_active=True).values_list(
            "organisation_id", flat=True
        )
    )


def subject_of(assessment: Assessment) -> Subject:
    subject = assessment.subject
    assert isinstance(subject, (FamilyCase, Child, Candidate, CarerHousehold, User))
    return subject


def can_edit(user: User, assessment: Assessment) -> bool:
    """Change a draft (or one returned for correction): its assessor, while they may still
    assess the subject, and the organisation's managers."""
    if not assessment.is_open:
        return False
    scope = scope_for(user)
    if scope.manages(assessment.organisation_id):
        return True
    return assessment.assessor_id == user.pk and can_assess(
        user, subject_of(assessment), assessment.organisation_id
    )


def can_decide(user: User, assessment: Assessment) -> bool:
    """Approve or return a completed assessment: a manager of the organisation who did not
    make it."""
    return (
        assessment.status == "completed"
        and scope_for(user).manages(assessment.organisation_id)
        and assessment.assessor_id != user.pk
    )


def can_amend(user: User, assessment: Assessment) -> bool:
    """Correct a completed or approved assessment by an amendment: its assessor, while they
    may assess the subject, and the organisation's managers."""
    if not assessment.is_done:
        return False
    if scope_for(user).manages(assessment.organisation_id):
        return True
    return assessment.assessor_id == user.pk and can_assess(
        user, subject_of(assessment), assessment.organisation_id
    )


def reads_restricted(user: User, assessment: Assessment, answer: Answer) -> bool:
    """Evidence in a restricted domain: its author and the organisation's specialists."""
    return (
        not answer.restricted
        or answer.written_by_id == user.pk
        or scope_for(user).is_specialist(assessment.organisation_id)
    )


def visible_filter(user: User) -> Q:
    """The assessments the user may see, as one condition (see the module's docstring); only
    the branches of the user's own roles are built, as the condition is costly to compile."""
    scope = scope_for(user)
    every = sorted(scope.roles_by_org)
    whole_centre = sorted(scope.org_ids_with(Role.CENTRE_MANAGER, Role.SPECIALIST))
    coordinating = sorted(scope.org_ids_with(Role.COORDINATOR))
    found = Q(assessor_id=user.pk, organisation_id__in=every) | Q(
        subject_kind=SubjectKind.STAFF, staff_id=user.pk, status__in=DONE
    )
    if scope.case_org_ids:
        found |= Q(subject_kind=SubjectKind.FAMILY, organisation_id__in=sorted(scope.case_org_ids))
    if scope.registry_org_ids:
        found |= Q(
            subject_kind=SubjectKind.CARER, organisation_id__in=sorted(scope.registry_org_ids)
        )
    if whole_centre:
        found |= Q(subject_kind__in=[SubjectKind.CHILD, SubjectKind.HOUSEHOLD]) & Q(
            organisation_id__in=whole_centre
        )
    if scope.managed_centre_ids:
        found |= Q(
            subject_kind=SubjectKind.STAFF, organisation_id__in=sorted(scope.managed_centre_ids)
        )
    if coordinating:
        coordinated_households = CoordinatorAssignment.objects.filter(
            coordinator_id=user.pk, ended_on__isnull=True
        ).values("household_id")
        lives_with_mine = Exists(
            Placement.objects.filter(
                child_id=OuterRef("child_id"),
                ended_on__isnull=True,
                household_id__in=coordinated_households,
            )
        )
        lives_with_a_household = Exists(
            Placement.objects.filter(
                child_id=OuterRef("child_id"), ended_on__isnull=True, household__isnull=False
            )
        )
        found |= Q(subject_kind=SubjectKind.CHILD, organisation_id__in=coordinating) & (
            lives_with_mine | ~lives_with_a_household
        )
        found |= Q(
            subject_kind=SubjectKind.HOUSEHOLD,
            organisation_id__in=coordinating,
            household_id__in=coordinated_households,
        )
    return found


def can_see(user: User, assessment: Assessment) -> bool:
    """``visible_filter`` for one assessment already read (at most one query)."""
    scope = scope_for(user)
    org = assessment.organisation_id
    kind = assessment.subject_kind
    if assessment.assessor_id == user.pk and org in scope.roles_by_org:
        return True
    if kind == SubjectKind.FAMILY:
        return scope.works_with_cases(org)
    if kind == SubjectKind.CARER:
        return scope.works_with_registry(org)
    if kind == SubjectKind.STAFF:
        return scope.manages(org) or (assessment.staff_id == user.pk and assessment.is_done)
    if scope.manages(org) or scope.is_specialist(org):
        return True
    if not scope.coordinates_in(org):
        return False
    if kind == SubjectKind.HOUSEHOLD:
        return CoordinatorAssignment.objects.filter(
            household_id=assessment.household_id, coordinator_id=user.pk, ended_on__isnull=True
        ).exists()
    current = (
        Placement.objects.filter(child=assessment.child_id, ended_on__isnull=True)
        .values_list("household_id", flat=True)
        .first()
    )
    return (
        current is None
        or CoordinatorAssignment.objects.filter(
            household_id=current, coordinator_id=user.pk, ended_on__isnull=True
        ).exists()
    )


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(visible_filter(user))


def access_assessment(
    user: User,
    assessment_id: str | uuid.UUID,
    *,
    write: bool = False,
    decide: bool = False,
    amend: bool = False,
) -> Assessment:
    """The assessment, if the user may see it (else 404); with ``write`` they must be able
    to change the draft, with ``decide`` to approve or return it, with ``amend`` to correct
    it (else 403). Handing it to a page is logged as a view of it."""
    # Few joins: the planning of a query joining every possible subject costs more than
    # reading the one subject the assessment has afterwards.
    assessment = (
        Assessment.objects.select_related(
            "instrument_version__instrument", "assessor", "decided_by"
        )
        # The amendment that took its place, if any (the page links to it).
        .annotate(
            amended_by=Subquery(
                Assessment.objects.filter(amends=OuterRef("pk"), status__in=DONE).values("pk")[:1]
            )
        )
        # A version's content is read once per process (``registry.definition_of``).
        .defer("instrument_version__content")
        .filter(pk=uuid_or_404(assessment_id))
        .first()
    )
    # Row-level security has already kept out other organisations' assessments.
    if assessment is None or not can_see(user, assessment):
        raise Http404
    if write:
        require_change(can_edit(user, assessment))
    if decide:
        require_change(can_decide(user, assessment))
    if amend:
        require_change(can_amend(user, assessment))
    audit.record_view(
        by=user, record=assessment, what=audit.EDIT if write or decide or amend else audit.VIEW
    )
    return assessment


# The subjects, through the access functions of the apps that own them -----------------------


def access_staff_member(user: User, staff_id: str | uuid.UUID) -> tuple[User, list[int]]:
    """A staff member whose assessments and plans the user may see: themself, or someone
    of an organisation they manage (404 otherwise); with the organisations that apply."""
    person = User.objects.filter(uuid=uuid_or_404(staff_id), is_active=True).first()
    if person is None:
        raise Http404
    orgs = staff_orgs_of(person)
    if person.pk == user.pk:
        return person, sorted(orgs)
    managed = sorted(orgs & scope_for(user).managed_centre_ids)
    if not managed:
        raise Http404
    return person, managed


def access_subject(user: User, kind: str, subject_id: str, *, write: bool = False) -> Subject:
    """The person, family or household to assess, through its own app's access function
    (404 for an outsider, its view logged); with ``write``, 403 unless the user may assess
    them."""
    subject: Subject
    if kind == SubjectKind.FAMILY:
        subject = case_permissions.access_case(user, subject_id)
    elif kind == SubjectKind.CHILD:
        subject = registry_permissions.access_child(user, subject_id)
    elif kind == SubjectKind.CARER:
        subject = carer_permissions.access_candidate(user, subject_id)
    elif kind == SubjectKind.HOUSEHOLD:
        subject = registry_permissions.access_household(user, subject_id)
    else:
        raise Http404
    if write:
        require_change(can_assess(user, subject))
    return subject


def access_assessments(user: User) -> None:
    """The assessments pages: 403 for a role that works with nobody's records."""
    scope = scope_for(user)
    require_page(bool(scope.registry_org_ids or scope.case_org_ids))
