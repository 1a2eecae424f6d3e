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
    "clearsight.governance",
    "clearsight.demo",
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

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

SESSION_COOKIE_AGE = env_int("CLEARSIGHT_SESSION_SECONDS", 8 * 60 * 60)
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
DATA_UPLOAD_MAX_MEMORY_SIZE = CLEARSIGHT_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The dashboard and scorecard are cached per reader's view until the figures change (see
# performance/caching.py); this is only how long an unused entry is kept. Each process keeps its own
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

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "clearsight@localhost")

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
