"""Settings shared by every environment. Each variable is documented in docs/configuration.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from clearsight.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(env_str("CLEARSIGHT_DATA_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
# "development", "test" or "production": the demo loader refuses to run in production.
CLEARSIGHT_ENVIRONMENT = "development"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "clearsight.core",
    "clearsight.audit",
    "clearsight.organisations",
    "clearsight.plans",
    "clearsight.performance",
    "clearsight.planfiles",
    "clearsight.analytics",
    "clearsight.benchmarks",
    "clearsight.reports",
    "clearsight.governance",
    "clearsight.reminders",
    "clearsight.demo",
    "clearsight.security",
    "clearsight.operations",
    "clearsight.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "clearsight.security.sessions.SessionExpiryMiddleware",
    "clearsight.security.headers.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "clearsight.config.urls"
WSGI_APPLICATION = "clearsight.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clearsight.core.context_processors.clearsight",
            ],
        },
    },
]

# SQLite by default (one file under CLEARSIGHT_DATA_DIR); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'clearsight.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, with a flush that respects our triggers (see the module).
    DATABASES["default"]["ENGINE"] = "clearsight.core.db.sqlite"
    # WAL lets readers carry on while one writer writes; IMMEDIATE transactions take the write
    # lock up front so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in hardening (docs/security.md): locked accounts and addresses are refused before any
# password check, wherever a password is checked.
AUTHENTICATION_BACKENDS = ["clearsight.security.backends.LockoutBackend"]
CLEARSIGHT_LOCKOUT_FAILURES = env_int("CLEARSIGHT_LOCKOUT_FAILURES", 5)
CLEARSIGHT_LOCKOUT_IP_FAILURES = env_int("CLEARSIGHT_LOCKOUT_IP_FAILURES", 20)
CLEARSIGHT_LOCKOUT_SECONDS = env_int("CLEARSIGHT_LOCKOUT_SECONDS", 15 * 60)
CLEARSIGHT_TRUST_X_FORWARDED_FOR = env_bool("CLEARSIGHT_TRUST_X_FORWARDED_FOR", False)
CLEARSIGHT_CSP_REPORT_URI = env_str("CLEARSIGHT_CSP_REPORT_URI", "")
# Single sign-on (OIDC): the settings module named here is imported at the end of this file, so a
# council can add mozilla-django-oidc's backend and settings without editing ours (docs/security.md).
CLEARSIGHT_SSO_SETTINGS = env_str("CLEARSIGHT_SSO_SETTINGS", "")
CLEARSIGHT_SSO_URLCONF = ""  # set by the SSO settings module, e.g. "mozilla_django_oidc.urls"

# Argon2 first (NCSC and OWASP's choice); PBKDF2 kept so older hashes still verify and are upgraded.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NCSC password guidance: length over complexity, block common passwords, no composition rules,
# no forced expiry. 12 characters lets people use three random words.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after CLEARSIGHT_SESSION_IDLE_SECONDS without a request, and CLEARSIGHT_SESSION_SECONDS
# after signing in whatever happens (clearsight/security/sessions.py), and when the browser closes.
CLEARSIGHT_SESSION_SECONDS = env_int("CLEARSIGHT_SESSION_SECONDS", 8 * 60 * 60)
CLEARSIGHT_SESSION_IDLE_SECONDS = env_int("CLEARSIGHT_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = CLEARSIGHT_SESSION_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "uploads"
# One DuckDB file of child-level data per authority.
CLEARSIGHT_ANALYTICS_DIR = Path(env_str("CLEARSIGHT_ANALYTICS_DIR", str(DATA_DIR / "analytics")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: refuse anything larger before it is read into memory.
CLEARSIGHT_MAX_UPLOAD_BYTES = env_int("CLEARSIGHT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# …and any one table of an uploaded file with more rows than this (child-level files and figures).
CLEARSIGHT_MAX_UPLOAD_ROWS = env_int("CLEARSIGHT_MAX_UPLOAD_ROWS", 5_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = CLEARSIGHT_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Counts from 1 to CLEARSIGHT_SUPPRESS_BELOW - 1 are shown as "fewer than N" in anything board
# members, partners and scrutiny members see (docs/configuration.md).
CLEARSIGHT_SUPPRESS_BELOW = env_int("CLEARSIGHT_SUPPRESS_BELOW", 5)

# Uploaded child-level files are deleted this many days after loading (0 = kept for ever) by
# `clearsight purge-uploads`; the upload records and the rows loaded from them stay.
CLEARSIGHT_UPLOAD_RETENTION_DAYS = env_int("CLEARSIGHT_UPLOAD_RETENTION_DAYS", 365)
# The DfE validators run in their own process; one that takes longer than this is stopped and the
# load refused (a large 903 return takes minutes).
CLEARSIGHT_VALIDATOR_TIMEOUT_SECONDS = env_int("CLEARSIGHT_VALIDATOR_TIMEOUT_SECONDS", 1800)
# A superseded analytics store file is kept this long, so readers and backups that opened it finish.
CLEARSIGHT_STORE_GRACE_SECONDS = env_int("CLEARSIGHT_STORE_GRACE_SECONDS", 3600)
# The dashboard, scorecard, measure pages and plan overview are cached until what they show changes
# (see core/caching.py); this is only how long an unused entry is kept. Each process keeps its own
# cache in memory: nothing shared to run, and a figures change is seen by every process at once
# because the key includes the figures token read from the database.
CLEARSIGHT_FIGURES_CACHE_SECONDS = env_int("CLEARSIGHT_FIGURES_CACHE_SECONDS", 3600)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "clearsight",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Actions due within this many days are shown as "due soon" on the plan overview.
CLEARSIGHT_DUE_SOON_DAYS = env_int("CLEARSIGHT_DUE_SOON_DAYS", 30)

# Reports asked for in the browser are drawn in a background thread while a page shows progress.
CLEARSIGHT_REPORTS_IN_BACKGROUND = env_bool("CLEARSIGHT_REPORTS_IN_BACKGROUND", True)

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "clearsight@localhost")
# SMTP, for DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend (docs/configuration.md).
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)

# Reminders, escalation and alerts (docs/reminders.md). An authority's ReminderPolicy overrides
# all but the digest day. Links in e-mails start with CLEARSIGHT_BASE_URL.
CLEARSIGHT_BASE_URL = env_str("CLEARSIGHT_BASE_URL", "http://127.0.0.1:8000")
CLEARSIGHT_REMINDER_DUE_SOON_DAYS = env_int("CLEARSIGHT_REMINDER_DUE_SOON_DAYS", 7)
CLEARSIGHT_ESCALATE_LEAD_AFTER_DAYS = env_int("CLEARSIGHT_ESCALATE_LEAD_AFTER_DAYS", 14)
CLEARSIGHT_ESCALATE_CHAIR_AFTER_DAYS = env_int("CLEARSIGHT_ESCALATE_CHAIR_AFTER_DAYS", 28)
CLEARSIGHT_BOARD_UPDATE_DAYS = env_int("CLEARSIGHT_BOARD_UPDATE_DAYS", 14)
CLEARSIGHT_DIGEST_WEEKDAY = env_int("CLEARSIGHT_DIGEST_WEEKDAY", 0)
CLEARSIGHT_DATA_DEADLINE_WORKING_DAYS = env_int("CLEARSIGHT_DATA_DEADLINE_WORKING_DAYS", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("CLEARSIGHT_LOG_LEVEL", "INFO")},
}

# The REST API (clearsight.api): token authentication only, JSON only, errors in one shape.
from clearsight.api.settings import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: E402, F401

# API tokens expire after this many days unless the administrator chooses otherwise.
CLEARSIGHT_API_TOKEN_DAYS = env_int("CLEARSIGHT_API_TOKEN_DAYS", 90)

if CLEARSIGHT_SSO_SETTINGS:
    import importlib

    _sso = importlib.import_module(CLEARSIGHT_SSO_SETTINGS)
    globals().update({k: v for k, v in vars(_sso).items() if k.isupper()})
