"""Run the generator: simulate the pool chunk by chunk and write every year's files.

Layout: ``DIR/<YYYY>/`` per collection year (2018 is 2017-18) with the SSDA903 CSVs, the CIN
census XML, the Annex A workbook, ``workforce.csv`` (every post at each month end) and
``population.csv``. The engine takes no clock: callers time it. The same configuration gives
byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from . import annex_a, ssda903, workforce
from .authorities import Authority
from .calibration import Tally, measure
from .chunk import Window, chunk_bounds, simulate_chunk
from .cin_xml import CinCensus
from .days import Calendar, day
from .output import Context, CsvTable, Year
from .population import children_aged_0_17, pool_size

FORMATS = ("903", "cin", "annex_a", "workforce")
FIRST_DOB_YEARS = 22  # the pool reaches back to young people 21 in the first year


@dataclass(frozen=True)
class SynthConfig:
    authority: Authority
    children: int
    years: int
    seed: int = 1
    last_year: int = 2018
    cla_rate: float = 70.0  # children looked after at 31 March per 10,000 aged 0-17
    formats: tuple[str, ...] = FORMATS


@dataclass
class Summary:
    pool: int
    teams: int
    workers: int
    files: list[tuple[Path, int]] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)

    @property
    def rows(self) -> int:
        return sum(rows for _, rows in self.files)


def _stream(config: SynthConfig, *parts: int) -> np.random.Generator:
    entropy = [config.seed, int(config.authority.dfe_number), *parts]
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy)))


def generate(config: SynthConfig, out_dir: Path, progress: Callable[[int], None] | None = None) -> Summary:
    """Write the files; ``progress(n)`` is called as chunks × years are done."""
    years = [Year(y) for y in range(config.last_year - config.years + 1, config.last_year + 1)]
    window = Window(years[0].year, years[-1].year, years[0].start, years[-1].end)
    cal = Calendar(years[0].year - FIRST_DOB_YEARS - 2, config.last_year + 25)
    pool = pool_size(config.children, config.years)
    ctx = Context(config.authority, cal, id_width=max(7, len(str(pool))))
    wf = workforce.build(_stream(config, 999_999), config.children, window.start, window.end)
    worker_ids = np.array([f"SW{w:06d}" for w in wf.holder_worker.tolist()], dtype=object)
    snapshots = {y.year: _month_ends(y) for y in years}
    loads = {y.year: np.zeros((len(wf.post_role), 12), dtype=np.int64) for y in years}
    population = dict.fromkeys([y.year for y in years], 0)
    summary = Summary(pool=pool, teams=len(wf.team_name), workers=int((wf.post_case_holding).sum()))
    writers = _open(config, out_dir, ctx, years)
    dob_from = day(date(years[0].year - 1 - FIRST_DOB_YEARS, 4, 1))
    cla_factor = config.cla_rate / 70.0
    for number, (first, count) in enumerate(chunk_bounds(pool)):
        data = simulate_chunk(_stream(config, number), cal, config.authority, window, wf, first, count, dob_from, cla_factor)
        ids = ctx.child_ids(data.people)
        for year in years:
            rng = _stream(config, number, year.year)
            oc3 = ssda903.care_leaver_returns(data, year, rng)
            oc2: dict[str, np.ndarray] = {}
            if "903" in config.formats:
                oc2 = ssda903.write_year(writers.tables[year.year], data, ctx, year, ids, rng, worker_ids, oc3)
            if "cin" in config.formats:
                writers.cin[year.year].write(data, ctx, year, ids)
            if "annex_a" in config.formats:
                annex_a.write_year(writers.annex[year.year], data, ctx, year, ids, rng, wf, oc3)
            measure(summary.tally, data, cal, year, oc3, oc2)
            loads[year.year] += workforce.caseloads(wf, data.allocations, snapshots[year.year])
            population[year.year] += children_aged_0_17(data.people.dob, year.start + 90)
            if progress is not None:
                progress(1)
    summary.files = writers.close()
    for year in years:
        folder = out_dir / str(year.year)
        if "workforce" in config.formats:
            rows = _write_workforce(folder / "workforce.csv", wf, snapshots[year.year], loads[year.year], cal,
                                    _stream(config, 888_888, year.year), worker_ids)
            summary.files.append((folder / "workforce.csv", rows))
        pop = CsvTable(folder / "population.csv", ["year", "children_0_17"])
        pop.write({"year": [year.year], "children_0_17": [population[year.year]]})
        pop.close()
        summary.files.append((pop.path, 1))
    return summary


def _month_ends(year: Year) -> np.ndarray:
    ends = []
    for k in range(12):
        y, m = (year.year - 1, 4 + k) if k < 9 else (year.year, k - 8)
        ends.append(day(date(y + (m == 12), 1 if m == 12 else m + 1, 1)) - 1)
    return np.array(ends, dtype=np.int64)


@dataclass
class _Writers:
    tables: dict[int, dict[str, CsvTable]]
    cin: dict[int, CinCensus]
    annex: dict[int, annex_a.AnnexA]

    def close(self) -> list[tuple[Path, int]]:
        files: list[tuple[Path, int]] = []
        for tables in self.tables.values():
            for table in tables.values():
                table.close()
                files.append((table.path, table.rows))
        for census in self.cin.values():
            census.close()
            files.append((census.path, census.rows))
        for book in self.annex.values():
            book.close()
            files.append((book.path, book.rows))
        return sorted(files)


def _open(config: SynthConfig, out_dir: Path, ctx: Context, years: list[Year]) -> _Writers:
    writers = _Writers({}, {}, {})
    for year in years:
        folder = out_dir / str(year.year)
        folder.mkdir(parents=True, exist_ok=True)
        if "903" in config.formats:
            writers.tables[year.year] = {
                name: CsvTable(folder / f"ssda903_{name}.csv", ssda903.COLUMNS[name]) for name in ssda903.tables_for(year)
            }
        if "cin" in config.formats:
            writers.cin[year.year] = CinCensus(folder / "cin_census.xml", ctx, year)
        if "annex_a" in config.formats:
            writers.annex[year.year] = annex_a.AnnexA(folder / "annex_a.xlsx", year)
    return writers


def _write_workforce(path: Path, wf: workforce.Workforce, snapshots: np.ndarray, loads: np.ndarray, cal: Calendar,
                     rng: np.random.Generator, worker_ids: np.ndarray) -> int:
    """Every post at each month end: its holder, FTE, agency or not, caseload; and vacant posts."""
    table = CsvTable(path, ["Snapshot Date", "Worker ID", "Worker", "Team", "Role", "FTE", "Agency",
                            "Case Holding", "Caseload", "Vacancy"])
    posts = np.arange(len(wf.post_role))
    teams = np.arange(len(wf.team_name))
    team_posts = np.bincount(wf.post_team, minlength=len(teams))
    for j, snap in enumerate(snapshots.tolist()):
        holder = workforce.holder_on(wf, posts, np.full(len(posts), snap))
        who = wf.holder_worker[holder]
        # funded posts that are empty: about one in nine, on top of the filled ones
        empty = rng.binomial(team_posts, 0.11)
        vac_team = np.repeat(teams, empty)
        vac_id = np.array([f"VAC{t:03d}-{k + 1:02d}" for t, n in zip(teams.tolist(), empty.tolist(), strict=True)
                           for k in range(n)], dtype=object)
        date_text = cal.uk(np.array([snap]))[0]
        n, v = len(posts), len(vac_team)
        table.write({
            "Snapshot Date": np.full(n + v, date_text, dtype=object),
            "Worker ID": np.concatenate([worker_ids[who], vac_id]),
            "Worker": np.concatenate([wf.worker_name[who], np.full(v, "Vacant post", dtype=object)]),
            "Team": np.concatenate([wf.team_name[wf.post_team], wf.team_name[vac_team]]),
            "Role": np.concatenate([wf.post_role, np.full(v, "Social Worker", dtype=object)]),
            "FTE": np.concatenate([np.char.mod("%.1f", wf.post_fte), np.full(v, "1.0")]).astype(object),
            "Agency": np.concatenate([np.where(wf.holder_agency[holder], "Yes", "No"), np.full(v, "No")]),
            "Case Holding": np.concatenate([np.where(wf.post_case_holding, "Yes", "No"), np.full(v, "No")]),
            "Caseload": np.concatenate([loads[:, j], np.zeros(v, dtype=np.int64)]),
            "Vacancy": np.concatenate([np.full(n, "No"), np.full(v, "Yes")]),
        })
    table.close()
    return table.rows
