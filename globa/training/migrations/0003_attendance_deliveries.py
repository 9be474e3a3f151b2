"""Attendance recorded before sessions made deliveries gets its delivery now: the centre's
GIMK training (carer_training) to the participant on the session's day, for the hours of
the topics it covered, given and recorded by whoever recorded the session; one contact id
per session. A session of more than twelve hours of topics counts twelve (the longest a
delivery may be). Runs as the tables' owner, so row-level security does not hide rows."""

import uuid
from decimal import Decimal

from django.db import migrations

LONGEST_MINUTES = 12 * 60


def minutes_of(hours):
    return max(1, min(LONGEST_MINUTES, int((hours * 60).to_integral_value())))


def add_deliveries(apps, schema_editor):
    db = schema_editor.connection.alias
    Attendance = apps.get_model("training", "Attendance")
    TrainingSession = apps.get_model("training", "TrainingSession")
    Delivery = apps.get_model("support", "Delivery")
    Service = apps.get_model("support", "Service")
    waiting = Attendance.objects.using(db).filter(delivery__isnull=True)
    if not waiting.exists():
        return
    service = Service.objects.using(db).get(code="carer_training")
    sessions = (
        TrainingSession.objects.using(db)
        .filter(pk__in=waiting.values("session_id"))
        .select_related("group")
        .prefetch_related("topics")
    )
    for session in sessions:
        topics = sorted(session.topics.all(), key=lambda t: t.position)
        titles = ", ".join(t.title_lt for t in topics)
        shared = {
            "contact": uuid.uuid4(),
            "provider_id": session.centre_id,
            "service": service,
            "delivered_on": session.held_on,
            "minutes": minutes_of(sum((t.hours for t in topics), Decimal(0))),
            "form": "office",
            "notes": f"{session.group.name}: {titles}" if titles else session.group.name,
            "given_by_id": session.recorded_by_id,
            "recorded_by_id": session.recorded_by_id,
        }
        present = list(
            waiting.filter(session=session).select_related("participant__candidate")
        )
        rows = [Delivery(person_name=name_of(a.participant)[:200], **shared) for a in present]
        Delivery.objects.using(db).bulk_create(rows)
        for attendance, delivery in zip(present, rows):
            attendance.delivery = delivery
        Attendance.objects.using(db).bulk_update(present, ["delivery"])


def name_of(participant):
    if participant.candidate_id:
        return f"{participant.candidate.first_name} {participant.candidate.last_name}"
    return participant.person_name


def remove_deliveries(apps, schema_editor):
    db = schema_editor.connection.alias
    Attendance = apps.get_model("training", "Attendance")
    Delivery = apps.get_model("support", "Delivery")
    ids = list(
        Attendance.objects.using(db)
        .filter(delivery__isnull=False)
        .values_list("delivery_id", flat=True)
    )
    Attendance.objects.using(db).update(delivery=None)
    Delivery.objects.using(db).filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0002_attendance_delivery")]
    operations = [migrations.RunPython(add_deliveries, remove_deliveries)]
