"""Which reminders and alerts are due, for what, on which date. Pure: callers pass ``today`` in.

The schedule (see docs/reminders.md):

Actions (open ones only: not completed or withdrawn), measured against their target date (the
due date, else the sprint's end, else the review date, as the RAG rule says):
 - ``due_soon``   — the target is today or within ``due_soon_days`` (7) days;
 - ``overdue``    — the target has passed;
 - ``escalation_lead``  — overdue by ``escalate_lead_after_days`` (14) days or more;
 - ``escalation_chair`` — overdue by ``escalate_chair_after_days`` (28) days or more;
 - ``board_update`` — the next board meeting is within ``board_update_days`` (14) days and the
   action has had no progress update since that window opened.

Each reminder has a *period*: the occurrence it is about (``due:2026-12-31`` for the due date,
``board:2026-12-10`` for the meeting). A reminder is sent once per recipient, kind, action and
period, so running the schedule again — the same day, a day later, after the clock moved — never
repeats one; moving the due date makes a new occurrence.

Measures (alerts, Wirral 5D3):
 - ``alert_grade_fall``   — the latest figure's grade is lower than the one before's;
 - ``alert_signal``       — a special-cause signal of concern includes the latest figure;
 - ``alert_data_missing`` — no figure for the latest period whose deadline (``N`` working days
   after it ended) has passed.
Their period is the figure's (or the missing figure's) period key.

Digests: people who choose the weekly digest get one mail per ISO week, on the first run on or
after ``digest_weekday`` (0 = Monday), holding every reminder not yet sent to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from clearsight.engine import spc
from clearsight.engine.indicators.workdays import bank_holidays, is_working_day
from clearsight.engine.periods import Period, financial_year, financial_year_start, month, quarter_containing
from clearsight.engine.thresholds import Grade


class Kind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    BOARD_UPDATE = "board_update"
    ESCALATION_LEAD = "escalation_lead"
    ESCALATION_CHAIR = "escalation_chair"
    ALERT_GRADE_FALL = "alert_grade_fall"
    ALERT_SIGNAL = "alert_signal"
    ALERT_DATA_MISSING = "alert_data_missing"
    DIGEST = "digest"  # the weekly mail itself, claimed once per person per ISO week


KIND_LABELS: dict[Kind, str] = {
    Kind.DUE_SOON: "Due soon",
    Kind.OVERDUE: "Overdue",
    Kind.BOARD_UPDATE: "Update due before the board",
    Kind.ESCALATION_LEAD: "Escalated to you",
    Kind.ESCALATION_CHAIR: "Escalated to the board chair",
    Kind.ALERT_GRADE_FALL: "Grade fell",
    Kind.ALERT_SIGNAL: "Special-cause signal",
    Kind.ALERT_DATA_MISSING: "Figure missing",
    Kind.DIGEST: "Weekly digest",
}

ESCALATIONS = frozenset({Kind.ESCALATION_LEAD, Kind.ESCALATION_CHAIR})
ALERTS = frozenset({Kind.ALERT_GRADE_FALL, Kind.ALERT_SIGNAL, Kind.ALERT_DATA_MISSING})


class ScheduleError(ValueError):
    """A schedule that cannot work: negative days, or the chair before the lead."""


@dataclass(frozen=True)
class Schedule:
    """The numbers of days that drive reminders; settings or an authority's own policy."""

    due_soon_days: int = 7
    escalate_lead_after_days: int = 14
    escalate_chair_after_days: int = 28
    board_update_days: int = 14
    digest_weekday: int = 0
    data_deadline_working_days: int = 10

    def __post_init__(self) -> None:
        for name in ("due_soon_days", "escalate_lead_after_days", "escalate_chair_after_days",
                     "board_update_days", "data_deadline_working_days"):
            if getattr(self, name) < 0:
                raise ScheduleError(f"{name} must be 0 or more, not {getattr(self, name)}.")
        if self.escalate_chair_after_days < self.escalate_lead_after_days:
            raise ScheduleError(
                "Escalation to the board chair must come after escalation to the lead "
                f"({self.escalate_chair_after_days} < {self.escalate_lead_after_days} days)."
            )
        if not 0 <= self.digest_weekday <= 6:
            raise ScheduleError(f"digest_weekday is 0 (Monday) to 6 (Sunday), not {self.digest_weekday}.")


@dataclass(frozen=True)
class ActionFacts:
    """What the schedule needs to know about one action."""

    target: date | None  # due date, else sprint end, else review date
    is_open: bool
    last_update: date | None = None
    next_board: date | None = None


@dataclass(frozen=True)
class Due:
    """One reminder that is due: its kind, the occurrence it is about, and why, in words."""

    kind: Kind
    period: str
    reason: str


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def action_reminders(facts: ActionFacts, schedule: Schedule, today: date) -> list[Due]:
    """Every reminder due today for one action (the sending side removes those already sent)."""
    if not facts.is_open:
        return []
    found: list[Due] = []
    target = facts.target
    if target is not None:
        period = f"due:{target.isoformat()}"
        left = (target - today).days
        if 0 <= left <= schedule.due_soon_days:
            when = "today" if left == 0 else f"in {_days(left)}, on {_day(target)}"
            found.append(Due(Kind.DUE_SOON, period, f"Due {when}."))
        elif left < 0:
            late = -left
            reason = f"Overdue by {_days(late)}: it was due on {_day(target)}."
            found.append(Due(Kind.OVERDUE, period, reason))
            if late >= schedule.escalate_lead_after_days:
                found.append(Due(Kind.ESCALATION_LEAD, period, reason))
            if late >= schedule.escalate_chair_after_days:
                found.append(Due(Kind.ESCALATION_CHAIR, period, reason))
    board = facts.next_board
    if board is not None and 0 <= (board - today).days <= schedule.board_update_days:
        window_opens = board - timedelta(days=schedule.board_update_days)
        if facts.last_update is None or facts.last_update < window_opens:
            found.append(Due(
                Kind.BOARD_UPDATE, f"board:{board.isoformat()}",
                f"The board meets on {_day(board)}: add a progress update before then.",
            ))
    return found


def digest_week(today: date, weekday: int) -> str | None:
    """The ISO week a digest sent today belongs to, or None before the week's digest day."""
    if today.weekday() < weekday:
        return None
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


# Alerts --------------------------------------------------------------------------------------

LADDER = (Grade.INADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.OUTSTANDING)


def grade_fell(previous: Grade, latest: Grade) -> bool:
    """True when the latest grade is lower on the Ofsted ladder than the one before.

    Ungraded figures and direction-only grades (Improving, Worsening) have no place on the
    ladder, so they never count as a fall: a figure that cannot be graded does not alarm."""
    if previous not in LADDER or latest not in LADDER:
        return False
    return LADDER.index(latest) < LADDER.index(previous)


def deadline_after(end: date, working_days: int, closure_days: Iterable[date] = ()) -> date:
    """The ``working_days``-th working day after ``end`` (weekends, England bank holidays and the
    council's closure days do not count); ``end`` itself when ``working_days`` is 0."""
    days_off = bank_holidays(end.year, end.year + 1 + working_days // 200) | frozenset(closure_days)
    day, count = end, 0
    while count < working_days:
        day += timedelta(days=1)
        count += is_working_day(day, days_off)
    return day


def last_period_due(frequency: str, today: date, working_days: int,
                    closure_days: Iterable[date] = ()) -> Period | None:
    """The latest period whose figure should be in by ``today``.

    A period's figure is due by the ``working_days``-th working day after the period ends
    (``deadline_after``); it is missing from the day after that. ``frequency`` is monthly, quarterly
    or annually (financial years)."""
    closures = tuple(closure_days)
    candidate = _period_before(frequency, today)
    for _ in range(3):  # the deadline of at most a couple of periods back has passed
        if candidate is None:
            return None
        if deadline_after(candidate.end, working_days, closures) < today:
            return candidate
        candidate = _period_before(frequency, candidate.start)
    return None


def _period_before(frequency: str, day: date) -> Period | None:
    """The last whole period of this frequency that ended before ``day``."""
    current = {
        "monthly": lambda: month(day.year, day.month),
        "quarterly": lambda: quarter_containing(day),
        "annually": lambda: financial_year(financial_year_start(day)),
    }.get(frequency)
    return current().previous() if current else None


@dataclass(frozen=True)
class Figure:
    """A measure's figure as the alert rules need it: its period key, value and grade."""

    period: str
    value: float
    grade: Grade


def grade_fall_alert(figures: Sequence[Figure]) -> Due | None:
    if len(figures) < 2:
        return None
    previous, latest = figures[-2], figures[-1]
    if not grade_fell(previous.grade, latest.grade):
        return None
    return Due(Kind.ALERT_GRADE_FALL, latest.period,
               f"The grade fell from {previous.grade} ({previous.period}) to {latest.grade} ({latest.period}).")


def missing_alert(frequency: str, period_ends: Iterable[date], today: date, working_days: int,
                  closure_days: Iterable[date] = ()) -> Due | None:
    expected = last_period_due(frequency, today, working_days, closure_days)
    if expected is None or expected.end in set(period_ends):
        return None
    deadline = deadline_after(expected.end, working_days, tuple(closure_days))
    return Due(Kind.ALERT_DATA_MISSING, expected.key,
               f"No figure for {expected.label}: it was due by {_day(deadline)}, "
               f"{_days(working_days).replace('day', 'working day')} after the period ended.")


def signal_alert(figures: Sequence[Figure], polarity: str | None, unit: str = "",
                 period_word: str = "period") -> Due | None:
    """A special-cause signal of concern (engine.spc) that includes the latest figure."""
    if not figures or polarity is None:
        return None
    result = spc.analyse([f.value for f in figures], polarity=polarity, unit=unit, period=period_word,
                         labels=[f.period for f in figures])
    last = len(figures) - 1
    concerns = [s for s in result.signals if last in s.indexes and s.meaning is spc.Meaning.CONCERN]
    if not concerns:
        return None
    return Due(Kind.ALERT_SIGNAL, figures[-1].period, concerns[0].sentence)
