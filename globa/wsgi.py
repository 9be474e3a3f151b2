"""WSGI entry point for production servers (gunicorn globa.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "globa.settings.production")
application = get_wsgi_application()
