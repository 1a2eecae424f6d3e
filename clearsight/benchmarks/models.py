"""Published comparison figures: England, the regions and every council, from DfE's Explore
Education Statistics files, and each council's ten statistical neighbours.

These are aggregate figures DfE has already published; no child-level data lives here.
"""

from __future__ import annotations

from django.db import models

SYNTHETIC_LABEL = "Synthetic benchmark (demo)"


class BenchmarkValue(models.Model):
    """One published figure for an indicator: England's, a region's or a council's, for one year.

    The year is the collection year, named by the 31 March it ends on (2018 is 2017-18). When DfE
    published a suppression code instead of a number (``c`` confidential, ``x`` not available …)
    the value is empty and the code is kept, so a gap is never shown as 0. Demo figures made up
    from synthetic data are marked ``is_synthetic`` and always labelled "Synthetic benchmark (demo)".
    """

    class Level(models.TextChoices):
        NATIONAL = "national", "National"
        REGIONAL = "regional", "Regional"
        LA = "la", "Local authority"

    indicator = models.CharField(max_length=80, help_text="The Clearsight indicator id, e.g. re_referrals.")
    year = models.PositiveIntegerField(
        help_text="Collection year by the 31 March it ends on: 2018 is 2017-18."
    )
    geographic_level = models.CharField(max_length=10, choices=Level.choices)
    area_code = models.CharField(
        max_length=9, help_text="E92000001 England, E12… a region, E06-E10… a council."
    )
    area_name = models.CharField(max_length=200)
    old_la_code = models.CharField(max_length=3, blank=True, help_text="A council's DfE number (343 Sefton).")
    region_code = models.CharField(
        max_length=9,
        blank=True,
        help_text="A council's region (its regional benchmark), or a region's own code.",
    )
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    suppressed = models.CharField(
        max_length=5,
        blank=True,
        help_text="The code DfE published instead of a number (c, z, x, k, ~, :, u).",
    )
    source_file = models.CharField(max_length=300)
    imported_at = models.DateTimeField()
    is_synthetic = models.BooleanField(
        default=False, help_text="Made up for the demo: never a published figure."
    )

    class Meta:
        ordering = ["indicator", "year", "geographic_level", "area_code"]
        indexes = [models.Index(fields=["indicator", "year"], name="benchmark_indicator_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "geographic_level", "area_code"],
                name="one_benchmark_per_area_year",
                violation_error_message="There is already a figure for this indicator, year and area.",
            ),
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.suppressed
        return f"{self.indicator} {self.year} {self.area_name}: {shown}"


class StatisticalNeighbour(models.Model):
    """One of the ten councils DfE's statistical neighbour model finds most like a council.

    Codes are as uploaded: a council's new code (E08000014) or DfE number (343).
    """

    la_code = models.CharField(max_length=9)
    neighbour_code = models.CharField(max_length=9)
    rank = models.PositiveSmallIntegerField(help_text="1 is the most similar council.")
    source_file = models.CharField(max_length=300, blank=True)
    is_synthetic = models.BooleanField(default=False, help_text="Made up for the demo.")

    class Meta:
        ordering = ["la_code", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code", "rank"],
                name="one_neighbour_per_rank",
                violation_error_message="This council already has a neighbour at this rank.",
            ),
            models.UniqueConstraint(
                fields=["la_code", "neighbour_code"],
                name="neighbour_listed_once",
                violation_error_message="This council already lists that neighbour.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.la_code} → {self.neighbour_code} (rank {self.rank})"


class BenchmarksVersion(models.Model):
    """A token that changes whenever benchmark figures or neighbour lists change (one row).

    Benchmarks are shared by every council, so this is one token, not one per authority. Pages that
    cache benchmark lines (a measure's page, an indicator's page) put it in their cache key; the
    imports replace it in the transaction that changes the rows. Random, not a counter, for the
    same reason as ``performance.FiguresVersion``: a restored backup never reuses a token."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Benchmarks at {self.token}"
