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


def test_a_second_factor_is_set_up_with_the_projects_forms(alice, move_clock) -> None:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from globa.core.forms import CONTROL_CHARACTERS_MESSAGE

    move_clock(clock.today())  # the clock stands still: the code stays the current one
    client = Client()
    client.cookies["django_language"] = "en"
    login(client, "alice", PASSWORD)
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    refused = client.post(asked.url, {"password": "saugus\x00"})
    assert str(CONTROL_CHARACTERS_MESSAGE) in refused.content.decode()
    client.post(asked.url, {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    refused = client.post(reverse("mfa_activate_totp"), {"code": "12\x003456"})
    assert refused.status_code == 200
    assert str(CONTROL_CHARACTERS_MESSAGE) in refused.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    code = format_hotp_value(hotp_value(secret, counter))
    assert client.post(reverse("mfa_activate_totp"), {"code": code}).status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()
