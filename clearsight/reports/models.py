"""Board packs and reports: the runs that produce them, and the children and young people's plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.engine.reports.document import Format, ReportKind

KIND_CHOICES = [(k.value, k.label) for k in ReportKind]
FORMAT_CHOICES = [(f.value, f.value.upper() if f is not Format.DOCX else "Word") for f in Format]


class ReportRun(models.Model):
    """One request for a report: what was asked for, by whom, how far it has got, and the file.

    A board pack for a large plan takes seconds to draw, so the web page starts a run, shows its
    progress and offers the file when it is ready. The file is kept for a day (see
    ``services.report_runs_prune``) so a download can be repeated; every download is audited.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Generating"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="report_runs")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    format = models.CharField(max_length=5, choices=FORMAT_CHOICES)
    meeting_date = models.DateField()
    since = models.DateField(null=True, blank=True, help_text="Changes since this day: the last board.")
    release = models.ForeignKey(
        "performance.DataRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        "organisations.PartnerAgency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=0)
    step_text = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    watermark = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True, help_text="How long it took to build and draw.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.meeting_date:%-d %B %Y} ({self.format})"

    @property
    def percent(self) -> int:
        return int(100 * self.step / self.steps) if self.steps else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class YoungPeoplePlan(models.Model):
    """The children and young people's version of a plan: short, warm, plain English.

    A draft is generated from the plan, one section per priority; the performance team edits
    it and a performance lead or approver approves it. Any edit after approval returns it to
    draft, so what children read is always what was last approved.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="young_people")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, to catch conflicting edits."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"


class YoungPeopleSection(models.Model):
    """One priority of the plan, said for children and young people: a heading and a few lines."""

    young_plan = models.ForeignKey(YoungPeoplePlan, on_delete=models.CASCADE, related_name="sections")
    priority = models.ForeignKey(
        "plans.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    text = models.TextField(help_text="What we will do, in plain words.")
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, to catch conflicting edits."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["young_plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["young_plan", "order"], name="young_people_section_order_unique"),
        ]

    def __str__(self) -> str:
        return self.heading
