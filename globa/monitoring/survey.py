"""The carer satisfaction survey: a centre's manager (or the national monitor) opens a round
for a centre and period with as many anonymous links as the centre has carer households;
each link opens the survey once, with no login. An answer is stored with no link to the
household or to its link: the link records only that it was used. Answers go to an inbox
first and reach the round's answers in shuffled batches (``globa_survey_release``), so that
not even the order of the rows tells which link an answer came with."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from globa.accounts.models import User
from globa.accounts.selectors import require_change
from globa.core.saving import saving, update_versioned
from globa.lib import clock
from globa.monitoring import permissions
from globa.monitoring.models import (
    SURVEY_QUESTIONS,
    SurveyAnswer,
    SurveyInbox,
    SurveyLink,
    SurveyRound,
)
from globa.organisations.models import Organisation
from globa.registry.models import CarerHousehold

MOST_LINKS = 500
LONGEST_DAYS = 366
TOKEN_BYTES = 24  # 192 random bits: 32 characters in the link


class LinkNotFound(Exception):
    """No such link: a mistyped or made-up token."""


class LinkSpent(Exception):
    """The link was used already, or its survey no longer takes answers."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def active_households(centre: Organisation) -> int:
    """How many links a round needs by default: the centre's active carer households."""
    return CarerHousehold.objects.filter(centre=centre, status=CarerHousehold.Status.ACTIVE).count()


def _period_errors(starts_on: dt.date, ends_on: dt.date, closes_on: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The period must end on or after its start.")
    elif (ends_on - starts_on).days >= LONGEST_DAYS:
        errors["ends_on"] = _("A survey covers at most a year.")
    if closes_on < clock.today():
        errors["closes_on"] = _("Answers must be accepted until today or a later day.")
    elif closes_on < starts_on:
        errors["closes_on"] = _("Answers must be accepted until a day in or after the period.")
    return errors


def _new_links(round: SurveyRound, count: int) -> list[SurveyLink]:
    if not 1 <= count <= MOST_LINKS:
        raise ValidationError({"links": _("Give from 1 to %(most)s links.") % {"most": MOST_LINKS}})
    first = (round.links.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if first + count - 1 > MOST_LINKS * 4:
        raise ValidationError({"links": _("This survey has as many links as it can have.")})
    return SurveyLink.objects.bulk_create(
        SurveyLink(round=round, number=first + n, token=secrets.token_urlsafe(TOKEN_BYTES))
        for n in range(count)
    )


def open_round(
    *,
    by: User,
    centre: Organisation,
    starts_on: dt.date,
    ends_on: dt.date,
    closes_on: dt.date,
    links: int,
) -> SurveyRound:
    """Open a survey round for the centre and period, with ``links`` anonymous links."""
    require_change(centre in permissions.survey_centres(by))
    errors = _period_errors(starts_on, ends_on, closes_on)
    if not 1 <= links <= MOST_LINKS:
        errors["links"] = _("Give from 1 to %(most)s links.") % {"most": MOST_LINKS}
    if errors:
        raise ValidationError(errors)
    with saving():
        round = SurveyRound.objects.create(
            centre=centre,
            starts_on=starts_on,
            ends_on=ends_on,
            closes_on=closes_on,
            opened_by=by,
            created_at=clock.now(),
        )
        _new_links(round, links)
    return round


def change_round(*, by: User, round: SurveyRound, version: int, closes_on: dt.date) -> SurveyRound:
    """Accept answers until another day (earlier to close it, later to extend it)."""
    require_change(round.centre in permissions.survey_centres(by))
    if closes_on < round.starts_on:
        raise ValidationError(
            {"closes_on": _("Answers must be accepted until a day in or after the period.")}
        )
    with saving():
        update_versioned(round, version, closes_on=closes_on)
        if closes_on < clock.today():
            release(round)
    return round


def add_links(*, by: User, round: SurveyRound, count: int) -> list[SurveyLink]:
    """More links for a round (a household that lost its own, a new household)."""
    require_change(round.centre in permissions.survey_centres(by))
    if round.closes_on < clock.today():
        raise ValidationError(_("This survey no longer takes answers."))
    with saving():
        return _new_links(round, count)


def send_links(*, by: User, round: SurveyRound, addresses: list[str], link_url: str) -> int:
    """E-mail a new link of its own to each address (through the installation's e-mail
    backend). The addresses are not kept: the link stays anonymous."""
    require_change(round.centre in permissions.survey_centres(by))
    if round.closes_on < clock.today():
        raise ValidationError(_("This survey no longer takes answers."))
    with saving():
        links = _new_links(round, len(addresses))
    # In the installation's language: a carer's own is not known (nothing about them is kept).
    with translation.override(settings.LANGUAGE_CODE):
        for address, link in zip(addresses, links, strict=True):
            _send_link(round, address, link_url.replace("TOKEN", link.token))
    return len(links)


def _send_link(round: SurveyRound, address: str, url: str) -> None:
    subject = _("How does your foster care centre help you? A short anonymous survey")
    body = _(
        "Hello,\n\n%(centre)s asks its carers how they are helped. The survey takes a few "
        "minutes and is anonymous: the centre sees no answer of a single household.\n\n"
        "Your link (it works once, until %(closes)s):\n%(url)s\n"
    ) % {"centre": round.centre.name, "closes": round.closes_on.isoformat(), "url": url}
    send_mail(subject, body, None, [address])


def link_for(token: str) -> SurveyLink:
    """The link of a token, if it still opens the survey."""
    link = SurveyLink.objects.filter(token=token).select_related("round__centre").first()
    if link is None or len(token) > 64:
        raise LinkNotFound
    _check_open(link)
    return link


def _check_open(link: SurveyLink) -> None:
    today = clock.today()
    if link.used:
        raise LinkSpent(_("This link has been used: the answers were received. Thank you."))
    if link.round.closes_on < today:
        raise LinkSpent(_("This survey closed on %(day)s.") % {"day": link.round.closes_on})


@dataclass(frozen=True)
class Ratings:
    values: dict[str, int | None]
    comment: str


def answer(*, token: str, ratings: Ratings) -> None:
    """Store one household's answers and spend its link, both or neither. The answer names
    neither the household nor the link."""
    given = {k: v for k, v in ratings.values.items() if v is not None}
    if any(not 1 <= v <= 5 for v in given.values()):
        raise ValidationError(_("A rating is from 1 to 5."))
    comment = ratings.comment.strip()
    if not given and not comment:
        raise ValidationError(_("Answer at least one question or write a comment."))
    with transaction.atomic():
        link = (
            SurveyLink.objects.select_for_update()
            .filter(token=token)
            .select_related("round__centre")
            .first()
        )
        if link is None:
            raise LinkNotFound
        _check_open(link)
        SurveyLink.objects.filter(pk=link.pk).update(used=True)
        with saving():
            SurveyInbox.objects.create(
                round=link.round,
                comment=comment,
                **{name: ratings.values.get(name) for name, _label in SURVEY_QUESTIONS},
            )
        release(link.round)


def release(round: SurveyRound, *, final: bool | None = None) -> int:
    """Move the round's answers waiting in the inbox into its answers: a shuffled batch once
    as many as the disclosure threshold wait, and whatever waits once the round has closed
    or ``final`` is asked (then with the round's earlier answers mixed in again). Returns how
    many moved."""
    if final is None:
        final = round.closes_on < clock.today()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT globa_survey_release(%s, %s, %s)",
            [round.pk, int(settings.GLOBA_DISCLOSURE_THRESHOLD), final],
        )
        return int(cursor.fetchone()[0])


@dataclass(frozen=True)
class QuestionResult:
    label: str
    answers: int
    positive: int

    @property
    def share(self) -> float | None:
        return round(100 * self.positive / self.answers, 1) if self.answers else None


@dataclass(frozen=True)
class Results:
    links: int
    used: int
    respondents: int  # the answers among the figures (the rest wait for the next batch)
    questions: list[QuestionResult]
    comments: list[str]
    shown: bool  # enough households answered to show the figures without revealing one


def results(user: User, round: SurveyRound) -> Results:
    """The round's figures for the centre's manager (the answers are the centre's; the
    national monitor sees the shares on the dashboards); per question and the comments only
    once enough households answered that no single one's answers can be told (the
    installation's disclosure threshold)."""
    if round.closes_on < clock.today():
        release(round)  # the last answers of a closed round, if any still wait
    links = round.links.count()
    used = round.links.filter(used=True).count()
    shown = used >= int(settings.GLOBA_DISCLOSURE_THRESHOLD)
    answers: list[dict[str, object]] = []
    reads_answers = shown and permissions.sees_comments(user, round)
    if reads_answers:
        answers = list(
            SurveyAnswer.objects.filter(round=round).values(
                *(name for name, _label in SURVEY_QUESTIONS), "comment"
            )
        )
    questions = []
    for name, label in SURVEY_QUESTIONS:
        values = [int(str(a[name])) for a in answers if a[name] is not None]
        questions.append(QuestionResult(str(label), len(values), sum(1 for v in values if v >= 4)))
    comments = sorted(str(a["comment"]) for a in answers if a["comment"])
    # The answers the figures hold (the rest wait in the inbox for the next batch).
    respondents = len(answers) if reads_answers else used
    return Results(links, used, respondents, questions, comments, shown)
