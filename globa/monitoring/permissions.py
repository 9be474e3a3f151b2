"""Who sees which figures. A centre manager: their centre, exact. A municipality officer:
their municipality, every centre and provider in it, exact (figures only, no record). A
national monitor: the country by county and municipality, under disclosure control. The
public: the national figures, under disclosure control. Anyone else: not their page (403);
an area that is not theirs: 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from globa.accounts.models import Role, User
from globa.accounts.selectors import require_change, require_page, scope_for
from globa.core.views import uuid_or_404
from globa.monitoring.compute import CENTRE, COUNTRY, MUNICIPALITY, Area
from globa.monitoring.models import (
    Export,
    ReviewAction,
    ReviewVisit,
    SurveyRound,
    TransformationMilestone,
    TransformationPlan,
)
from globa.organisations.models import County, Organisation

# The organisations whose carers answer the satisfaction survey.
SURVEY_KINDS = (Organisation.Kind.CARE_CENTRE,)

MONITORING_ROLES = frozenset(
    {Role.CENTRE_MANAGER, Role.MUNICIPALITY_OFFICER, Role.NATIONAL_MONITOR}
)


@dataclass(frozen=True)
class View:
    """An area the reader may open, how its figures are broken down by place, and whether
    they are exact or pass disclosure control."""

    area: Area
    name: str
    by: str | None  # rows per centre or municipality; None: the area as one
    exact: bool
    county: County | None = None  # a national view narrowed to a county's municipalities

    @property
    def key(self) -> str:
        return f"{self.area.level}-{self.area.id or 0}"


def views_for(user: User) -> list[View]:
    """Every dashboard the user may open, the first one theirs by default."""
    scope = scope_for(user)
    found: list[View] = []
    if scope.has_role(Role.NATIONAL_MONITOR):
        found.append(national())
    municipalities = scope.org_ids_with(Role.MUNICIPALITY_OFFICER)
    for org in Organisation.objects.filter(
        pk__in=municipalities, kind=Organisation.Kind.MUNICIPALITY
    ).order_by("name"):
        found.append(View(Area(MUNICIPALITY, org.pk), org.name, CENTRE, exact=True))
    for org in Organisation.objects.filter(pk__in=scope.managed_centre_ids).order_by("name"):
        found.append(View(Area(CENTRE, org.pk), org.name, None, exact=True))
    return found


def national(county: County | None = None) -> View:
    """The country by municipality (or one county's municipalities), under disclosure
    control."""
    return View(Area(COUNTRY), _("Lithuania"), MUNICIPALITY, exact=False, county=county)


def public(county: str = "") -> View:
    """The public figures: the country, or one county's municipalities (an unknown county:
    the country)."""
    chosen = County.objects.filter(pk=int(county)).first() if county.isdigit() else None
    return national(chosen)


def may_monitor(user: User) -> bool:
    return bool(scope_for(user).roles & MONITORING_ROLES)


def access_view(user: User, level: str, area_id: int | None, county: str = "") -> View:
    """The dashboard of the area for this user: 403 for a role without figures, 404 for an
    area that is not theirs (or does not exist)."""
    require_page(may_monitor(user))
    for view in views_for(user):
        if view.area.level != level or (view.area.id or None) != (area_id or None):
            continue
        if level == COUNTRY and county:
            try:
                chosen = County.objects.get(pk=int(county))
            except (ValueError, County.DoesNotExist) as error:
                raise Http404 from error
            return national(chosen)
        return view
    raise Http404


def access_export(user: User, export_id: str) -> Export:
    """The user's own export, while their role still gives figures; anyone else's is not
    found."""
    require_page(may_monitor(user))
    try:
        return Export.objects.get(pk=uuid_or_404(export_id), requested_by=user)
    except Export.DoesNotExist as error:
        raise Http404 from error


# Institution transformation: recorded by the national monitor (every institution) and by the
# municipality officer of the institution's municipality (its institutions only).
TRANSFORMATION_ROLES = frozenset({Role.MUNICIPALITY_OFFICER, Role.NATIONAL_MONITOR})


def may_track_transformation(user: User) -> bool:
    return bool(scope_for(user).roles & TRANSFORMATION_ROLES)


def transformation_institutions(user: User) -> QuerySet[Organisation]:
    """The institutions whose transformation the user records (none without the role)."""
    scope = scope_for(user)
    found = Organisation.objects.filter(kind=Organisation.Kind.INSTITUTION)
    if scope.has_role(Role.NATIONAL_MONITOR):
        return found
    return found.filter(municipality_id__in=scope.org_ids_with(Role.MUNICIPALITY_OFFICER))


def tracks_institution(user: User, institution: Organisation) -> bool:
    return transformation_institutions(user).filter(pk=institution.pk).exists()


def access_transformation_plan(user: User, plan_id: int) -> TransformationPlan:
    """The plan of an institution the user records: 403 for a role that records none, 404
    for another municipality's (or no such plan)."""
    require_page(may_track_transformation(user))
    try:
        return TransformationPlan.objects.select_related("institution__municipality").get(
            pk=plan_id, institution__in=transformation_institutions(user)
        )
    except TransformationPlan.DoesNotExist as error:
        raise Http404 from error


def access_milestone(user: User, plan_id: int, milestone_id: int) -> TransformationMilestone:
    plan = access_transformation_plan(user, plan_id)
    try:
        return plan.milestones.select_related("plan__institution").get(pk=milestone_id)
    except TransformationMilestone.DoesNotExist as error:
        raise Http404 from error


# The carer satisfaction survey -------------------------------------------------------------


def survey_centres(user: User) -> list[Organisation]:
    """The centres whose surveys the user runs: a centre manager their own, a national
    monitor every care centre."""
    scope = scope_for(user)
    centres = Organisation.objects.filter(kind__in=SURVEY_KINDS)
    if not scope.has_role(Role.NATIONAL_MONITOR):
        centres = centres.filter(pk__in=scope.managed_centre_ids)
    return list(centres.order_by("name"))


def may_run_surveys(user: User) -> bool:
    scope = scope_for(user)
    return scope.has_role(Role.NATIONAL_MONITOR) or bool(scope.managed_centre_ids)


def access_survey_centre(user: User, centre_id: int) -> Organisation:
    """A centre whose surveys the user runs: 403 for a role that runs none, 404 otherwise."""
    require_page(may_run_surveys(user))
    scope = scope_for(user)
    centre = Organisation.objects.filter(pk=centre_id, kind__in=SURVEY_KINDS).first()
    if centre is None:
        raise Http404
    if not scope.has_role(Role.NATIONAL_MONITOR) and centre.pk not in scope.managed_centre_ids:
        raise Http404
    return centre


def access_round(user: User, round_id: int) -> SurveyRound:
    round = SurveyRound.objects.filter(pk=round_id).select_related("centre").first()
    require_page(may_run_surveys(user))
    if round is None:
        raise Http404
    access_survey_centre(user, round.centre_id)
    return round


def sees_comments(user: User, round: SurveyRound) -> bool:
    """The comments are the centre's: its manager reads them, the national monitor the
    figures only."""
    return round.centre_id in scope_for(user).managed_centre_ids


# Quality review visits of the care centres ---------------------------------------------------
# Recorded by the national monitor (every care centre); seen by the centre's managers (their
# centre: they mark its actions done) and by the officers of its municipality (read only).
REVIEW_KINDS = (Organisation.Kind.CARE_CENTRE,)


def review_centres(user: User) -> QuerySet[Organisation]:
    """The care centres whose review visits and quality figures the user sees."""
    scope = scope_for(user)
    centres = Organisation.objects.filter(kind__in=REVIEW_KINDS)
    if scope.has_role(Role.NATIONAL_MONITOR):
        return centres
    return centres.filter(
        Q(pk__in=scope.managed_centre_ids)
        | Q(municipality_id__in=scope.org_ids_with(Role.MUNICIPALITY_OFFICER))
    )


def may_see_reviews(user: User) -> bool:
    scope = scope_for(user)
    return (
        scope.has_role(Role.NATIONAL_MONITOR)
        or bool(scope.managed_centre_ids)
        or scope.has_role(Role.MUNICIPALITY_OFFICER)
    )


def records_reviews(user: User) -> bool:
    """Recording visits, findings and actions, and reopening an action: the national monitor."""
    return scope_for(user).has_role(Role.NATIONAL_MONITOR)


def may_mark_done(user: User, action: ReviewAction) -> bool:
    """An action is marked done by the responsible centre's manager or the national monitor."""
    return records_reviews(user) or scope_for(user).manages(action.centre_id)


def access_review_centre(user: User, centre_id: int) -> Organisation:
    """A care centre whose reviews the user sees: 403 for a role that sees none, 404 for
    another centre (or no such care centre)."""
    require_page(may_see_reviews(user))
    centre = review_centres(user).filter(pk=centre_id).select_related("municipality").first()
    if centre is None:
        raise Http404
    return centre


def access_visit(user: User, visit_id: int) -> ReviewVisit:
    require_page(may_see_reviews(user))
    visit = (
        ReviewVisit.objects.filter(pk=visit_id, centre__in=review_centres(user))
        .select_related("centre__municipality", "recorded_by")
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def access_visit_to_change(user: User, visit_id: int) -> ReviewVisit:
    """A visit the user records findings and actions of: a reader of it gets 403."""
    visit = access_visit(user, visit_id)
    require_change(records_reviews(user))
    return visit


def access_action(user: User, visit_id: int, action_id: int) -> ReviewAction:
    visit = access_visit(user, visit_id)
    action = visit.actions.filter(pk=action_id).select_related("visit__centre").first()
    if action is None:
        raise Http404
    return action
