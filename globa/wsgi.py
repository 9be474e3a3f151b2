"""WSGI entry point for production servers (gunicorn globa.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "globa.settings.production")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL patterns, the templates' code) lives as
# long as the process: moved out of the collector's way, a full collection no longer walks it,
# which took tens of milliseconds from an unlucky request. With gunicorn --preload the
# workers also share these pages with the master instead of copying them.
gc.freeze()
