"""The performance framework: measures, their values per period and unit, and data releases."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.engine.periods import Period, PeriodType


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    COUNT = "count", "Count"
    RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
    DAYS = "days", "Days"
    AVERAGE = "average", "Average"
    NUMBER = "number", "Number"


class Polarity(models.TextChoices):
    AUTO = "auto", "Work it out from the bands"
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    DIRECTION = "direction", "A direction (increase or decrease)"


class Source(models.TextChoices):
    COMPUTED = "computed", "Computed from child-level data"
    CASE_AUDIT = "case_audit", "Case audit"
    SURVEY = "survey", "Survey"
    WORKFORCE = "workforce", "Workforce data"
    PARTNER = "partner", "Partner data"
    MANUAL = "manual", "Entered by hand"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUALLY = "annually", "Annually"


PERIOD_TYPES = [(t.value, t.value.replace("_", " ").capitalize()) for t in PeriodType]


class Measure(models.Model):
    """A performance measure: "Percentage of assessments completed within 45 days".

    The band texts are kept exactly as the plan wrote them (``65-79``, ``<14``, ``Increase``);
    the thresholds engine reads them. Unit, polarity, source and period type are explicit
    fields, never guessed from the name.
    """

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="measures")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveIntegerField(default=0)
    key = models.SlugField(max_length=80, blank=True, help_text="A stable id, e.g. assessments_45wd.")
    name = models.TextField()
    what_it_shows = models.TextField("what it shows", blank=True)
    requires_improvement_text = models.CharField("Requires Improvement band", max_length=100, blank=True)
    good_text = models.CharField("Good band", max_length=100, blank=True)
    outstanding_text = models.CharField("Outstanding band", max_length=100, blank=True)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENTAGE)
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.AUTO)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    indicator = models.CharField(max_length=80, blank=True, help_text="For computed measures: the indicator id.")
    period_type = models.CharField(max_length=20, choices=PERIOD_TYPES, default=PeriodType.MONTH.value)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    owner = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="measures_owned"
    )
    definition = models.TextField(blank=True)
    priorities = models.ManyToManyField("plans.Priority", through="MeasurePlacement", related_name="measures")
    success_criteria = models.ManyToManyField("plans.SuccessCriterion", blank=True, related_name="measures")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "key"], condition=~models.Q(key=""), name="measure_key_unique_in_authority",
                violation_error_message="This authority already has a measure with this id.",
            )
        ]

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def band_text(self) -> str:
        """The three band texts as written, e.g. '65-79 | 80-89 | 90-100'; blank when none are set."""
        texts = [self.requires_improvement_text, self.good_text, self.outstanding_text]
        return " | ".join(texts) if any(t.strip() for t in texts) else ""


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

    def __str__(self) -> str:
        return f"{self.measure} under {self.priority.label}"


class DataRelease(models.Model):
    """One authority's performance data for one month, approved and locked as a single source.

    Draft → submitted → approved (by someone other than the submitter) → published. Values in a
    submitted, approved, published or superseded release cannot change: the services refuse and
    database triggers refuse. A correction is a new version of the release, with a reason; when
    it is approved the old version is superseded.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.PROTECT, related_name="releases")
    period_type = models.CharField(max_length=20, choices=PERIOD_TYPES, default=PeriodType.MONTH.value)
    period_start = models.DateField()
    period_end = models.DateField()
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    reason = models.TextField(blank=True, help_text="Why this version corrects the one before.")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, help_text="SHA-256 over the release's values.")
    is_demo = models.BooleanField(default=False)

    LOCKED = (Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.SUPERSEDED)

    class Meta:
        ordering = ["authority", "-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "period_type", "period_start", "version"], name="release_version_unique",
                violation_error_message="This release version already exists.",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("submitted_by")),
                name="release_approver_is_not_submitter",
                violation_error_message="A release must be approved by someone other than the person who submitted it.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.period.label} v{self.version}"

    @property
    def period(self) -> Period:
        return Period(PeriodType(self.period_type), self.period_start, self.period_end)

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED

    @property
    def is_approved(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED, self.Status.SUPERSEDED)


class MeasureValue(models.Model):
    """One figure: a measure's value for one period, for the authority, a service, team or worker."""

    class Origin(models.TextChoices):
        ENTERED = "entered", "Entered"
        UPLOADED = "uploaded", "Uploaded"
        COMPUTED = "computed", "Computed"
        DEMO = "demo", "Demo"

    # Figures outlive edits to the plan: a measure with figures cannot be deleted.
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="values")
    release = models.ForeignKey(DataRelease, on_delete=models.PROTECT, related_name="values")
    org_unit = models.ForeignKey("organisations.OrgUnit", null=True, blank=True, on_delete=models.PROTECT)
    worker = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.PROTECT)
    scope = models.CharField(
        max_length=40, default="authority",
        help_text="authority, unit:<id> or worker:<id> — one value per measure, period and scope.",
    )
    period_type = models.CharField(max_length=20, choices=PERIOD_TYPES)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    commentary = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ENTERED)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period_end"]
        indexes = [models.Index(fields=["measure", "scope", "period_end"], name="value_measure_scope_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "measure", "scope", "period_type", "period_start"], name="one_value_per_release_slot",
                violation_error_message="This release already has a value for this measure, period and unit.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period.label}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(PeriodType(self.period_type), self.period_start, self.period_end)

    @property
    def is_demo(self) -> bool:
        return self.origin == self.Origin.DEMO


class MeasureComment(models.Model):
    """A comment on a measure, optionally about one period, kept as history."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="comments")
    period_key = models.CharField(max_length=30, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class FiguresVersion(models.Model):
    """A token that changes whenever anything a measure shows changes in an authority.

    Every service that writes measures, figures or releases replaces it in the same transaction,
    so pages that are costly to build (the dashboard, the scorecard) cache on it safely: a new
    token, a new page. It is a random token, not a counter, so that restoring a backup can never
    bring back a number that once meant different figures."""

    authority = models.OneToOneField("organisations.Authority", on_delete=models.CASCADE, primary_key=True,
                                     related_name="figures_version")
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Figures of {self.authority} at {self.token}"
