"""Children through the API: the registry's access functions and services, seen by a
system."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.urls import reverse

from globa.api.tests.conftest import Systems
from globa.audit.models import AccessLog
from globa.lib import personal_code
from globa.registry.models import Child
from globa.testing import ChildFactory, as_system, municipality

LIST = "/api/v1/children/"


def url(child: Child) -> str:
    return f"{LIST}{child.pk}/"


def new_child(**changes: object) -> dict[str, object]:
    birth = dt.date(2016, 5, 4)
    data: dict[str, object] = {
        "first_name": "Matas",
        "last_name": "Naujokas",
        "sex": "M",
        "birth_date": birth.isoformat(),
        "personal_code": personal_code.make(birth, "M", 321),
        "municipality": municipality().pk,
        "legal_status": "temporary_care",
    }
    data.update(changes)
    return data


def post(client: object, path: str, data: object, **headers: str) -> object:
    return client.post(path, json.dumps(data), content_type="application/json", **headers)  # type: ignore[attr-defined]


def patch(client: object, path: str, data: object, **headers: str) -> object:
    return client.patch(path, json.dumps(data), content_type="application/json", **headers)  # type: ignore[attr-defined]


def test_it_lists_the_centres_children(systems: Systems) -> None:
    ChildFactory(centre=systems.world.centre_b, first_name="Kitas")
    response = systems.for_a().get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [str(systems.world.child.pk)]
    assert body["count"] == 1


def test_it_filters_and_orders(systems: Systems) -> None:
    ChildFactory(centre=systems.world.centre_a, first_name="Augustė", last_name="Zabielaitė")
    response = systems.for_a().get(LIST, {"q": "zabielaite", "ordering": "-birth_date"})
    assert [row["last_name"] for row in response.json()["results"]] == ["Zabielaitė"]


def test_it_shows_a_child_with_its_etag_and_logs_the_view(systems: Systems) -> None:
    child = systems.world.child
    response = systems.for_a().get(url(child))
    assert response.status_code == 200
    assert response.json()["personal_code"] == child.personal_code
    assert response.headers["ETag"] == f'"{child.pk}-1"'
    with as_system():
        row = AccessLog.objects.get(child=child)
    assert row.user_id == systems.a.user_id
    again = systems.for_a().get(url(child), HTTP_IF_NONE_MATCH=response.headers["ETag"])
    assert again.status_code == 304


def test_another_centres_child_does_not_exist_for_it(systems: Systems) -> None:
    assert systems.for_b().get(url(systems.world.child)).status_code == 404
    response = patch(systems.for_b(), url(systems.world.child), {"first_name": "X", "version": 1})
    assert response.status_code == 404
    assert response.json() == {"status": 404, "detail": "Not found."}


def test_it_registers_a_child_through_the_service(systems: Systems) -> None:
    response = post(systems.for_a(), LIST, new_child())
    assert response.status_code == 201, response.json()
    with as_system():
        child = Child.objects.get(pk=response.json()["id"])
    assert child.centre == systems.world.centre_a


def test_a_read_only_client_may_not_register(systems: Systems) -> None:
    response = post(systems.for_a_reader(), LIST, new_child())
    assert response.status_code == 403
    assert "may not change children" in response.json()["detail"]


def test_a_read_only_role_gets_403_read_only(systems: Systems) -> None:
    client = systems.world.client_for(systems.world.carol)
    data = {"first_name": "X", "version": 1}
    response = patch(client, url(systems.world.child), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "does not allow this change" in response.json()["detail"]


def test_bad_input_names_the_fields_in_the_callers_language(systems: Systems) -> None:
    data = new_child(personal_code="39901011234", birth_date="2999-01-01", sex="X")
    response = post(systems.for_a(), LIST, data)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"sex"}
    response = post(systems.for_a(), LIST, new_child(personal_code="12345678901"))
    assert response.status_code == 400
    assert "personal_code" in response.json()["errors"]
    lithuanian = post(systems.for_a("lt"), LIST, new_child(personal_code="12345678901"))
    assert lithuanian.json()["errors"] != response.json()["errors"]
    assert lithuanian.headers["Content-Language"] == "lt"
    with as_system():
        assert Child.objects.count() == 1


def test_a_likely_duplicate_needs_confirming(systems: Systems) -> None:
    child = systems.world.child
    data = new_child(
        first_name=child.first_name,
        last_name=child.last_name,
        birth_date=child.birth_date.isoformat(),
        sex=child.sex,
        personal_code=personal_code.make(child.birth_date, child.sex, 777),
    )
    response = post(systems.for_a(), LIST, data)
    assert response.status_code == 400
    assert str(child.pk) in response.json()["errors"]["confirm_not_duplicate"][0]
    confirmed = post(systems.for_a(), LIST, {**data, "confirm_not_duplicate": True})
    assert confirmed.status_code == 201


def test_it_changes_a_child_with_the_version_read(systems: Systems) -> None:
    child = systems.world.child
    tag = systems.for_a().get(url(child)).headers["ETag"]
    response = patch(systems.for_a(), url(child), {"special_needs": "Akiniai"}, HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.headers["ETag"] != tag


def test_a_stale_version_is_refused_and_nothing_is_overwritten(systems: Systems) -> None:
    child = systems.world.child
    tag = systems.for_a().get(url(child)).headers["ETag"]
    assert (
        patch(systems.for_a(), url(child), {"special_needs": "A"}, HTTP_IF_MATCH=tag).status_code
        == 200
    )
    stale = patch(systems.for_a(), url(child), {"special_needs": "B"}, HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    conflict = patch(systems.for_a(), url(child), {"special_needs": "C", "version": 1})
    assert conflict.status_code == 409
    missing = patch(systems.for_a(), url(child), {"special_needs": "D"})
    assert missing.status_code == 428
    with as_system():
        child.refresh_from_db()
    assert child.special_needs == "A"


def test_relatives_are_read_and_added(systems: Systems) -> None:
    child = systems.world.child
    path = f"{url(child)}relatives/"
    added = post(
        systems.for_a(),
        path,
        {"first_name": "Rima", "last_name": "Jonaitienė", "relation": "mother"},
    )
    assert added.status_code == 201, added.json()
    assert [r["first_name"] for r in systems.for_a().get(path).json()] == ["Rima"]
    assert systems.for_b().get(path).status_code == 404
    assert post(systems.for_a_reader(), path, {}).status_code == 403
    bad = post(systems.for_a(), path, {"first_name": "", "last_name": "X", "relation": "?"})
    assert set(bad.json()["errors"]) == {"first_name", "relation"}


def test_the_schema_and_docs_are_served_by_globa(systems: Systems) -> None:
    schema = systems.world.client_for(systems.world.bob).get(reverse("api:schema"))
    assert schema.status_code == 200
    docs = systems.world.client_for(systems.world.bob).get(reverse("api:docs"))
    assert docs.status_code == 200
    # Swagger UI from Globa's own static files, nothing from elsewhere.
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.content
    assert not re.search(rb'(src|href)="(https?:)?//', docs.content)


def test_the_description_is_valid_and_generated_without_warnings(tmp_path: object) -> None:
    from django.core.management import call_command

    path = f"{tmp_path}/schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", path)
