"""Case management: opening, the stage order and deadlines, the team, conferences, the plan,
and who may see and change a case."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from globa.assessments.tests.conftest import completed
from globa.audit.models import AccessLog, AuditChange
from globa.cases import selectors, services
from globa.cases.models import Action, Conference, FamilyCase, Outcome, Stage, StageDeadline
from globa.core.saving import ConcurrentEditError
from globa.lib import clock
from globa.lib.dates import add_years
from globa.testing import World, as_system, as_user, from_today, municipality


def open_case(world: Any, referred_on: dt.date | None = None, **changes: Any) -> FamilyCase:
    referral = services.Referral(
        family_name=changes.pop("family_name", "Jonaičių šeima"),
        municipality=municipality(),
        referral_source="school",
        referred_on=referred_on or clock.today(),
        referral_reason="Vaikai dažnai praleidžia pamokas.",
        case_manager=changes.pop("case_manager", world.vaida),
    )
    with as_user(world.vaida):
        return services.case_open(by=world.vaida, organisation=world.centre_a, referral=referral)


def advance(
    world: Any, case: FamilyCase, to: str, on: dt.date | None = None, **extra: Any
) -> FamilyCase:
    """Move the case as its case manager; a refusal is raised after the scope has ended, so
    the test's transaction stays usable (as a request's would)."""
    refused: ValidationError | None = None
    with as_user(world.vaida):
        case.refresh_from_db()
        try:
            services.case_advance(
                by=world.vaida,
                case=case,
                to=to,
                on=on or clock.today(),
                version=case.version,
                **extra,
            )
        except ValidationError as error:
            refused = error
    if refused is not None:
        raise refused
    return case


def case_url(case: FamilyCase, name: str = "cases:case", **kwargs: Any) -> str:
    return reverse(name, kwargs={"case_id": case.pk, **kwargs})


def in_english(world: World, user: Any) -> Any:
    client = world.client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_a_referral_opens_a_case_at_initiation(cases_world: Any) -> None:
    client = in_english(cases_world, cases_world.vaida)
    response = client.post(
        reverse("cases:create"),
        {
            "organisation": cases_world.centre_a.pk,
            "family_name": "Kazlauskų šeima",
            "municipality": municipality().pk,
            "referral_source": "child_rights",
            "referred_on": clock.today().isoformat(),
            "referral_reason": "Pranešimas apie nepriežiūrą.",
            "case_manager": cases_world.vaida.pk,
        },
    )
    assert response.status_code == 302
    with as_user(cases_world.vaida):
        case = FamilyCase.objects.get()
        assert (case.stage, case.stage_since, case.case_manager) == (
            Stage.INITIATION,
            clock.today(),
            cases_world.vaida,
        )
        assert [s.stage for s in case.stages.all()] == [Stage.INITIATION]
        audited = AuditChange.objects.filter(table_name="cases_familycase", operation="I")
        assert [a.user_id for a in audited] == [cases_world.vaida.pk]
    page = client.get(response["Location"])
    assert "Kazlauskų šeima" in page.content.decode()
    with as_system():
        assert AccessLog.objects.filter(family_case=case, user=cases_world.vaida).count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"family_name": ""}, "family_name"),
        ({"referred_on": dt.timedelta(days=2)}, "referred_on"),
        ({"referral_reason": ""}, "referral_reason"),
        ({"case_manager": "coordinator"}, "case_manager"),
        ({"organisation": "²"}, "organisation"),
    ],
)
def test_a_bad_referral_is_refused_and_nothing_saved(
    cases_world: Any, change: dict[str, Any], field: str
) -> None:
    data = {
        "organisation": cases_world.centre_a.pk,
        "family_name": "Kazlauskų šeima",
        "municipality": municipality().pk,
        "referral_source": "school",
        "referred_on": clock.today().isoformat(),
        "referral_reason": "Priežastis.",
        "case_manager": cases_world.vaida.pk,
    }
    if change.get("case_manager") == "coordinator":
        change = {"case_manager": cases_world.alice.pk}
    data.update(from_today(change, iso=True))
    response = in_english(cases_world, cases_world.vaida).post(reverse("cases:create"), data)
    assert response.status_code == 200
    assert f"id_{field}_error" in response.content.decode() or "Nothing was saved" in (
        response.content.decode()
    )
    with as_system():
        assert FamilyCase.objects.count() == 0


def test_stages_follow_their_order(cases_world: Any) -> None:
    case = open_case(cases_world, clock.today() - dt.timedelta(days=40))
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.HELP_PLAN)
    assert "goes on to" in error.value.message_dict["to"][0]
    day = clock.today() - dt.timedelta(days=40)
    for stage in (
        Stage.ANALYSIS,
        Stage.NEEDS_ASSESSMENT,
        Stage.HELP_PLAN,
        Stage.MONITORING,
        Stage.REVIEW,
        Stage.MONITORING,  # another round of the plan after a review
        Stage.REVIEW,
    ):
        day += dt.timedelta(days=3)
        if stage == Stage.HELP_PLAN:
            # The needs assessment is done when the family's assessment is completed.
            with pytest.raises(ValidationError, match="assessment"):
                advance(cases_world, case, stage, day)
            completed(cases_world.vaida, case, "family_situation", days_ago=20)
        advance(cases_world, case, stage, day)
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.ANALYSIS, day)
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.CLOSURE, day)  # no outcome
    assert "outcome" in error.value.message_dict
    # Closing with the children at home asks for the family's assessment at closure.
    with pytest.raises(ValidationError, match="at closure"):
        advance(cases_world, case, Stage.CLOSURE, day, outcome=Outcome.STAYED)
    completed(cases_world.vaida, case, "family_situation", timepoint="closure", days_ago=0)
    advance(cases_world, case, Stage.CLOSURE, day, outcome=Outcome.STAYED)
    with as_user(cases_world.vaida):
        case.refresh_from_db()
        assert (case.stage, case.closed_on, case.outcome) == (Stage.CLOSURE, day, Outcome.STAYED)
        assert case.stages.count() == 9
        with pytest.raises(ValidationError):
            services.goal_add(by=cases_world.vaida, case=case, text="Dar vienas tikslas")


def test_a_case_may_close_early_and_dates_are_checked(cases_world: Any) -> None:
    case = open_case(cases_world, clock.today() - dt.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.ANALYSIS, clock.today() - dt.timedelta(days=6))
    assert "current stage on" in error.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.ANALYSIS, clock.today() + dt.timedelta(days=1))
    assert "future" in error.value.message_dict["on"][0]
    advance(cases_world, case, Stage.CLOSURE, clock.today(), outcome=Outcome.MOVED)
    with as_user(cases_world.vaida):
        assert FamilyCase.objects.get().outcome == Outcome.MOVED


def test_a_stale_form_does_not_overwrite(cases_world: Any) -> None:
    case = open_case(cases_world)
    old_version = case.version
    advance(cases_world, case, Stage.ANALYSIS)
    with as_user(cases_world.vaida), pytest.raises(ConcurrentEditError):
        services.case_advance(
            by=cases_world.vaida,
            case=case,
            to=Stage.NEEDS_ASSESSMENT,
            on=clock.today(),
            version=old_version,
        )


def test_stage_deadlines_with_a_controlled_clock(cases_world: Any, move_clock: Any) -> None:
    move_clock(dt.date(2026, 11, 9))
    case = open_case(cases_world, dt.date(2026, 11, 1))
    rules = {Stage.INITIATION: 3}
    assert selectors.stage_due(case, rules, dt.date(2026, 11, 4)).missed is False
    late = selectors.stage_due(case, rules, dt.date(2026, 11, 9))
    assert (late.due_on, late.late_days, late.missed) == (dt.date(2026, 11, 4), 5, True)
    # The deadlines are data: a centre changes them in the administration.
    StageDeadline.objects.filter(stage=Stage.INITIATION).update(days=10)
    assert selectors.stage_due(case, selectors.deadlines(), dt.date(2026, 11, 9)).missed is False


def test_the_list_shows_missed_deadlines_and_overdue_actions_first(cases_world: Any) -> None:
    fresh = open_case(cases_world, clock.today(), family_name="Naujų šeima")
    late = open_case(
        cases_world, clock.today() - dt.timedelta(days=20), family_name="Vėluojanti šeima"
    )
    with as_user(cases_world.vaida):
        rows = selectors.case_list(cases_world.vaida, today=clock.today(), mine=True)
    assert [c.pk for c in rows] == [late.pk, fresh.pk]
    assert rows[0].due.late_days == 17
    html = in_english(cases_world, cases_world.vaida).get(reverse("cases:list")).content.decode()
    assert html.index("Vėluojanti šeima") < html.index("Naujų šeima")
    assert "17 days late" in html
    start = in_english(cases_world, cases_world.vaida).get(reverse("home:start")).content.decode()
    assert "Vėluojanti šeima" in start and "17 days late" in start


def test_a_conference_records_decisions_and_tasks_all_or_nothing(cases_world: Any) -> None:
    case = open_case(cases_world, clock.today() - dt.timedelta(days=10))
    other = open_case(cases_world, clock.today() - dt.timedelta(days=10), family_name="Kita šeima")
    with as_user(cases_world.vaida):
        teacher = services.team_member_add(
            by=cases_world.vaida,
            case=case,
            name="Rūta Mokytoja",
            agency_kind="school",
            agency_name="Vilniaus progimnazija",
            role="klasės auklėtoja",
        )
        stranger = services.team_member_add(
            by=cases_world.vaida, case=other, name="Kitas", agency_kind="police", agency_name="VPK"
        )
        good = services.Task(
            "Pranešti apie lankomumą", clock.today() + dt.timedelta(days=7), member=teacher
        )
        bad = services.Task("Patikrinti", clock.today() + dt.timedelta(days=7), member=stranger)
        with pytest.raises(ValidationError):
            services.conference_record(
                by=cases_world.vaida,
                case=case,
                held_on=clock.today(),
                decisions="Sutarta dėl pagalbos.",
                participants=[teacher],
                tasks=[good, bad],
            )
        assert Conference.objects.count() == 0 and Action.objects.count() == 0
        services.conference_record(
            by=cases_world.vaida,
            case=case,
            held_on=clock.today(),
            decisions="Sutarta dėl pagalbos.",
            participants=[teacher],
            tasks=[
                good,
                services.Task(
                    "Aplankyti šeimą", clock.today() - dt.timedelta(days=1), user=cases_world.vaida
                ),
            ],
        )
        page = selectors.case_page(case)
    assert [a.description for a in page["relay"]] == ["Aplankyti šeimą", "Pranešti apie lankomumą"]
    html = in_english(cases_world, cases_world.vaida).get(case_url(case)).content.decode()
    assert "Rūta Mokytoja" in html and "Sutarta dėl pagalbos." in html
    assert "overdue" in html  # the visit was due yesterday


def test_the_help_plan_links_actions_to_goals_and_services(cases_world: Any) -> None:
    from globa.support.models import Service

    case = open_case(cases_world, clock.today() - dt.timedelta(days=10))
    client = in_english(cases_world, cases_world.vaida)
    assert (
        client.post(case_url(case, "cases:goal_add"), {"text": "Vaikai lanko mokyklą"}).status_code
        == 302
    )
    with as_user(cases_world.vaida):
        goal = case.goals.get()
    service = Service.objects.get(code="social_consultation")
    response = client.post(
        case_url(case, "cases:action_add"),
        {
            "description": "Socialinio darbuotojo konsultacijos kas savaitę",
            "responsible": f"u:{cases_world.vaida.pk}",
            "due_on": (clock.today() + dt.timedelta(days=30)).isoformat(),
            "goal": goal.pk,
            "service": service.pk,
        },
    )
    assert response.status_code == 302
    with as_user(cases_world.vaida):
        action = Action.objects.get()
        assert (action.goal, action.service, action.responsible_user) == (
            goal,
            service,
            cases_world.vaida,
        )
    done = client.post(
        case_url(case, "cases:action_done", action_id=action.pk),
        {"on": clock.today().isoformat(), "note": "Vyksta"},
    )
    assert done.status_code == 302
    with as_user(cases_world.vaida):
        action.refresh_from_db()
        assert action.done_on == clock.today()
    # Missing who and when: a message, nothing saved.
    response = client.post(case_url(case, "cases:action_add"), {"description": "Kažkas"})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    with as_user(cases_world.vaida):
        assert Action.objects.count() == 1


def test_who_sees_and_who_changes_a_case(cases_world: Any) -> None:
    case = open_case(cases_world)
    for outsider in (cases_world.charlie, cases_world.nora, cases_world.alice, cases_world.carol):
        client = cases_world.client_for(outsider)
        assert client.get(case_url(case)).status_code == 404, outsider
        assert client.post(case_url(case, "cases:goal_add"), {"text": "x"}).status_code == 404
        assert client.get(reverse("cases:list")).status_code == 403
    colleague = cases_world.client_for(cases_world.tomas)
    assert colleague.get(case_url(case)).status_code == 200
    assert colleague.post(case_url(case, "cases:goal_add"), {"text": "x"}).status_code == 403
    assert colleague.get(case_url(case, "cases:advance")).status_code == 403
    assert colleague.get(case_url(case, "cases:reassign")).status_code == 403
    manager = cases_world.client_for(cases_world.bob)
    assert manager.get(case_url(case)).status_code == 200
    response = manager.post(
        case_url(case, "cases:reassign"),
        {"case_manager": cases_world.tomas.pk, "version": case.version},
    )
    assert response.status_code == 302
    assert (
        cases_world.client_for(cases_world.vaida).get(case_url(case, "cases:advance")).status_code
        == 403
    )
    assert colleague.get(case_url(case, "cases:advance")).status_code == 200
    with as_system():
        assert FamilyCase.objects.get().case_manager == cases_world.tomas


def test_row_level_security_keeps_cases_to_their_organisation(cases_world: Any) -> None:
    open_case(cases_world)
    with as_user(cases_world.alice):  # a coordinator of the same centre: no case role
        assert FamilyCase.objects.count() == 0
        assert AuditChange.objects.filter(table_name="cases_familycase").count() == 0
    with as_user(cases_world.charlie):
        assert FamilyCase.objects.count() == 0
    with as_user(cases_world.tomas):
        assert FamilyCase.objects.count() == 1
        assert AuditChange.objects.filter(table_name="cases_familycase").count() == 1


def test_the_case_page_reads_a_fixed_number_of_queries(cases_world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = open_case(cases_world, clock.today() - dt.timedelta(days=10))
    client = cases_world.client_for(cases_world.vaida)

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(case_url(case)).status_code == 200
        return sum(
            1 for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
        )

    statements()  # the first request of a session also renews the session
    before = statements()
    assert before <= 15
    with as_user(cases_world.vaida):
        member = services.team_member_add(
            by=cases_world.vaida, case=case, name="A", agency_kind="school", agency_name="M"
        )
        for n in range(3):
            goal = services.goal_add(by=cases_world.vaida, case=case, text=f"Tikslas {n}")
            services.action_add(
                by=cases_world.vaida,
                case=case,
                task=services.Task(f"Veiksmas {n}", clock.today(), member=member, goal=goal),
            )
        services.conference_record(
            by=cases_world.vaida,
            case=case,
            held_on=clock.today(),
            decisions="D",
            participants=[member],
        )
    assert statements() == before


def test_services_to_the_family_are_recorded_in_the_case(cases_world: Any) -> None:
    from globa.support.models import Delivery, Service

    case = open_case(cases_world, clock.today() - dt.timedelta(days=30))
    with as_user(cases_world.vaida):
        goal = services.goal_add(by=cases_world.vaida, case=case, text="Saugūs namai")
        action = services.action_add(
            by=cases_world.vaida,
            case=case,
            task=services.Task("Atvejo vadyba", clock.today(), user=cases_world.vaida, goal=goal),
        )
    client = in_english(cases_world, cases_world.vaida)
    form = client.get(case_url(case, "cases:service_add") + f"?action={action.pk}")
    assert form.status_code == 200
    data = {
        "service": Service.objects.get(code="case_management").pk,
        "delivered_on": clock.today().isoformat(),
        "minutes": "90",
        "mode": "home_visit",
        "case_action": str(action.pk),
        "notes": "Aptartas planas su šeima.",
    }
    assert client.post(case_url(case, "cases:service_add"), data).status_code == 302
    for bad, message in (
        (
            {"delivered_on": (clock.today() - dt.timedelta(days=40)).isoformat()},
            "before the family",
        ),
        ({"minutes": "0"}, "between 1 minute"),
        ({"mode": "telepathy"}, "Select a valid choice"),
    ):
        response = client.post(case_url(case, "cases:service_add"), {**data, **bad})
        assert response.status_code == 200 and message in response.content.decode(), bad
    assert (
        cases_world.client_for(cases_world.tomas)
        .post(case_url(case, "cases:service_add"), data)
        .status_code
        == 403
    )
    assert (
        cases_world.client_for(cases_world.alice)
        .post(case_url(case, "cases:service_add"), data)
        .status_code
        == 404
    )
    with as_user(cases_world.vaida):
        delivery = Delivery.objects.get()
        assert (delivery.family_case_id, delivery.case_action_id) == (case.pk, action.pk)
        assert AuditChange.objects.filter(table_name="support_delivery").count() == 1
    html = client.get(case_url(case)).content.decode()
    assert "Aptartas planas su šeima." in html
    # The case's services are the case's: the registry side of the centre does not see them.
    with as_user(cases_world.alice):
        assert Delivery.objects.count() == 0
        assert AuditChange.objects.filter(table_name="support_delivery").count() == 0


def test_no_service_is_recorded_in_a_closed_case(cases_world: Any) -> None:
    from globa.support import services as support_services
    from globa.support.models import Delivery, Service

    case = open_case(cases_world, clock.today() - dt.timedelta(days=30))
    advance(cases_world, case, Stage.CLOSURE, clock.today(), outcome=Outcome.PLACED)
    with as_user(cases_world.vaida), pytest.raises(ValidationError) as error:
        services.service_record(
            by=cases_world.vaida,
            case=case,
            contact=support_services.Contact(
                Service.objects.get(code="case_management"), clock.today(), 60, "office"
            ),
        )
    assert "closed" in " ".join(error.value.messages)
    with as_system():
        assert Delivery.objects.count() == 0


def test_a_service_is_recorded_in_place_on_the_case_page(cases_world: Any) -> None:
    from globa.support.models import Delivery, Service

    case = open_case(cases_world, clock.today() - dt.timedelta(days=5))
    client = in_english(cases_world, cases_world.vaida)
    url = case_url(case, "cases:service_add")
    opened = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="case-services"' in opened and "<html" not in opened and 'name="mode"' in opened
    data = {
        "service": Service.objects.get(code="case_management").pk,
        "delivered_on": clock.today().isoformat(),
        "minutes": "-1",
        "mode": "phone",
        "notes": "Skambutis mamai.",
    }
    refused = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert "between 1 minute" in refused and "Nothing was saved" in refused
    saved = client.post(url, {**data, "minutes": "20"}, HTTP_HX_REQUEST="true").content.decode()
    assert "The service was recorded." in saved and "Skambutis mamai." in saved
    assert 'name="mode"' not in saved
    closed = client.get(url + "?closed=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'name="mode"' not in closed and "Skambutis mamai." in closed
    assert (
        cases_world.client_for(cases_world.tomas).get(url, HTTP_HX_REQUEST="true").status_code
        == 403
    )
    with as_system():
        assert Delivery.objects.filter(family_case=case).count() == 1


def test_an_action_is_given_to_case_staff_and_marked_done_once(cases_world: Any) -> None:
    from globa.accounts.models import Role
    from globa.testing import member

    case = open_case(cases_world, clock.today() - dt.timedelta(days=10))
    # A coordinator of the centre does not work with its cases; nor does staff of another.
    coordinator = member(
        Role.COORDINATOR, cases_world.centre_a, first_name="Koordi", last_name="Natorė"
    )
    for outsider in (coordinator, cases_world.charlie):
        with as_user(cases_world.vaida), pytest.raises(ValidationError) as error:
            services.action_add(
                by=cases_world.vaida,
                case=case,
                task=services.Task("Aplankyti šeimą", clock.today(), user=outsider),
            )
        assert "works with this organisation's cases" in error.value.message_dict["responsible"][0]
    with as_user(cases_world.vaida):
        action = services.action_add(
            by=cases_world.vaida,
            case=case,
            task=services.Task("Aplankyti šeimą", clock.today(), user=cases_world.tomas),
        )
        with pytest.raises(ValidationError) as error:
            services.action_done(
                by=cases_world.vaida,
                case=case,
                action=action,
                on=clock.today() - dt.timedelta(days=11),
            )
        assert error.value.message_dict["on"] == ["The date is before the referral."]
        services.action_done(by=cases_world.vaida, case=case, action=action, on=clock.today())
        # Someone with the page still open marks it again: refused, the first date kept.
        stale = Action.objects.get(pk=action.pk)
        stale.done_on = None
        with pytest.raises(ValidationError) as error:
            services.action_done(
                by=cases_world.tomas, case=case, action=stale, on=clock.today(), note="Antrą kartą"
            )
        assert error.value.message_dict["on"] == ["This action is already done."]
        action.refresh_from_db()
        assert (action.done_on, action.done_note) == (clock.today(), "")


def test_a_child_of_a_case_is_under_21(cases_world: Any) -> None:
    case = open_case(cases_world)
    with as_user(cases_world.vaida), pytest.raises(ValidationError) as error:
        services.child_add(
            by=cases_world.vaida,
            case=case,
            first_name="Jonas",
            last_name="Jonaitis",
            birth_date=add_years(clock.today(), -30),
        )
    assert "under 21" in error.value.message_dict["birth_date"][0]
    with as_user(cases_world.vaida):
        assert not case.children.exists()


def test_closing_with_open_actions_asks_first(cases_world: Any) -> None:
    from globa.cases.models import Outcome

    case = open_case(cases_world, clock.today() - dt.timedelta(days=60))
    for stage in (Stage.ANALYSIS, Stage.NEEDS_ASSESSMENT, Stage.HELP_PLAN, Stage.MONITORING):
        if stage == Stage.HELP_PLAN:
            completed(cases_world.vaida, case, "family_situation", days_ago=10)
        advance(cases_world, case, stage, on=clock.today() - dt.timedelta(days=5))
    with as_user(cases_world.vaida):
        services.action_add(
            by=cases_world.vaida,
            case=case,
            task=services.Task("Aplankyti", clock.today(), user=cases_world.vaida),
        )
    outcome = Outcome.values[0]
    if outcome == Outcome.STAYED:
        completed(cases_world.vaida, case, "family_situation", timepoint="closure", days_ago=0)
    with pytest.raises(ValidationError) as error:
        advance(cases_world, case, Stage.CLOSURE, outcome=outcome)
    assert (
        "1 action of the plan is still open"
        in error.value.message_dict["close_with_open_actions"][0]
    )
    closed = advance(
        cases_world, case, Stage.CLOSURE, outcome=outcome, close_with_open_actions=True
    )
    assert closed.stage == Stage.CLOSURE


def test_the_closure_fields_are_shown_only_where_the_case_can_close(cases_world: Any) -> None:
    case = open_case(cases_world)
    client = cases_world.client_for(cases_world.vaida)
    page = client.get(reverse("cases:advance", kwargs={"case_id": case.pk})).content.decode()
    assert 'name="outcome"' not in page and 'name="to"' in page
    closing = client.get(reverse("cases:close", kwargs={"case_id": case.pk})).content.decode()
    assert 'name="outcome"' in closing
    # Closing through its own page: the outcome is asked for, nothing saved without it.
    response = client.post(
        reverse("cases:close", kwargs={"case_id": case.pk}),
        {"to": "closure", "on": clock.today().isoformat(), "version": case.version},
    )
    assert response.status_code == 200
    with as_system():
        case.refresh_from_db()
    assert case.stage != Stage.CLOSURE
