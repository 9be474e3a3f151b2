"""Demo records of the quality monitoring of centres: carer satisfaction surveys. Every centre
ran one for last year (closed, most households answered); the home centre runs this year's,
with a few answers in and the rest of the links still to hand out."""

from __future__ import annotations

import datetime as dt
import random

from globa.accounts.models import User
from globa.monitoring import survey
from globa.monitoring.models import SURVEY_QUESTIONS, SurveyRound
from globa.organisations.models import Organisation

COMMENTS = [
    "Koordinatorė visada atsako, net vakare.",
    "Norėtųsi daugiau atokvėpio vasarą.",
    "Mokymai apie traumą labai padėjo.",
    "Sunku prisiskambinti penktadieniais.",
    "",
    "",
    "",
]


def _answers(rng: random.Random, round: SurveyRound, share: float, lean: int) -> int:
    """Answer ``share`` of the round's links with ratings leaning to ``lean`` (1 to 5)."""
    tokens = list(round.links.values_list("token", flat=True))
    answered = 0
    for token in tokens[: round_share(len(tokens), share)]:
        values: dict[str, int | None] = {}
        for name, _label in SURVEY_QUESTIONS:
            values[name] = (
                None
                if rng.random() < 0.08
                else max(1, min(5, lean + rng.choice((-2, -1, 0, 0, 1))))
            )
        survey.answer(token=token, ratings=survey.Ratings(values, rng.choice(COMMENTS)))
        answered += 1
    return answered


def round_share(count: int, share: float) -> int:
    return int(count * share + 0.5)


def add_surveys(
    *,
    centres: list[Organisation],
    managers: dict[int, User],
    home_centre: Organisation,
    today: dt.date,
    seed: int,
) -> int:
    """Last year's survey in every centre and this year's in the home centre; returns how
    many households answered."""
    rng = random.Random(seed)
    last = today.year - 1
    answered = 0
    for centre in centres:
        if centre.kind != Organisation.Kind.CARE_CENTRE or centre.pk not in managers:
            continue
        households = max(survey.active_households(centre), 6)
        round = survey.open_round(
            by=managers[centre.pk],
            centre=centre,
            starts_on=dt.date(last, 1, 1),
            ends_on=dt.date(last, 12, 31),
            closes_on=today,
            links=households,
        )
        answered += _answers(rng, round, rng.uniform(0.55, 0.9), rng.choice((3, 4, 4, 5)))
        # It closed last winter (answers were taken until then).
        SurveyRound.objects.filter(pk=round.pk).update(
            closes_on=min(dt.date(today.year, 1, 31), today - dt.timedelta(days=1))
        )
        survey.release(round, final=True)  # the last answers, as when it closed
    current = survey.open_round(
        by=managers[home_centre.pk],
        centre=home_centre,
        starts_on=dt.date(today.year, 1, 1),
        ends_on=dt.date(today.year, 12, 31),
        closes_on=dt.date(today.year, 12, 31),
        links=max(survey.active_households(home_centre), 8),
    )
    answered += _answers(rng, current, 0.4, 4)
    return answered
