"""Work out every reminder and alert due on a day, for whom, before anything is sent.

Reads only. The engine says what is due for each action and measure; this module decides who
receives it, following ``plans.rules`` for who leads an action:

- an action's **owners** are the users ``lead_identity`` matches to one of its leads (by the
  person named, their job title, or their agency);
- a lead that matches **no user** (a person with no sign-in, a role nobody holds, an agency with
  no users), and an action with no lead at all, is not dropped: the reminder goes to the
  authority's **performance leads**, naming the lead it is for;
- **escalation to the lead** goes to the managers over the lead person's service or team where
  Clearsight knows them, and otherwise to the performance leads, who run the plan;
- **escalation to the board chair** goes to ``boards.board_chairs``; with no chair set it goes
  to the performance leads, saying no chair is set.
- a measure's **alerts** go to its owner's user; with no owner (or an owner with no sign-in) to
  the performance leads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse

from clearsight.engine import reminders as engine
from clearsight.engine.reminders import Due, Kind
from clearsight.organisations.models import User
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import can
from clearsight.performance.models import Measure
from clearsight.performance.presenters import better_if_up, scorecard_row, thresholds_for
from clearsight.performance.selectors import effective_values
from clearsight.plans.models import Action, ActionLead, Plan
from clearsight.plans.presenters import action_target as plan_target
from clearsight.plans.rules import lead_identity
from clearsight.reminders import boards, selectors

SPC_UNITS = {"percentage": "%", "count": "count", "rate_per_10k": "rate_per_10k", "days": "days",
             "average": "average", "number": "number"}


@dataclass
class Outgoing:
    """One reminder for one person, not yet sent."""

    recipient: User
    authority_id: int
    kind: Kind
    subject_key: str
    period: str
    title: str
    detail: str
    link: str
    action: Action | None = None
    measure: Measure | None = None
    why_you: str = ""  # "You lead this action", "No one with a sign-in leads this: Vicky Buchanan"
    escalation_step: str = ""

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.recipient.pk, self.kind.value, self.subject_key, self.period)

    @property
    def is_escalation(self) -> bool:
        return self.kind in engine.ESCALATIONS


@dataclass
class DayPlan:
    """Everything due on one day: the reminders, and notes for the command's output."""

    items: list[Outgoing] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def action_target(action: Action) -> date | None:
    """The day an action is measured against, by the same rule as its RAG rating."""
    target = plan_target(action)
    return target.day if target else None


def _action_title(action: Action, kind: Kind) -> str:
    what = {
        Kind.DUE_SOON: "is due soon",
        Kind.OVERDUE: "is overdue",
        Kind.BOARD_UPDATE: "needs an update before the board",
        Kind.ESCALATION_LEAD: "is overdue and has been escalated to you",
        Kind.ESCALATION_CHAIR: "is overdue and has been escalated to the board chair",
    }[kind]
    return f"Action {action.ref} {what}"


def _lead_users(lead: ActionLead, identities: dict[User, Any]) -> list[User]:
    return [user for user, identity in identities.items() if identity.names(lead)]


def _why_owner(lead: ActionLead, identity: Any) -> str:
    if lead.person_id in identity.person_ids:
        how = "you by name"
    elif lead.agency_id and lead.agency_id in identity.agency_ids:
        how = "your agency"
    else:
        how = "your job title"
    return f"You get this because the action's lead, {lead}, matches {how}."


def plan_day(today: date) -> DayPlan:
    result = DayPlan()
    for plan in selectors.active_plans():
        users = selectors.members(plan.authority_id)
        leads = selectors.performance_leads(users)
        schedule = selectors.schedule_for(plan.authority_id)
        if not leads:
            result.notes.append(f"{plan.authority}: no performance lead or administrator to send unmatched "
                                "reminders to.")
        _plan_actions(plan, today, schedule, users, leads, result)
        _plan_measures(plan, today, schedule, users, leads, result)
    return result


def _plan_actions(plan: Plan, today: date, schedule: engine.Schedule, users: list[User],
                  leads: list[User], result: DayPlan) -> None:
    identities = {u: lead_identity(u, plan.authority_id) for u in users}
    next_board = boards.next_board_date(plan, today)
    chairs: list[User] | None = None
    for action in selectors.open_actions(plan):
        facts = engine.ActionFacts(target=action_target(action), is_open=True,
                                   last_update=action.last_update,  # type: ignore[attr-defined]
                                   next_board=next_board)
        due = engine.action_reminders(facts, schedule, today)
        if not due:
            continue
        link = reverse("action-detail", args=[plan.pk, action.ref])
        owners: dict[User, str] = {}
        unmatched: list[str] = []
        for lead in action.leads.all():
            found = _lead_users(lead, identities)
            for user in found:
                owners.setdefault(user, _why_owner(lead, identities[user]))
            if not found:
                unmatched.append(str(lead))
        if not action.leads.all():
            unmatched.append(action.lead_text or "no lead is named")
        for item in due:
            if item.kind in (Kind.DUE_SOON, Kind.OVERDUE, Kind.BOARD_UPDATE):
                recipients = dict(owners)
                if unmatched:
                    why = (f"One of this action's leads ({'; '.join(unmatched)}) has no Clearsight sign-in, so "
                           "it comes to you as performance lead." if owners else
                           "No one with a Clearsight sign-in leads this action, so it comes to you as "
                           f"performance lead. Lead as written: {'; '.join(unmatched)}.")
                    for user in leads:
                        recipients.setdefault(user, why)
            elif item.kind is Kind.ESCALATION_LEAD:
                recipients = _escalation_leads(action, users, leads)
            else:
                if chairs is None:
                    member_ids = {u.pk: u for u in users}  # a chair must be able to open the action
                    chairs = [member_ids[c.pk] for c in boards.board_chairs(plan) if c.pk in member_ids]
                recipients = {u: "You chair the improvement board." for u in chairs} or {
                    u: "No board chair is set up in Clearsight, so this escalation comes to you as performance "
                       "lead." for u in leads}
            for user, why in recipients.items():
                result.items.append(_action_item(user, plan, action, item, link, why))


def _escalation_leads(action: Action, users: list[User], leads: list[User]) -> dict[User, str]:
    managers: dict[User, str] = {}
    for lead in action.leads.all():
        person = lead.person
        if person is not None:
            for user in selectors.managers_over(users, person.org_unit):
                managers.setdefault(user, f"You manage the service or team of {person.name}, who leads it.")
    return managers or {u: "You are the performance lead for the plan." for u in leads}


def _action_item(user: User, plan: Plan, action: Action, due: Due, link: str, why: str) -> Outgoing:
    return Outgoing(
        recipient=user, authority_id=plan.authority_id, kind=due.kind, subject_key=f"action:{action.pk}",
        period=due.period, title=_action_title(action, due.kind), detail=due.reason, link=link,
        action=action, why_you=why,
    )


def _plan_measures(plan: Plan, today: date, schedule: engine.Schedule, users: list[User],
                   leads: list[User], result: DayPlan) -> None:
    measures = selectors.measures_of(plan)
    if not measures:
        return
    member_ids = {u.pk: u for u in users}
    by_recipient: dict[User, list[tuple[Measure, str]]] = {}
    for measure in measures:
        owner_user = measure.owner.user if measure.owner is not None else None
        if owner_user is not None and owner_user.pk in member_ids:
            by_recipient.setdefault(member_ids[owner_user.pk], []).append((measure, "You own this measure."))
        else:
            who = f"its owner, {measure.owner.name}, has no Clearsight sign-in" if measure.owner else "it has no owner"
            for user in leads:
                by_recipient.setdefault(user, []).append(
                    (measure, f"This measure's alerts come to you as performance lead: {who}."))
    period_ends = selectors.figure_period_ends([m.pk for m in measures])
    for user, owned in by_recipient.items():
        values = effective_values(user, plan.authority_id, [m.pk for m, _ in owned])
        # Board members and partners see published figures only, with small numbers suppressed:
        # their alerts say what happened without quoting figures.
        plain = not can(user, plan.authority_id, Permission.VIEW_PROVISIONAL)
        for measure, why in owned:
            for due in _measure_alerts(measure, values.get(measure.pk, []), period_ends[measure.pk], today,
                                       schedule):
                if plain and due.kind is Kind.ALERT_SIGNAL:
                    due = Due(due.kind, due.period, f"A special-cause signal of concern in the figure for "
                                                    f"{due.period}: a change beyond the measure's usual variation.")
                result.items.append(Outgoing(
                    recipient=user, authority_id=plan.authority_id, kind=due.kind,
                    subject_key=f"measure:{measure.pk}", period=due.period,
                    title=f"{engine.KIND_LABELS[due.kind]}: {measure.name[:200]}", detail=due.reason,
                    link=reverse("measure-detail", args=[measure.pk]), measure=measure, why_you=why,
                ))


def _measure_alerts(measure: Measure, values: list[Any], period_ends: set[date], today: date,
                    schedule: engine.Schedule) -> list[Due]:
    found: list[Due] = []
    missing = engine.missing_alert(measure.frequency, period_ends, today, schedule.data_deadline_working_days)
    if missing is not None:
        found.append(missing)
    if not values:
        return found
    row = scorecard_row(measure, values, lambda release: "")
    figures = [engine.Figure(f.value.period.key, float(f.value.value), f.grade) for f in row.figures]
    fall = engine.grade_fall_alert(figures)
    if fall is not None:
        found.append(fall)
    up = better_if_up(measure, thresholds_for(measure))
    signal = engine.signal_alert(figures, None if up is None else ("higher" if up else "lower"),
                                 unit=SPC_UNITS.get(measure.unit, ""),
                                 period_word={"month": "month", "quarter": "quarter"}.get(measure.period_type,
                                                                                         "period"))
    if signal is not None:
        found.append(signal)
    return found
