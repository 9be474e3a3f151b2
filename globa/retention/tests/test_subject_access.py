"""A person's data on request: one export, JSON and PDF, of everything held and who has seen
it, for the data protection officer only."""

from __future__ import annotations

import json

from django.urls import reverse

from globa.audit.models import AccessLog
from globa.testing import World, as_system


def test_the_officer_finds_a_child_and_exports_everything(dpo_world: World) -> None:
    world = dpo_world
    child = world.child
    world.client_for(world.bob).get(reverse("registry:child", kwargs={"child_id": child.pk}))
    dora = world.client_for(world.dora)  # type: ignore[attr-defined]
    found = dora.get(reverse("retention:requests"), {"kind": "child", "query": child.personal_code})
    assert child.last_name in found.content.decode()
    url = reverse(
        "retention:export", kwargs={"kind": "child", "record_id": child.pk, "fmt": "json"}
    )
    data = json.loads(dora.get(url).content)
    assert child.personal_code in json.dumps(data, ensure_ascii=False)
    assert any(row["who"] == str(world.bob) for row in data["seen_by"])
    assert "placements" in data and "relatives" in data and "changes" in data
    pdf = dora.get(url.replace(".json", ".pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with as_system():
        assert (
            AccessLog.objects.filter(child=child, what="subject_access", user=world.dora).count()
            == 2
        )  # type: ignore[attr-defined]


def test_only_the_officer_of_the_organisation_exports(dpo_world: World) -> None:
    world = dpo_world
    url = reverse(
        "retention:export", kwargs={"kind": "child", "record_id": world.child.pk, "fmt": "json"}
    )
    assert world.client_for(world.bob).get(url).status_code == 403
    assert world.client_for(world.nora).get(reverse("retention:requests")).status_code == 403
    from globa.accounts.models import Role
    from globa.testing import member

    other = member(Role.DATA_PROTECTION_OFFICER, world.centre_b)
    assert world.client_for(other).get(url).status_code == 404
    bad = world.client_for(world.dora).get(
        reverse("retention:requests"), {"kind": "child", "query": "x"}
    )  # type: ignore[attr-defined]
    assert bad.status_code == 200 and bad.context["form"].errors


def test_an_adult_carer_and_a_candidate_are_exported_too(dpo_world: World) -> None:
    from globa.carers import services as carer_services
    from globa.lib import clock
    from globa.registry.models import HouseholdAdult
    from globa.testing import as_user, municipality

    world = dpo_world
    with as_system():
        adult = HouseholdAdult.objects.create(
            household=world.household,
            centre=world.centre_a,
            first_name="Jonas",
            last_name="Petrauskas",
            birth_date=__import__("datetime").date(1980, 1, 1),
            email="jonas@example.lt",
        )
    with as_user(world.bob):
        candidate = carer_services.candidate_add(
            by=world.bob,
            centre=world.centre_a,
            inquiry=carer_services.Inquiry(
                first_name="Rūta",
                last_name="Būsimoji",
                email="ruta@example.lt",
                phone="+37060000000",
                municipality=municipality(),
                interests=("guardian",),
            ),
            consent_text="Sutiko.",
            on=clock.today(),
        )
    dora = world.client_for(world.dora)  # type: ignore[attr-defined]
    for kind, record in (("adult", adult), ("candidate", candidate)):
        url = reverse(
            "retention:export", kwargs={"kind": kind, "record_id": record.pk, "fmt": "json"}
        )
        response = dora.get(url)
        assert response.status_code == 200
        assert record.last_name in response.content.decode()
