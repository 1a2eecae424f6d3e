"""Production: refuses to start without its secrets; secure cookies and HSTS.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS. See docs/configuration.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from clearsight.config.env import env_bool, env_int
from clearsight.config.settings.base import *  # noqa: F403

for _name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
    if not os.environ.get(_name):
        raise ImproperlyConfigured(f"Production settings need {_name}; see docs/configuration.md.")
if len(os.environ["DJANGO_SECRET_KEY"]) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters of random text.")

DEBUG = False
CLEARSIGHT_ENVIRONMENT = "production"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
