"""Reminders, escalation and alerts: who wants what by e-mail, and a log of every one sent.

The log (``Notification``) is also the guard that stops a reminder going twice: one row per
recipient, kind, subject (an action or a measure) and period, enforced by a unique constraint.
A sender claims the row in its own transaction *before* sending; a second sender — the same cron
job started twice, or a run after a clock change — fails to insert it and sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from clearsight.engine.reminders import KIND_LABELS, Kind


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away, one e-mail for each reminder"
    WEEKLY = "weekly", "A weekly digest, one e-mail a week"


class ReminderPreference(models.Model):
    """How one person wants their reminders: straight away or in a weekly digest, or not at all.

    Escalations (an action of theirs to escalate, as a lead or board chair) cannot be switched
    off: they are how late actions reach the people who can unblock them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_preference")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    reminders_on = models.BooleanField(
        "reminders and alerts", default=True,
        help_text="Due soon, overdue, board update reminders and measure alerts. Escalations always go.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}{'' if self.reminders_on else ', escalations only'}"


class ReminderPolicy(models.Model):
    """An authority's own reminder schedule, where it differs from the defaults in settings.

    Days overdue before escalating to the lead and then to the board chair, how close a due date
    counts as "due soon", how long before a board meeting an update is asked for, and how many
    working days after a period ends a measure's figure must be in. The board chair here is used
    only when no improvement board in Clearsight names one."""

    authority = models.OneToOneField("organisations.Authority", on_delete=models.CASCADE,
                                     related_name="reminder_policy")
    due_soon_days = models.PositiveSmallIntegerField(default=7)
    escalate_lead_after_days = models.PositiveSmallIntegerField("escalate to the lead after (days overdue)",
                                                                default=14)
    escalate_chair_after_days = models.PositiveSmallIntegerField(
        "escalate to the board chair after (days overdue)", default=28)
    board_update_days = models.PositiveSmallIntegerField("ask for an update this many days before a board",
                                                         default=14)
    data_deadline_working_days = models.PositiveSmallIntegerField(
        "figures due this many working days after a period ends", default=10)
    board_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Receives escalations after the lead, when no improvement board names a chair.",
    )

    class Meta:
        verbose_name_plural = "reminder policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(escalate_chair_after_days__gte=models.F("escalate_lead_after_days")),
                name="chair_escalation_after_lead",
                violation_error_message="Escalate to the board chair after, not before, the lead.",
            )
        ]

    def __str__(self) -> str:
        return f"Reminder policy for {self.authority}"


class Notification(models.Model):
    """One reminder or alert sent (or being sent) to one person, kept as their history.

    ``subject_key`` names what it is about (``action:12``, ``measure:5``; ``user:3`` for a
    digest) and ``period`` which occurrence (``due:2026-12-31``, ``board:2027-01-14``, ``2026-10``,
    ``2026-W48``), so the unique constraint means "this reminder, once"."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    authority = models.ForeignKey("organisations.Authority", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    kind = models.CharField(max_length=24, choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    subject_key = models.CharField(max_length=40)
    period = models.CharField(max_length=40)
    action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    measure = models.ForeignKey("performance.Measure", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    title = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A path inside Clearsight.")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "period"], name="notification_once",
                violation_error_message="This reminder has already been sent to this person.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.kind} {self.subject_key} {self.period}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(Kind(self.kind), self.kind)
