"""Loading child-level files into an authority's store, and computing indicators from it.

A load is all or nothing. Every file is read (and, where the DfE publishes rules for its year,
validated) before anything is written; then the files go into a private copy of the store, the
upload records go into the database, and the copy replaces the store as the last step before the
database transaction commits. A file that breaks DfE rules is loaded only when the person says
so, and its issues are kept with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from clearsight.analytics.exceptions import DataRejected
from clearsight.analytics.models import DataUpload, IndicatorResult
from clearsight.analytics.store import read_store, store_version, write_store
from clearsight.audit.services import audit_record
from clearsight.core.faults import fault_point
from clearsight.engine import periods
from clearsight.engine.childdata import load as childload
from clearsight.engine.childdata import validation
from clearsight.engine.problems import InputError, Problem, Severity
from clearsight.organisations.models import Authority
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import require

Progress = Callable[[str], None]  # a line of news
FileProgress = Callable[[str, int, int], None]  # (stage "read" or "load", files done, files in all)


@dataclass
class LoadOutcome:
    uploads: list[DataUpload] = field(default_factory=list)
    already_loaded: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # warnings and notes from reading
    issues: list[validation.ValidationIssue] = field(default_factory=list)  # DfE rule issues
    not_validated: list[str] = field(default_factory=list)  # why some files were not validated
    results: int = 0


def _validate(paths: Sequence[Path], authority: Authority, outcome: LoadOutcome, progress: Progress | None
              ) -> dict[str, tuple[int, int]]:
    """DfE rule issues per file name: (errors, queries). Files with no rules for their year are noted."""
    counts: dict[str, tuple[int, int]] = {}
    files, _ = childload.expand(paths)
    by_kind_year: dict[tuple[str, int], list[Path]] = {}
    for path, shown in files:
        kind = childload.recognise(path, display_name=shown)
        if kind not in ("903", "cin"):
            continue
        year = childload.read_file(path).collection_year
        by_kind_year.setdefault((kind, year), []).append(path)
    for (kind, year), group in sorted(by_kind_year.items()):
        if progress:
            progress(f"Checking {len(group)} {kind} file(s) for {year - 1}-{year % 100:02d} against the DfE rules")
        try:
            issues = validation.validate(group, kind, year, local_authority=authority.ons_code,
                                         timeout=settings.CLEARSIGHT_VALIDATOR_TIMEOUT_SECONDS)
        except validation.NoRulesForYear as reason:
            outcome.not_validated += [f"{p.name}: {reason}" for p in group]
            continue
        except validation.ValidatorUnavailable as reason:
            outcome.not_validated += [f"{p.name}: {reason}" for p in group]
            continue
        except validation.ValidatorFailed as failure:
            # Not the files' fault, or not only: refuse rather than load data no one has checked.
            raise DataRejected(
                f"The DfE validator stopped while checking {len(group)} {kind} file(s) for "
                f"{year - 1}-{year % 100:02d}, so nothing was loaded.",
                problems=[Problem(Severity.ERROR, "validator_failed", _validator_failed(failure), file=p.name)
                          for p in group],
            ) from None
        outcome.issues += issues
        for path in group:
            mine = [i for i in issues if i.file in (path.name, str(path))]
            counts[path.name] = (sum(i.severity == "error" for i in mine), sum(i.severity == "query" for i in mine))
    return counts


def _validator_failed(failure: validation.ValidatorFailed) -> str:
    detail = str(failure).strip().splitlines()
    last = detail[-1].strip() if len(detail) > 1 else ""
    return (f"{detail[0] if detail else 'The validator failed.'}"
            + (f" The last line it printed: {last}" if last else "")
            + " Try again; if it happens again, ask your Clearsight administrator, who can load the file "
            "without the DfE checks (clearsight load-data --no-validate) once it has been checked another way.")


def data_load(*, user: Any, authority: Authority, paths: Sequence[Path], accept_issues: bool = False,
              validate: bool = True, progress: Progress | None = None,
              file_progress: FileProgress | None = None) -> LoadOutcome:
    """Load child-level files for ``authority``; raises DataRejected (nothing loaded) on any problem.

    ``user`` is None only for the command line, run by whoever operates the server; it is audited
    as the system."""
    if user is not None:
        require(user, authority.pk, Permission.LOAD_DATA)
    outcome = LoadOutcome()
    try:
        counts = _validate(paths, authority, outcome, progress) if validate else {}
    except InputError as error:  # a file that is not one we can read at all (a PNG, a PDF …)
        raise DataRejected("The files could not be read; nothing was loaded.", problems=error.problems) from None
    errors = [i for i in outcome.issues if i.severity == "error"]
    if errors and not accept_issues:
        raise DataRejected(
            f"{len(errors)} DfE rule error(s) found; nothing was loaded. Correct the files, or load them "
            "anyway with the issues kept (--accept-issues in the CLI).", issues=outcome.issues,
        )
    def news(stage: str, done: int, total: int) -> None:
        if file_progress:
            file_progress(stage, done, total)
        if stage == "load" and 0 < done < total:
            fault_point("data_load.half_loaded")  # a test kills the process here

    try:
        with transaction.atomic(), write_store(authority) as con:
            report = childload.load_paths(con, list(paths), progress=news)
            _refuse_too_many_rows(report.files)
            outcome.problems = report.problems
            known = set(DataUpload.objects.filter(authority=authority).values_list("sha256", flat=True))
            for loaded in report.files:
                if loaded.already_loaded and loaded.upload_id in known:
                    outcome.already_loaded.append(loaded.filename)
                    continue
                # A file in the store that the database does not know of (the server stopped between
                # replacing the store and committing) is recorded now, so the two agree again.
                known.add(loaded.upload_id)
                errors_n, queries_n = counts.get(Path(loaded.filename).name, (None, None))
                stored = _keep_file(authority, paths, loaded.filename, loaded.upload_id)
                outcome.uploads.append(DataUpload.objects.create(
                    authority=authority, kind=loaded.kind, collection_year=loaded.collection_year or 0,
                    filename=loaded.filename[:300], sha256=loaded.upload_id, size=_size(paths, loaded.filename),
                    rows=sum(loaded.rows.values()), uploaded_by=_user(user), uploaded_by_name=str(user or "System"),
                    validation_errors=errors_n, validation_queries=queries_n,
                    accepted_with_issues=bool(errors_n) and accept_issues, stored_file=stored,
                ))
            _keep_issues(con, outcome.issues, report.files)
            audit_record(actor=user, verb="data.loaded", authority=authority, after={
                "files": [u.filename for u in outcome.uploads], "already_loaded": outcome.already_loaded,
                "rows": sum(u.rows for u in outcome.uploads),
            })
    except InputError as error:
        raise DataRejected("The files could not be read; nothing was loaded.", problems=error.problems) from None
    return outcome


def _refuse_too_many_rows(files: Sequence[Any]) -> None:
    """CLEARSIGHT_MAX_UPLOAD_ROWS: a file with more rows in one table is refused (the load rolls back)."""
    from django.conf import settings

    limit = settings.CLEARSIGHT_MAX_UPLOAD_ROWS
    problems = [
        Problem(Severity.ERROR, "too_large", f"The {table} table has {rows:,} rows; the limit is {limit:,} "
                f"(CLEARSIGHT_MAX_UPLOAD_ROWS). Split the file, or ask the administrator to raise the limit.",
                field=table, file=loaded.filename)
        for loaded in files for table, rows in loaded.rows.items() if rows > limit
    ]
    if problems:
        raise InputError(problems)


def _keep_file(authority: Authority, paths: Sequence[Path], filename: str, sha256: str) -> str:
    """Keep a copy of the file as loaded, named by its checksum, under MEDIA_ROOT/child-data/."""
    import shutil

    from django.conf import settings

    source = _find(paths, filename)
    if source is None:
        return ""
    relative = Path("child-data") / authority.ons_code / sha256[:2] / f"{sha256}{source.suffix.lower()}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(source, target)
    return str(relative)


def _keep_issues(con: Any, issues: Sequence[validation.ValidationIssue], files: Sequence[Any]) -> None:
    """DfE rule issues of files loaded anyway: child-level, so they live in the store, not the database."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS validation_issues (upload_id VARCHAR, file VARCHAR, row INTEGER, line INTEGER, "
        "child_id VARCHAR, table_name VARCHAR, field VARCHAR, rule VARCHAR, message VARCHAR, severity VARCHAR)"
    )
    ids = {Path(f.filename).name: f.upload_id for f in files}
    rows = [(ids.get(Path(i.file).name, ""), i.file, i.row, i.line, i.child_id, i.table, i.field, i.rule, i.message,
             i.severity) for i in issues]
    if rows:
        con.executemany("INSERT INTO validation_issues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def validation_issues_of(authority: Authority, upload: DataUpload) -> list[dict[str, Any]]:
    """The DfE issues kept with a file, child IDs pseudonymised."""
    with read_store(authority) as con:
        exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = "
                             "'validation_issues'").fetchone()[0]
        if not exists:
            return []
        rows = con.execute("SELECT row, line, child_id, table_name, field, rule, message, severity FROM "
                           "validation_issues WHERE upload_id = ? ORDER BY row, rule", [upload.sha256]).fetchall()
    return [{"row": r[0], "line": r[1], "child": pseudonym(authority, r[2]), "table": r[3], "field": r[4],
             "rule": r[5], "message": r[6], "severity": r[7]} for r in rows]


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _find(paths: Sequence[Path], filename: str) -> Path | None:
    """The file on disk that the loader reported as ``filename`` (a file, or one under a folder)."""
    for path in paths:
        if path.is_file() and (path.name == Path(filename).name or str(path).endswith(filename)):
            return path
        if path.is_dir():
            for candidate in (path / filename, path.parent / filename):
                if candidate.is_file():
                    return candidate
            matches = [c for c in path.rglob(Path(filename).name) if str(c).endswith(filename)]
            if matches:
                return matches[0]
    return None


def _size(paths: Sequence[Path], filename: str) -> int:
    found = _find(paths, filename)
    return found.stat().st_size if found else 0


# Computing ------------------------------------------------------------------------------------


def indicators_recompute(*, user: Any, authority: Authority, progress: Progress | None = None) -> int:
    """Compute every indicator for every loaded year, for the authority, each team and each worker,
    replace the stored results, and write computed measures' figures into draft releases."""
    from clearsight.engine.indicators import compute_levels

    if user is not None:
        require(user, authority.pk, Permission.LOAD_DATA)
    version = store_version(authority)
    results = []
    with read_store(authority) as con:
        if progress:
            progress("Computing indicators by authority, team and worker")
        for by, found in compute_levels(con, levels=("authority", "team", "worker")).items():
            results += [(by, r) for r in found]
    with transaction.atomic():
        IndicatorResult.objects.filter(authority=authority).delete()
        IndicatorResult.objects.bulk_create([
            IndicatorResult(
                authority=authority, indicator=r.indicator, period_type=periods.PeriodType.FINANCIAL_YEAR.value,
                period_start=periods.financial_year(r.year - 1).start, period_end=periods.financial_year(r.year - 1).end,
                level_kind=by, level=r.level[:200], unit=r.unit,
                numerator=_decimal(r.numerator), denominator=_decimal(r.denominator), value=_decimal(r.value),
                store_version=version,
            )
            for by, r in results
        ], batch_size=2000)
        written = computed_measures_update(authority=authority)
        audit_record(actor=user, verb="indicators.computed", authority=authority,
                     after={"results": len(results), "store_version": version, "measure_figures": written})
    return len(results)


def _decimal(number: int | float | None) -> Decimal | None:
    return None if number is None else Decimal(str(round(float(number), 4)))


def computed_measures_update(*, authority: Authority) -> int:
    """Copy authority-level indicator results into the figures of measures computed from them.

    Figures go into draft releases only; a release already submitted or approved keeps its
    figures (a correction is the way to change them)."""
    from clearsight.performance.exceptions import ReleaseLocked
    from clearsight.performance.models import Measure
    from clearsight.performance.services import computed_value_record

    written = 0
    measures = Measure.objects.filter(authority=authority, source="computed").exclude(indicator="")
    for measure in measures:
        rows = IndicatorResult.objects.filter(authority=authority, indicator=measure.indicator,
                                              level_kind="authority", value__isnull=False)
        for row in rows:
            period = periods.Period(periods.PeriodType(row.period_type), row.period_start, row.period_end)
            try:
                computed_value_record(measure=measure, period=period, value=row.value, numerator=row.numerator,
                                      denominator=row.denominator)
            except ReleaseLocked:
                continue
            written += 1
    return written


def children_behind(*, user: Any, authority: Authority, indicator: str, year: int, level_kind: str, level: str,
                    part: str) -> list[dict[str, Any]]:
    """The rows behind a figure, for authorised drill-down: pseudonymised child, date, file and row."""
    from clearsight.engine.indicators import rows_behind

    require(user, authority.pk, Permission.VIEW_CHILDREN)
    with read_store(authority) as con:
        rows = rows_behind(con, indicator, year=year, level_kind=level_kind, level=level, part=part)
    files = dict(DataUpload.objects.filter(authority=authority, sha256__in={r.upload_id for r in rows})
                 .values_list("sha256", "filename"))
    return [{"child": pseudonym(authority, r.child_id), "event_date": r.event_date, "upload_id": r.upload_id,
             "file": files.get(r.upload_id or "", (r.upload_id or "")[:12]), "source_row": r.source_row}
            for r in rows]


def pseudonym(authority: Authority, child_id: str | None) -> str:
    """A stable pseudonym for a child: the same child gets the same code, the LA ID is not shown."""
    from django.conf import settings

    if not child_id:
        return "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{authority.ons_code}:{child_id}".encode()).hexdigest()
    return f"C-{digest[:10].upper()}"


def uploaded_files_load(*, user: Any, authority: Authority, files: Sequence[Any], accept_issues: bool = False
                        ) -> LoadOutcome:
    """Load files sent through the browser or the API (Django UploadedFiles), then recompute the
    indicators. Each file is written to a private temporary folder under its own base name first,
    so the loader sees real files and their names; raises DataRejected with nothing loaded."""
    import tempfile

    require(user, authority.pk, Permission.LOAD_DATA)
    names = [Path(upload.name).name or "upload" for upload in files]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:  # written under their names, the second would silently replace the first
        raise DataRejected("Two or more files have the same name; nothing was loaded.", problems=[
            Problem(Severity.ERROR, "duplicate_name", f"{names.count(name)} files are called {name}. Rename them "
                    "so each name is different (for example with the year, cin_census_2023-24.xml) and load them "
                    "again.", file=name) for name in twice])
    with tempfile.TemporaryDirectory(prefix="clearsight-upload-") as folder:
        paths = []
        for upload in files:
            target = Path(folder) / (Path(upload.name).name or "upload")
            with target.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            paths.append(target)
        outcome = data_load(user=user, authority=authority, paths=paths, accept_issues=accept_issues)
    outcome.results = indicators_recompute(user=user, authority=authority)
    return outcome
