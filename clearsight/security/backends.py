"""The sign-in backend: Django's, refusing locked accounts and addresses before any password check.

Because it is the authentication backend, the lock applies wherever a password is checked —
the sign-in page, Django admin's own login form, and any future API login.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from clearsight.security import lockout


class LockoutBackend(ModelBackend):
    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        email = username if username is not None else kwargs.get("email")
        if lockout.lockout_for(email=email, ip=lockout.client_ip(request)) is not None:
            raise PermissionDenied("Sign-in is locked after too many failed attempts.")
        return super().authenticate(request, username=username, password=password, **kwargs)
