"""The sign-in form: says plainly when sign-in is locked, and for how long."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from clearsight.security import lockout


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct e-mail address and password. Both are case-sensitive.",
        "locked": "%(message)s",
    }

    def _lock(self) -> lockout.Lockout | None:
        return lockout.lockout_for(email=self.data.get("username"), ip=lockout.client_ip(self.request))

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            # The failure has been counted by now (the user_login_failed receiver): if it was
            # the one too many, or the account was already locked, say so instead.
            lock = self._lock()
            if lock is not None:
                raise forms.ValidationError(
                    self.error_messages["locked"], code="locked", params={"message": lock.message}
                ) from None
            raise
