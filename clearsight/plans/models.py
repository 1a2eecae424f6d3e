"""The improvement plan: priorities, what good looks like, success criteria, actions and updates.

One schema holds both seeds without loss. Text is stored as written; dates keep their written
form beside the certain value (see ``clearsight.engine.plandates``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.engine.plandates import DateKind
from clearsight.engine.planfiles.document import (
    ActionStatus,
    EvidenceKind,
    PriorityKind,
    RecommendationStatus,
)

DATE_KINDS = [(kind.value, kind.value.title()) for kind in DateKind]


class Plan(models.Model):
    """An authority's improvement plan, e.g. Sefton's Improvement Action Plan 2017-18."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=300)
    period_label = models.CharField(max_length=60, blank=True, help_text="As written, e.g. 2017-18.")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    foreword = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["authority__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.title} {self.period_label}".strip()


class Principle(models.Model):
    """A principle the plan commits to (Wirral: "Children … are at the heart of everything we do")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="principles")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    """A priority, theme or recommendation heading of the plan (Sefton 1.1, Wirral Theme 1)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveIntegerField()
    code = models.CharField(max_length=20, help_text="As written: 1.1, 2.0, 3 …")
    kind = models.CharField(max_length=20, choices=[(k.value, k.value.title()) for k in PriorityKind])
    title = models.CharField(max_length=300)
    why = models.TextField("why this is a priority", blank=True)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="priority_code_unique_in_plan",
                violation_error_message="This plan already has a priority with this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return f"Theme {self.code}" if self.kind == PriorityKind.THEME else self.code


class Ambition(models.Model):
    """One "what good looks like" statement under a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="ambitions")
    order = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text[:80]


class SuccessCriterion(models.Model):
    """A numbered success criterion of a priority (Wirral Theme 1, criterion 3 …)."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="success_criteria")
    number = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["priority", "number"]
        verbose_name_plural = "success criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "number"], name="criterion_number_unique_in_priority",
                violation_error_message="This priority already has a criterion with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class EvidenceSource(models.Model):
    """Qualitative evidence a priority relies on: audits, children and families, or staff."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="evidence_sources")
    order = models.PositiveIntegerField()
    kind = models.CharField(
        max_length=20,
        choices=[
            (EvidenceKind.AUDITS.value, "Audits"),
            (EvidenceKind.CHILDREN_FAMILIES.value, "Children, young people, parents and carers"),
            (EvidenceKind.STAFF.value, "Staff"),
        ],
    )
    text = models.TextField()

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Sprint(models.Model):
    """A 12-week block of delivery. Closing one carries its unfinished actions to the next."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveIntegerField()
    start_date = models.DateField(null=True, blank=True, help_text="Unknown until someone sets it.")
    weeks = models.PositiveIntegerField(default=12)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="sprint_number_unique_in_plan",
                violation_error_message="This plan already has a sprint with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Sprint {self.number}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Action(models.Model):
    """One action of the plan: what will be done, by whom, by when, and how it is going."""

    Status = models.TextChoices(  # type: ignore[misc]
        "Status",
        [(s.name, (s.value, s.value.replace("_", " ").capitalize())) for s in ActionStatus],
    )

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    success_criterion = models.ForeignKey(
        SuccessCriterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    order = models.PositiveIntegerField()
    ref = models.CharField(max_length=30, help_text="As written in the plan, e.g. 1.1.3 or 4B2.")
    text = models.TextField()
    lead_text = models.CharField(max_length=500, blank=True, help_text="The lead or owner cell as written.")

    due_text = models.CharField(max_length=100, blank=True)
    due_kind = models.CharField(max_length=12, choices=DATE_KINDS, default=DateKind.BLANK.value)
    due_date = models.DateField(null=True, blank=True, help_text="The day, or the month's first day.")
    original_due_text = models.CharField(max_length=100, blank=True)
    review_text = models.CharField(max_length=100, blank=True)
    review_kind = models.CharField(max_length=12, choices=DATE_KINDS, default=DateKind.BLANK.value)
    review_date = models.DateField(null=True, blank=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=ActionStatus.NOT_STARTED.value)
    rag_override = models.CharField(max_length=10, choices=Rag.choices, blank=True)
    rag_override_reason = models.TextField(blank=True)

    sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
        help_text="The sprint it is in now.",
    )
    planned_sprint = models.ForeignKey(
        Sprint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The sprint it was first planned in.",
    )
    carried_over = models.PositiveIntegerField(default=0, help_text="How many times a sprint closed with it open.")

    version = models.PositiveIntegerField(default=1, help_text="Raised on every save, to catch conflicting edits.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "priority__order", "order"]
        indexes = [models.Index(fields=["plan", "status"], name="action_plan_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"], name="action_ref_unique_in_plan",
                violation_error_message="This plan already has an action with this ref.",
            ),
            models.CheckConstraint(
                condition=~models.Q(rag_override="") | models.Q(rag_override_reason=""),
                name="rag_reason_only_with_override",
                violation_error_message="A RAG reason is only kept with a RAG override.",
            ),
            models.CheckConstraint(
                condition=models.Q(rag_override="") | ~models.Q(rag_override_reason=""),
                name="rag_override_needs_reason",
                violation_error_message="Say why you are overriding the RAG rating.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:60]}"


class ActionLead(models.Model):
    """One lead of an action: a person, a role, an agency, or a combination."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="leads")
    order = models.PositiveIntegerField()
    person = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )
    role = models.CharField(max_length=300, blank=True)
    agency = models.ForeignKey(
        "organisations.PartnerAgency", null=True, blank=True, on_delete=models.SET_NULL, related_name="leads"
    )

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(role="") | models.Q(agency__isnull=False),
                name="lead_names_someone",
                violation_error_message="A lead needs a person, a role or an agency.",
            )
        ]

    def __str__(self) -> str:
        parts = [str(self.person.name) if self.person else "", self.role, str(self.agency or "")]
        return ", ".join(p for p in parts if p)


class ActionUpdate(models.Model):
    """A dated progress update on an action, kept as history (never edited after saving)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField(null=True, blank=True, help_text="Empty for commentary imported without a date.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_name = models.CharField(max_length=200, blank=True)
    commentary = models.TextField()
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action.ref} {self.on or 'undated'}: {self.commentary[:60]}"


class DueDateChange(models.Model):
    """A revision of an action's due date, with the reason: original and revised dates both kept."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="due_changes")
    from_text = models.CharField(max_length=100, blank=True)
    to_text = models.CharField(max_length=100)
    reason = models.TextField()
    on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.action.ref}: {self.from_text} → {self.to_text}"


class SprintCarryOver(models.Model):
    """The record that an unfinished action moved from one sprint to the next."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="carry_overs")
    from_sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="+")
    to_sprint = models.ForeignKey(Sprint, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action.ref}: {self.from_sprint} → {self.to_sprint}"


class InspectionRecommendation(models.Model):
    """An Ofsted recommendation, its progress, the work still needed, and the actions answering it."""

    Status = models.TextChoices(  # type: ignore[misc]
        "Status", [(s.name, (s.value, s.value.replace("_", " ").capitalize())) for s in RecommendationStatus]
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveIntegerField()
    text = models.TextField()
    progress = models.TextField("progress to date", blank=True)
    further_work = models.TextField("further work required", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=RecommendationStatus.OPEN.value)
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="recommendation_number_unique_in_plan",
                violation_error_message="This plan already has a recommendation with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class PlanVersion(models.Model):
    """A token that changes whenever anything the plan's pages show changes.

    Replaced by ``plans.changes`` on every save or delete of the plan, its priorities, actions,
    leads, updates, sprints and the people and agencies named as leads (signals, so the admin and
    every service are covered), and by the plan import after its bulk writes. Pages costly to build
    (the plan overview) cache on it. Random, not a counter, so a restored backup never reuses one."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, primary_key=True, related_name="version")
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.plan} at {self.token}"
