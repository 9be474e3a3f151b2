"""``globa demo``: demo organisations, one login per role, and families with stories."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globa.devdata.demo import has_data, load_demo, logins_table
from globa.lib import clock


class Command(BaseCommand):
    help = "Load the demo data (once) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has care centres",
        )
        parser.add_argument("--logins", action="store_true", help="only print the demo logins")
        parser.add_argument("--seed", type=int, default=2026)
        # For tests: a fixed day instead of today.
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["logins"]:
            if has_data():
                if not options["if_empty"]:
                    raise CommandError(
                        "The database already has care centres. Use --if-empty to skip, or "
                        "`globa generate --tier … --reset` to start over."
                    )
                self.stdout.write("The database already has data; demo not loaded.")
            else:
                load_demo(
                    today=options["today"] or clock.today(),
                    seed=options["seed"],
                    echo=self.stdout.write,
                )
                self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("")
        self.stdout.write(logins_table())
