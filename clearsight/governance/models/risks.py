"""The risk register: what could stop the plan succeeding, how bad, how likely, and what is done."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.engine.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, RiskScore

LIKELIHOOD_CHOICES = [(n, f"{n} – {label}") for n, label in LIKELIHOOD_LABELS.items()]
IMPACT_CHOICES = [(n, f"{n} – {label}") for n, label in IMPACT_LABELS.items()]


def _one_to_five(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=name,
        violation_error_message="Likelihood and impact are scored from 1 to 5.",
    )


class Risk(models.Model):
    """A risk to the improvement plan (Wirral's Risk Management Plan and departmental register):
    its cause, the event it leads to and the effect, scored before (inherent) and after
    (residual) its controls, with an owner and a date to review it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="risks")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    ref = models.CharField(max_length=20, help_text="The register's reference, e.g. R3.")
    title = models.CharField(max_length=300)
    cause = models.TextField(help_text="Because of…")
    event = models.TextField(help_text="…there is a risk that…")
    effect = models.TextField(help_text="…which would lead to…")
    priority = models.ForeignKey("plans.Priority", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="risks")
    owner = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="risks_owned")
    inherent_likelihood = models.PositiveSmallIntegerField(choices=LIKELIHOOD_CHOICES)
    inherent_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES)
    residual_likelihood = models.PositiveSmallIntegerField(choices=LIKELIHOOD_CHOICES)
    residual_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES)
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    mitigating_actions = models.ManyToManyField("plans.Action", blank=True, related_name="risks_mitigated")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["authority", "ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "ref"], name="risk_ref_unique_in_authority",
                violation_error_message="This authority already has a risk with this reference.",
            ),
            _one_to_five("inherent_likelihood", "risk_inherent_likelihood_1_to_5"),
            _one_to_five("inherent_impact", "risk_inherent_impact_1_to_5"),
            _one_to_five("residual_likelihood", "risk_residual_likelihood_1_to_5"),
            _one_to_five("residual_impact", "risk_residual_impact_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def inherent(self) -> RiskScore:
        return RiskScore(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual(self) -> RiskScore:
        return RiskScore(self.residual_likelihood, self.residual_impact)


class RiskControl(models.Model):
    """Something already in place that reduces a risk (a policy, a panel, a report)."""

    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY = "partly", "Partly effective"
        NOT_EFFECTIVE = "not_effective", "Not effective"
        NOT_KNOWN = "not_known", "Not yet known"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    order = models.PositiveIntegerField()
    text = models.TextField()
    effectiveness = models.CharField(max_length=15, choices=Effectiveness.choices, default=Effectiveness.NOT_KNOWN)

    class Meta:
        ordering = ["risk", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class RiskAssessment(models.Model):
    """A dated scoring of a risk, kept as history: the trend comes from these."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    on = models.DateField()
    inherent_likelihood = models.PositiveSmallIntegerField(choices=LIKELIHOOD_CHOICES)
    inherent_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES)
    residual_likelihood = models.PositiveSmallIntegerField(choices=LIKELIHOOD_CHOICES)
    residual_impact = models.PositiveSmallIntegerField(choices=IMPACT_CHOICES)
    note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assessed_by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["risk", "on", "created_at", "id"]
        constraints = [
            _one_to_five("inherent_likelihood", "assessment_inherent_likelihood_1_to_5"),
            _one_to_five("inherent_impact", "assessment_inherent_impact_1_to_5"),
            _one_to_five("residual_likelihood", "assessment_residual_likelihood_1_to_5"),
            _one_to_five("residual_impact", "assessment_residual_impact_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.ref} on {self.on}: {self.residual_score}"

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact
