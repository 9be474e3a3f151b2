"""``globa retention``: list the records whose retention ended today (the daily job; the
worker also runs it each night). Nothing is changed before two people approve it."""

from typing import Any

from django.core.management.base import BaseCommand

from globa.retention.services import find_ended


class Command(BaseCommand):
    help = "List the records whose retention has ended, for review."

    def handle(self, *args: Any, **options: Any) -> None:
        added = find_ended()
        self.stdout.write(f"{added} record(s) reached the end of their retention.")
