"""``globa instruments``: publish the new versions of the instrument files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globa.assessments.definitions import DefinitionError
from globa.assessments.registry import load, read_all


class Command(BaseCommand):
    help = (
        "Check the instrument files (globa/assessments/instruments/) and publish the versions "
        "not yet loaded. A published version never changes: a changed file is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="only check the files, load nothing"
        )
        parser.add_argument("--database", default="owner")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                found = read_all()
                for path, _raw, definition in found:
                    self.stdout.write(
                        f"{definition.code} version {definition.version}: "
                        f"{len(definition.items)} items ({path.name}) — valid"
                    )
                return
            loaded = load(using=options["database"], echo=self.stdout.write)
        except DefinitionError as error:
            raise CommandError(str(error)) from error
        new = sum(1 for entry in loaded if entry.created)
        self.stdout.write(f"{len(loaded)} versions in the files, {new} newly published.")
