"""Failed sign-ins, kept just long enough to lock out password guessing."""

from __future__ import annotations

from django.db import models


class SignInFailure(models.Model):
    """One wrong password (or unknown e-mail address), by account and by network address.

    Rows older than the lockout window are no longer counted; ``clear_failures`` removes an
    account's rows when its owner signs in. Passwords are never stored here.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    email = models.CharField(max_length=254, db_index=True)
    ip = models.CharField("network address", max_length=45, blank=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} from {self.ip or 'unknown'}"
