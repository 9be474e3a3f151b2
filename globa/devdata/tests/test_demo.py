"""``globa demo``: the demo loads once, through the services, with one login per role."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Membership, User
from globa.accounts.selectors import scope_for
from globa.devdata import checks
from globa.devdata.demo import DEMO_LOGINS, DEMO_PASSWORD, logins_table
from globa.lib import clock, personal_code
from globa.lib.dbscope import system_scope
from globa.monitoring.models import SurveyAnswer, SurveyRound
from globa.organisations.models import Organisation
from globa.registry import selectors
from globa.registry.models import CarerHousehold, Child, CoordinatorAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo, loaded once for this module and rolled back after it (it takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", today=clock.today(), stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded: str, db: None) -> str:
    return loaded


def test_it_loads_and_prints_the_logins(demo: str) -> None:
    for login in DEMO_LOGINS:
        assert login.username in demo
    assert DEMO_PASSWORD in demo
    with system_scope():
        assert Organisation.objects.filter(kind="care_centre").count() == 9
        assert (
            Organisation.objects.filter(
                kind="care_centre", municipality__name="Vilniaus miesto savivaldybė"
            ).count()
            == 5
        )
        assert Organisation.objects.filter(kind="institution").exists()
        assert Organisation.objects.filter(kind="community_home").exists()
        assert Child.objects.count() > 100
        assert {k for k, _ in CarerHousehold.objects.values_list("kind", "id")} == {
            "guardian_relative",
            "guardian_non_relative",
            "on_call",
            "permanent",
            "adoptive",
            "family_home",
        }


def test_it_is_loaded_only_once_with_if_empty(demo: str) -> None:
    with system_scope():
        before = (Child.objects.count(), User.objects.count())
    out = StringIO()
    call_command("demo", if_empty=True, today=clock.today(), stdout=out)
    assert "not loaded" in out.getvalue()
    with system_scope():
        assert (Child.objects.count(), User.objects.count()) == before


def test_it_refuses_a_second_load_without_if_empty(demo: str) -> None:
    with pytest.raises(CommandError):
        call_command("demo", today=clock.today(), stdout=StringIO())


def test_every_demo_login_has_its_role(demo: str) -> None:
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert Membership.objects.filter(
            user=user, role=login.role, organisation__name=login.organisation
        ).exists()
        assert not user.is_superuser
    admin = User.objects.get(username="administratorius")
    assert admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert admin.has_perms(
        ["organisations.change_organisation", "accounts.add_user", "registry.change_capacityrule"]
    )
    assert not admin.has_perm("registry.view_child")
    assert not scope_for(admin).registry_org_ids


def test_the_administrator_keeps_the_reference_data_of_the_carer_apps(demo: str) -> None:
    admin = User.objects.get(username="administratorius")
    assert admin.has_perms(
        ["training.change_programme", "training.change_topic", "oncall.change_matchweight"]
    )
    assert admin.has_perm("carers.change_stagenorm")
    client = Client()
    client.force_login(admin)
    for page in (
        "admin:training_programme_changelist",
        "admin:oncall_matchweight_changelist",
        "admin:carers_stagenorm_changelist",
    ):
        assert client.get(reverse(page)).status_code == 200


def test_every_personal_code_is_valid_and_foreign_children_have_another_identifier(
    demo: str,
) -> None:
    with system_scope():
        children = list(Child.objects.all())
    for child in children:
        if child.personal_code:
            parsed = personal_code.parse(child.personal_code)
            assert (parsed.birth_date, parsed.sex) == (child.birth_date, child.sex)
        else:
            assert child.other_identifier
    assert any(c.other_identifier_country == "Ukraina" for c in children)


def test_every_active_household_has_exactly_one_active_coordinator(demo: str) -> None:
    with system_scope():
        for household in CarerHousehold.objects.exclude(status="closed"):
            assert (
                CoordinatorAssignment.objects.filter(household=household, ended_on=None).count()
                == 1
            )
        assert checks.problems(clock.today()) == []


def test_the_stories_are_there(demo: str) -> None:
    with system_scope():
        mantas = Child.objects.get(first_name="Mantas", last_name="Stankevičius")
        assert mantas.status == "after_18" and mantas.support_extension_decision
        assert mantas.support_extended_until and mantas.support_extended_until > clock.today()
        assert Child.objects.filter(sibling_group__isnull=False).count() >= 4
        assert (
            Child.objects.get(first_name="Jokūbas", last_name="Adomaitis").legal_status == "adopted"
        )
        relatives = Child.objects.get(first_name="Matas", last_name="Petrauskas").relatives.all()
        assert {r.contact_arrangement for r in relatives} == {"supervised", "restricted"}


def test_the_demo_coordinator_has_a_caseload_with_children(demo: str) -> None:
    coordinator = User.objects.get(username="koordinatorius")
    with system_scope():
        caseload = selectors.caseload(coordinator)
    assert len(caseload) >= 5
    assert sum(1 for h in caseload if h.current_placements) >= 5
    assert any(p.is_emergency for h in caseload for p in h.current_placements)


def test_search_finds_jonaite_and_petrauskas_without_diacritics(demo: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="koordinatorius"))
    url = reverse("registry:children")
    assert "Jonaitė" in client.get(url, {"q": "jonaite"}).content.decode()
    assert "Petrauskas" in client.get(url, {"q": "petrauskas"}).content.decode()


def test_the_logins_table_names_every_role(demo: str) -> None:
    table = logins_table()
    for login in DEMO_LOGINS:
        assert login.username in table and login.organisation in table


def test_the_training_sessions_are_counted_as_services(demo: str) -> None:
    from globa.support.models import Delivery, ServiceProvision
    from globa.training.models import Attendance

    with system_scope():
        every = list(
            Attendance.objects.select_related("delivery__service", "session__group__programme")
        )
        # GIMK training is a service to (future) carers; the training of staff is none.
        attendance = [a for a in every if a.session.group.programme.gives_service]
        assert len(attendance) > 5
        assert all(a.delivery is None for a in every if a not in attendance)
        assert len(every) > len(attendance)
        for present in attendance:
            assert present.delivery is not None
            assert present.delivery.service.code == "carer_training"
            assert present.delivery.delivered_on == present.session.held_on
            assert present.delivery.provider_id == present.centre_id
        assert Delivery.objects.filter(service__code="carer_training").count() == len(attendance)
        # Every demo centre can record training.
        centres = Organisation.objects.filter(kind="care_centre")
        assert (
            ServiceProvision.objects.filter(
                service__code="carer_training", organisation__in=centres
            ).count()
            == centres.count()
        )


def test_the_assessments_and_plans_are_there(demo: str) -> None:
    from globa.assessments.models import Assessment
    from globa.carers.models import StageChange
    from globa.cases.models import Goal as CaseGoal
    from globa.plans.models import Plan
    from globa.support.models import Delivery

    with system_scope():
        done = Assessment.objects.filter(status__in=["completed", "approved"])
        jonaiciai = done.filter(family_case__family_name="Jonaičių šeima")
        assert set(jonaiciai.values_list("timepoint", flat=True)) == {"intake", "review"}
        assert done.filter(
            family_case__family_name="Stankevičių šeima", timepoint="closure"
        ).exists()
        assert CaseGoal.objects.filter(assessment_item__isnull=False).exists()
        assert done.filter(subject_kind="child").count() == 2
        plan = Plan.objects.get(kind="service_plan")
        assert Delivery.objects.filter(plan_action__plan=plan).count() >= 5
        assert Plan.objects.filter(kind="development_plan").exists()
        assert done.filter(subject_kind="household").exists()
        approvals = StageChange.objects.filter(to_stage="approval")
        assert approvals.exists() and not approvals.filter(assessment__isnull=True).exists()


def test_the_working_day_has_visits_booked_and_notifications(demo: str) -> None:
    from globa.notifications.models import Notification
    from globa.support.models import HomeVisit, PlannedVisit

    coordinator = User.objects.get(username="koordinatorius")
    with system_scope():
        visits = PlannedVisit.objects.filter(visitor=coordinator)
        assert visits.filter(planned_on=clock.today(), status="planned").exists()
        assert visits.filter(planned_on__lt=clock.today(), status="planned").exists()
        assert Notification.objects.filter(recipient=coordinator, read_at__isnull=True).count() >= 2
        assert Notification.objects.filter(recipient__username="vadovas").exists()
        assert HomeVisit.objects.filter(children_seen_alone__len__gt=0).exists()
    assert "visits planned" in demo


def test_another_centre_asks_the_demo_centre_for_a_place(demo: str) -> None:
    from globa.notifications.models import Notification
    from globa.oncall import selectors as oncall_selectors
    from globa.oncall.models import PlacementRequest

    with system_scope():
        request = PlacementRequest.objects.get(status="sent")
        assert request.to_centre.memberships.filter(user__username="vadovas").exists()
        children = list(Child.objects.filter(pk__in=request.children))
        offers = oncall_selectors.offers_elsewhere(children, clock.today(), children[0].centre)
        assert request.to_centre in [offer.centre for offer in offers]
        assert Notification.objects.filter(
            recipient__username="vadovas", kind="placement_request"
        ).exists()


def test_institutions_are_being_transformed(demo: str) -> None:
    from globa.monitoring.models import TransformationPlan

    with system_scope():
        plans = TransformationPlan.objects.all()
        assert {p.status for p in plans} == {
            "preparing",
            "prepared",
            "approved",
            "in_progress",
            "done",
        }
        assert all(p.changes.exists() and p.milestones.exists() for p in plans)
        assert sum(p.residents.count() for p in plans) > 10
    assert "5 institution transformation plans" in demo


def test_the_centres_ran_satisfaction_surveys(demo: str) -> None:
    with system_scope():
        assert SurveyRound.objects.filter(ends_on__year=clock.today().year - 1).count() >= 2
        current = SurveyRound.objects.get(ends_on__year=clock.today().year)
        assert current.closes_on >= clock.today()
        assert current.links.filter(used=False).exists()
        assert SurveyAnswer.objects.count() >= 10


def test_the_municipality_has_service_contracts_and_the_share_by_funding(demo: str) -> None:
    from globa.monitoring import compute
    from globa.monitoring.indicators import BY_CODE
    from globa.monitoring.models import ServiceContract
    from globa.monitoring.periods import Period

    officer = User.objects.get(username="savivaldybe")
    vilnius = Organisation.objects.get(kind="municipality", name="Vilniaus miesto savivaldybė")
    with system_scope():
        assert ServiceContract.objects.filter(municipality=vilnius, recorded_by=officer).count() > 4
    last_year = Period.year(clock.today().year - 1)
    found = compute.facts("contracts", last_year, compute.Area("municipality", vilnius.pk))
    share = compute.value(BY_CODE["ngo_funding_share"], found)
    assert share.denominator and 0 < share.numerator < share.denominator
    client = Client()
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("monitoring:contracts", args=[vilnius.pk]))
    assert page.status_code == 200 and "SP-" in page.content.decode()
    assert "service contracts of the municipality" in demo


def test_the_demo_gives_the_shares_per_service_training_and_change_figures(demo: str) -> None:
    from globa.lib import clock
    from globa.monitoring import compute
    from globa.monitoring.indicators import BY_CODE
    from globa.monitoring.periods import Period

    today = clock.today()
    period = Period("custom", today - dt.timedelta(days=365), today)
    with system_scope():
        vilnius = Organisation.objects.get(kind="municipality", name="Vilniaus miesto savivaldybė")
        area = compute.Area(compute.MUNICIPALITY, vilnius.pk)
        found = compute.all_facts(period, area)

        def by_part(code: str) -> dict[str, object]:
            indicator = BY_CODE[code]
            table = compute.ratio_breakdown(indicator, found[indicator.source])
            return {key: v.value for row in table.values() for key, v in row.items()}

        volume = by_part("ngo_share_by_service")
        assert len({v for v in volume.values() if v is not None}) >= 3  # shares that differ
        assert len(by_part("ngo_funding_share_by_service")) >= 3
        assert by_part("assessment_change")
        groups = compute.breakdown(BY_CODE["training_groups"], found["training"])
        assert {"core", "specialists"} <= set(groups.get(0, {}))
