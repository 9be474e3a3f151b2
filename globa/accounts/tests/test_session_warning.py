"""The warning before an idle session ends: the page carries its timing and the dialog,
and staying signed in renews the session on the server (an ended one stays ended)."""

from datetime import timedelta
from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.testing import CentreFactory, member


def stored_expiry(client: Client) -> Any:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def signed_in(db: None) -> Client:
    client = Client()
    client.force_login(member(Role.COORDINATOR, CentreFactory()))
    return client


def test_every_page_carries_the_warning_with_its_timing(db: None, settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.GLOBA_SESSION_RENEW_SECONDS = 60
    settings.GLOBA_SESSION_WARN_SECONDS = 300
    page = signed_in(db).get(reverse("home:start")).content.decode()
    # The page never promises more than the session has: less the renewal interval.
    assert 'data-idle-seconds="1740"' in page
    assert 'data-warn-seconds="300"' in page
    assert 'id="session-warning"' in page
    assert "session-warning.js" in page


def test_a_short_session_warns_at_half_its_length(db: None, settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 120
    settings.GLOBA_SESSION_RENEW_SECONDS = 20
    page = signed_in(db).get(reverse("home:start")).content.decode()
    assert 'data-idle-seconds="100" data-warn-seconds="50"' in page


def test_visitors_get_no_warning(db: None) -> None:
    page = Client().get(reverse("carers:centres")).content.decode()
    assert "session-warning" not in page


def test_staying_signed_in_renews_the_session(db: None, time_machine: Any) -> None:
    time_machine.move_to(clock.now(), tick=False)
    client = signed_in(db)
    client.get(reverse("home:ping"))
    before = stored_expiry(client)
    time_machine.shift(timedelta(seconds=30))
    response = client.post(reverse("accounts:session_renew"))
    assert response.status_code == 200
    assert response.json()["signed_in"] is True
    assert stored_expiry(client) >= before + timedelta(seconds=29)


def test_an_ended_session_is_not_renewed(db: None) -> None:
    client = signed_in(db)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=clock.now() - timedelta(seconds=1)
    )
    response = client.post(reverse("accounts:session_renew"))
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_renewal_is_a_post_with_the_csrf_token(db: None) -> None:
    client = signed_in(db)
    assert client.get(reverse("accounts:session_renew")).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post(reverse("accounts:session_renew")).status_code == 403
