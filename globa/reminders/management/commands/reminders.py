"""``globa reminders [--date D] [--digest]``: the daily background work of reminders.

Run it once a day (cron or a systemd timer, see docs/deploy.md). It takes a PostgreSQL
advisory lock, so that two schedulers never run it at once; a second run waits for nothing
and says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.reminders import digest, services

LOCK = 7_305_014  # any number, the same for every run of this command


class Command(BaseCommand):
    help = "Open, update and resolve the day's reminders; optionally e-mail each person a digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--digest", action="store_true", help="also send the e-mail digest")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or clock.today()
        with system_scope():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK])
                row = cursor.fetchone()
            if not row or not row[0]:
                self.stdout.write("Another run of `globa reminders` is in progress; nothing done.")
                return
            run = services.generate(today)
            self.stdout.write(
                f"Reminders for {today}: {run.opened} opened, {run.kept} still open, "
                f"{run.resolved} resolved."
            )
            if options["digest"]:
                sent = digest.send_digests(today)
                self.stdout.write(f"Digests sent: {sent}.")
