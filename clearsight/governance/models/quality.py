"""Quality assurance: the audit programme, case audits graded by domain, their findings, the
audit measures computed from them, and survey results (Wirral's Quality Assurance and Learning
Framework; Sefton's "(audit measure)" and survey rows)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from clearsight.engine.audits import GRADE_ORDER

GRADE_CHOICES = [(g.value, g.label) for g in GRADE_ORDER]

# Case audits name a child only by the pseudonym Clearsight shows everywhere (C- and ten hex
# digits, from analytics.services.pseudonym): never the case system's child ID or a name.
PSEUDONYM = RegexValidator(
    r"^C-[0-9A-F]{10}$",
    "Enter the child's pseudonymised ID as Clearsight shows it, like C-1A2B3C4D5E — never their name or case number.",
)


class AuditDomain(models.Model):
    """A practice domain auditors grade (assessment, planning, voice of the child…), configured per
    authority. A domain can feed a measure: its "% good or better" each period."""

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="audit_domains")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True, help_text="What good looks like, for auditors.")
    order = models.PositiveIntegerField(default=0)
    measure = models.ForeignKey(
        "performance.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_domains",
        help_text="The audit measure this domain's 'good or better' share feeds.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["authority", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "key"], name="audit_domain_key_unique",
                                    violation_error_message="This authority already has a domain with this id."),
        ]

    def __str__(self) -> str:
        return self.name


class AuditProgramme(models.Model):
    """A planned set of case audits: a theme (e.g. neglect, pathway plans) or the regular monthly
    sample, with its schedule and auditors."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "Regular case audit"
        THEMED = "themed", "Themed audit"
        MULTI_AGENCY = "multi_agency", "Multi-agency audit"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="audit_programmes")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="audit_programmes")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=15, choices=Kind.choices, default=Kind.REGULAR)
    theme = models.CharField(max_length=200, blank=True)
    start = models.DateField()
    end = models.DateField()
    sample_size = models.PositiveIntegerField(default=0, help_text="Cases planned to be audited.")
    auditors = models.ManyToManyField("organisations.Person", blank=True, related_name="audit_programmes")
    domains = models.ManyToManyField(AuditDomain, blank=True, related_name="programmes",
                                     help_text="The domains its audits grade. None chosen: every active domain.")

    class Meta:
        ordering = ["authority", "-start", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="programme_ends_after_start",
                                   violation_error_message="The programme must end on or after its start."),
        ]

    def __str__(self) -> str:
        return self.name


class CaseAudit(models.Model):
    """One case audited: the child (pseudonymised), who audited it and when, a grade per domain,
    an overall judgement and findings."""

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        COMPLETED = "completed", "Completed"

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits")
    child = models.CharField("child (pseudonymised ID)", max_length=12, validators=[PSEUDONYM])
    team = models.ForeignKey("organisations.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    auditor = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="case_audits")
    audited_on = models.DateField()
    overall = models.CharField(max_length=25, choices=GRADE_CHOICES, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-audited_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status="draft") | ~models.Q(overall=""),
                                   name="completed_audit_has_overall_grade",
                                   violation_error_message="A completed audit needs an overall grade."),
        ]

    def __str__(self) -> str:
        return f"Audit of {self.child} on {self.audited_on}"


class AuditGrade(models.Model):
    """An audit's grade for one domain. No row, or a blank grade, means not applicable."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="grades")
    grade = models.CharField(max_length=25, choices=GRADE_CHOICES, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["audit", "domain__order"]
        constraints = [models.UniqueConstraint(fields=["audit", "domain"], name="one_grade_per_domain_per_audit")]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_grade_display() or 'n/a'}"


class AuditFinding(models.Model):
    """Something an audit found: a strength, or an area for development that can become an action."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        DEVELOPMENT = "development", "Area for development"
        ALERT = "alert", "Needs immediate action on the case"

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    domain = models.ForeignKey(AuditDomain, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="audit_findings")

    class Meta:
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class AuditMeasureFigure(models.Model):
    """The trace from a figure in the performance framework back to the case audits behind it."""

    value = models.OneToOneField("performance.MeasureValue", on_delete=models.CASCADE, related_name="audit_source")
    domain = models.ForeignKey(AuditDomain, on_delete=models.PROTECT, related_name="figures")
    audits = models.ManyToManyField(CaseAudit, related_name="figures")
    computed_at = models.DateTimeField(auto_now=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    def __str__(self) -> str:
        return f"{self.domain} from {self.audits.count()} audits"


class SurveyResult(models.Model):
    """A survey's result for one question and period (staff supervision survey, the Pledge survey),
    feeding a survey measure: positive answers over respondents."""

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="survey_results")
    survey = models.CharField(max_length=200, help_text="For example, Annual staff supervision survey.")
    question = models.TextField(blank=True)
    measure = models.ForeignKey("performance.Measure", on_delete=models.PROTECT, related_name="survey_results")
    period_type = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    respondents = models.PositiveIntegerField()
    positive = models.PositiveIntegerField(help_text="Respondents giving the answer the measure counts.")
    notes = models.TextField(blank=True)
    value = models.ForeignKey("performance.MeasureValue", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="survey_results")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authority", "-period_end", "survey"]
        constraints = [
            models.CheckConstraint(condition=models.Q(positive__lte=models.F("respondents")),
                                   name="survey_positive_within_respondents",
                                   violation_error_message="More positive answers than respondents."),
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.period_start:%Y}-{self.period_end:%y}"
