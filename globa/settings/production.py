"""Production settings: secure defaults, secrets from the environment only."""

import os

from django.core.exceptions import ImproperlyConfigured

from globa.lib.env import env_bool, env_int, env_str
from globa.settings import *  # noqa: F403
from globa.settings import BASE_DIR, STORAGES

DEBUG = False
if os.environ.get("GLOBA_AS_OF"):
    raise ImproperlyConfigured("GLOBA_AS_OF moves the application's clock; never in production.")
GLOBA_AS_OF = None
SECRET_KEY = os.environ["GLOBA_SECRET_KEY"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("GLOBA_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("GLOBA_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("GLOBA_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
GLOBA_REQUIRE_MFA = env_bool("GLOBA_REQUIRE_MFA", default=True)
STATIC_ROOT = env_str("GLOBA_STATIC_ROOT", str(BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GLOBA_LOG_LEVEL", "INFO")},
    # The task queue says at start-up what it registered; its warnings and errors are kept.
    "loggers": {"procrastinate": {"level": "WARNING"}},
}
