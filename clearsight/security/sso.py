"""The hook for single sign-on (docs/security.md, "Single sign-on (OIDC)").

When ``CLEARSIGHT_SSO_URLCONF`` names a URL module (``mozilla_django_oidc.urls``), its URLs are
mounted under ``/oidc/`` and marked as not needing a sign-in: they are the sign-in.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern


def sso_urls(urlconf: str) -> list[Any]:
    module = importlib.import_module(urlconf)
    patterns = []
    for entry in module.urlpatterns:
        if isinstance(entry, URLPattern):
            entry = URLPattern(entry.pattern, login_not_required(entry.callback), entry.default_args, entry.name)
        patterns.append(entry)
    return patterns
