"""Consistency checks of demo and synthetic data: the rules the services keep, read back.

The database enforces some rules itself (no overlapping placements, one active coordinator
per household); these checks cover the rest, which only the services enforce.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from globa.lib import personal_code
from globa.registry.models import Child

# Each query returns rows that break a rule; its first column names the record.
RULES = {
    "an active or paused household without exactly one active coordinator": """
        SELECT h.id FROM registry_carerhousehold h
        LEFT JOIN registry_coordinatorassignment a ON a.household_id = h.id AND a.ended_on IS NULL
        WHERE h.status <> 'closed' GROUP BY h.id HAVING count(a.id) <> 1
    """,
    "a closed household with an active coordinator or a current placement": """
        SELECT h.id FROM registry_carerhousehold h
        WHERE h.status = 'closed' AND (
            EXISTS (SELECT 1 FROM registry_coordinatorassignment a
                    WHERE a.household_id = h.id AND a.ended_on IS NULL)
            OR EXISTS (SELECT 1 FROM registry_placement p
                       WHERE p.household_id = h.id AND p.ended_on IS NULL))
    """,
    "a coordinator without a coordinator's membership in the household's centre": """
        SELECT a.id FROM registry_coordinatorassignment a
        WHERE NOT EXISTS (SELECT 1 FROM accounts_membership m
                          WHERE m.user_id = a.coordinator_id AND m.organisation_id = a.centre_id
                            AND m.role = 'coordinator' AND m.is_active)
    """,
    "a household over its capacity rule on some day": """
        WITH load AS (
            SELECT s.household_id, s.started_on, count(*) AS placed
            FROM registry_placement s
            JOIN registry_placement q ON q.household_id = s.household_id
                 AND q.started_on <= s.started_on
                 AND (q.ended_on IS NULL OR q.ended_on > s.started_on)
            GROUP BY s.household_id, s.id, s.started_on
        ), own AS (
            SELECT household_id, count(*) AS n FROM registry_householdownchild
            WHERE lives_in_household GROUP BY household_id
        )
        SELECT h.id FROM load
        JOIN registry_carerhousehold h ON h.id = load.household_id
        LEFT JOIN own ON own.household_id = h.id
        CROSS JOIN LATERAL globa_capacity(h.kind, %(today)s::date) r
        WHERE load.placed > coalesce(r.max_placed, 1000)
           OR load.placed + coalesce(own.n, 0) > coalesce(r.max_total, 1000)
    """,
    "an on-call placement longer than the rule's months": """
        SELECT p.id FROM registry_placement p
        JOIN registry_carerhousehold h ON h.id = p.household_id AND h.kind = 'on_call'
        CROSS JOIN LATERAL globa_capacity('on_call', %(today)s::date) r
        WHERE coalesce(p.ended_on, %(today)s::date)
              > p.started_on + make_interval(months => r.max_months_per_child)
    """,
    "a placement before the child's birth or ending in the future": """
        SELECT p.id FROM registry_placement p JOIN registry_child c ON c.id = p.child_id
        WHERE p.started_on < c.birth_date OR p.ended_on > %(today)s::date
    """,
    "a placement in a household or institution of another centre's child": """
        SELECT p.id FROM registry_placement p
        LEFT JOIN registry_carerhousehold h ON h.id = p.household_id
        JOIN registry_child c ON c.id = p.child_id
        WHERE p.centre_id <> c.centre_id OR (h.id IS NOT NULL AND h.centre_id <> c.centre_id)
    """,
    # A child taken into care waits for a placement for a day or two (emergency matching).
    "a child in care without a current placement for days, or one who left with one": """
        SELECT c.id FROM registry_child c
        WHERE (c.status = 'in_care') <> EXISTS (
            SELECT 1 FROM registry_placement p WHERE p.child_id = c.id AND p.ended_on IS NULL)
          AND c.status <> 'after_18'
          AND NOT (c.status = 'in_care' AND c.created_at >= %(today)s::date - 2)
    """,
    "a household whose kept counts differ from its placements and own children": """
        SELECT h.id FROM registry_carerhousehold h
        WHERE h.placed_open <> (SELECT count(*) FROM registry_placement p
                                 WHERE p.household_id = h.id AND p.ended_on IS NULL)
           OR h.placed_settled_from IS DISTINCT FROM (
                SELECT greatest(max(p.started_on), max(p.ended_on))
                  FROM registry_placement p WHERE p.household_id = h.id)
           OR h.own_living <> (SELECT count(*) FROM registry_householdownchild o
                                WHERE o.household_id = h.id AND o.lives_in_household)
    """,
    "a child in care aged 18 or more": """
        SELECT c.id FROM registry_child c
        WHERE c.status = 'in_care' AND c.birth_date <= %(today)s::date - interval '18 years'
    """,
}


def problems(today: dt.date) -> list[str]:
    """Every broken rule, with how many records break it; run in a system scope."""
    found = []
    with connection.cursor() as cursor:
        for rule, sql in RULES.items():
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS broken", {"today": today})  # noqa: S608
            row = cursor.fetchone()
            if row and row[0]:
                found.append(f"{rule}: {row[0]}")
    bad_codes = 0
    for code, birth, sex in (
        Child.objects.exclude(personal_code=None)
        .values_list("personal_code", "birth_date", "sex")
        .iterator(chunk_size=5000)
    ):
        try:
            parsed = personal_code.parse(code or "")
        except personal_code.PersonalCodeError:
            bad_codes += 1
            continue
        if parsed.birth_date != birth or parsed.sex != sex:
            bad_codes += 1
    if bad_codes:
        found.append(
            f"a personal code that is invalid or disagrees with birth date or sex: {bad_codes}"
        )
    return found


# The monitoring history `globa generate` writes (globa/devdata/history.py): services,
# contracts, the survey and the institutions' transformation.
HISTORY_RULES = {
    "a service given on a day its type or its provision by the provider does not apply": """
        SELECT d.id FROM support_delivery d
        JOIN support_service s ON s.id = d.service_id
        WHERE d.delivered_on > %(today)s::date
           OR d.delivered_on < s.valid_from OR d.delivered_on > coalesce(s.valid_to, 'infinity')
           OR NOT EXISTS (SELECT 1 FROM support_serviceprovision pv
                           WHERE pv.organisation_id = d.provider_id AND pv.service_id = s.id
                             AND pv.valid_from <= d.delivered_on
                             AND (pv.valid_to IS NULL OR pv.valid_to >= d.delivered_on))
    """,
    "a service given by someone who does not work for its provider": """
        SELECT d.id FROM support_delivery d
        WHERE NOT EXISTS (SELECT 1 FROM accounts_membership m
                           WHERE m.user_id = d.given_by_id AND m.organisation_id = d.provider_id)
    """,
    "a service to a child on a day the child was not placed with the provider": """
        SELECT d.id FROM support_delivery d
        WHERE d.child_id IS NOT NULL AND d.family_case_id IS NULL AND NOT EXISTS (
            SELECT 1 FROM registry_placement p
             WHERE p.child_id = d.child_id AND p.centre_id = d.provider_id
               AND p.started_on <= d.delivered_on
               AND (p.ended_on IS NULL OR p.ended_on > d.delivered_on))
    """,
    "a home visit by someone not the household's coordinator on the day": """
        SELECT d.id FROM support_delivery d
        WHERE d.household_id IS NOT NULL AND d.form = 'home_visit' AND NOT EXISTS (
            SELECT 1 FROM registry_coordinatorassignment a
             WHERE a.household_id = d.household_id AND a.coordinator_id = d.given_by_id
               AND a.started_on <= d.delivered_on
               AND (a.ended_on IS NULL OR a.ended_on > d.delivered_on))
    """,
    "a service contract for a service its provider does not provide for the whole period": """
        SELECT c.id FROM monitoring_servicecontract c
        JOIN monitoring_servicecontract_services x ON x.servicecontract_id = c.id
        WHERE NOT EXISTS (SELECT 1 FROM support_serviceprovision pv
                           WHERE pv.organisation_id = c.provider_id
                             AND pv.service_id = x.service_id AND pv.valid_from <= c.starts_on
                             AND (pv.valid_to IS NULL OR pv.valid_to >= c.ends_on))
    """,
    "a service contract not recorded by its municipality's officer": """
        SELECT c.id FROM monitoring_servicecontract c
        WHERE NOT EXISTS (SELECT 1 FROM accounts_membership m
                           WHERE m.user_id = c.recorded_by_id
                             AND m.organisation_id = c.municipality_id
                             AND m.role = 'municipality_officer')
           OR NOT EXISTS (SELECT 1 FROM monitoring_servicecontract_services x
                           WHERE x.servicecontract_id = c.id)
    """,
    "a survey round with other than one answer per used link": """
        SELECT r.id FROM monitoring_surveyround r
        WHERE (SELECT count(*) FROM monitoring_surveylink l WHERE l.round_id = r.id AND l.used)
           <> (SELECT count(*) FROM monitoring_surveyanswer a WHERE a.round_id = r.id)
           OR EXISTS (SELECT 1 FROM monitoring_surveyanswer a
                       WHERE a.round_id = r.id AND a.centre_id <> r.centre_id)
    """,
    "a prospective carer whose stage is not their latest move, or a move after today": """
        SELECT c.id FROM carers_candidate c
        LEFT JOIN LATERAL (
                SELECT s.to_stage, s.on FROM carers_stagechange s
                 WHERE s.candidate_id = c.id ORDER BY s.on DESC, s.at DESC LIMIT 1) l ON true
        WHERE l.to_stage IS DISTINCT FROM c.stage OR l.on IS DISTINCT FROM c.stage_since
           OR EXISTS (SELECT 1 FROM carers_stagechange s
                       WHERE s.candidate_id = c.id AND s.on > %(today)s::date)
    """,
    "a training session before its group starts, after today or on another programme": """
        SELECT t.id FROM carers_trainingsession t
        JOIN carers_traininggroup g ON g.id = t.group_id
        WHERE t.held_on < g.starts_on OR t.held_on > %(today)s::date
           OR EXISTS (SELECT 1 FROM carers_trainingsession_topics x
                        JOIN carers_topic tp ON tp.id = x.topic_id
                       WHERE x.trainingsession_id = t.id AND tp.programme_id <> g.programme_id)
    """,
    "a certificate to someone who did not attend every topic of the programme": """
        SELECT p.id FROM carers_participant p
        JOIN carers_traininggroup g ON g.id = p.group_id
        WHERE p.certificate_on IS NOT NULL AND EXISTS (
            SELECT 1 FROM carers_topic tp WHERE tp.programme_id = g.programme_id
               AND NOT EXISTS (SELECT 1 FROM carers_attendance a
                                 JOIN carers_trainingsession_topics x
                                   ON x.trainingsession_id = a.session_id
                                WHERE a.participant_id = p.id AND x.topic_id = tp.id))
    """,
    "an attendance at GIMK training without its service, or at staff training with one": """
        SELECT a.id FROM carers_attendance a
        JOIN carers_trainingsession t ON t.id = a.session_id
        JOIN carers_traininggroup g ON g.id = t.group_id
        JOIN carers_programme pr ON pr.id = g.programme_id
        LEFT JOIN support_delivery d ON d.id = a.delivery_id
        WHERE (d.id IS NULL) = (pr.kind NOT IN ('institution_staff', 'specialists'))
           OR d.delivered_on <> t.held_on OR d.provider_id <> g.centre_id
    """,
    "a transformation plan whose status is not its latest change, or with no milestone": """
        SELECT p.id FROM monitoring_transformationplan p
        LEFT JOIN LATERAL (
                SELECT c.status, c.changed_on FROM monitoring_transformationstatuschange c
                 WHERE c.plan_id = p.id ORDER BY c.changed_on DESC, c.id DESC LIMIT 1) l ON true
        WHERE l.status IS DISTINCT FROM p.status OR l.changed_on IS DISTINCT FROM p.status_since
           OR NOT EXISTS (SELECT 1 FROM monitoring_transformationmilestone m
                           WHERE m.plan_id = p.id)
           OR p.status_since > %(today)s::date
    """,
}


def history_problems(today: dt.date) -> list[str]:
    """Every broken rule of the monitoring history, with how many records break it."""
    found = []
    with connection.cursor() as cursor:
        for rule, sql in HISTORY_RULES.items():
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS broken", {"today": today})  # noqa: S608
            row = cursor.fetchone()
            if row and row[0]:
                found.append(f"{rule}: {row[0]}")
    return found
