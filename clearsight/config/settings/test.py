"""Tests: a cheap password hasher, in-memory e-mail. DATABASE_URL picks SQLite or PostgreSQL."""

import tempfile
from pathlib import Path

from clearsight.config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clearsight-test-media-"))
CLEARSIGHT_ANALYTICS_DIR = Path(tempfile.mkdtemp(prefix="clearsight-test-analytics-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
CLEARSIGHT_ENVIRONMENT = "test"

# pytest-django runs SQLite tests in memory only for Django's own engine name; ours subclasses it.
if DATABASES["default"]["ENGINE"] == "clearsight.core.db.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
