"""Personal API tokens: how another system (a data warehouse, a partner's tool, a script) acts
for one person through the REST API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A personal API token an administrator issued to someone, for a named purpose.

    Only a SHA-256 hash of the token is kept: the token itself is shown once, when issued, and
    cannot be recovered. A token acts with its holder's roles, so it sees and changes exactly what
    the holder could in the browser; revoking it, or its expiry, stops it at once.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    authority = models.ForeignKey(
        "organisations.Authority",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The authority whose administrator issued it (the holder's roles still decide what it sees).",
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. 'Nightly warehouse feed'.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it by.")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
