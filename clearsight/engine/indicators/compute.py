"""Turn indicators' child-level rows into figures for the authority, each team or each worker.

Every indicator's SQL yields one row per child it looks at (see ``model.py``). This module runs
it over the collection years asked for, attaches each row to the team and worker the child was
allocated to on the row's event date, and sums numerators and denominators per level. The same
rows answer ``rows_behind``: the children (and the file and row each came from) behind a figure.

Allocation on a date: the ``allocations`` row with from_date ≤ date < to_date (to_date blank: still
open); when several overlap, the one that started last. Rows with none count under "Unallocated".
To make this one fast ASOF join per indicator, the allocations are first cut into a timeline of
segments per child (``cs_allocation``) in which the allocation is constant.

Nothing here reads the clock or settings; the connection is any DuckDB connection on which
``clearsight.engine.childdata.schema.create_schema`` has been run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from clearsight.engine.childdata.schema import TABLES
from clearsight.engine.indicators.model import (
    UNALLOCATED,
    Indicator,
    IndicatorResult,
    Level,
    LevelError,
    ParameterError,
    RowRef,
    Unit,
)
from clearsight.engine.indicators.registry import HELPERS, REGISTRY
from clearsight.engine.indicators.workdays import create_calendar

Progress = Callable[[str], None]
PARTS = ("numerator", "denominator")
# Dates that working-day counts start or end on: the calendar must cover them.
CALENDAR_DATES = (("assessments", "start_date"), ("assessments", "authorised_date"),
                  ("cin_referrals", "referral_date"), ("s47_enquiries", "start_date"),
                  ("s47_enquiries", "icpc_date"), ("cla_episodes", "decom"), ("cla_reviews", "review_date"),
                  ("visit_snapshots", "last_visit_date"), ("visit_snapshots", "snapshot_date"))

ALLOCATION_SQL = """
CREATE OR REPLACE TEMP TABLE cs_allocation AS
WITH points AS (  -- every date on which some allocation of the child begins or ends
    SELECT DISTINCT child_id, point FROM (
        SELECT child_id, from_date AS point FROM allocations
        UNION ALL
        SELECT child_id, to_date FROM allocations WHERE from_date IS NOT NULL
    ) AS changes
    WHERE child_id IS NOT NULL AND point IS NOT NULL
)
SELECT p.child_id, p.point AS starts, a.team, a.worker
FROM points p
LEFT JOIN allocations a ON a.child_id = p.child_id AND a.from_date <= p.point
                        AND (a.to_date IS NULL OR p.point < a.to_date)
QUALIFY row_number() OVER (PARTITION BY p.child_id, p.point
                           ORDER BY a.from_date DESC NULLS LAST, a.team, a.worker) = 1
"""


def level_of(by: str) -> Level:
    try:
        return Level(by)
    except ValueError:
        raise LevelError(f"Break down by authority, team or worker, not '{by}'.") from None


def choose(ids: Sequence[str] | None) -> list[Indicator]:
    """The indicators asked for (all when ``ids`` is None), in registry order."""
    if ids is None:
        return list(REGISTRY)
    wanted = {REGISTRY.get(i).id for i in ids}  # UnknownIndicatorError for a wrong id
    return [indicator for indicator in REGISTRY if indicator.id in wanted]


def settings_for(indicators: Sequence[Indicator],
                 parameters: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    given = dict(parameters or {})
    for indicator_id in given:
        indicator = REGISTRY.get(indicator_id)
        if indicator.rate_of:
            raise ParameterError(f"{indicator_id} takes the parameters of {indicator.rate_of}; set them there.")
    return {i.id: i.settings(given.get(i.rate_of or i.id)) for i in indicators}


def rows_sql(indicator: Indicator, values: Mapping[str, Any]) -> str:
    """The indicator's rows in the standard shape, whatever optional columns its SQL has."""
    weights = ("CAST(numerator_value AS DOUBLE) AS numerator_value, "
               "CAST(denominator_value AS DOUBLE) AS denominator_value") if indicator.weighted \
        else "1 AS numerator_value, 1 AS denominator_value"
    allocation = "CAST(team AS VARCHAR) AS team, CAST(worker AS VARCHAR) AS worker" if indicator.carries_allocation \
        else "CAST(NULL AS VARCHAR) AS team, CAST(NULL AS VARCHAR) AS worker"
    counted = indicator.unit in (Unit.COUNT, Unit.RATE_PER_10K)
    numerator = "coalesce(in_numerator, FALSE)" if counted else "coalesce(in_numerator AND in_denominator, FALSE)"
    denominator = "FALSE" if counted else "coalesce(in_denominator, FALSE)"
    return f"""
SELECT CAST(year AS INTEGER) AS year, CAST(child_id AS VARCHAR) AS child_id, CAST(event_date AS DATE) AS event_date,
       {denominator} AS in_denominator, {numerator} AS in_numerator, {weights}, {allocation},
       CAST(upload_id AS VARCHAR) AS upload_id, CAST(source_row AS INTEGER) AS source_row
FROM ({indicator.render(values)}) AS indicator_rows"""


def levelled_sql(indicator: Indicator, values: Mapping[str, Any], level: Level) -> str:
    """The rows with ``level``: 'authority', or the team or worker allocated on the event date."""
    return with_level(rows_sql(indicator, values), level)


def with_level(rows: str, level: Level) -> str:
    if level is Level.AUTHORITY:
        return f"SELECT r.*, 'authority' AS level FROM ({rows}) AS r"
    column = level.value
    return f"""
SELECT r.*, coalesce(CASE WHEN r.team IS NULL AND r.worker IS NULL THEN a.{column} ELSE r.{column} END,
                     '{UNALLOCATED}') AS level
FROM ({rows}) AS r
ASOF LEFT JOIN cs_allocation a ON r.child_id = a.child_id AND r.event_date >= a.starts"""


def _years_present(con: Any) -> list[int]:
    """Collection years of the loaded returns (population files state no collection year of their own)."""
    parts = [f"SELECT DISTINCT collection_year FROM raw_{t}" for t in TABLES if t != "population"]
    found = con.execute(" UNION ".join(parts)).fetchall()
    return sorted(int(y) for (y,) in found if y is not None)


def _loaded_years(con: Any, tables: set[str]) -> dict[str, set[int]]:
    loaded: dict[str, set[int]] = defaultdict(set)
    if tables:
        parts = [f"SELECT DISTINCT '{t}', collection_year FROM raw_{t}" for t in sorted(tables)]
        for table, year in con.execute(" UNION ALL ".join(parts)).fetchall():
            if year is not None:
                loaded[table].add(int(year))
    return loaded


def _calendar_bounds(con: Any, years: Sequence[int]) -> tuple[date, date]:
    parts = [f"SELECT min({c}) AS low, max({c}) AS high FROM raw_{t}" for t, c in CALENDAR_DATES]
    low, high = con.execute(f"SELECT min(low), max(high) FROM ({' UNION ALL '.join(parts)})").fetchone()
    first = min([date(min(years) - 1, 4, 1), *([low] if low else [])])
    last = max([date(max(years), 3, 31), *([high] if high else [])])
    return first, date(min(last.year + 2, 2100), 12, 31)


@contextmanager
def prepared(con: Any, years: Sequence[int], *, indicators: Sequence[Indicator], level: Level,
             closure_days: Sequence[date]) -> Iterator[None]:
    """Create the temporary helper tables the indicators read, and drop them afterwards."""
    made: list[str] = []
    helpers = sorted({h for i in indicators for h in i.helpers})

    def make(helper: str) -> None:
        if helper in made:
            return
        if helper == "cs_calendar":
            create_calendar(con, *_calendar_bounds(con, years), closure_days)
            made.extend(("cs_days_off", "cs_wd_end"))
        else:
            sql, needs = HELPERS[helper]
            for need in needs:
                make(need)
            con.execute(sql)
        made.append(helper)

    try:
        con.execute("CREATE OR REPLACE TEMP TABLE cs_years AS SELECT year, make_date(year - 1, 4, 1) AS period_start, "
                    "make_date(year, 3, 31) AS period_end FROM (SELECT CAST(unnest(?) AS INTEGER) AS year)",
                    [list(years)])
        made.append("cs_years")
        if level is not Level.AUTHORITY:
            con.execute(ALLOCATION_SQL)
            made.append("cs_allocation")
        for helper in helpers:
            make(helper)
        yield
    finally:
        for table in made:
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")


def _value(unit: Unit, numerator: int | float, denominator: int | float | None) -> int | float | None:
    if unit is Unit.COUNT:
        return numerator
    if not denominator:
        return None
    scale = {Unit.PERCENT: 100, Unit.RATE_PER_10K: 10_000, Unit.AVERAGE: 1}[unit]
    return numerator * scale / denominator


def _number(value: Any) -> int | float:
    if value is None:
        return 0
    return int(value) if isinstance(value, int) else float(value)


def _level_order(result: IndicatorResult) -> tuple[int, bool, str]:
    return (result.year, result.level == UNALLOCATED, result.level)


def compute(con: Any, *, year: int | None = None, by: str = "authority", ids: Sequence[str] | None = None,
            parameters: Mapping[str, Mapping[str, Any]] | None = None, closure_days: Sequence[date] = (),
            progress: Progress | None = None) -> list[IndicatorResult]:
    """Every indicator asked for, for ``year`` (or each collection year loaded), at the level ``by``.

    Figures are given for each year in which a return feeding the indicator is loaded (other
    years would rest on partial rows): for the authority always (0, or an empty value, when
    nothing qualifies), for teams and workers where they have a row.
    Parameters: indicator id -> {parameter: value}, overriding the national defaults (a rate
    companion follows its count's). Closure days are not working days for any indicator."""
    level = level_of(by)
    return compute_levels(con, year=year, levels=(level.value,), ids=ids, parameters=parameters,
                          closure_days=closure_days, progress=progress)[level.value]


def compute_levels(con: Any, *, year: int | None = None, levels: Sequence[str] = ("authority", "team", "worker"),
                   ids: Sequence[str] | None = None, parameters: Mapping[str, Mapping[str, Any]] | None = None,
                   closure_days: Sequence[date] = (), progress: Progress | None = None,
                   ) -> dict[str, list[IndicatorResult]]:
    """``compute`` for several levels at once: level -> results, the same figures as one call per level.

    Each indicator's rows are built, and attached to their team and worker, once; DuckDB then sums
    them per level with GROUPING SETS. That is what the app and the benchmarks use for the full set."""
    chosen_levels = [level_of(by) for by in dict.fromkeys(levels)]
    chosen = choose(ids)
    bases = {i.rate_of for i in chosen if i.rate_of}
    needed = [i for i in REGISTRY if (i.id in {c.id for c in chosen} and not i.rate_of) or i.id in bases]
    values = settings_for([*needed, *chosen], parameters)
    years = [year] if year is not None else _years_present(con)
    if not years or not chosen_levels:
        return {level.value: [] for level in chosen_levels}
    loaded = _loaded_years(con, {t for i in needed for t in i.sources})
    population = {int(y): _number(n) for y, n in con.execute(
        "SELECT year, children_0_17 FROM population WHERE year IS NOT NULL").fetchall()}
    allocated = any(level is not Level.AUTHORITY for level in chosen_levels)
    with prepared(con, years, indicators=needed, level=Level.TEAM if allocated else Level.AUTHORITY,
                  closure_days=closure_days):
        if progress:
            progress(f"{len(needed)} computations for {len(years)} year(s) by "
                     f"{', '.join(level.value for level in chosen_levels)}")
        figures = _figures(con, needed, values, chosen_levels, years, loaded)
    results: dict[str, list[IndicatorResult]] = {}
    for level in chosen_levels:
        results[level.value] = []
        for indicator in chosen:
            if indicator.rate_of:
                results[level.value] += _rates(indicator, figures[level][indicator.rate_of], population)
            else:
                results[level.value] += figures[level][indicator.id]
    return results


def _figures(con: Any, indicators: Sequence[Indicator], values: Mapping[str, Mapping[str, Any]],
             levels: Sequence[Level], years: Sequence[int], loaded: Mapping[str, set[int]],
             ) -> dict[Level, dict[str, list[IndicatorResult]]]:
    """Every indicator's figures at every level from one query, so DuckDB plans and runs them together."""
    parts = [f"SELECT {n} AS k, * FROM ({rows_sql(i, values[i.id])}) AS r{n}" for n, i in enumerate(indicators)]
    rows = " UNION ALL ".join(parts)
    if any(level is not Level.AUTHORITY for level in levels):
        source = f"""
SELECT r.*,
       coalesce(CASE WHEN r.team IS NULL AND r.worker IS NULL THEN a.team ELSE r.team END, '{UNALLOCATED}') AS l_team,
       coalesce(CASE WHEN r.team IS NULL AND r.worker IS NULL THEN a.worker ELSE r.worker END,
                '{UNALLOCATED}') AS l_worker
FROM ({rows}) AS r
ASOF LEFT JOIN cs_allocation a ON r.child_id = a.child_id AND r.event_date >= a.starts"""
    else:
        source = f"SELECT r.*, NULL AS l_team, NULL AS l_worker FROM ({rows}) AS r"
    sets = {Level.AUTHORITY: "(k, year)", Level.TEAM: "(k, year, l_team)", Level.WORKER: "(k, year, l_worker)"}
    # GROUPING() and the name columns may only name columns some grouping set has
    team_flag, team = ("grouping(l_team)", "l_team") if Level.TEAM in levels else ("1", "NULL")
    worker_flag, worker = ("grouping(l_worker)", "l_worker") if Level.WORKER in levels else ("1", "NULL")
    sql = f"""
SELECT k, year, {team_flag} AS by_team, {worker_flag} AS by_worker, {team} AS team, {worker} AS worker,
       count(*) FILTER (WHERE in_numerator) AS numerator_rows,
       count(*) FILTER (WHERE in_denominator) AS denominator_rows,
       sum(numerator_value) FILTER (WHERE in_numerator) AS numerator_sum,
       sum(denominator_value) FILTER (WHERE in_denominator) AS denominator_sum
FROM ({source}) AS levelled
WHERE year IN (SELECT year FROM cs_years)
GROUP BY GROUPING SETS ({", ".join(sets[level] for level in levels)})"""
    found: dict[Level, dict[int, dict[tuple[int, str], tuple[int | float, int | float]]]] = {
        level: defaultdict(dict) for level in levels}
    for k, year, by_team, by_worker, team, worker, n_rows, d_rows, n_sum, d_sum in con.execute(sql).fetchall():
        if not by_team:
            level, name = Level.TEAM, team
        elif not by_worker:
            level, name = Level.WORKER, worker
        else:
            level, name = Level.AUTHORITY, "authority"
        weighted = indicators[k].weighted
        # sums of FTE are rounded to 6 places so that 0.1 + 0.2 reads 0.3
        found[level][k][int(year), str(name)] = ((round(_number(n_sum), 6), round(_number(d_sum), 6)) if weighted
                                                 else (int(n_rows), int(d_rows)))
    figures: dict[Level, dict[str, list[IndicatorResult]]] = {level: {} for level in levels}
    for k, indicator in enumerate(indicators):
        reportable = {year for year in years if any(year in loaded.get(t, set()) for t in indicator.sources)}
        for level in levels:
            at_level = found[level][k]
            if level is Level.AUTHORITY:  # every reportable year, even with nothing in it
                for year in reportable:
                    at_level.setdefault((year, "authority"), (0, 0))
            results = []
            for (year, name), (numerator, denominator) in at_level.items():
                if year not in reportable:  # its return for that year is not loaded: the rows seen are partial
                    continue
                shown = None if indicator.unit is Unit.COUNT else denominator
                results.append(IndicatorResult(indicator.id, year, level.value, name, indicator.unit.value,
                                               numerator, shown, _value(indicator.unit, numerator, denominator)))
            figures[level][indicator.id] = sorted(results, key=_level_order)
    return figures


def _rates(indicator: Indicator, counts: Sequence[IndicatorResult],
           population: Mapping[int, int | float]) -> list[IndicatorResult]:
    return [
        IndicatorResult(indicator.id, c.year, c.level_kind, c.level, indicator.unit.value, c.numerator,
                        population[c.year], _value(Unit.RATE_PER_10K, _number(c.numerator), population[c.year]))
        for c in counts if c.year in population
    ]


def rows_behind(con: Any, indicator_id: str, *, year: int, level_kind: str = "authority", level: str = "authority",
                part: str = "numerator", parameters: Mapping[str, Mapping[str, Any]] | None = None,
                closure_days: Sequence[date] = ()) -> list[RowRef]:
    """The rows in a figure's numerator or denominator: child, event date, upload and source row.

    ``level_kind`` authority (``level`` 'authority'), team or worker (``level`` the name, or
    'Unallocated'). Counts and rates have no denominator rows (a rate's is the population)."""
    kind = level_of(level_kind)
    if part not in PARTS:
        raise LevelError(f"Ask for the numerator or the denominator, not '{part}'.")
    indicator = REGISTRY.get(indicator_id)
    values = settings_for([indicator], parameters)[indicator.id]
    if indicator.rate_of:
        indicator = REGISTRY.get(indicator.rate_of)
    if part == "denominator" and indicator.unit is Unit.COUNT:
        return []
    flag = "in_numerator" if part == "numerator" else "in_denominator"
    with prepared(con, [year], indicators=[indicator], level=kind, closure_days=closure_days):
        found = con.execute(
            f"SELECT child_id, event_date, upload_id, source_row FROM ({levelled_sql(indicator, values, kind)}) AS r "
            f"WHERE year = ? AND level = ? AND {flag} ORDER BY child_id, event_date, upload_id, source_row",
            [year, level],
        ).fetchall()
    return [RowRef(*row) for row in found]
