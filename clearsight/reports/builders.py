"""Building the report object for a board pack, a scrutiny report or a partner report.

``report_build`` reads through ``selectors``, grades through ``figures`` (the dashboard's rules)
and returns an ``engine.reports.document.Report``; the renderers draw it. Exceptions come first:
overdue and slipped actions, then measures graded Inadequate or Requires Improvement, worsening,
or showing a special-cause signal of concern, in the dashboard's order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from clearsight.engine.reports.document import (
    Bullets,
    Paragraph,
    Report,
    ReportKind,
    Section,
    Sheet,
    Table,
)
from clearsight.organisations.models import PartnerAgency
from clearsight.performance.models import DataRelease
from clearsight.performance.services import release_watermark
from clearsight.plans import presenters as plan_presenters
from clearsight.plans.models import Action, Plan
from clearsight.reports import selectors
from clearsight.reports.figures import (
    GRADE_ORDER,
    MeasureView,
    exceptions_in_order,
    measure_views,
    suppress_below,
)

Progress = Callable[[str, int, int], None]
STATUSES = plan_presenters.STATUS_ORDER
STATUS_LABELS = plan_presenters.STATUS_LABELS
CLOSED = ("completed", "withdrawn")


def _quiet(_text: str, _step: int, _steps: int) -> None:
    return None


def _clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a sentence or word end, with an ellipsis if cut."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > limit // 2:
        return cut[: end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _n(count: int, noun: str, plural: str = "") -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


@dataclass
class ReportRequest:
    kind: ReportKind
    plan: Plan
    meeting_date: date
    user: Any = None  # None: the command line on the server, acting as the performance team
    release_id: int | None = None
    since: date | None = None
    agency_id: int | None = None


@dataclass
class Context:
    request: ReportRequest
    release: DataRelease | None
    statuses: tuple[str, ...]
    since: date
    since_reason: str
    contents: selectors.PlanContents
    measures: list[MeasureView]
    rows: list[plan_presenters.ActionRow]
    agency: PartnerAgency | None

    drawn: dict[int, str] = field(default_factory=dict)  # measure id -> the theme its chart is drawn under

    @property
    def meeting(self) -> date:
        return self.request.meeting_date


def _day(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "not dated"


def _since(
    request: ReportRequest, release: DataRelease | None, statuses: tuple[str, ...]
) -> tuple[date, str]:
    """The day the last board met, and how we know it, in words for the pack."""
    if request.since:
        return request.since, f"since {_day(request.since)} (the date given for the last board)"
    previous = selectors.previous_board_meeting(request.plan, request.meeting_date)
    if previous:
        day, board = previous
        return day, f"since the last meeting of the {board} on {_day(day)}"
    if release is not None:
        before = selectors.release_before(release, statuses)
        day = selectors.day_after(before.period_end) if before else release.period_start
        label = f"the {before.period.label} release" if before else "the start of this release's month"
        return day, f"since {_day(day)} (after {label}; no meeting calendar is kept)"
    fallback = request.meeting_date.replace(day=1)
    return fallback, f"since {_day(fallback)} (the start of the meeting's month)"


def _context(request: ReportRequest) -> Context:
    plan = request.plan
    kind = request.kind
    published_only = kind in (ReportKind.SCRUTINY, ReportKind.PARTNER)
    statuses = selectors.release_statuses(request.user, plan.authority_id, published_only=published_only)
    release = selectors.release_choose(plan.authority_id, request.meeting_date, statuses, request.release_id)
    agency = (
        selectors.agency_for(request.user, plan, request.agency_id) if kind is ReportKind.PARTNER else None
    )
    contents = selectors.plan_contents(plan, agency=agency)
    contents.values = selectors.values_up_to([m.pk for m in contents.measures], statuses, release)
    since, reason = _since(request, release, statuses)
    soon = int(getattr(settings, "CLEARSIGHT_DUE_SOON_DAYS", 30))
    return Context(
        request=request,
        release=release,
        statuses=statuses,
        since=since,
        since_reason=reason,
        contents=contents,
        measures=measure_views(contents.measures, contents.values, release_watermark, suppress=True),
        rows=[plan_presenters.action_row(a, request.meeting_date, soon) for a in contents.actions],
        agency=agency,
    )


def report_build(request: ReportRequest, progress: Progress = _quiet) -> Report:
    """The report object for a board pack, a scrutiny report or a partner report."""
    progress("Reading the plan, its actions and the figures", 1, 0)
    ctx = _context(request)
    themes = ctx.contents.priorities
    steps = 5 + len(themes)
    progress("Reading the plan, its actions and the figures", 1, steps)
    report = _cover(ctx)
    progress("Summary", 2, steps)
    report.sections.append(_summary(ctx))
    progress("Exceptions", 3, steps)
    report.sections.append(_exceptions(ctx))
    if request.kind is ReportKind.SCRUTINY:
        report.sections.append(_lines_of_enquiry(ctx))
    progress("What changed since the last board", 4, steps)
    report.sections.append(_changes(ctx))
    for index, priority in enumerate(themes, start=1):
        progress(f"{priority.label} {priority.title}"[:120], 4 + index, steps)
        section = _theme(ctx, priority)
        if section is not None:
            report.sections.append(section)
    if ctx.contents.recommendations and request.kind is not ReportKind.PARTNER:
        report.sections.append(_recommendations(ctx))
    placed = {p.pk for p in themes}
    unplaced = [
        r
        for r in ctx.contents.risks
        if r.priority_id not in placed
        and not any(a.priority_id in placed for a in r.mitigating_actions.all())
    ]
    if unplaced and request.kind is not ReportKind.PARTNER:
        other = _risks(ctx, unplaced, "Other risks")
        other.level = 1
        report.sections.append(other)
    report.sections.append(_about(ctx))
    report.sheets = _sheets(ctx)
    report.number_anchors()
    progress("Report ready to draw", steps, steps)
    return report


# --- cover and about -------------------------------------------------------------------------

AUDIENCE = {
    ReportKind.BOARD_PACK: "For the Improvement Board",
    ReportKind.SCRUTINY: "For the Overview and Scrutiny Committee: published figures only",
    ReportKind.PARTNER: "For a partner agency: its actions and the measures it shares",
}


def _watermark(release: DataRelease | None) -> tuple[str, bool]:
    if release is None:
        return "Provisional: no data release before this meeting; figures are not shown", True
    text = release_watermark(release)
    return text, text.startswith("Provisional")


def _cover(ctx: Context) -> Report:
    plan = ctx.contents.plan
    kind = ctx.request.kind
    watermark, provisional = _watermark(ctx.release)
    title = kind.label if ctx.agency is None else f"Partner report: {ctx.agency.name}"
    cover = [
        ("Authority", plan.authority.name),
        ("Plan", str(plan)),
        ("Meeting", _day(ctx.meeting)),
        (
            "Figures",
            f"{ctx.release.period.label} release, version {ctx.release.version} "
            f"({ctx.release.get_status_display().lower()})"
            if ctx.release
            else "No data release",
        ),
        ("Changes shown", ctx.since_reason[0].upper() + ctx.since_reason[1:]),
    ]
    return Report(
        kind=kind,
        title=title,
        authority=plan.authority.name,
        plan_title=str(plan),
        meeting_date=ctx.meeting,
        watermark=watermark,
        provisional=provisional,
        cover=cover,
        audience=AUDIENCE[kind],
    )


def _about(ctx: Context) -> Section:
    section = Section("About this report")
    below = suppress_below()
    section.add(
        Paragraph(
            f"Figures come from the {ctx.release.period.label} data release"
            if ctx.release
            else "No data release was available before the meeting, so no figures are shown."
        ),
        Paragraph(
            "Only published figures are included."
            if ctx.statuses == selectors.PUBLISHED_ONLY
            else "Figures not yet approved are marked Provisional, and so is every page while the release is."
        ),
        Paragraph(
            f"To protect children's privacy, counts from 1 to {below - 1} are withheld (shown as "
            f"'fewer than {below}'), and so are percentages built on them; charts show a gap for those periods."
        ),
        Paragraph(
            "Grades compare each figure with the plan's own threshold bands, as written in the plan. "
            "Measures without bands are graded against the period before when the plan says which "
            "direction is better."
        ),
        Paragraph(
            "Action ratings are as at the meeting date: red when past the target date, amber when due "
            "within the reminder window, green otherwise, blue when done."
        ),
    )
    return section


# --- summary ---------------------------------------------------------------------------------


def _summary(ctx: Context) -> Section:
    section = Section("Summary")
    rows_by_theme: dict[int, list[plan_presenters.ActionRow]] = {}
    for row in ctx.rows:
        rows_by_theme.setdefault(row.action.priority_id, []).append(row)
    table_rows = []
    totals: Counter[str] = Counter()
    for priority in ctx.contents.priorities:
        mine = rows_by_theme.get(priority.pk, [])
        if not mine and ctx.agency is not None:
            continue
        counts = Counter(r.action.status for r in mine)
        overdue = sum(1 for r in mine if r.rating.days_overdue > 0)
        totals.update(counts)
        totals["overdue"] += overdue
        table_rows.append(
            (
                f"{priority.label} {priority.title}"[:90],
                *(str(counts.get(s, 0)) for s in STATUSES),
                str(len(mine)),
                str(overdue),
            )
        )
    table_rows.append(
        ("All themes", *(str(totals.get(s, 0)) for s in STATUSES), str(len(ctx.rows)), str(totals["overdue"]))
    )
    done = totals.get("completed", 0)
    section.add(
        Paragraph(
            f"{_n(len(ctx.rows), 'action')}: {done} completed, {totals.get('in_progress', 0)} in progress, "
            f"{totals['overdue']} overdue at {_day(ctx.meeting)}.",
            "lead",
        )
    )
    section.add(
        Table(
            caption="Actions by status in each theme",
            header=("Theme", *(STATUS_LABELS[s] for s in STATUSES), "Total", "Overdue"),
            rows=tuple(table_rows),
            numeric=frozenset(range(1, len(STATUSES) + 3)),
            widths=(6, *([2] * len(STATUSES)), 2, 2),
        )
    )
    grades = Counter(v.grade for v in ctx.measures)
    section.add(
        Table(
            caption="Measures by their latest grade",
            header=("Grade", "Measures"),
            rows=tuple((g, str(grades[g])) for g in GRADE_ORDER if grades.get(g))
            + (("All measures", str(len(ctx.measures))),),
            numeric=frozenset({1}),
            widths=(4, 1),
        )
    )
    return section


# --- exceptions ------------------------------------------------------------------------------


def _action_cells(row: plan_presenters.ActionRow) -> tuple[str, str, str]:
    return (
        row.ref,
        _clip(row.intro or row.action.text, 260),
        _clip(", ".join(row.leads), 120) or "No lead named",
    )


def _slipped(ctx: Context) -> list[plan_presenters.ActionRow]:
    revised = {c.action_id for c in ctx.contents.due_changes}
    return [
        r
        for r in ctx.rows
        if r.action.status not in CLOSED
        and (r.action.pk in revised or r.action.carried_over > 0)
        and r.rating.days_overdue == 0
    ]


def _exceptions(ctx: Context) -> Section:
    section = Section("Exceptions")
    section.add(
        Paragraph(
            "What needs the board's attention first: overdue and slipped actions, then measures "
            "graded Inadequate or Requires Improvement, getting worse, or showing a special-cause "
            "signal of concern.",
            "lead",
        )
    )
    overdue = sorted((r for r in ctx.rows if r.rating.days_overdue > 0), key=lambda r: -r.rating.days_overdue)
    sub = section.sub("Overdue actions")
    if overdue:
        sub.add(
            Table(
                caption=f"{len(overdue)} actions past their target date at {_day(ctx.meeting)}, longest overdue first",
                header=("Ref", "Action", "Lead", "Due", "Overdue by"),
                rows=tuple((*_action_cells(r), r.due, f"{r.rating.days_overdue} days") for r in overdue),
                widths=(1, 6, 3, 2, 2),
            )
        )
    else:
        sub.add(Paragraph("No action is past its target date."))
    slipped = _slipped(ctx)
    sub = section.sub("Slipped actions")
    last_change = {c.action_id: c for c in ctx.contents.due_changes}
    if slipped:
        sub.add(
            Table(
                caption="Open actions whose due date was moved or that were carried over to a later sprint",
                header=("Ref", "Action", "Lead", "Due now", "Why it moved"),
                rows=tuple(
                    (*_action_cells(r), r.due, _slip_reason(r.action, last_change.get(r.action.pk)))
                    for r in slipped
                ),
                widths=(1, 6, 3, 2, 3),
            )
        )
    else:
        sub.add(Paragraph("No open action has had its due date moved or been carried over."))
    blocked = [r for r in ctx.rows if r.action.status == "blocked"]
    if blocked:
        sub = section.sub("Blocked actions")
        sub.add(
            Table(
                caption="Actions their leads have marked blocked",
                header=("Ref", "Action", "Lead", "Due"),
                rows=tuple((*_action_cells(r), r.due) for r in blocked),
                widths=(1, 7, 3, 2),
            )
        )
    sub = section.sub("Measures needing attention")
    ordered = exceptions_in_order(ctx.measures)
    if ordered:
        sub.add(
            Table(
                caption="Inadequate first, then Requires Improvement, then worsening and special-cause signals",
                header=("Measure", "Latest", "Figure", "Grade", "Why"),
                rows=tuple(
                    (
                        v.measure.name[:160],
                        v.latest.label if v.latest else "–",
                        v.latest.text if v.latest else "–",
                        v.grade,
                        "; ".join(v.reasons),
                    )
                    for v in ordered
                ),
                numeric=frozenset({2}),
                widths=(6, 2, 2, 3, 5),
            )
        )
    else:
        sub.add(
            Paragraph(
                "No measure is graded Inadequate or Requires Improvement, worsening, or showing a "
                "special-cause signal of concern."
            )
        )
    return section


def _slip_reason(action: Action, change: Any) -> str:
    parts = []
    if change is not None:
        parts.append(f"Moved from {change.from_text or 'no date'} to {change.to_text}: {change.reason}"[:200])
    if action.carried_over:
        parts.append(f"Carried over {action.carried_over} time{'s' if action.carried_over > 1 else ''}")
    return "; ".join(parts)


def _lines_of_enquiry(ctx: Context) -> Section:
    """Questions the committee may wish to ask, one per exception: scrutiny asks to be able to challenge."""
    section = Section("Lines of enquiry")
    questions = []
    for row in sorted(
        (r for r in ctx.rows if r.rating.days_overdue > 0), key=lambda r: -r.rating.days_overdue
    )[:10]:
        questions.append(
            f"Action {row.ref} is {row.rating.days_overdue} days overdue: what is stopping it, "
            "and when will it be done?"
        )
    for view in exceptions_in_order(ctx.measures)[:10]:
        questions.append(
            f"{view.measure.name[:140]} is {view.grade.lower()} ({view.latest.text if view.latest else ''}): "
            "what is being done, and when should the committee expect to see a change?"
        )
    section.add(
        Paragraph("Questions the committee may wish to ask, drawn from the exceptions above.", "lead")
    )
    section.add(
        Bullets(tuple(questions)) if questions else Paragraph("There are no exceptions to ask about.")
    )
    return section


# --- what changed ----------------------------------------------------------------------------


def _in_window(ctx: Context, day: date | None) -> bool:
    return day is not None and ctx.since <= day <= ctx.meeting


def _changes(ctx: Context) -> Section:
    section = Section("What changed since the last board")
    section.add(Paragraph(f"Changes {ctx.since_reason}, up to {_day(ctx.meeting)}.", "lead"))
    updates = [u for u in ctx.contents.updates if _in_window(ctx, u.on)]
    moved = [u for u in updates if u.status_to and u.status_to != u.status_from]
    sub = section.sub("Actions")
    sub.add(
        Paragraph(
            f"{_n(len(updates), 'progress update')} on {_n(len({u.action_id for u in updates}), 'action')}; "
            f"{_n(sum(1 for u in moved if u.status_to == 'completed'), 'action')} completed; "
            f"{_n(sum(1 for c in ctx.contents.due_changes if _in_window(ctx, c.on)), 'due date')} moved."
        )
    )
    if moved:
        sub.add(
            Table(
                caption="Actions whose status changed",
                header=("Ref", "On", "From", "To", "By"),
                rows=tuple(
                    (
                        u.action.ref,
                        _day(u.on),
                        STATUS_LABELS.get(u.status_from, u.status_from or "–"),
                        STATUS_LABELS.get(u.status_to, u.status_to),
                        u.author_name or "–",
                    )
                    for u in moved
                ),
                widths=(1, 2, 2, 2, 3),
            )
        )
    changes = [c for c in ctx.contents.due_changes if _in_window(ctx, c.on)]
    if changes:
        sub.add(
            Table(
                caption="Due dates moved",
                header=("Ref", "On", "From", "To", "Why"),
                rows=tuple(
                    (c.action.ref, _day(c.on), c.from_text or "–", c.to_text, c.reason[:200]) for c in changes
                ),
                widths=(1, 2, 2, 2, 5),
            )
        )
    sub = section.sub("Released figures")
    rows = []
    for view in ctx.measures:
        now = view.latest
        then = view.at(ctx.since)
        if now is None or (then is not None and then.label == now.label and then.text == now.text):
            continue
        rows.append(
            (
                view.measure.name[:140],
                f"{then.text} ({then.label})" if then else "No figure",
                f"{now.text} ({now.label})",
                then.grade if then else "–",
                now.grade,
            )
        )
    if rows:
        sub.add(
            Table(
                caption="Measures with a new figure since the last board: the figure then and now",
                header=("Measure", "At the last board", "Now", "Grade then", "Grade now"),
                rows=tuple(rows),
                numeric=frozenset({1, 2}),
                widths=(6, 3, 3, 2, 2),
            )
        )
    else:
        sub.add(Paragraph("No new figures have been released since the last board."))
    return section


# --- themes ----------------------------------------------------------------------------------


def _theme(ctx: Context, priority: Any) -> Section | None:
    rows = [r for r in ctx.rows if r.action.priority_id == priority.pk]
    views = [v for v in ctx.measures if any(p.priority_id == priority.pk for p in v.measure.placements.all())]
    if ctx.agency is not None and not rows and not views:
        return None
    section = Section(f"{priority.label}: {priority.title}")
    counts = Counter(r.action.status for r in rows)
    bar = plan_presenters.StatusBar(counts, len(rows))
    overdue = sum(1 for r in rows if r.rating.days_overdue > 0)
    section.add(Paragraph(f"{_n(len(rows), 'action')}: {bar.summary}; {overdue} overdue.", "lead"))
    if priority.why:
        section.add(Paragraph(_clip(priority.why, 700)))
    if rows:
        sub = section.sub("Progress")
        sub.add(
            Table(
                caption=f"Actions in {priority.label}",
                header=("Ref", "Action", "Lead", "Due", "Status", "Rating"),
                rows=tuple((*_action_cells(r), r.due, r.status_label, r.rating.label) for r in rows),
                widths=(1, 6, 3, 2, 2, 2),
            )
        )
    ids = {r.action.pk for r in rows}
    updates = [u for u in ctx.contents.updates if u.action_id in ids and _in_window(ctx, u.on)]
    sub = section.sub("Updates since the last board")
    if updates:
        sub.add(
            Table(
                caption=f"Progress updates {ctx.since_reason.split(' (')[0]}",
                header=("Ref", "Date", "Update", "By"),
                rows=tuple(
                    (u.action.ref, _day(u.on), _clip(u.commentary, 900), u.author_name or "–")
                    for u in updates
                ),
                widths=(1, 2, 8, 2),
            )
        )
    else:
        sub.add(Paragraph("No progress updates were recorded in this period."))
    if views:
        sub = section.sub("Measures")
        for view in views:
            one = sub.sub(view.measure.name[:200])
            latest = view.latest
            words = f"Latest: {latest.text} ({latest.label}), {view.grade}." if latest else "No figure yet."
            if view.measure.band_text:
                words += f" Bands as written (Requires Improvement | Good | Outstanding): {view.measure.band_text}."
            one.add(Paragraph(words))
            if view.reasons:
                one.add(Paragraph("Needs attention: " + "; ".join(view.reasons) + ".", "inset"))
            if view.measure.pk in ctx.drawn:  # placed under several themes: drawn once
                one.add(Paragraph(f"Its chart and figures are under {ctx.drawn[view.measure.pk]}.", "small"))
            elif view.figures:
                one.add(view.chart())
                ctx.drawn[view.measure.pk] = priority.label
    risks = [
        r
        for r in ctx.contents.risks
        if r.priority_id == priority.pk
        or any(a.priority_id == priority.pk for a in r.mitigating_actions.all())
    ]
    if risks:
        section.subsections.append(_risks(ctx, risks, f"Risks to {priority.label}"))
    linked = [
        rec
        for rec in ctx.contents.recommendations
        if any(a.priority_id == priority.pk for a in rec.actions.all())
    ]
    if linked:
        sub = section.sub("Inspection recommendations")
        sub.add(
            Table(
                caption=f"Ofsted recommendations answered by actions in {priority.label}",
                header=("No.", "Recommendation", "Status"),
                rows=tuple(
                    (str(rec.number), _clip(rec.text, 400), rec.get_status_display()) for rec in linked
                ),
                widths=(1, 9, 2),
            )
        )
    return section


def _risks(ctx: Context, risks: list[Any], heading: str) -> Section:
    """Risks from the risk register, highest residual score first, with their trend."""
    from clearsight.governance.presenters import risk_row

    rows = sorted((risk_row(r, ctx.meeting) for r in risks), key=lambda row: -row.residual.score)
    section = Section(heading, level=2)
    section.add(
        Table(
            caption="From the risk register: residual score (likelihood × impact, after controls), highest first",
            header=("Ref", "Risk", "Owner", "Residual score", "Trend", "Mitigating actions", "Review"),
            rows=tuple(
                (
                    row.risk.ref,
                    _clip(row.risk.title, 200),
                    str(row.risk.owner or "–"),
                    f"{row.residual.score} ({row.residual.rating.label})",
                    row.trend.label,
                    ", ".join(a.ref for a in row.risk.mitigating_actions.all()) or "–",
                    (_day(row.risk.review_date) + (" (overdue)" if row.review_overdue else ""))
                    if row.risk.review_date
                    else "Not set",
                )
                for row in rows
            ),
            widths=(1, 5, 3, 2, 2, 2, 2),
        )
    )
    return section


def _recommendations(ctx: Context) -> Section:
    section = Section("Inspection recommendations")
    section.add(
        Table(
            caption="Each Ofsted recommendation, its progress and the work still needed",
            header=(
                "No.",
                "Recommendation",
                "Status",
                "Progress to date",
                "Further work required",
                "Actions",
            ),
            rows=tuple(
                (
                    str(r.number),
                    _clip(r.text, 500),
                    r.get_status_display(),
                    _clip(r.progress, 600) or "–",
                    _clip(r.further_work, 600) or "–",
                    ", ".join(a.ref for a in r.actions.all()) or "–",
                )
                for r in ctx.contents.recommendations
            ),
            widths=(1, 5, 2, 5, 5, 2),
        )
    )
    return section


# --- data sheets (Excel) ---------------------------------------------------------------------


def _sheets(ctx: Context) -> list[Sheet]:
    contents = ctx.contents
    plan_rows = tuple(
        (
            p.label,
            p.title,
            p.get_kind_display(),
            p.why,
            "\n".join(a.text for a in p.ambitions.all()),
            "\n".join(f"{c.number}. {c.text}" for c in p.success_criteria.all()),
        )
        for p in contents.priorities
    )
    action_rows = tuple(
        (
            r.ref,
            r.action.priority.label,
            r.action.text,
            ", ".join(r.leads),
            r.action.due_text,
            r.action.due_date,
            r.status_label,
            r.rating.label,
            r.rating.reason,
            str(r.action.sprint or ""),
            r.action.carried_over,
        )
        for r in ctx.rows
    )
    update_rows = tuple(
        (
            u.action.ref,
            u.on,
            u.author_name,
            STATUS_LABELS.get(u.status_from, u.status_from),
            STATUS_LABELS.get(u.status_to, u.status_to),
            u.commentary,
            "Yes" if _in_window(ctx, u.on) else "No",
        )
        for u in contents.updates
    )
    measure_rows = tuple(
        (
            v.measure.key,
            v.measure.name,
            ", ".join(p.priority.label for p in v.measure.placements.all()),
            v.measure.get_unit_display(),
            v.measure.requires_improvement_text,
            v.measure.good_text,
            v.measure.outstanding_text,
            v.latest.label if v.latest else None,
            v.latest.number if v.latest else None,
            v.latest.text if v.latest else "",
            v.grade,
            "; ".join(v.reasons),
        )
        for v in ctx.measures
    )
    value_rows = []
    for view in ctx.measures:
        for shown, fig in zip(view.figures, view.row.figures, strict=True):
            value = fig.value
            value_rows.append(
                (
                    view.measure.key,
                    view.measure.name,
                    shown.label,
                    value.period_start,
                    value.period_end,
                    shown.number,
                    None if shown.hidden or value.numerator is None else float(value.numerator),
                    None if shown.hidden or value.denominator is None else float(value.denominator),
                    shown.grade,
                    f"{value.release.period.label} v{value.release.version}",
                    shown.release,
                    shown.text if shown.hidden else "",
                )
            )
    return [
        Sheet(
            "Plan",
            ("Ref", "Priority", "Kind", "Why this is a priority", "What good looks like", "Success criteria"),
            plan_rows,
        ),
        Sheet(
            "Actions",
            (
                "Ref",
                "Theme",
                "Action",
                "Leads",
                "Due (as written)",
                "Due date",
                "Status",
                "Rating",
                "Why this rating",
                "Sprint",
                "Times carried over",
            ),
            action_rows,
        ),
        Sheet(
            "Updates",
            ("Ref", "Date", "By", "Status from", "Status to", "Update", "Since the last board"),
            update_rows,
        ),
        Sheet(
            "Measures",
            (
                "Id",
                "Measure",
                "Themes",
                "Unit",
                "Requires Improvement band",
                "Good band",
                "Outstanding band",
                "Latest period",
                "Latest value",
                "Latest (as shown)",
                "Grade",
                "Needs attention because",
            ),
            measure_rows,
        ),
        Sheet(
            "Values",
            (
                "Measure id",
                "Measure",
                "Period",
                "Period start",
                "Period end",
                "Value",
                "Numerator",
                "Denominator",
                "Grade",
                "Release",
                "Release status",
                "Withheld",
            ),
            tuple(value_rows),
        ),
    ]
