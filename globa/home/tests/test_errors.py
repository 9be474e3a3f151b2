"""The 403 page says which refusal it is; a form without its security token is refused in
the site's own page."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

from globa.registry.models import Child
from globa.registry.tests.test_pages import child_url
from globa.testing import World, as_system


def page(world: World, user: object, url: str) -> tuple[int, str]:
    client = world.client_for(user)  # type: ignore[arg-type]
    client.cookies["django_language"] = "en"
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_a_page_not_for_the_role_says_so(world: World) -> None:
    status, body = page(world, world.nora, reverse("registry:children"))
    assert status == 403
    assert "Your role does not give access to this page." in body
    assert "You can see this record" not in body


def test_a_record_one_may_only_see_says_so(world: World) -> None:
    status, body = page(world, world.carol, child_url(world.child, "registry:child_edit"))
    assert status == 403
    assert "You can see this record, but your role does not allow this change." in body


def test_the_refusals_are_in_lithuanian_too(world: World) -> None:
    with translation.override("lt"):
        response = world.client_for(world.nora).get(reverse("registry:children"))
    assert response.status_code == 403
    assert "Jūsų vaidmuo nesuteikia prieigos prie šio puslapio." in response.content.decode()


def test_a_form_without_its_security_token_is_refused_in_the_sites_own_page(
    world: World,
) -> None:
    """Django's own refusal has an inline style the Content-Security-Policy blocks; the
    site's page has none, says what happened in both languages and saves nothing."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.carol)
    with as_system():
        before = Child.objects.count()
    for language, expected in (("en", "The form has expired"), ("lt", "Forma nebegalioja")):
        client.cookies["django_language"] = language
        response = client.post(reverse("registry:child_create"), {"first_name": "Ona"})
        body = response.content.decode()
        assert response.status_code == 403
        assert expected in body
        assert "<style" not in body and " style=" not in body
    with as_system():
        assert Child.objects.count() == before > 0
