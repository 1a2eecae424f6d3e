"""Shaping plan data for templates. No database queries here: pass in what was selected."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from clearsight.engine.plandates import DateKind, sprint_dates
from clearsight.engine.rag import Rag, RagRating, Target, choose_target, rate_action
from clearsight.engine.steps import split_steps
from clearsight.plans.models import Action, Priority

STATUS_TAGS = {
    "not_started": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "blocked": "govuk-tag--red",
    "completed": "govuk-tag--green",
    "withdrawn": "govuk-tag--grey",
}
RAG_TAGS = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.DONE: "govuk-tag--blue",
    Rag.NOT_RATED: "govuk-tag--grey",
}
STATUS_ORDER = ["not_started", "in_progress", "blocked", "completed", "withdrawn"]
STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "blocked": "Blocked",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
}


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _last_day(kind: str, value: date | None) -> date | None:
    if value is None:
        return None
    return _month_end(value) if kind == DateKind.MONTH.value else value


def sprint_end(action: Action) -> date | None:
    sprint = action.sprint
    if sprint is None or sprint.start_date is None:
        return None
    return sprint_dates(sprint.start_date, 1, sprint.weeks)[1]


def action_target(action: Action) -> Target | None:
    """The date an action is measured against (its due date, sprint end or review date): the one
    rule for RAG ratings and reminders."""
    return choose_target(
        due=_last_day(action.due_kind, action.due_date),
        sprint_end=sprint_end(action),
        review=_last_day(action.review_kind, action.review_date),
    )


def rate(action: Action, today: date, soon_days: int) -> RagRating:
    return rate_action(
        status=action.status, target=action_target(action), today=today, override=action.rag_override,
        override_reason=action.rag_override_reason, soon_days=soon_days,
    )


def due_display(action: Action) -> str:
    if action.due_kind == DateKind.DAY.value and action.due_date:
        return f"{action.due_date.day} {action.due_date:%B %Y}"
    if action.due_kind == DateKind.MONTH.value and action.due_date:
        return f"{action.due_date:%B %Y}"
    return action.due_text or "Not set"


@dataclass
class ActionRow:
    action: Action
    rating: RagRating
    status_label: str
    status_tag: str
    rag_tag: str
    due: str
    leads: list[str]
    intro: str
    steps: list[str]

    @property
    def ref(self) -> str:
        return self.action.ref


def action_row(action: Action, today: date, soon_days: int) -> ActionRow:
    rating = rate(action, today, soon_days)
    intro, steps = split_steps(action.text)
    leads = [str(lead) for lead in action.leads.all()] or ([action.lead_text] if action.lead_text else [])
    return ActionRow(
        action=action,
        rating=rating,
        status_label=STATUS_LABELS.get(action.status, action.status),
        status_tag=STATUS_TAGS.get(action.status, ""),
        rag_tag=RAG_TAGS[rating.rag],
        due=due_display(action),
        leads=leads,
        intro=intro,
        steps=steps,
    )


@dataclass
class StatusBar:
    """Counts by status, with widths for a stacked bar and words for screen readers."""

    counts: dict[str, int]
    total: int

    @property
    def segments(self) -> list[tuple[str, str, int, float]]:
        if not self.total:
            return []
        return [
            (status, STATUS_LABELS[status], self.counts[status], round(100 * self.counts[status] / self.total, 1))
            for status in STATUS_ORDER
            if self.counts.get(status)
        ]

    @property
    def summary(self) -> str:
        return ", ".join(f"{n} {label.lower()}" for _, label, n, _ in self.segments) or "no actions"


@dataclass
class PriorityCard:
    priority: Priority
    bar: StatusBar
    overdue: int
    due_soon: int


@dataclass
class PlanOverview:
    cards: list[PriorityCard]
    overdue: list[ActionRow] = field(default_factory=list)
    due_soon: list[ActionRow] = field(default_factory=list)
    bar: StatusBar = field(default_factory=lambda: StatusBar({}, 0))
    not_rated: int = 0


def plan_overview(
    priorities: Iterable[Priority], actions: Iterable[Action], today: date, soon_days: int
) -> PlanOverview:
    rows = [action_row(a, today, soon_days) for a in actions]
    by_priority: dict[int, list[ActionRow]] = {}
    for row in rows:
        by_priority.setdefault(row.action.priority_id, []).append(row)
    cards = []
    for priority in priorities:
        mine = by_priority.get(priority.pk, [])
        cards.append(
            PriorityCard(
                priority=priority,
                bar=StatusBar(Counter(r.action.status for r in mine), len(mine)),
                overdue=sum(1 for r in mine if r.rating.days_overdue > 0 and not r.rating.overridden),
                due_soon=sum(1 for r in mine if _is_due_soon(r, today, soon_days)),
            )
        )
    overdue = sorted(
        (r for r in rows if r.rating.days_overdue > 0), key=lambda r: -r.rating.days_overdue
    )
    return PlanOverview(
        cards=cards,
        overdue=overdue,
        due_soon=[r for r in rows if _is_due_soon(r, today, soon_days)],
        bar=StatusBar(Counter(r.action.status for r in rows), len(rows)),
        not_rated=sum(1 for r in rows if r.rating.rag is Rag.NOT_RATED),
    )


def _is_due_soon(row: ActionRow, today: date, soon_days: int) -> bool:
    if row.action.status in ("completed", "withdrawn"):
        return False
    target = _last_day(row.action.due_kind, row.action.due_date) or sprint_end(row.action)
    return target is not None and 0 <= (target - today).days <= soon_days


@dataclass
class MyActionGroup:
    plan_title: str
    plan_id: int
    authority: str
    rows: list[ActionRow]

    @property
    def open_rows(self) -> list[ActionRow]:
        return [r for r in self.rows if r.action.status not in ("completed", "withdrawn")]


def my_action_groups(
    groups: Iterable[tuple[object, list[Action]]], today: date, soon_days: int
) -> list[MyActionGroup]:
    result = []
    for plan, actions in groups:
        rows = sorted(
            (action_row(a, today, soon_days) for a in actions),
            key=lambda r: (r.rating.rag is not Rag.RED, -r.rating.days_overdue, r.action.priority.order, r.action.order),
        )
        result.append(MyActionGroup(str(plan), plan.pk, str(plan.authority), rows))  # type: ignore[attr-defined]
    return result


@dataclass
class SprintColumn:
    sprint: object
    start: date | None
    end: date | None
    rows: list[ActionRow]

    @property
    def open_count(self) -> int:
        return sum(1 for r in self.rows if r.action.status not in ("completed", "withdrawn"))


def sprint_columns(
    sprints: Iterable[object], actions: Iterable[Action], today: date, soon_days: int
) -> list[SprintColumn]:
    by_sprint: dict[int, list[ActionRow]] = {}
    for action in actions:
        by_sprint.setdefault(action.sprint_id or 0, []).append(action_row(action, today, soon_days))
    columns = []
    for sprint in sprints:
        start = sprint.start_date  # type: ignore[attr-defined]
        end = sprint_dates(start, 1, sprint.weeks)[1] if start else None  # type: ignore[attr-defined]
        columns.append(SprintColumn(sprint, start, end, by_sprint.get(sprint.pk, [])))  # type: ignore[attr-defined]
    return columns


def import_flags(problems: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """Split an action's import problems into warnings (to check) and notes (for information)."""
    return {
        "warnings": [p for p in problems if p.get("severity") in ("warning", "error")],
        "notes": [p for p in problems if p.get("severity") == "info"],
    }
