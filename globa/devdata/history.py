"""The history the monitoring figures are counted from, at every tier: ten years of service
records, the municipalities' service contracts with their providers, and the carer
satisfaction survey's rounds.

Service records are written with one ``INSERT … SELECT`` per kind and year, under row-level
security in the system scope, so the audit trigger records every row (as it would have in
real life) and the server holds one year's rows at a time, whatever the tier. The history
goes back ten years, but never before a service type of the catalogue or its provision by
the organisation applies (``valid_from``): no service is recorded that could not have been.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Min

from globa.accounts.models import Membership, Role, User
from globa.devdata import names, orgs
from globa.monitoring.models import SURVEY_QUESTIONS, ServiceContract, SurveyRound
from globa.organisations.models import Organisation
from globa.support.models import Service, ServiceProvision
from globa.support.services import provide_services

Echo = Callable[[str], None]
BulkInsert = Callable[[str, Sequence[NamedTuple]], None]

HISTORY_YEARS = 10
# What a provider of family services records outside a case, to named people.
PROVIDER_SERVICES = (
    "complex_family_services",
    "child_day_care",
    "mobile_team",
    "therapeutic_education",
    "early_intervention_development",
)
PROVIDER_GROUPS = ("family",)
# What a centre's specialists give the children placed in its families.
CHILD_SERVICES = (
    "psychological_consultation",
    "social_consultation",
    "information_consultation",
    "family_contact",
)


def history_start(today: dt.date, using: str = DEFAULT_DB_ALIAS) -> dt.date:
    """The first day of the history: ten years back (the 1st of January of the year nine
    years before this one), but not before the catalogue's first service applies."""
    ten_years = dt.date(today.year - HISTORY_YEARS + 1, 1, 1)
    first = Service.objects.using(using).aggregate(first=Min("valid_from"))["first"]
    return max(ten_years, first) if first else ten_years


def years(start: dt.date, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar years from ``start`` to ``today``, each cut to them."""
    return [
        (max(start, dt.date(y, 1, 1)), min(today, dt.date(y, 12, 31)))
        for y in range(start.year, today.year + 1)
    ]


# Providers -----------------------------------------------------------------------------------


def create_providers(
    rng: random.Random, municipalities: dict[str, Organisation], factor: int, vilnius_only: bool
) -> list[Organisation]:
    """Service providers besides the care centres: a public social services centre in every
    municipality, NGOs where enough people live, a private provider in the larger towns; each
    with a specialist and the family services of the catalogue."""
    rows: list[Organisation] = []
    places = [names.VILNIUS] if vilnius_only else sorted(names.POPULATION)
    for place in places:
        municipality = municipalities[place]
        stem = names.municipality_stem(place)
        population = names.POPULATION[place]
        kinds = [("public", f"{stem} socialinių paslaugų centras")]
        ngos = (1 if population >= 40 else 0) + population // 200
        kinds += [
            ("ngo", f"{stem} šeimos paramos centras „{orgs.HOME_NAMES[n % len(orgs.HOME_NAMES)]}“")
            for n in range(ngos)
        ]
        if population >= 100:
            kinds.append(("private", f"UAB „{stem} šeimos paslaugos“"))
        for copy in range(factor):
            for sector, name in kinds:
                suffix = f" Nr. {copy + 1}" if copy else ""
                rows.append(
                    orgs.organisation(
                        rng, name + suffix, Organisation.Kind.PROVIDER, municipality, sector
                    )
                )
    providers = Organisation.objects.bulk_create(rows, batch_size=1000)
    provide_services(providers, PROVIDER_GROUPS)
    people = orgs.People(rng, User.objects.values_list("username", flat=True))
    orgs.save_staff([(people.user(), p, Role.SPECIALIST) for p in providers])
    return providers


# Service records -------------------------------------------------------------------------------

# Each day's services are recorded that afternoon (recorded_at).

# Coordinators' home visits: each household visited by the coordinator assigned to it at the
# time, about as often as its contact rule asks (one current household in five is behind),
# from the later of the assignment's start and the history's; the children placed there on
# the day included, one row each, with the household's row (one contact).
VISITS_SQL = """
INSERT INTO support_delivery (id, contact, provider_id, service_id, delivered_on, minutes, form,
    given_by_id, recorded_by_id, child_id, household_id, person_name, notes, recorded_at)
WITH assignments AS (
    SELECT a.id, a.household_id, a.coordinator_id, a.centre_id, r.interval_days AS every,
           greatest(a.started_on, %(start)s, pv.valid_from, s.valid_from) AS first_day,
           CASE WHEN a.ended_on IS NULL THEN %(today)s ELSE a.ended_on - 1 END AS last_day,
           a.ended_on IS NULL AS current, abs(hashtext(%(seed)s || a.id::text)) AS draw
      FROM registry_coordinatorassignment a
      JOIN registry_carerhousehold h ON h.id = a.household_id
      JOIN support_contactrule r ON r.household_kind = h.kind
      JOIN support_service s ON s.id = %(service)s
      JOIN support_serviceprovision pv ON pv.organisation_id = a.centre_id
           AND pv.service_id = s.id
     WHERE a.ended_on IS NULL OR a.ended_on > %(start)s
), visits AS (
    SELECT md5(%(seed)s || a.id::text || day::text)::uuid AS contact,
           a.household_id, a.centre_id, a.coordinator_id, day::date AS day,
           (ARRAY[45, 60, 60, 90, 120])[1 + abs(hashtext(a.household_id::text || day::text)) %% 5]
             AS minutes
      FROM assignments a
     CROSS JOIN LATERAL generate_series(
           a.first_day + (a.draw %% a.every),
           a.last_day - CASE WHEN a.current AND a.draw %% 5 = 0 THEN a.every ELSE 0 END,
           make_interval(days => a.every)) AS day
     WHERE day BETWEEN %(year_from)s AND %(year_to)s
)
SELECT v.contact, v.contact, v.centre_id, %(service)s, v.day, v.minutes, 'home_visit',
       v.coordinator_id, v.coordinator_id, NULL, v.household_id, '', '',
       (v.day + time '16:00') AT TIME ZONE 'Europe/Vilnius'
  FROM visits v
UNION ALL
SELECT md5(v.contact::text || p.child_id::text)::uuid, v.contact, v.centre_id, %(service)s,
       v.day, v.minutes, 'home_visit', v.coordinator_id, v.coordinator_id, p.child_id, NULL,
       '', '', (v.day + time '16:00') AT TIME ZONE 'Europe/Vilnius'
  FROM visits v
  JOIN registry_placement p ON p.household_id = v.household_id AND p.started_on <= v.day
       AND (p.ended_on IS NULL OR p.ended_on > v.day)
  JOIN registry_child c ON c.id = p.child_id AND c.centre_id = v.centre_id
"""

# The centre's specialists' services to each child placed in one of its families, every one
# to three months while placed: a consultation, information, or contact with the family.
CHILD_SERVICES_SQL = """
INSERT INTO support_delivery (id, contact, provider_id, service_id, delivered_on, minutes, form,
    given_by_id, recorded_by_id, child_id, household_id, person_name, notes, recorded_at)
WITH staff AS (
    SELECT organisation_id AS centre_id, array_agg(user_id ORDER BY user_id) AS ids
      FROM accounts_membership
     WHERE role = 'specialist' AND is_active
     GROUP BY organisation_id
), placed AS (
    SELECT p.id, p.child_id, h.centre_id, st.ids AS staff,
           greatest(p.started_on, %(start)s) AS first_day,
           CASE WHEN p.ended_on IS NULL THEN %(today)s ELSE p.ended_on - 1 END AS last_day,
           30 + abs(hashtext(%(seed)s || p.id::text)) %% 61 AS every
      FROM registry_placement p
      JOIN registry_carerhousehold h ON h.id = p.household_id
      JOIN staff st ON st.centre_id = h.centre_id
     WHERE p.ended_on IS NULL OR p.ended_on > %(start)s
), given AS (
    SELECT p.*, day::date AS day, abs(hashtext(p.id::text || day::text)) AS draw
      FROM placed p
     CROSS JOIN LATERAL generate_series(p.first_day + p.every / 2, p.last_day,
                                        make_interval(days => p.every)) AS day
     WHERE day BETWEEN %(year_from)s AND %(year_to)s
), chosen AS (
    SELECT g.*, (%(services)s::bigint[])[1 + g.draw %% cardinality(%(services)s::bigint[])]
             AS service_id
      FROM given g
)
SELECT md5('child' || c.id::text || c.day::text)::uuid,
       md5('child' || c.id::text || c.day::text)::uuid,
       c.centre_id, c.service_id, c.day, (ARRAY[30, 45, 60, 60, 90])[1 + c.draw %% 5],
       (ARRAY['office', 'home_visit', 'remote', 'phone'])[1 + c.draw %% 4],
       c.staff[1 + c.draw %% cardinality(c.staff)], c.staff[1 + c.draw %% cardinality(c.staff)],
       c.child_id, NULL, '', '', (c.day + time '16:00') AT TIME ZONE 'Europe/Vilnius'
  FROM chosen c
  JOIN support_service s ON s.id = c.service_id
  JOIN support_serviceprovision pv ON pv.organisation_id = c.centre_id AND pv.service_id = s.id
 WHERE c.day >= s.valid_from AND (s.valid_to IS NULL OR c.day <= s.valid_to)
   AND c.day >= pv.valid_from AND (pv.valid_to IS NULL OR c.day <= pv.valid_to)
"""

# Providers' family services to people named on the record (families outside the registry):
# each service the provider provides, on a working day every few days, to one of its
# clients, a pool that changes from year to year.
PROVIDER_SERVICES_SQL = """
INSERT INTO support_delivery (id, contact, provider_id, service_id, delivered_on, minutes, form,
    given_by_id, recorded_by_id, child_id, household_id, person_name, notes, recorded_at)
WITH staff AS (
    SELECT organisation_id AS provider_id, array_agg(user_id ORDER BY user_id) AS ids
      FROM accounts_membership
     WHERE role = 'specialist' AND is_active
     GROUP BY organisation_id
), offered AS (
    SELECT pv.organisation_id AS provider_id, pv.service_id, st.ids AS staff,
           greatest(pv.valid_from, s.valid_from, %(start)s) AS first_day,
           least(coalesce(pv.valid_to, s.valid_to, %(today)s), %(today)s) AS last_day,
           1 + abs(hashtext(%(seed)s || pv.id::text)) %% 3 AS every
      FROM support_serviceprovision pv
      JOIN support_service s ON s.id = pv.service_id
      JOIN organisations_organisation o ON o.id = pv.organisation_id
      JOIN staff st ON st.provider_id = pv.organisation_id
     WHERE o.kind = 'provider' AND s.code = ANY(%(codes)s)
), given AS (
    SELECT o.*, day::date AS day, abs(hashtext(o.provider_id::text || o.service_id::text
                                               || day::text)) AS draw
      FROM offered o
     CROSS JOIN LATERAL generate_series(greatest(o.first_day, %(year_from)s::date),
                                        least(o.last_day, %(year_to)s::date),
                                        make_interval(days => o.every)) AS day
     WHERE extract(isodow FROM day) < 6
)
SELECT md5('provider' || g.provider_id::text || g.service_id::text || g.day::text)::uuid,
       md5('provider' || g.provider_id::text || g.service_id::text || g.day::text)::uuid,
       g.provider_id, g.service_id, g.day, (ARRAY[45, 60, 90, 120, 180])[1 + g.draw %% 5],
       (ARRAY['office', 'office', 'home_visit', 'remote'])[1 + g.draw %% 4],
       g.staff[1 + g.draw %% cardinality(g.staff)], g.staff[1 + g.draw %% cardinality(g.staff)],
       NULL, NULL,
       (%(clients)s::text[])[1 + (g.draw %% 40
                                  + 40 * extract(year FROM g.day)::int
                                  + g.provider_id * 7) %% cardinality(%(clients)s::text[])],
       '', (g.day + time '16:00') AT TIME ZONE 'Europe/Vilnius'
  FROM given g
"""


def add_services(
    rng: random.Random,
    *,
    seed: int,
    today: dt.date,
    echo: Echo = print,
    started: float | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Ten years of service records (see the module); returns how many rows."""
    started = started if started is not None else time.perf_counter()
    start = history_start(today, using)
    visit = Service.objects.using(using).get(code="coordinator_assistance").pk
    child_services = list(
        Service.objects.using(using)
        .filter(code__in=CHILD_SERVICES)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    clients = [
        f"{names.first_name(rng, sex, adult=True)} "
        f"{names.surname(rng.choice(names.SURNAMES), sex, married=rng.random() < 0.6)}"
        for sex in (names.FEMALE if rng.random() < 0.7 else names.MALE for _ in range(2000))
    ]
    common: dict[str, Any] = {"seed": str(seed), "today": today, "start": start}
    total = 0
    with connections[using].cursor() as cursor:
        # The tables were filled in this transaction, after their statistics were taken (the
        # application role may not ANALYZE): nested loops over what the planner takes for
        # small tables would read the placements once per visit. Hash joins read them once.
        cursor.execute("SET LOCAL enable_nestloop = off")
        for year_from, year_to in years(start, today):
            rows = 0
            window = {**common, "year_from": year_from, "year_to": year_to}
            cursor.execute(VISITS_SQL, {**window, "service": visit})
            rows += cursor.rowcount
            cursor.execute(CHILD_SERVICES_SQL, {**window, "services": child_services})
            rows += cursor.rowcount
            cursor.execute(
                PROVIDER_SERVICES_SQL,
                {**window, "codes": list(PROVIDER_SERVICES), "clients": clients},
            )
            rows += cursor.rowcount
            total += rows
            echo(
                f"  support_delivery {year_from.year}: {rows:,} rows "
                f"({time.perf_counter() - started:.1f} s)"
            )
        cursor.execute("SET LOCAL enable_nestloop = on")
    return total


# Service contracts -----------------------------------------------------------------------------


def add_service_contracts(
    rng: random.Random, *, today: dt.date, using: str = DEFAULT_DB_ALIAS
) -> int:
    """Each municipality's yearly contracts with the providers and care centres there, for
    one to three of the services each provides that year (one in twenty past contracts ended
    early), recorded by the municipality's officer. Returns how many contracts."""
    start = history_start(today, using)
    officers = {
        m.organisation_id: m.user_id
        for m in Membership.objects.using(using)
        .filter(role=Role.MUNICIPALITY_OFFICER, is_active=True)
        .order_by("-user_id")
    }
    provided: dict[int, list[tuple[int, dt.date, dt.date | None]]] = {}
    for organisation_id, service_id, valid_from, valid_to in (
        ServiceProvision.objects.using(using)
        .filter(organisation__kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.CARE_CENTRE])
        .exclude(service__code="coordinator_assistance")
        .order_by("organisation_id", "service__position", "service_id")
        .values_list("organisation_id", "service_id", "valid_from", "valid_to")
    ):
        provided.setdefault(organisation_id, []).append((service_id, valid_from, valid_to))
    providers = (
        Organisation.objects.using(using)
        .filter(
            kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.CARE_CENTRE],
            municipality__isnull=False,
        )
        .order_by("municipality_id", "pk")
    )
    contracts: list[ServiceContract] = []
    chosen: list[list[int]] = []
    numbers: dict[int, int] = {}
    for provider in providers:
        municipality_id = provider.municipality_id or 0
        officer = officers.get(municipality_id)
        if officer is None:
            continue
        for year_from, _year_to in years(start, today):
            starts_on, ends_on = dt.date(year_from.year, 1, 1), dt.date(year_from.year, 12, 31)
            offered = [
                service
                for service, valid_from, valid_to in provided.get(provider.pk, [])
                if valid_from <= starts_on and (valid_to is None or valid_to >= ends_on)
            ]
            if not offered:
                continue
            numbers[municipality_id] = numbers.get(municipality_id, 0) + 1
            base = (
                rng.randint(120_000, 250_000)
                if provider.sector == Organisation.Sector.PUBLIC
                else rng.randint(20_000, 90_000)
            )
            ended_on = None
            if ends_on < today and rng.random() < 0.05:
                ended_on = starts_on + dt.timedelta(days=rng.randint(90, 300))
            contracts.append(
                ServiceContract(
                    municipality_id=municipality_id,
                    provider=provider,
                    number=f"SP-{starts_on.year}/{numbers[municipality_id]:04d}",
                    starts_on=starts_on,
                    ends_on=ends_on,
                    ended_on=ended_on,
                    amount=Decimal(base) + Decimal(rng.randint(0, 99)) / 100,
                    notes="Viešasis pirkimas, socialinių paslaugų teikimo sutartis.",
                    recorded_by_id=officer,
                    recorded_at=dt.datetime.combine(
                        starts_on - dt.timedelta(days=10), dt.time(10), dt.UTC
                    ),
                )
            )
            chosen.append(rng.sample(offered, k=min(len(offered), rng.randint(1, 3))))
    saved = ServiceContract.objects.using(using).bulk_create(contracts, batch_size=1000)
    through = ServiceContract.services.through
    through.objects.using(using).bulk_create(
        [
            through(servicecontract_id=contract.pk, service_id=service)
            for contract, services in zip(saved, chosen, strict=True)
            for service in services
        ],
        batch_size=2000,
    )
    return len(saved)


# The carer satisfaction survey -----------------------------------------------------------------


class LinkRow(NamedTuple):
    round_id: int
    token: str
    number: int
    used: bool


class AnswerRow(NamedTuple):
    id: str
    round_id: int
    centre_id: int
    reachable: int | None
    support: int | None
    training: int | None
    respite: int | None
    respect: int | None
    comment: str


COMMENTS = (
    "Koordinatorė visada atsako, ačiū.",
    "Norėtųsi daugiau mokymų apie paauglius.",
    "Atokvėpio paslaugos laukėme per ilgai.",
    "Labai padėjo psichologo konsultacijos.",
    "Sunku susisiekti penktadieniais.",
)
# Most carers are content: the ratings 1 to 5 and how often each is given.
RATINGS = (1, 2, 3, 4, 5)
RATING_WEIGHTS = (4, 6, 15, 40, 35)

COVERED_SQL = """
SELECT a.centre_id, count(DISTINCT a.household_id)
  FROM registry_coordinatorassignment a
 WHERE a.started_on <= %(day)s AND (a.ended_on IS NULL OR a.ended_on > %(day)s)
 GROUP BY a.centre_id
"""


def add_surveys(
    rng: random.Random, bulk_insert: BulkInsert, *, today: dt.date, using: str = DEFAULT_DB_ALIAS
) -> dict[str, int]:
    """A survey round a year for every centre since the history starts (the year's last
    round still open in December of this year), with a link per household the centre
    coordinated at the year's end; two to three households in four answer. Answers name
    neither a household nor a link: they are drawn apart from the links, with ids of their
    own, and only the number of used links matches them."""
    start = history_start(today, using)
    managers = dict(
        Membership.objects.using(using)
        .filter(role=Role.CENTRE_MANAGER, is_active=True)
        .order_by("-user_id")
        .values_list("organisation_id", "user_id")
    )
    rounds: list[SurveyRound] = []
    sizes: list[int] = []
    with connections[using].cursor() as cursor:
        for year_from, year_to in years(start, today):
            if year_to.year == today.year and today.month < 12:
                continue  # this year's round opens in December
            day = dt.date(year_from.year, 12, 1)
            cursor.execute(COVERED_SQL, {"day": day})
            for centre_id, households in sorted(cursor.fetchall()):
                manager = managers.get(centre_id)
                if manager is None or households == 0:
                    continue
                rounds.append(
                    SurveyRound(
                        centre_id=centre_id,
                        starts_on=dt.date(day.year, 1, 1),
                        ends_on=dt.date(day.year, 12, 31),
                        closes_on=dt.date(day.year + 1, 1, 31),
                        opened_by_id=manager,
                        created_at=dt.datetime.combine(day, dt.time(9), dt.UTC),
                    )
                )
                sizes.append(min(households, 500))
    SurveyRound.objects.using(using).bulk_create(rounds, batch_size=1000)
    links: list[LinkRow] = []
    answers: list[AnswerRow] = []
    for survey, size in zip(rounds, sizes, strict=True):
        used = round(size * rng.uniform(0.5, 0.75))
        # Which links were used is drawn apart from the answers' contents.
        spent = set(rng.sample(range(1, size + 1), used))
        links.extend(
            LinkRow(survey.pk, secrets.token_urlsafe(24), n, n in spent) for n in range(1, size + 1)
        )
        for _ in range(used):
            values = [
                None if rng.random() < 0.05 else rng.choices(RATINGS, RATING_WEIGHTS)[0]
                for _question in SURVEY_QUESTIONS
            ]
            comment = rng.choice(COMMENTS) if rng.random() < 0.1 else ""
            if all(v is None for v in values) and not comment:
                values[0] = 4
            reachable, support, training, respite, respect = values
            answers.append(
                AnswerRow(
                    str(_uuid(rng)),
                    survey.pk,
                    survey.centre_id,
                    reachable,
                    support,
                    training,
                    respite,
                    respect,
                    comment,
                )
            )
    rng.shuffle(answers)
    bulk_insert("monitoring_surveylink", links)
    bulk_insert("monitoring_surveyanswer", answers)
    return {
        "monitoring_surveyround": len(rounds),
        "monitoring_surveylink": len(links),
        "monitoring_surveyanswer": len(answers),
    }


def _uuid(rng: random.Random) -> object:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)
