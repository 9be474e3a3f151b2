"""The public pages: the centre directory, the inquiry form (routing, consent, spam and
resubmission) and the figures, which show no personal data of anyone."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from globa.audit.models import AuditChange
from globa.carers import selectors
from globa.carers.models import Candidate, InquiryRoute, PublicSubmission, Source, Stage
from globa.carers.services import address_hash
from globa.lib import clock
from globa.oncall import availability
from globa.oncall.tests.helpers import resting, signed
from globa.organisations.models import Organisation
from globa.registry.models import HouseholdOwnChild
from globa.testing import (
    CentreFactory,
    ChildFactory,
    World,
    as_system,
    as_user,
    household_with,
    municipality,
    place,
)


def inquiry(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Rūta",
        "last_name": "Būsimoji",
        "email": "ruta@example.lt",
        "phone": "+370 600 00000",
        "municipality": municipality().pk,
        "interests": ["on_call"],
        "question": "Ar galiu tapti budinčia globotoja, jei dirbu?",
        "consent": "on",
        "website": "",
        "submission": str(uuid.uuid4()),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def candidates() -> list[Candidate]:
    with as_system():
        return list(Candidate.objects.select_related("centre").order_by("created_at"))


def in_english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_the_directory_lists_active_centres_with_search_and_filters(world: World) -> None:
    CentreFactory(name="Uždarytas globos centras", is_active=False)
    client = in_english()
    page = client.get(reverse("carers:centres")).content.decode()
    assert world.centre_a.name in page and world.centre_b.name in page
    assert "Uždarytas" not in page
    kaunas = client.get(reverse("carers:centres"), {"q": "kauno"}).content.decode()
    assert world.centre_b.name in kaunas and world.centre_a.name not in kaunas
    vilnius = client.get(
        reverse("carers:centres"), {"municipality": world.centre_a.municipality_id}
    ).content.decode()
    assert world.centre_a.name in vilnius and world.centre_b.name not in vilnius
    # Odd input is no error.
    assert client.get(reverse("carers:centres"), {"county": "x", "page": "²"}).status_code == 200


def test_a_centre_page_shows_contacts_hours_and_services(world: World) -> None:
    with as_system():
        Organisation.objects.filter(pk=world.centre_a.pk).update(
            working_hours="I-IV 8.00-17.00, V 8.00-15.45", email="info@zidinys.lt"
        )
    response = in_english().get(reverse("carers:centre", args=[world.centre_a.uuid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "I-IV 8.00-17.00" in page and "info@zidinys.lt" in page
    assert "Psychological consultation" in page
    assert f"?municipality={world.centre_a.municipality_id}" in page
    assert in_english().get(reverse("carers:centre", args=[uuid.uuid4()])).status_code == 404
    authority = Organisation.objects.get(kind=Organisation.Kind.NATIONAL_AUTHORITY)
    assert in_english().get(reverse("carers:centre", args=[authority.uuid])).status_code == 404


def test_an_inquiry_reaches_the_centre_pipeline_and_the_person_gets_a_confirmation(
    world: World,
) -> None:
    response = in_english().post(reverse("carers:inquiry"), inquiry())
    assert response.status_code == 302
    assert response["Location"].endswith(f"?centre={world.centre_a.uuid}")
    sent = in_english().get(response["Location"]).content.decode()
    assert world.centre_a.name in sent and "Rūta" not in sent
    [person] = candidates()
    assert (person.centre, person.stage, person.source) == (
        world.centre_a,
        Stage.INQUIRY,
        Source.PUBLIC_FORM,
    )
    assert person.interests == ["on_call"] and person.consent_text.startswith("I agree")
    with as_system():
        [change] = person.changes.all()
        assert (change.from_stage, change.to_stage, change.by) == ("", Stage.INQUIRY, None)
        assert AuditChange.objects.filter(
            table_name="carers_candidate", row_id=str(person.pk)
        ).exists()


def test_sending_the_same_form_again_keeps_one_inquiry(world: World) -> None:
    data = inquiry()
    client = in_english()
    first = client.post(reverse("carers:inquiry"), data)
    again = client.post(reverse("carers:inquiry"), data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert len(candidates()) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": None}, "consent"),
        ({"email": "", "phone": ""}, "email"),
        ({"email": "ne-adresas"}, "email"),
        ({"interests": None}, "interests"),
        ({"first_name": "  "}, "first_name"),
        ({"municipality": "999999"}, "municipality"),
        ({"phone": "12", "email": ""}, "phone"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(
    world: World, change: dict[str, Any], field: str
) -> None:
    response = in_english().post(reverse("carers:inquiry"), inquiry(**change))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f'id="id_{field}_error"' in page
        or f"id_{field}_0_error" in page
        or ("Nothing was saved" in page)
    )
    assert candidates() == []
    # What the person typed stays in the form.
    assert "Būsimoji" in page


def test_a_filled_honeypot_is_refused_with_a_clear_message(world: World) -> None:
    response = in_english().post(reverse("carers:inquiry"), inquiry(website="http://spam.example"))
    assert response.status_code == 200
    assert "must stay empty" in response.content.decode()
    assert candidates() == []
    assert PublicSubmission.objects.count() == 1


def test_the_rate_limit_counts_per_address_and_keeps_the_message(
    world: World, settings: Any
) -> None:
    settings.GLOBA_INQUIRY_RATE = 2
    client = in_english()
    for _ in range(2):
        assert client.post(reverse("carers:inquiry"), inquiry()).status_code == 302
    refused = client.post(reverse("carers:inquiry"), inquiry(question="Trečias klausimas"))
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many inquiries" in page and "Trečias klausimas" in page
    assert len(candidates()) == 2
    # Another address is not affected.
    other = client.post(reverse("carers:inquiry"), inquiry(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    # Only a keyed hash of the address is kept.
    assert PublicSubmission.objects.filter(address_hash=address_hash("10.1.2.3")).count() == 1
    assert not PublicSubmission.objects.filter(address_hash="10.1.2.3").exists()


def test_routing_in_a_municipality_with_several_centres(world: World) -> None:
    vilnius = world.centre_a.municipality
    assert vilnius is not None
    second = CentreFactory(name="A Vilniaus globos centras „Pirmas“")
    client = in_english()
    # Without a rule: the first centre by name.
    client.post(reverse("carers:inquiry"), inquiry(interests=["guardian"]))
    # The manager's rules: on-call carers to centre A, everything else to the second.
    with as_system():
        InquiryRoute.objects.create(
            municipality=vilnius, interest="on_call", centre=world.centre_a, changed_by=world.bob
        )
        InquiryRoute.objects.create(
            municipality=vilnius, interest="", centre=second, changed_by=world.bob
        )
    client.post(reverse("carers:inquiry"), inquiry(interests=["guardian", "on_call"]))
    client.post(reverse("carers:inquiry"), inquiry(interests=["adoption"]))
    assert [c.centre for c in candidates()] == [second, world.centre_a, second]


def test_a_municipality_without_a_centre_goes_to_the_county(world: World) -> None:
    vilnius = world.centre_a.municipality
    assert vilnius is not None
    trakai = Organisation.objects.get(name="Trakų rajono savivaldybė")
    assert trakai.county_id == vilnius.county_id
    response = in_english().post(reverse("carers:inquiry"), inquiry(municipality=trakai.pk))
    assert response.status_code == 302
    [person] = candidates()
    assert (person.centre, person.municipality) == (world.centre_a, trakai)


def test_the_figures_count_on_call_care(world: World) -> None:
    """The public page shows them under disclosure control (globa.monitoring); the counts
    themselves are the database's."""
    today = clock.today()
    on_call = household_with(world.alice, world.centre_a, name="Budinčių šeima", kind="on_call")
    signed(on_call, world.bob, places=3)
    # The world's household is an on-call carer too, without a contract: no places.
    child = ChildFactory(centre=world.centre_a, first_name="Matas", last_name="Mažasis")
    place(child, on_call, today - dt.timedelta(days=30), is_emergency=True)
    rows, _total = selectors.public_figures(today)
    vilnius = world.centre_a.municipality
    assert vilnius is not None
    [row] = [r for r in rows if r.name == vilnius.name]
    # Two on-call carers, three places by the one contract, one child, two free.
    assert (row.carers, row.places, row.children, row.free) == (2, 3, 1, 2)


def test_the_figures_explain_more_children_than_places(world: World) -> None:
    today = clock.today()
    # An on-call carer whose contract has ended keeps the child: one carer, no place, a child.
    ended = household_with(world.alice, world.centre_a, name="Pasibaigusi", kind="on_call")
    signed(
        ended,
        world.bob,
        places=2,
        starts_on=today - dt.timedelta(days=400),
        ends_on=today - dt.timedelta(days=1),
    )
    place(ChildFactory(centre=world.centre_a), ended, today - dt.timedelta(days=30))
    page = in_english().get(reverse("monitoring:public")).content.decode()
    assert "A carer whose contract has ended keeps the child" in page
    assert "there can be more children than places" in page


def test_the_figures_are_what_matching_reads_of_every_carer(world: World) -> None:
    """The database counts the figures (globa_on_call_figures) as matching computes each
    carer's places (availability.on_call_carers): the two agree on every kind of carer."""
    today = clock.today()
    kaunas = world.centre_b.municipality
    caring = household_with(world.alice, world.centre_a, name="Globojantys", kind="on_call")
    signed(caring, world.bob, places=3)
    place(ChildFactory(centre=world.centre_a), caring, today - dt.timedelta(days=40))
    place(ChildFactory(centre=world.centre_b), caring, today + dt.timedelta(days=3))
    full = household_with(
        world.charlie, world.centre_b, name="Pilni", kind="on_call", municipality=kaunas
    )
    signed(full, world.bob, places=3)
    with as_system():
        for name in ("Ona", "Jonas", "Rokas"):
            HouseholdOwnChild.objects.create(
                household=full,
                centre=world.centre_b,
                first_name=name,
                birth_date=dt.date(2014, 1, 1),
            )
    place(ChildFactory(centre=world.centre_b), full, today - dt.timedelta(days=8))
    rest = household_with(
        world.charlie, world.centre_b, name="Ilsisi", kind="on_call", municipality=kaunas
    )
    resting(signed(rest, world.bob, places=2), world.bob)
    for day in (today - dt.timedelta(days=10), today, today + dt.timedelta(days=5)):
        figures, total = selectors.public_figures(day)
        with as_system():
            carers = availability.on_call_carers(day)
        expected: dict[str, tuple[int, int, int, int]] = {}
        for carer in carers:
            name = Organisation.objects.get(pk=carer.municipality_id).name
            count, places, placed, free = expected.get(name, (0, 0, 0, 0))
            expected[name] = (
                count + 1,
                places + carer.places,
                placed + carer.placed,
                free + carer.free,
            )
        shown = {f.name: (f.carers, f.places, f.children, f.free) for f in figures if f.carers}
        assert shown == expected, day
        assert kaunas is not None and shown[kaunas.name][0] == 2
        assert (total.carers, total.free) == (4, sum(c.free for c in carers))


def test_public_pages_need_no_login_and_staff_pages_do(world: World) -> None:
    client = in_english()
    for name in ("carers:centres", "carers:inquiry", "monitoring:public", "carers:inquiry_sent"):
        assert client.get(reverse(name)).status_code == 200
    for name in ("carers:pipeline", "carers:funnel", "carers:settings", "carers:candidate_add"):
        assert client.get(reverse(name)).status_code == 302


def test_a_centre_is_shown_with_its_municipality_and_county(world: World) -> None:
    vilnius = world.centre_a.municipality
    assert vilnius is not None and vilnius.county is not None
    Organisation.objects.filter(pk=world.centre_a.pk).update(county=vilnius.county)
    client = in_english()
    shown = f"{vilnius.name} · {vilnius.county.name_lt}"
    assert shown in client.get(reverse("carers:centres")).content.decode()
    page = client.get(reverse("carers:centre", args=[world.centre_a.uuid])).content.decode()
    assert shown in page


def test_a_form_sent_again_with_corrections_updates_its_inquiry(world: World) -> None:
    data = inquiry()
    client = in_english()
    assert client.post(reverse("carers:inquiry"), data).status_code == 302
    corrected = {**data, "email": "ruta.busimoji@example.lt", "last_name": "Būsimoji-Kitė"}
    # Another municipality, routed to another centre: the inquiry stays with the one it went
    # to (which passes it on), and no second inquiry is made for the same form.
    corrected["municipality"] = municipality("Kauno miesto savivaldybė").pk
    again = client.post(reverse("carers:inquiry"), corrected)
    assert again.status_code == 302
    [candidate] = candidates()
    assert (candidate.email, candidate.last_name) == ("ruta.busimoji@example.lt", "Būsimoji-Kitė")
    assert candidate.municipality.name == "Kauno miesto savivaldybė"


def test_once_the_centre_has_taken_it_up_a_correction_is_answered_clearly(world: World) -> None:
    from globa.carers import services
    from globa.carers.models import Stage

    data = inquiry()
    client = in_english()
    client.post(reverse("carers:inquiry"), data)
    [candidate] = candidates()
    with as_user(world.bob):
        services.candidate_move(
            by=world.bob,
            candidate=candidate,
            move=services.Move(to=Stage.INFO_MEETING, on=clock.today()),
            version=candidate.version,
        )
    again = client.post(reverse("carers:inquiry"), {**data, "email": "kita@example.lt"})
    assert again.status_code == 200
    assert "already taken up your inquiry" in again.content.decode()
    [candidate] = candidates()
    assert candidate.email == "ruta@example.lt"


def test_every_problem_of_the_inquiry_shows_at_once(world: World) -> None:
    page = in_english().post(
        reverse("carers:inquiry"), inquiry(first_name=" ", email="ne-adresas", consent=None)
    )
    text = page.content.decode()
    for field in ("first_name", "email", "consent"):
        assert f'id="id_{field}_error"' in text
