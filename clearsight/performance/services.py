"""Writes to the performance framework: figures, uploads and data releases.

Every figure lives in the data release for its authority and month. A release is edited while
it is a draft; once submitted it is locked (here and by database triggers) until it is returned,
approved and published. A correction is a new draft version that copies the figures and, once
approved, supersedes the old version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from clearsight.audit.services import audit_record
from clearsight.core.suppression import figure_withheld
from clearsight.engine.periods import Period, PeriodType, month
from clearsight.engine.problems import Problem, Severity
from clearsight.engine.values import FingerprintRow, check_value, fingerprint
from clearsight.organisations.models import Authority, OrgUnit, Person
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import require
from clearsight.performance.exceptions import (
    ReleaseLocked,
    ReleaseStateError,
    UploadRejected,
    ValueConflict,
    ValueRejected,
)
from clearsight.performance.models import DataRelease, FiguresVersion, Measure, MeasureComment, MeasureValue

Status = DataRelease.Status


def release_month_for(period: Period) -> Period:
    """Figures belong to the release for the month their period ends in."""
    return month(period.end.year, period.end.month)


def figures_changed(authority_id: int) -> None:
    """Mark an authority's figures as changed, so cached pages built from them are rebuilt.

    Call it inside the transaction that makes the change (every writer here does)."""
    FiguresVersion.objects.update_or_create(authority_id=authority_id, defaults={"token": uuid.uuid4().hex})


def _working_release(authority: Authority, period: Period, *, is_demo: bool = False) -> DataRelease:
    """The draft release figures for ``period`` go into, creating version 1 if there is none.

    If the newest version is locked, figures cannot be added: the message says how to correct it.
    """
    release_period = release_month_for(period)
    newest = (
        DataRelease.objects.select_for_update()
        .filter(authority=authority, period_type=release_period.type.value, period_start=release_period.start)
        .order_by("-version")
        .first()
    )
    if newest is None:
        return DataRelease.objects.create(
            authority=authority, period_type=release_period.type.value, period_start=release_period.start,
            period_end=release_period.end, is_demo=is_demo,
        )
    if newest.status != Status.DRAFT:
        raise ReleaseLocked(
            f"The {release_period.label} release (version {newest.version}) is {newest.get_status_display().lower()}, "
            "so its figures cannot change. "
            + ("Return it to draft, or wait for approval." if newest.status == Status.SUBMITTED
               else "Start a correction to change its figures.")
        )
    return newest


def scope_for(org_unit: OrgUnit | None, worker: Person | None) -> str:
    if worker is not None:
        return f"worker:{worker.pk}"
    if org_unit is not None:
        return f"unit:{org_unit.pk}"
    return "authority"


@dataclass(frozen=True)
class FigureInput:
    measure: Measure
    period: Period
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    org_unit: OrgUnit | None = None
    worker: Person | None = None
    commentary: str = ""


def _checked(figure: FigureInput) -> tuple[Decimal, dict[str, str]]:
    errors: dict[str, str] = {}
    if figure.period.type.value != figure.measure.period_type:
        errors["period"] = (
            f"This measure is reported by {figure.measure.get_period_type_display().lower()}, "
            f"not by {figure.period.type.value.replace('_', ' ')}."
        )
    checked = check_value(figure.measure.unit, numerator=figure.numerator, denominator=figure.denominator,
                          value=figure.value)
    for error in checked.errors:
        errors.setdefault(error.field, error.message)
    for unit in (figure.org_unit, figure.worker):
        if unit is not None and unit.authority_id != figure.measure.authority_id:
            errors["unit"] = "That service, team or worker belongs to another authority."
    return (checked.value or Decimal(0)), errors


def _store(figure: FigureInput, value: Decimal, *, user: Any, origin: str, is_demo: bool = False,
           loaded_at: datetime | None = None) -> MeasureValue:
    release = _working_release(figure.measure.authority, figure.period, is_demo=is_demo)
    if loaded_at is not None:
        _refuse_if_changed_since(figure, release, loaded_at)
    row, _ = MeasureValue.objects.update_or_create(
        release=release, measure=figure.measure, scope=scope_for(figure.org_unit, figure.worker),
        period_type=figure.period.type.value, period_start=figure.period.start,
        defaults={
            "period_end": figure.period.end, "org_unit": figure.org_unit, "worker": figure.worker,
            "numerator": figure.numerator, "denominator": figure.denominator, "value": value,
            "commentary": figure.commentary, "origin": origin,
            "entered_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    figures_changed(figure.measure.authority_id)
    return row


def _refuse_if_changed_since(figure: FigureInput, release: DataRelease, loaded_at: datetime) -> None:
    """Optimistic locking for figures: the row is locked, and refused if saved after ``loaded_at``."""
    existing = MeasureValue.objects.select_for_update(of=("self",)).select_related("entered_by").filter(
        release=release, measure=figure.measure, scope=scope_for(figure.org_unit, figure.worker),
        period_type=figure.period.type.value, period_start=figure.period.start,
    ).first()
    if existing is not None and existing.entered_at > loaded_at:
        who = existing.entered_by.display_name if existing.entered_by else "An import"
        raise ValueConflict(
            f"{who} saved {existing.value.normalize():f} for {figure.period.label} at "
            f"{timezone.localtime(existing.entered_at):%H:%M} after you opened this page, so your figure was not "
            "saved. Check the figure shown, then save yours again if it is still right."
        )


@transaction.atomic
def value_record(*, user: Any, figure: FigureInput, loaded_at: datetime | None = None) -> MeasureValue:
    """Record one figure (entered in the browser). Refused with field messages if it is wrong, and
    with ValueConflict if someone saved the same figure after ``loaded_at`` (when the page opened)."""
    require(user, figure.measure.authority_id, Permission.ENTER_VALUES)
    value, errors = _checked(figure)
    if errors:
        raise ValueRejected(errors)
    row = _store(figure, value, user=user, origin=MeasureValue.Origin.ENTERED, loaded_at=loaded_at)
    audit_record(actor=user, verb="value.recorded", obj=figure.measure, authority=figure.measure.authority,
                 after={"period": figure.period.key, "scope": row.scope, "value": str(value),
                        "numerator": str(figure.numerator), "denominator": str(figure.denominator)})
    return row


@transaction.atomic
def measure_comment_add(*, user: Any, measure: Measure, text: str, period_key: str = "") -> MeasureComment:
    """Add commentary to a measure, about one period or in general; anyone who may read the plan may comment."""
    require(user, measure.authority_id, Permission.VIEW_PLAN)
    comment = MeasureComment.objects.create(measure=measure, author=user, author_name=user.display_name,
                                            text=text, period_key=period_key)
    audit_record(actor=user, verb="measure.commented", obj=measure, authority=measure.authority,
                 after={"period": period_key, "text": text})
    return comment


@transaction.atomic
def values_upload(*, user: Any, authority: Authority, figures: list[tuple[int, FigureInput]],
                  filename: str) -> list[MeasureValue]:
    """Record many figures from one file: every row is checked first, then all are saved or none."""
    require(user, authority.pk, Permission.ENTER_VALUES)
    checked, problems = _check_all(figures, filename)
    if problems:
        raise UploadRejected(problems)
    try:
        rows = [_store(f, v, user=user, origin=MeasureValue.Origin.UPLOADED) for f, v in checked]
    except ReleaseLocked as locked:
        raise UploadRejected([Problem(Severity.ERROR, "release_locked", str(locked), file=filename)]) from None
    audit_record(actor=user, verb="values.uploaded", authority=authority,
                 after={"file": filename, "rows": len(rows)})
    return rows


def _check_all(figures: list[tuple[int, FigureInput]], filename: str
               ) -> tuple[list[tuple[FigureInput, Decimal]], list[Problem]]:
    problems: list[Problem] = []
    checked: list[tuple[FigureInput, Decimal]] = []
    for row_number, figure in figures:
        value, errors = _checked(figure)
        for field, message in errors.items():
            problems.append(Problem(Severity.ERROR, "bad_value", message, line=row_number, field=field, file=filename,
                                    ref=figure.measure.key))
        checked.append((figure, value))
    return checked, problems


def computed_value_record(*, measure: Measure, period: Period, value: Decimal, numerator: Decimal | None = None,
                          denominator: Decimal | None = None) -> MeasureValue:
    """A figure computed from child-level data (the indicator engine), into the period's draft release."""
    figure = FigureInput(measure, period, numerator, denominator, value)
    return _store(figure, value, user=None, origin=MeasureValue.Origin.COMPUTED)


def demo_value_record(*, measure: Measure, period: Period, value: Decimal, numerator: Decimal | None = None,
                      denominator: Decimal | None = None) -> MeasureValue:
    """Demo figures: always marked as demo wherever they are shown."""
    figure = FigureInput(measure, period, numerator, denominator, value)
    return _store(figure, value, user=None, origin=MeasureValue.Origin.DEMO, is_demo=True)


# Releases -------------------------------------------------------------------------------------


def release_fingerprint(release: DataRelease) -> str:
    rows = release.values.select_related("measure").order_by()
    return fingerprint(
        FingerprintRow(
            measure_key=v.measure.key or f"measure-{v.measure_id}", scope=v.scope, period_key=v.period.key,
            numerator=v.numerator, denominator=v.denominator, value=v.value,
        )
        for v in rows
    )


def release_watermark(release: DataRelease) -> str:
    """The text printed on every page and export that shows this release's figures."""
    if not release.is_approved or release.approved_at is None or release.approved_by is None:
        return f"Provisional: {release.authority.name} {release.period.label}, not yet approved"
    return (
        f"Approved release {release.authority.name} {release.period.label} v{release.version} · "
        f"approved by {release.approved_by.display_name} on {timezone.localtime(release.approved_at):%-d %B %Y} · "
        f"{release.fingerprint[:8]}"
    )


def _transition(release: DataRelease, expected: tuple[str, ...], action: str) -> DataRelease:
    locked = DataRelease.objects.select_for_update().get(pk=release.pk)
    if locked.status not in expected:
        raise ReleaseStateError(
            f"This release is {locked.get_status_display().lower()}, so it cannot be {action}."
        )
    figures_changed(locked.authority_id)  # the caller's transaction either changes the release or undoes this
    return locked


@transaction.atomic
def release_submit(*, user: Any, release: DataRelease) -> DataRelease:
    require(user, release.authority_id, Permission.SUBMIT_RELEASE)
    release = _transition(release, (Status.DRAFT,), "submitted")
    if not release.values.exists():
        raise ReleaseStateError("This release has no figures to submit.")
    release.status, release.submitted_by, release.submitted_at = Status.SUBMITTED, user, timezone.now()
    release.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit_record(actor=user, verb="release.submitted", obj=release, authority=release.authority,
                 after={"status": release.status, "values": release.values.count()})
    return release


@transaction.atomic
def release_return(*, user: Any, release: DataRelease, reason: str) -> DataRelease:
    """An approver sends a submitted release back to draft, saying why."""
    require(user, release.authority_id, Permission.APPROVE_RELEASE)
    if not reason.strip():
        raise ReleaseStateError("Say why the release is being returned.")
    release = _transition(release, (Status.SUBMITTED,), "returned")
    release.status, release.submitted_by, release.submitted_at = Status.DRAFT, None, None
    release.save(update_fields=["status", "submitted_by", "submitted_at"])
    audit_record(actor=user, verb="release.returned", obj=release, authority=release.authority, note=reason)
    return release


@transaction.atomic
def release_approve(*, user: Any, release: DataRelease) -> DataRelease:
    """Approve a submitted release: fingerprint its figures and lock them for good."""
    require(user, release.authority_id, Permission.APPROVE_RELEASE)
    release = _transition(release, (Status.SUBMITTED,), "approved")
    if release.submitted_by_id == user.pk:
        raise ReleaseStateError("You submitted this release, so someone else must approve it.")
    release.status, release.approved_by, release.approved_at = Status.APPROVED, user, timezone.now()
    release.fingerprint = release_fingerprint(release)
    release.save(update_fields=["status", "approved_by", "approved_at", "fingerprint"])
    if release.supersedes_id:
        DataRelease.objects.filter(pk=release.supersedes_id).update(status=Status.SUPERSEDED)
    audit_record(actor=user, verb="release.approved", obj=release, authority=release.authority,
                 after={"fingerprint": release.fingerprint, "watermark": release_watermark(release)})
    return release


@transaction.atomic
def release_publish(*, user: Any, release: DataRelease) -> DataRelease:
    require(user, release.authority_id, Permission.PUBLISH_RELEASE)
    release = _transition(release, (Status.APPROVED,), "published")
    release.status, release.published_at = Status.PUBLISHED, timezone.now()
    release.save(update_fields=["status", "published_at"])
    audit_record(actor=user, verb="release.published", obj=release, authority=release.authority)
    return release


@transaction.atomic
def release_correct(*, user: Any, release: DataRelease, reason: str) -> DataRelease:
    """Start a correction: a new draft version with the same figures, and the reason."""
    require(user, release.authority_id, Permission.SUBMIT_RELEASE)
    if not reason.strip():
        raise ReleaseStateError("Say why the release needs correcting.")
    release = _transition(release, (Status.APPROVED, Status.PUBLISHED), "corrected")
    if DataRelease.objects.filter(supersedes=release).exists():
        raise ReleaseStateError("A correction of this release is already under way.")
    newest = DataRelease.objects.filter(
        authority=release.authority, period_type=release.period_type, period_start=release.period_start
    ).aggregate(Max("version"))["version__max"]
    correction = DataRelease.objects.create(
        authority=release.authority, period_type=release.period_type, period_start=release.period_start,
        period_end=release.period_end, version=newest + 1, reason=reason.strip(), supersedes=release,
        is_demo=release.is_demo,
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(
            release=correction, measure_id=v.measure_id, org_unit_id=v.org_unit_id, worker_id=v.worker_id,
            scope=v.scope, period_type=v.period_type, period_start=v.period_start, period_end=v.period_end,
            numerator=v.numerator, denominator=v.denominator, value=v.value, commentary=v.commentary,
            origin=v.origin, entered_by_id=v.entered_by_id,
        )
        for v in release.values.all()
    )
    audit_record(actor=user, verb="release.correction_started", obj=correction, authority=release.authority,
                 note=reason, after={"version": correction.version, "supersedes": release.version})
    return correction


@dataclass(frozen=True)
class ReleaseDifference:
    measure: str
    scope: str
    period: str
    before: Decimal | None
    after: Decimal | None
    small: bool = False  # either figure is one withheld from readers outside the performance team

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def release_diff(older: DataRelease, newer: DataRelease) -> list[ReleaseDifference]:
    """The figures that differ between two versions of a release."""

    def figures(release: DataRelease) -> dict[tuple[int, str, str], tuple[str, Decimal, bool]]:
        return {
            (v.measure_id, v.scope, v.period.key): (
                v.measure.name, v.value,
                figure_withheld(v.value, v.numerator, v.denominator, is_count=v.measure.unit == "count") is not None,
            )
            for v in release.values.select_related("measure")
        }

    old, new = figures(older), figures(newer)
    differences = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is None or after is None or before[1] != after[1]:
            name = (after or before)[0]  # type: ignore[index]
            differences.append(ReleaseDifference(name, key[1], key[2], before[1] if before else None,
                                                 after[1] if after else None,
                                                 small=bool(before and before[2]) or bool(after and after[2])))
    return differences


def period_for(measure: Measure, on: date) -> Period:
    """The period of ``measure``'s type that ends on or contains ``on`` (for forms)."""
    from clearsight.engine import periods as p

    t = PeriodType(measure.period_type)
    if t is PeriodType.MONTH:
        return p.month(on.year, on.month)
    if t is PeriodType.QUARTER:
        return p.quarter_containing(on)
    if t is PeriodType.FINANCIAL_YEAR:
        return p.financial_year(p.financial_year_start(on))
    if t is PeriodType.YEAR_TO_DATE:
        return p.year_to_date(p.month_end(on.year, on.month))
    if t is PeriodType.ROLLING_12_MONTHS:
        return p.rolling_12_months(p.month_end(on.year, on.month))
    return p.snapshot(on)


def values_file_upload(*, user: Any, authority: Authority, data: bytes, filename: str) -> list[MeasureValue]:
    """Upload a CSV or xlsx of figures (see ``engine.valuefiles``): all rows are saved, or none."""
    from clearsight.engine.problems import InputError
    from clearsight.engine.valuefiles import read_figures

    require(user, authority.pk, Permission.ENTER_VALUES)
    try:
        rows = read_figures(data, filename, max_rows=settings.CLEARSIGHT_MAX_UPLOAD_ROWS)
    except InputError as error:
        raise UploadRejected(list(error.problems)) from None
    measures = {m.key: m for m in Measure.objects.filter(authority=authority).exclude(key="")}
    units = {u.name.lower(): u for u in OrgUnit.objects.filter(authority=authority)}
    problems: list[Problem] = []
    figures: list[tuple[int, FigureInput]] = []
    for row in rows:
        measure = measures.get(row.measure_key)
        if measure is None:
            problems.append(Problem(Severity.ERROR, "unknown_measure",
                                    f"No measure in {authority.name} has the id '{row.measure_key}'.",
                                    line=row.row, field="measure", file=filename))
            continue
        if measure.source == "computed":
            problems.append(Problem(Severity.ERROR, "computed_measure",
                                    f"'{row.measure_key}' is computed from child-level data: load the data "
                                    "instead of typing its figures.", line=row.row, field="measure", file=filename))
            continue
        unit = None
        if row.unit and row.unit.lower() != "authority":
            unit = units.get(row.unit.lower())
            if unit is None:
                problems.append(Problem(Severity.ERROR, "unknown_unit",
                                        f"{authority.name} has no service or team called '{row.unit}'.",
                                        line=row.row, field="unit", file=filename))
                continue
        figures.append((row.row, FigureInput(measure, row.period, row.numerator, row.denominator, row.value,
                                             org_unit=unit, commentary=row.commentary)))
    if problems:
        # Report every problem in one go: the figures that did map are checked too.
        problems += _check_all(figures, filename)[1]
        raise UploadRejected(sorted(problems, key=lambda p: (p.line or 0, p.field)))
    return values_upload(user=user, authority=authority, figures=figures, filename=filename)

