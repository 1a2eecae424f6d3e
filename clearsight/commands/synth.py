"""``clearsight synth``: write realistic synthetic council data, with no database.

    clearsight synth --authority 343 --children 65000 --years 6 --seed 1 --out var/synth
    clearsight synth --authority E08000015 --children 65000 --years 3 --cla-rate 115 --out var/wirral
    clearsight synth --authority 343 --children 1000000 --years 6 --formats 903,cin --out /tmp/national

Writes ``OUT/<YYYY>/`` per collection year ending with ``--last-year`` (default 2018, i.e. 2017-18,
the era of the seed plans): SSDA903 CSVs, the CIN census XML, an Ofsted Annex A workbook, a
workforce CSV and population.csv. Same arguments, same bytes. A progress bar goes to stderr and
a summary (files, rows, rows per second, wall time, key rates) to stdout. See
``docs/synthetic-data.md``. Exit 0 ok, 1 failed (e.g. cannot write OUT), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from clearsight.engine.synth.authorities import UnknownAuthorityError, find_authority
from clearsight.engine.synth.calibration import TARGETS
from clearsight.engine.synth.chunk import chunk_bounds
from clearsight.engine.synth.generate import FORMATS, Summary, SynthConfig, generate
from clearsight.engine.synth.population import pool_size

HELP = "Write synthetic SSDA903, CIN census, Annex A and workforce files for a council"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be at least 1")
    return value


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"formats are a comma list of {', '.join(FORMATS)}")
    return chosen


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--authority", required=True, help="ONS code or DfE number, e.g. E08000014 or 343 (Sefton)")
    parser.add_argument("--children", type=_positive, default=65_000, help="children aged 0-17 (default 65000)")
    parser.add_argument("--years", type=_positive, default=6, help="collection years to write (default 6)")
    parser.add_argument("--last-year", type=int, default=2018,
                        help="last collection year, by the year it ends: 2018 is 2017-18 (default)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--cla-rate", type=float, default=70.0,
                        help="children looked after at 31 March per 10,000 (default 70, England; Wirral ~115)")
    parser.add_argument("--formats", type=_formats, default=FORMATS, help=f"comma list of {','.join(FORMATS)} (default all)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (a subfolder per year)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    try:
        authority = find_authority(args.authority)
    except UnknownAuthorityError as error:
        sys.stderr.write(f"clearsight synth: {error}\n")
        return 2
    if not 1 <= args.cla_rate <= 500 or not 2000 <= args.last_year <= 2100:
        sys.stderr.write("clearsight synth: --cla-rate must be 1-500 and --last-year 2000-2100\n")
        return 2
    config = SynthConfig(authority=authority, children=args.children, years=args.years, seed=args.seed,
                         last_year=args.last_year, cla_rate=args.cla_rate, formats=args.formats)
    steps = len(chunk_bounds(pool_size(args.children, args.years))) * args.years
    started = time.perf_counter()
    try:
        with tqdm(total=steps, desc="synth", unit="chunk-year", file=sys.stderr, disable=args.quiet) as bar:
            summary = generate(config, args.out, progress=bar.update)
    except OSError as error:
        sys.stderr.write(f"clearsight synth: cannot write {args.out}: {error}\n")
        return 1
    sys.stdout.write(render_summary(config, summary, time.perf_counter() - started, args.out))
    return 0


def render_summary(config: SynthConfig, summary: Summary, seconds: float, out: Path) -> str:
    a = config.authority
    lines = [
        f"{a.name} ({a.ons_code} / {a.dfe_number}): {config.children:,} children aged 0-17, pool of "
        f"{summary.pool:,}, {config.years} years to {config.last_year - 1}-{config.last_year % 100:02d}, seed {config.seed}",
        f"{summary.teams} teams, {summary.workers} case-holding posts",
        "",
        f"{'File':<48}{'Rows':>12}",
    ]
    for path, rows in summary.files:
        lines.append(f"{str(path.relative_to(out)):<48}{rows:>12,}")
    last = config.last_year
    lines += ["", f"Key rates in {last - 1}-{last % 100:02d} (target → achieved):"]
    for key, target in TARGETS.items():
        value = summary.tally.value(last, key)
        shown = "n/a" if value is None else f"{value:.1f}"
        lines.append(f"  {target.label:<58}{target.target:>7g} → {shown}")
    rate = summary.rows / seconds if seconds > 0 else 0.0
    lines += ["", f"{summary.rows:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s)"]
    return "\n".join(lines) + "\n"
