"""What Django keeps about child-level data: the uploads, and the indicator results computed
from them. The child-level rows themselves live in the authority's DuckDB store (see store.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.performance.models import PERIOD_TYPES


class DataUpload(models.Model):
    """One file of child-level data: an SSDA903 table, a CIN census, an Annex A, workforce data."""

    class Kind(models.TextChoices):
        SSDA903 = "903", "SSDA903 (children looked after)"
        CIN = "cin", "CIN census"
        ANNEX_A = "annex_a", "Ofsted Annex A"
        WORKFORCE = "workforce", "Workforce"
        POPULATION = "population", "Population"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.PROTECT, related_name="uploads")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    collection_year = models.PositiveIntegerField(help_text="The year ending 31 March, e.g. 2018 for 2017-18.")
    filename = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_by_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    validation_errors = models.PositiveIntegerField(null=True, blank=True,
                                                    help_text="DfE rule errors found; empty if not validated.")
    validation_queries = models.PositiveIntegerField(null=True, blank=True)
    accepted_with_issues = models.BooleanField(default=False,
                                               help_text="Loaded by choice although it broke DfE rules.")
    stored_file = models.CharField(max_length=500, blank=True,
                                   help_text="Where the file itself is kept, under the uploads folder.")
    file_purged_at = models.DateTimeField(null=True, blank=True,
                                          help_text="When the kept file was deleted under the retention setting; "
                                                    "the record and the rows loaded from it stay.")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "sha256"], name="upload_once_per_authority",
                                    violation_error_message="This file has already been loaded."),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_kind_display()}, {self.collection_year})"


class IndicatorResult(models.Model):
    """An indicator's figure for one period at one level: the authority, a team or a worker."""

    class Level(models.TextChoices):
        AUTHORITY = "authority", "Authority"
        TEAM = "team", "Team"
        WORKER = "worker", "Worker"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(max_length=80)
    period_type = models.CharField(max_length=20, choices=PERIOD_TYPES)
    period_start = models.DateField()
    period_end = models.DateField()
    level_kind = models.CharField(max_length=10, choices=Level.choices)
    level = models.CharField(max_length=200, help_text="'authority', or the team's or worker's name.")
    unit = models.CharField(max_length=20)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    store_version = models.CharField(max_length=64, help_text="Which state of the store it was computed from.")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end", "level_kind", "level"]
        indexes = [models.Index(fields=["authority", "indicator", "period_end"], name="indicator_result_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "indicator", "period_type", "period_start", "period_end", "level_kind", "level"],
                name="one_indicator_result_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_end} {self.level}: {self.value}"


class AnalyticsStore(models.Model):
    """Which DuckDB file holds an authority's child-level rows now.

    A load writes a new file and points this row at it in the same database transaction as its
    upload records, so the database and the child-level rows change together or not at all."""

    authority = models.OneToOneField("organisations.Authority", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=100, blank=True, help_text="The current file, under the analytics folder.")
    replaced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.authority}: {self.filename or 'nothing loaded'}"
