"""The ``globa`` command: Django's manage.py for this project."""

import os
import sys

# Commands serve no requests: they connect with the system role, which may act for the whole
# installation (see globa.settings). The development server serves requests, as the web
# processes do, with the application role.
SERVING = {"runserver"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "globa.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    os.environ.setdefault("GLOBA_DATABASE_ROLE", "app" if command in SERVING else "system")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
