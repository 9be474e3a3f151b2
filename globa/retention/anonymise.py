"""Anonymising a record whose time is up: identifiers and free text are removed, the coded
facts kept (sex, birth date, municipality, legal status, placements with their dates, kinds
and households, services with their dates, kinds and lengths, a case's stages and outcome,
assessments' ratings and scores, plans' goals' progress and actions' dates), so the figures
for past periods stay the same. A person's, household's or family's assessments and plans
go with their record; a staff member's have their own rules.

A completed assessment is locked in the database; its free text is removed through
``globa_anonymise_assessments``, which only the system role may run and which changes
nothing else. Rows that hold nothing but who someone is (a
child's relatives, a household's adults, documents and their files) are deleted.

The audit trail keeps its rows but forgets the identifying values of what was anonymised
(``globa_audit_forget``, which only the system role may run); the access log names records
by id only and keeps its rows as they are. Runs in a system scope (the background worker).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from globa.assessments.models import Answer, Assessment, DomainRating, Informant
from globa.carers.models import Candidate
from globa.cases.models import (
    Action,
    CaseChild,
    Conference,
    FamilyCase,
    Goal,
    StageEntry,
    TeamMember,
)
from globa.documents.models import Document
from globa.oncall.models import Contract, Respite
from globa.plans.models import Action as PlanAction
from globa.plans.models import Goal as PlanGoal
from globa.plans.models import GoalProgress, Plan
from globa.plans.models import Review as PlanReview
from globa.registry.models import (
    CarerHousehold,
    Child,
    HouseholdAdult,
    HouseholdOwnChild,
    Placement,
    Relative,
)
from globa.support.models import Delivery

ANONYMOUS = "Anonimizuota"
ANONYMOUS_FAMILY = "Anonimizuota šeima"
DOCUMENT_FIELDS = ["original_name", "description", "file", "sha256"]


def forget(model: type[Model], ids: Iterable[Any], fields: list[str]) -> int:
    """Make the audit trail forget these fields of these rows (all their changes)."""
    row_ids = [str(pk) for pk in ids]
    if not row_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT globa_audit_forget(%s, %s, %s)", [model._meta.db_table, row_ids, fields]
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _ids(rows: QuerySet[Any]) -> list[Any]:
    return list(rows.values_list("pk", flat=True))


def _documents(rows: QuerySet[Document]) -> int:
    """Delete documents with their files (once the transaction commits)."""
    found = list(rows)
    names = [(d.file.storage, d.file.name) for d in found]
    rows.delete()
    # After the delete, whose audit row holds the values too.
    forget(Document, [d.pk for d in found], DOCUMENT_FIELDS)
    for storage, name in names:
        transaction.on_commit(partial(storage.delete, name or ""))
    return len(found)


def _notes(rows: QuerySet[Any], model: type[Model], field: str = "notes") -> int:
    ids = _ids(rows)
    rows.update(**{field: ""})
    forget(model, ids, [field])
    return len(ids)


def _assessments(rows: QuerySet[Assessment]) -> dict[str, int]:
    """Their free text (summaries, comments, evidence, strengths, informants' names) and
    documents go; every rating and score stays."""
    ids = _ids(rows)
    if not ids:
        return {}
    documents = _documents(Document.objects.filter(assessment_id__in=ids))
    answers = _ids(Answer.objects.filter(assessment_id__in=ids))
    ratings = _ids(DomainRating.objects.filter(assessment_id__in=ids))
    informants = _ids(Informant.objects.filter(assessment_id__in=ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT globa_anonymise_assessments(%s::uuid[], %s)",
            [[str(pk) for pk in ids], ANONYMOUS],
        )
    forget(Assessment, ids, ["summary", "decision_note", "amendment_reason"])
    forget(Answer, answers, ["evidence"])
    forget(DomainRating, ratings, ["strengths"])
    forget(Informant, informants, ["name"])
    return {"assessments": len(ids), "assessment_documents": documents}


def _plans(rows: QuerySet[Plan]) -> dict[str, int]:
    """The words of goals, actions and reviews and the plans' documents go; the goals'
    progress, the actions' services and dates, the reviews' dates stay."""
    ids = _ids(rows)
    if not ids:
        return {}
    documents = _documents(Document.objects.filter(plan_id__in=ids))
    goals = _notes(PlanGoal.objects.filter(plan_id__in=ids), PlanGoal, "text")
    actions = PlanAction.objects.filter(plan_id__in=ids)
    action_ids = _ids(actions)
    # Someone stays responsible (a constraint): the placeholder where it was a name.
    actions.filter(responsible_user__isnull=True).update(responsible_name=ANONYMOUS)
    actions.filter(responsible_user__isnull=False).update(responsible_name="")
    actions.update(description="", done_note="")
    forget(PlanAction, action_ids, ["description", "done_note", "responsible_name"])
    _notes(PlanReview.objects.filter(plan_id__in=ids), PlanReview, "note")
    _notes(GoalProgress.objects.filter(review__plan_id__in=ids), GoalProgress, "note")
    return {
        "plans": len(ids),
        "plan_goals": goals,
        "plan_actions": len(action_ids),
        "plan_documents": documents,
    }


def child(record: Child) -> dict[str, int]:
    relatives = Relative.objects.filter(child=record)
    relative_ids = _ids(relatives)
    relatives.delete()
    forget(Relative, relative_ids, ["first_name", "last_name", "phone", "notes"])
    removed = {
        "relatives": len(relative_ids),
        "documents": _documents(Document.objects.filter(child=record))
        + _documents(Document.objects.filter(placement__child=record)),
        "placement_notes": _notes(Placement.objects.filter(child=record), Placement),
        "service_notes": _notes(Delivery.objects.filter(child=record), Delivery),
        **_assessments(Assessment.objects.filter(child=record)),
        **_plans(Plan.objects.filter(child=record)),
    }
    Child.objects.filter(pk=record.pk).update(
        first_name=ANONYMOUS,
        last_name="",
        personal_code=None,
        other_identifier=f"anon-{str(record.pk)[:8]}",
        other_identifier_country="",
        special_needs="",
        languages=[],
        support_extension_decision=ANONYMOUS if record.support_extended_until else "",
    )
    forget(
        Child,
        [record.pk],
        [
            "first_name",
            "last_name",
            "personal_code",
            "other_identifier",
            "other_identifier_country",
            "special_needs",
            "languages",
            "support_extension_decision",
            "search_name",
        ],
    )
    return removed


def household(record: CarerHousehold) -> dict[str, int]:
    adults = HouseholdAdult.objects.filter(household=record)
    adult_ids = _ids(adults)
    adults.delete()
    forget(
        HouseholdAdult,
        adult_ids,
        ["first_name", "last_name", "birth_date", "personal_code", "phone", "email"],
    )
    own = HouseholdOwnChild.objects.filter(household=record)
    own_ids = _ids(own)
    own.update(first_name="")
    forget(HouseholdOwnChild, own_ids, ["first_name"])
    removed = {
        "adults": len(adult_ids),
        "own_children_names": len(own_ids),
        "documents": _documents(Document.objects.filter(household=record))
        + _documents(Document.objects.filter(contract__household=record)),
        "contract_notes": _notes(Contract.objects.filter(household=record), Contract),
        "respite_reasons": _notes(
            Respite.objects.filter(contract__household=record), Respite, "reason"
        ),
        "service_notes": _notes(Delivery.objects.filter(household=record), Delivery),
        **_assessments(Assessment.objects.filter(household=record)),
    }
    CarerHousehold.objects.filter(pk=record.pk).update(
        name=ANONYMOUS_FAMILY, address="", languages=[]
    )
    forget(CarerHousehold, [record.pk], ["name", "address", "languages", "search_name"])
    return removed


def candidate(record: Candidate) -> dict[str, int]:
    Candidate.objects.filter(pk=record.pk).update(
        first_name=ANONYMOUS,
        last_name="",
        email="",
        phone="",
        question="",
        consent_text="",
        approval_number="",
    )
    forget(
        Candidate,
        [record.pk],
        [
            "first_name",
            "last_name",
            "email",
            "phone",
            "question",
            "consent_text",
            "approval_number",
        ],
    )
    return {"contact_details": 1, **_assessments(Assessment.objects.filter(candidate=record))}


def family_case(record: FamilyCase) -> dict[str, int]:
    removed = {
        "documents": _documents(Document.objects.filter(family_case=record)),
        "service_notes": _notes(Delivery.objects.filter(family_case=record), Delivery),
        "stage_notes": _notes(StageEntry.objects.filter(case=record), StageEntry, "note"),
        "conference_decisions": _notes(
            Conference.objects.filter(case=record), Conference, "decisions"
        ),
        "goals": _notes(Goal.objects.filter(case=record), Goal, "text"),
        "actions": _notes(Action.objects.filter(case=record), Action, "description"),
        **_assessments(Assessment.objects.filter(family_case=record)),
    }
    _notes(Action.objects.filter(case=record), Action, "done_note")
    children = CaseChild.objects.filter(case=record)
    child_ids = _ids(children)
    # The link to the child's registry record says who the child was, as the name does.
    children.update(first_name=ANONYMOUS, last_name="", registry_child=None)
    forget(CaseChild, child_ids, ["first_name", "last_name", "registry_child_id"])
    members = TeamMember.objects.filter(case=record)
    member_ids = _ids(members)
    members.update(name=ANONYMOUS, contact="")
    forget(TeamMember, member_ids, ["name", "contact"])
    removed["children_names"] = len(child_ids)
    removed["team_contacts"] = len(member_ids)
    FamilyCase.objects.filter(pk=record.pk).update(
        family_name=ANONYMOUS_FAMILY,
        address="",
        phone="",
        referral_reason="",
        outcome_notes="",
    )
    forget(
        FamilyCase,
        [record.pk],
        ["family_name", "address", "phone", "referral_reason", "outcome_notes"],
    )
    return removed


def staff_assessment(record: Assessment) -> dict[str, int]:
    """A staff member's assessment whose time is up: as a person's assessments are. The
    link to the staff member's account stays (accounts are kept as long as the staff
    register is)."""
    return _assessments(Assessment.objects.filter(pk=record.pk))


def development_plan(record: Plan) -> dict[str, int]:
    return _plans(Plan.objects.filter(pk=record.pk))


KINDS = {
    "child": (Child, child),
    "household": (CarerHousehold, household),
    "candidate": (Candidate, candidate),
    "family_case": (FamilyCase, family_case),
    "assessment": (Assessment, staff_assessment),
    "plan": (Plan, development_plan),
}
