"""The carer satisfaction survey: a manager (or the national monitor) opens a round with
anonymous links; a carer answers once with no login; the answer names no household and no
link; bad, used and closed links get a clear page; the share of positive answers is an
indicator; who may open which round."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import ProgrammingError, transaction
from django.test import Client
from django.urls import reverse

from globa.accounts.models import Role, User
from globa.accounts.selectors import ReadOnly
from globa.lib import clock
from globa.lib.dbscope import db_scope, system_scope
from globa.monitoring import survey
from globa.monitoring.compute import CENTRE, Area, facts, value
from globa.monitoring.indicators import BY_CODE
from globa.monitoring.models import SurveyAnswer, SurveyInbox, SurveyLink, SurveyRound
from globa.monitoring.periods import Period
from globa.testing import World, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _round(world: World, links: int = 6, **kwargs: Any) -> SurveyRound:
    today = clock.today()
    values: dict[str, Any] = {
        "starts_on": dt.date(today.year, 1, 1),
        "ends_on": dt.date(today.year, 12, 31),
        "closes_on": today + dt.timedelta(days=14),
        "links": links,
    }
    values.update(kwargs)
    return survey.open_round(by=world.bob, centre=world.centre_a, **values)


def _tokens(round: SurveyRound) -> list[str]:
    return list(round.links.order_by("number").values_list("token", flat=True))


def _answer(client: Client, token: str, **ratings: int | str) -> Any:
    return client.post(reverse("monitoring:survey_answer", kwargs={"token": token}), ratings)


def test_a_manager_opens_a_survey_with_a_link_for_each_household(world: World) -> None:
    client = _english(world.client_for(world.bob))
    page = client.get(reverse("monitoring:survey_create")).content.decode()
    assert 'value="1"' in page  # one active household by default
    today = clock.today()
    form = client.get(reverse("monitoring:survey_create")).context["form"]
    response = client.post(
        reverse("monitoring:survey_create"),
        {
            "submission": form["submission"].value(),
            "centre": world.centre_a.pk,
            "starts_on": dt.date(today.year, 1, 1).isoformat(),
            "ends_on": dt.date(today.year, 12, 31).isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "links": 3,
        },
    )
    round = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{round.pk}/")
    tokens = _tokens(round)
    assert len(tokens) == 3 and len(set(tokens)) == 3 and all(len(t) >= 32 for t in tokens)
    slips = client.get(reverse("monitoring:survey_print", kwargs={"round_id": round.pk}))
    assert slips.status_code == 200 and all(t in slips.content.decode() for t in tokens)
    assert "no-store" in slips["Cache-Control"]


def test_the_period_and_the_links_are_checked(world: World) -> None:
    client = _english(world.client_for(world.bob))
    today = clock.today()
    form = client.get(reverse("monitoring:survey_create")).context["form"]
    response = client.post(
        reverse("monitoring:survey_create"),
        {
            "submission": form["submission"].value(),
            "centre": world.centre_a.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - dt.timedelta(days=1)).isoformat(),
            "closes_on": (today - dt.timedelta(days=1)).isoformat(),
            "links": 3,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The period must end on or after its start." in page
    assert "Answers must be accepted until today or a later day." in page
    assert not SurveyRound.objects.exists()


def test_a_carer_answers_once_without_logging_in_and_anonymously(world: World) -> None:
    round = _round(world)
    token = _tokens(round)[0]
    client = _english(Client())
    url = reverse("monitoring:survey_answer", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    assert "I can reach my coordinator when I need to." in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"
    response = _answer(client, token, reachable=5, support=4, respite=2, comment=" Ačiū! ")
    assert (
        response.status_code == 200 and "Your answers were received." in response.content.decode()
    )
    # One answer waits in the inbox, which the application cannot read (alone, it would be the
    # only answer written after this link was spent); the figures count it already.
    with system_scope():
        assert not SurveyAnswer.objects.exists()
    found = facts("survey", Period.year(round.ends_on.year), Area(CENTRE, world.centre_a.pk))
    assert value(BY_CODE["survey_respondents"], found).numerator == 1
    survey.release(round, final=True)
    with system_scope():
        answer = SurveyAnswer.objects.get()
    assert (answer.reachable, answer.support, answer.training, answer.respite) == (5, 4, None, 2)
    assert answer.comment == "Ačiū!"
    # Nothing in the answer leads to the household or the link; the link only knows it was used.
    for model in (SurveyAnswer, SurveyInbox):
        names = {f.name for f in model._meta.get_fields()}
        assert not names & {"link", "token", "household", "created_at", "user"}
    assert SurveyLink.objects.get(token=token).used
    # Used: a clear page, never a second answer.
    again = client.get(url)
    assert again.status_code == 410 and "This link has been used" in again.content.decode()
    assert _answer(client, token, reachable=1).status_code == 410
    survey.release(round, final=True)
    with system_scope():
        assert SurveyAnswer.objects.count() == 1


def test_the_application_only_adds_to_the_inbox(world: World) -> None:
    round = _round(world, links=1)
    _answer(Client(), _tokens(round)[0], reachable=3)
    for scope in (system_scope(), db_scope(org_ids=[world.centre_a.pk])):
        with (
            scope,
            pytest.raises(ProgrammingError, match="permission denied"),
            transaction.atomic(),
        ):
            SurveyInbox.objects.count()


def test_answers_reach_the_figures_in_shuffled_batches(world: World, move_clock: Any) -> None:
    """Below the threshold, answers wait; at it, they move together with new ids; when the
    round closes, the rest move and the round's answers are all mixed once more."""
    threshold = settings.GLOBA_DISCLOSURE_THRESHOLD
    round = _round(world, links=threshold + 2)
    tokens = _tokens(round)
    client = Client()
    for token in tokens[: threshold - 1]:
        _answer(client, token, reachable=4)
    with system_scope():
        assert not SurveyAnswer.objects.exists()
    # The figures count the answers waiting too.
    period = Period.year(round.ends_on.year)
    found = facts("survey", period, Area(CENTRE, world.centre_a.pk))
    assert value(BY_CODE["survey_respondents"], found).numerator == threshold - 1
    _answer(client, tokens[threshold - 1], reachable=5)
    with system_scope():
        first = set(SurveyAnswer.objects.values_list("id", flat=True))
    assert len(first) == threshold
    _answer(client, tokens[threshold], reachable=2, comment="Paskutinis")
    page = _english(world.client_for(world.bob)).get(
        reverse("monitoring:survey", kwargs={"round_id": round.pk})
    )
    assert f"The figures hold {threshold} answers of the {threshold + 1} received" in (
        page.content.decode()
    )
    assert "Paskutinis" not in page.content.decode()
    # Closed: reading the results brings in the last answer and mixes the whole round anew.
    move_clock(round.closes_on + dt.timedelta(days=1))
    page = _english(world.client_for(world.bob)).get(
        reverse("monitoring:survey", kwargs={"round_id": round.pk})
    )
    assert "Paskutinis" in page.content.decode()
    assert "The figures hold" not in page.content.decode()
    with system_scope():
        last = set(SurveyAnswer.objects.values_list("id", flat=True))
        ratings = sorted(SurveyAnswer.objects.values_list("reachable", flat=True))
    assert len(last) == threshold + 1 and not last & first
    assert ratings == [2] + [4] * (threshold - 1) + [5]


def test_closing_a_round_early_brings_in_its_last_answers(world: World) -> None:
    round = _round(world, links=2)
    _answer(Client(), _tokens(round)[0], reachable=1)
    round.refresh_from_db()
    survey.change_round(
        by=world.bob,
        round=round,
        version=round.version,
        closes_on=clock.today() - dt.timedelta(days=1),
    )
    with system_scope():
        assert SurveyAnswer.objects.get().reachable == 1
    # Nothing is left to move.
    assert survey.release(round, final=True) == 0


def test_bad_closed_and_empty_answers_get_a_clear_page(world: World, move_clock: Any) -> None:
    round = _round(world)
    first, second = _tokens(round)[:2]
    client = _english(Client())
    unknown = client.get(reverse("monitoring:survey_answer", kwargs={"token": "x" * 40}))
    assert unknown.status_code == 404 and "not known" in unknown.content.decode()
    long = client.get(reverse("monitoring:survey_answer", kwargs={"token": "x" * 500}))
    assert long.status_code == 404
    empty = _answer(client, first)
    assert empty.status_code == 400
    assert "Answer at least one question or write a comment." in empty.content.decode()
    wrong = _answer(client, first, reachable=9)
    assert wrong.status_code == 400 and not SurveyLink.objects.get(token=first).used
    move_clock(round.closes_on + dt.timedelta(days=1))
    closed = client.get(reverse("monitoring:survey_answer", kwargs={"token": second}))
    assert closed.status_code == 410 and "This survey closed on" in closed.content.decode()


def test_the_share_of_positive_answers_is_an_indicator(world: World) -> None:
    round = _round(world, links=5)
    client = Client()
    for n, token in enumerate(_tokens(round)):
        # 5 households: 2 ratings each, 10 ratings, 6 of them 4 or 5.
        _answer(client, token, reachable=5 if n < 3 else 2, support=4 if n < 3 else 3)
    period = Period.year(round.ends_on.year)
    found = facts("survey", period, Area(CENTRE, world.centre_a.pk))
    share = value(BY_CODE["satisfaction"], found)
    assert (share.numerator, share.denominator) == (6, 10)
    assert value(BY_CODE["survey_respondents"], found).numerator == 5
    # The manager sees the results by question once enough households answered.
    page = _english(world.client_for(world.bob)).get(
        reverse("monitoring:survey", kwargs={"round_id": round.pk})
    )
    assert "60.0 %" in page.content.decode()
    # The share is on the centre's dashboard, in its own section.
    board = _english(world.client_for(world.bob)).get(
        reverse("monitoring:dashboard", kwargs={"level": CENTRE, "area_id": world.centre_a.pk}),
        {"period": "year", "year": round.ends_on.year},
    )
    text = board.content.decode()
    assert "Quality of the centres" in text and "Carers satisfied with the centre" in text


def test_few_answers_are_not_shown(world: World) -> None:
    round = _round(world, links=3)
    _answer(Client(), _tokens(round)[0], reachable=1, comment="Niekas neskambina")
    page = _english(world.client_for(world.bob)).get(
        reverse("monitoring:survey", kwargs={"round_id": round.pk})
    )
    text = page.content.decode()
    assert "Too few households have answered" in text and "Niekas neskambina" not in text


def test_who_runs_which_survey(world: World) -> None:
    round = _round(world)
    detail = reverse("monitoring:survey", kwargs={"round_id": round.pk})
    other_manager = member(Role.CENTRE_MANAGER, world.centre_b)
    assert world.client_for(world.alice).get(reverse("monitoring:surveys")).status_code == 403
    assert world.client_for(world.alice).get(detail).status_code == 403
    assert world.client_for(other_manager).get(detail).status_code == 404
    assert (
        world.client_for(other_manager)
        .post(reverse("monitoring:survey_links", kwargs={"round_id": round.pk}), {"links": 2})
        .status_code
        == 404
    )
    missing = reverse("monitoring:survey", kwargs={"round_id": round.pk + 1000})
    assert world.client_for(world.bob).get(missing).status_code == 404
    assert world.client_for(world.nora).get(detail).status_code == 200
    listing = world.client_for(other_manager).get(reverse("monitoring:surveys"))
    assert world.centre_a.name not in listing.content.decode()
    with pytest.raises(ReadOnly):
        survey.open_round(
            by=other_manager,
            centre=world.centre_a,
            starts_on=round.starts_on,
            ends_on=round.ends_on,
            closes_on=round.closes_on,
            links=1,
        )


def test_the_national_monitor_opens_a_round_and_sends_links_by_email(world: World) -> None:
    nora: User = world.nora
    round = survey.open_round(
        by=nora,
        centre=world.centre_b,
        starts_on=clock.today().replace(month=1, day=1),
        ends_on=clock.today().replace(month=12, day=31),
        closes_on=clock.today(),
        links=1,
    )
    client = _english(world.client_for(nora))
    url = reverse("monitoring:survey_email", kwargs={"round_id": round.pk})
    form = client.get(url).context["form"]
    bad = client.post(url, {"submission": form["submission"].value(), "addresses": "nope"})
    assert "Not an e-mail address: nope" in bad.content.decode() and not mail.outbox
    response = client.post(
        url,
        {"submission": form["submission"].value(), "addresses": "a@example.lt\nb@example.lt\n"},
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.lt", "b@example.lt"]
    tokens = _tokens(round)[1:]
    assert len(tokens) == 2 and all(any(t in m.body for m in mail.outbox) for t in tokens)


def test_the_last_day_is_changed_with_the_version_read(world: World) -> None:
    round = _round(world)
    client = _english(world.client_for(world.bob))
    url = reverse("monitoring:survey_close", kwargs={"round_id": round.pk})
    later = round.closes_on + dt.timedelta(days=7)
    response = client.post(url, {"closes_on": later.isoformat(), "version": round.version})
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.closes_on == later and round.version == 2
    stale = client.post(url, {"closes_on": later.isoformat(), "version": 1})
    assert stale.status_code == 200 and SurveyRound.objects.get().version == 2


def test_the_answers_are_read_only_within_the_centres_scope(world: World) -> None:
    round = _round(world, links=1)
    _answer(Client(), _tokens(round)[0], reachable=3, comment="Tik centrui")
    survey.release(round, final=True)
    with db_scope(org_ids=[world.centre_b.pk]):
        assert not SurveyAnswer.objects.exists()
    with db_scope(org_ids=[world.centre_a.pk]):
        assert SurveyAnswer.objects.get().comment == "Tik centrui"
