"""Reads for reminders: schedules, preferences, the actions and measures to watch, and history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet

from clearsight.engine.reminders import Schedule
from clearsight.organisations.models import Membership, OrgUnit, User
from clearsight.organisations.roles import Role
from clearsight.performance.models import Measure, MeasureValue
from clearsight.plans.models import Action, ActionLead, Plan
from clearsight.reminders.models import Delivery, Notification, ReminderPolicy, ReminderPreference

CLOSED_STATUSES = ("completed", "withdrawn")


def default_schedule() -> Schedule:
    return Schedule(
        due_soon_days=settings.CLEARSIGHT_REMINDER_DUE_SOON_DAYS,
        escalate_lead_after_days=settings.CLEARSIGHT_ESCALATE_LEAD_AFTER_DAYS,
        escalate_chair_after_days=settings.CLEARSIGHT_ESCALATE_CHAIR_AFTER_DAYS,
        board_update_days=settings.CLEARSIGHT_BOARD_UPDATE_DAYS,
        digest_weekday=settings.CLEARSIGHT_DIGEST_WEEKDAY,
        data_deadline_working_days=settings.CLEARSIGHT_DATA_DEADLINE_WORKING_DAYS,
    )


def schedule_for(authority_id: int) -> Schedule:
    """The authority's own policy if it has one, otherwise the defaults from settings."""
    base = default_schedule()
    policy = ReminderPolicy.objects.filter(authority_id=authority_id).first()
    if policy is None:
        return base
    return Schedule(
        due_soon_days=policy.due_soon_days,
        escalate_lead_after_days=policy.escalate_lead_after_days,
        escalate_chair_after_days=policy.escalate_chair_after_days,
        board_update_days=policy.board_update_days,
        digest_weekday=base.digest_weekday,
        data_deadline_working_days=policy.data_deadline_working_days,
    )


def preference_for(user: Any) -> ReminderPreference:
    """The user's preference, or the default (straight away, everything on) unsaved."""
    found = ReminderPreference.objects.filter(user=user).first()
    return found or ReminderPreference(user=user, delivery=Delivery.IMMEDIATE, reminders_on=True)


def preferences_of(users: list[Any]) -> dict[int, ReminderPreference]:
    found = {p.user_id: p for p in ReminderPreference.objects.filter(user__in=users)}
    return {u.pk: found.get(u.pk) or ReminderPreference(user=u) for u in users}


def active_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(status=Plan.Status.ACTIVE).select_related("authority").order_by("authority__name", "pk")


def open_actions(plan: Plan) -> list[Action]:
    """Open actions with their leads, sprint and the date of their latest progress update."""
    return list(
        plan.actions.exclude(status__in=CLOSED_STATUSES)
        .select_related("plan", "plan__authority", "sprint")
        .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("person", "agency")))
        .annotate(last_update=Max("updates__on"))
        .order_by("priority__order", "order")
    )


def members(authority_id: int) -> list[User]:
    """Active users with a role in the authority, each with their membership cached on them."""
    memberships = Membership.objects.filter(authority_id=authority_id, user__is_active=True).select_related(
        "user", "authority", "org_unit", "agency")
    users = []
    for membership in memberships:
        user = membership.user
        user._cs_memberships = [membership]  # what organisations.selectors.membership_in reads
        users.append(user)
    return users


def performance_leads(users: list[User]) -> list[User]:
    """The authority's performance leads; failing those, its administrators."""
    def with_role(role: str) -> list[User]:
        return [u for u in users if u._cs_memberships[0].role == role]  # type: ignore[attr-defined]

    return with_role(Role.PERFORMANCE_LEAD) or with_role(Role.ADMINISTRATOR)


def managers_over(users: list[User], unit: OrgUnit | None) -> list[User]:
    """Managers whose service or team contains ``unit`` (the unit itself or one above it)."""
    if unit is None:
        return []
    chain = set()
    while unit is not None:
        chain.add(unit.pk)
        unit = unit.parent
    return [
        u for u in users
        if u._cs_memberships[0].role == Role.MANAGER  # type: ignore[attr-defined]
        and u._cs_memberships[0].org_unit_id in chain  # type: ignore[attr-defined]
    ]


def measures_of(plan: Plan) -> list[Measure]:
    return list(plan.measures.select_related("owner", "owner__user", "authority").order_by("order", "pk"))


def figure_period_ends(measure_ids: list[int]) -> dict[int, set[Any]]:
    """Every period end each measure has an authority figure for, in any release, draft or not."""
    found: dict[int, set[Any]] = {m: set() for m in measure_ids}
    rows = MeasureValue.objects.filter(measure_id__in=measure_ids, scope="authority").values_list(
        "measure_id", "period_end").distinct()
    for measure_id, period_end in rows:
        found[measure_id].add(period_end)
    return found


def already_logged(keys: set[tuple[int, str, str, str]]) -> set[tuple[int, str, str, str]]:
    """Which (recipient, kind, subject, period) keys are in the log. A read to keep dry runs and
    output tidy; the unique constraint, not this, is what stops a second send."""
    if not keys:
        return set()
    rows = Notification.objects.filter(
        recipient_id__in={k[0] for k in keys}, period__in={k[3] for k in keys}).values_list(
        "recipient_id", "kind", "subject_key", "period")
    return {r for r in rows if r in keys}


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own reminders and alerts, newest first (digests are envelopes, not shown)."""
    return Notification.objects.filter(recipient=user).exclude(kind="digest").select_related("authority")
