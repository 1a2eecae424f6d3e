"""Boards that oversee the plan, who sits on them, when they meet, what they discuss and decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Board(models.Model):
    """A board or group that oversees the improvement plan: the Improvement Board, the
    Safeguarding Children Partnership, the senior management team, Overview & Scrutiny…"""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", "Improvement board"
        SAFEGUARDING = "safeguarding", "Safeguarding children partnership"
        SENIOR_TEAM = "senior_team", "Senior management team"
        SCRUTINY = "scrutiny", "Overview and scrutiny"
        CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting"
        OTHER = "other", "Other"

    authority = models.ForeignKey("organisations.Authority", on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    purpose = models.TextField(blank=True, help_text="What the board is for, from its terms of reference.")
    frequency = models.CharField(max_length=100, blank=True, help_text="As agreed, e.g. Monthly.")
    partner_facing = models.BooleanField(
        default=True, help_text="Partners or elected members see its papers: small numbers are suppressed.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["authority", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], name="board_name_unique_in_authority",
                violation_error_message="This authority already has a board with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    """Someone who sits on a board: a person named in the plan (with or without a sign-in) and,
    for partners, the agency they speak for."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        MEMBER = "member", "Member"
        ADVISER = "adviser", "Adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("organisations.Person", on_delete=models.CASCADE, related_name="board_seats")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    agency = models.ForeignKey(
        "organisations.PartnerAgency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The agency they represent, if not the council.",
    )

    class Meta:
        ordering = ["board", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "person"], name="board_member_once",
                violation_error_message="This person is already a member of this board.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.name} ({self.get_role_display()}, {self.board})"


class Meeting(models.Model):
    """One meeting of a board: when, where, its agenda, minutes, decisions and board pack."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings",
        help_text="The improvement plan the meeting reviews (its board pack reports on it).",
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(blank=True)
    minutes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_recorded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["board", "date", "start_time"]
        indexes = [models.Index(fields=["board", "date"], name="meeting_board_date_idx")]

    def __str__(self) -> str:
        return f"{self.board} {self.date:%-d %B %Y}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda, linked to what it is about in the plan."""

    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        DISCUSSION = "discussion", "For discussion"
        ASSURANCE = "assurance", "For assurance"
        INFORMATION = "information", "For information"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION)
    presenter = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    priorities = models.ManyToManyField("plans.Priority", blank=True, related_name="agenda_items")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="agenda_items")
    measures = models.ManyToManyField("performance.Measure", blank=True, related_name="agenda_items")
    risks = models.ManyToManyField("governance.Risk", blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "order"], name="agenda_item_order_unique",
                violation_error_message="This meeting already has an item in that place.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(models.Model):
    """A decision a board made. One that needs doing becomes an action in the plan, with an owner."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField()
    owner = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    action = models.OneToOneField(
        "plans.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="board_decision",
        help_text="The plan action this decision became.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "recorded_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]
