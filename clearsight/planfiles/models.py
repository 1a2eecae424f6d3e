"""A record of every plan file imported: which file, who, when, and every problem reported."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlanImport(models.Model):
    """One import of a plan file. The problems list is what the import report showed."""

    authority = models.ForeignKey("organisations.Authority", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    filename = models.CharField(max_length=300)
    file_format = models.CharField(max_length=20)  # seed-text | json | yaml | xlsx
    sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    imported_by_name = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)
    problems = models.JSONField(default=list)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%Y-%m-%d})"

    def problems_for(self, ref: str) -> list[dict[str, object]]:
        return [p for p in self.problems if p.get("ref") == ref]
