"""The performance framework: measures, with the thresholds the plan set for them."""

from __future__ import annotations

from django.db import models


class Measure(models.Model):
    """A performance measure: "Percentage of assessments completed within 45 days".

    The band texts are kept exactly as the plan wrote them (``65-79``, ``<14``, ``Increase``);
    grading them is the thresholds engine's job.
    """

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="measures")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveIntegerField(default=0)
    name = models.TextField()
    what_it_shows = models.TextField("what it shows", blank=True)
    requires_improvement_text = models.CharField("Requires Improvement band", max_length=100, blank=True)
    good_text = models.CharField("Good band", max_length=100, blank=True)
    outstanding_text = models.CharField("Outstanding band", max_length=100, blank=True)
    priorities = models.ManyToManyField("plans.Priority", through="MeasurePlacement", related_name="measures")

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def band_text(self) -> str:
        return " | ".join([self.requires_improvement_text, self.good_text, self.outstanding_text])


class MeasurePlacement(models.Model):
    """Where a measure appears in the plan: a measure can sit under several priorities."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="placements")
    priority = models.ForeignKey("plans.Priority", on_delete=models.CASCADE, related_name="measure_placements")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "priority"], name="measure_placed_once_per_priority")
        ]
