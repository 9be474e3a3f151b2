from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role
from globa.lib import clock
from globa.testing import CentreFactory, member

PASSWORD = "saugus-slaptažodis-2026"


@pytest.fixture
def alice(db: None):  # type: ignore[no-untyped-def]
    cache.clear()
    user = member(Role.COORDINATOR, CentreFactory(), username="alice")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_it_logs_in_and_out(alice) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home:start")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("home:start")).status_code == 302


def test_passwords_are_hashed_with_argon2(alice) -> None:  # type: ignore[no-untyped-def]
    assert identify_hasher(alice.password).algorithm == "argon2"


def test_unknown_user_and_wrong_password_get_the_same_answer(alice) -> None:  # type: ignore[no-untyped-def]
    wrong = login(Client(), "alice", "neteisingas-slaptazodis")
    unknown = login(Client(), "nobody", "neteisingas-slaptazodis")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_failed_logins_are_throttled(alice) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for _ in range(5):
        login(client, "alice", "neteisingas-slaptazodis")
    response = login(client, "alice", PASSWORD)
    assert response.status_code in (200, 429)
    assert client.get(reverse("home:start")).status_code == 302  # still not logged in


def test_nobody_can_sign_up(db: None) -> None:
    response = Client().post(
        reverse("account_signup"), {"username": "intruder", "password1": "x" * 12}
    )
    assert response.status_code in (200, 302, 403)
    from globa.accounts.models import User

    assert not User.objects.filter(username="intruder").exists()


def _stored_expiry(client: Client) -> Any:
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_sessions_are_renewed_by_use_at_most_once_per_interval(alice, settings) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("home:ping")).status_code == 200
    renewed = _stored_expiry(client)
    assert client.get(reverse("home:ping")).status_code == 200
    assert _stored_expiry(client) == renewed  # within the interval: not written again

    settings.GLOBA_SESSION_RENEW_SECONDS = 0
    assert client.get(reverse("home:ping")).status_code == 200
    assert _stored_expiry(client) > renewed


def test_sessions_expire_after_inactivity(alice) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client = Client()
    client.force_login(alice)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=clock.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("home:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_second_factor_can_be_required(alice, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLOBA_REQUIRE_MFA = True
    client = Client()
    client.force_login(alice)
    response = client.get(reverse("home:start"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")
