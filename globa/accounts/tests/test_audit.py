"""Accounts, memberships and second factors are audited like every record, never with a
password hash or a second factor's secret."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Membership, Role, User
from globa.audit.models import AuditChange
from globa.organisations.models import Organisation
from globa.testing import CentreFactory, as_system, as_user, member

PASSWORD = "saugus-slaptažodis-2026"


def changes(table: str, row_id: object) -> list[AuditChange]:
    with as_system():
        return list(AuditChange.objects.filter(table_name=table, row_id=str(row_id)).order_by("id"))


@pytest.fixture
def centre(db: None) -> Organisation:
    return CentreFactory()


def test_an_account_is_audited_without_its_password_hash(centre: Organisation) -> None:
    with as_system():
        user = User.objects.create_user("ruta", password=PASSWORD, first_name="Rūta")
        user.set_password("kitas-slaptažodis-2026")
        user.first_name = "Rūtelė"
        user.save()
    created, changed = changes("accounts_user", user.pk)
    assert created.after["password"] == "(not recorded)"
    assert (changed.before["first_name"], changed.after["first_name"]) == ("Rūta", "Rūtelė")
    assert (changed.before["password"], changed.after["password"]) == (
        "(not recorded)",
        "(not recorded, changed)",
    )
    recorded = json.dumps([created.after, changed.before, changed.after])
    assert "argon2" not in recorded and user.password not in recorded


def test_a_new_password_alone_is_recorded_as_a_change(centre: Organisation) -> None:
    with as_system():
        user = User.objects.create_user("ruta", password=PASSWORD)
        user.set_password("kitas-slaptažodis-2026")
        user.save(update_fields=["password"])
    assert [change.operation for change in changes("accounts_user", user.pk)] == ["I", "U"]


def test_signing_in_is_not_a_change_of_the_account(centre: Organisation) -> None:
    user = member(Role.COORDINATOR, centre, username="ruta")
    with as_system():
        user.set_password(PASSWORD)
        user.save()
    before = len(changes("accounts_user", user.pk))
    client = Client()
    response = client.post(reverse("account_login"), {"login": "ruta", "password": PASSWORD})
    assert response.status_code == 302
    with as_system():
        assert User.objects.get(pk=user.pk).last_login is not None
    assert len(changes("accounts_user", user.pk)) == before


def test_a_membership_is_audited_as_its_organisations(centre: Organisation) -> None:
    manager = member(Role.CENTRE_MANAGER, centre)
    other = member(Role.CENTRE_MANAGER, CentreFactory())
    coordinator = member(Role.COORDINATOR, centre)
    membership = Membership.objects.get(user=coordinator)
    with as_system():
        Membership.objects.filter(pk=membership.pk).end()
    created, ended = changes("accounts_membership", membership.pk)
    assert (created.operation, created.organisation_id) == ("I", centre.pk)
    assert (ended.before["is_active"], ended.after["is_active"]) == (True, False)
    # Read, like every audit row, in the organisation's scope.
    for user, sees in ((manager, True), (other, False)):
        with as_user(user):
            assert AuditChange.objects.filter(pk=ended.pk).exists() is sees


def test_a_second_factor_is_audited_without_its_secret(centre: Organisation) -> None:
    user = member(Role.COORDINATOR, centre)
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    with as_system():
        factor = Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": secret}
        )
        # Using it is not a change of it.
        Authenticator.objects.filter(pk=factor.pk).update(last_used_at=factor.created_at)
        Authenticator.objects.filter(pk=factor.pk).delete()
    created, deleted = changes("mfa_authenticator", factor.pk)
    assert (created.operation, created.after["data"], created.after["type"]) == (
        "I",
        "(not recorded)",
        "totp",
    )
    assert (deleted.operation, deleted.before["data"]) == ("D", "(not recorded)")
    assert secret not in json.dumps([created.after, deleted.before])
