"""``globa population FILE.csv --source "…"``: load children's population by municipality and
year (columns ``municipality,year,children``) for the rates per 100,000 children."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globa.lib.dbscope import system_scope
from globa.monitoring.services import population_check, population_save


class Command(BaseCommand):
    help = "Load children's population by municipality and year from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="where the figures come from")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with options["file"].open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"The file cannot be read: {error}") from error
        # Checked first: a refusal raised inside the scope would spoil its transaction.
        with system_scope():
            found, errors = population_check(rows, source=options["source"])
        if errors:
            raise CommandError("Nothing was loaded:\n" + "\n".join(errors))
        with system_scope():
            loaded = population_save(found, source=options["source"])
        self.stdout.write(f"Loaded {loaded} figures.")
