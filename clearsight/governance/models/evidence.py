"""The evidence library (Wirral 4B3, "an evidence folder"): files and links that show the plan
is working, tagged to the success criteria, priorities and measures they support."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class EvidenceItem(models.Model):
    """A document or a link kept as evidence: an audit report, minutes, a case study, a survey."""

    class Kind(models.TextChoices):
        FILE = "file", "File"
        LINK = "link", "Link"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="evidence_items")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="evidence_items")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    url = models.URLField(max_length=500, blank=True)
    # Files live under MEDIA_ROOT/evidence/<ONS code>/, named by their checksum, and are only ever
    # served through the download view, which checks the user may read the plan.
    stored_path = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True, help_text="The name it was uploaded with.")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    evidence_date = models.DateField(null=True, blank=True, help_text="When the evidence is from.")
    success_criteria = models.ManyToManyField("plans.SuccessCriterion", blank=True, related_name="evidence_items")
    priorities = models.ManyToManyField("plans.Priority", blank=True, related_name="evidence_items")
    measures = models.ManyToManyField("performance.Measure", blank=True, related_name="evidence_items")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="file") & ~models.Q(stored_path="") & models.Q(url=""))
                | (models.Q(kind="link") & ~models.Q(url="") & models.Q(stored_path="")),
                name="evidence_is_a_file_or_a_link",
                violation_error_message="Evidence is either an uploaded file or a link, not both or neither.",
            )
        ]

    def __str__(self) -> str:
        return self.title
