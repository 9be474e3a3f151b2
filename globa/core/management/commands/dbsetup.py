"""Create Globa's owner, application and system roles and its database on a PostgreSQL server."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from globa.lib.dbsetup import create_roles_and_database


class Command(BaseCommand):
    help = (
        "Create the owner role (migrations), the application role (requests), the system role "
        "(commands and background work) and the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--admin-url",
            required=True,
            help="a superuser connection, e.g. postgresql://postgres@127.0.0.1/postgres",
        )
        parser.add_argument("--database", default="globa")
        parser.add_argument("--owner", default="globa_owner")
        parser.add_argument("--app", default="globa_app")
        parser.add_argument("--system", default="globa_system")
        parser.add_argument("--owner-password", default=None)
        parser.add_argument("--app-password", default=None)
        parser.add_argument("--system-password", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = create_roles_and_database(
                options["admin_url"],
                owner=options["owner"],
                app=options["app"],
                system=options["system"],
                database=options["database"],
                owner_password=options["owner_password"],
                app_password=options["app_password"],
                system_password=options["system_password"],
            )
        except Exception as error:
            raise CommandError(f"Could not set up the database: {error}") from error
        for line in done:
            self.stdout.write(line)
