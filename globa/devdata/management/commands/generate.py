"""``globa generate --tier national``: synthetic data at a scale tier of the design."""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from globa.devdata.generate import TIERS, analyze, generate, reset
from globa.lib import clock
from globa.lib.dbscope import system_scope
from globa.organisations.models import Organisation


class Command(BaseCommand):
    help = "Fill an empty database with deterministic synthetic data at a scale tier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tier", choices=sorted(TIERS), required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="first delete all registry records, the audit trail, every account but "
            "superusers and every organisation but the municipalities (development only)",
        )
        # For tests: a tiny tier, a fixed day, no owner connection.
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS
        )
        parser.add_argument("--no-analyze", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        tier = TIERS[options["tier"]]
        if options["scale"] != 1.0:
            tier = tier.scaled(options["scale"])
        if options["reset"]:
            if not settings.DEBUG:
                raise CommandError("--reset deletes data; it runs only with GLOBA_DEBUG on.")
            try:
                reset()
            except DatabaseError as error:
                raise CommandError(
                    f"Could not reset as the owner role ({error}). Use an empty database instead."
                ) from error
            self.stdout.write("Reset: registry, audit trail, staff and organisations deleted.")
        with system_scope():
            if Organisation.objects.filter(kind=Organisation.Kind.CARE_CENTRE).exists():
                raise CommandError(
                    "The database already has care centres. Run with --reset (deletes them) "
                    "or use an empty database."
                )
        summary = generate(
            tier,
            seed=options["seed"],
            today=options["today"] or clock.today(),
            echo=self.stdout.write,
        )
        if not options["no_analyze"]:
            analyze()
        self.stdout.write("")
        self.stdout.write(f"Tier {tier.name} (seed {options['seed']}):")
        width = max(len(table) for table in summary.counts)
        for table, count in summary.counts.items():
            self.stdout.write(f"  {table:<{width}}  {count:>9,}")
        self.stdout.write(
            f"  children placed now: {summary.in_families:,} in families, "
            f"{summary.in_homes:,} in institutions and community homes"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - started:.1f} s "
                f"(generation {summary.seconds:.1f} s, the rest reset and statistics)."
            )
        )
