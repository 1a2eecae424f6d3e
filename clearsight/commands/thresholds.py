"""``clearsight thresholds``: read a measure's bands, lint them and grade values, with no database.

    clearsight thresholds "65-79 | 80-89 | 90-100" --value 79.5 --value 80 [--json]
    clearsight thresholds "Increase" --value 12 --previous 10
    clearsight thresholds "25-21 | | " --polarity lower --value 22

With ``--json`` it prints one JSON object (see ``clearsight.engine.thresholds.to_json``); otherwise a
table. Exit 0 when the bands were read (warnings included), 2 on bad arguments (a value that is
not a finite number, an unknown polarity). The rules are in ``docs/thresholds.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from clearsight.engine.thresholds import Thresholds, grade, parse_band_text, to_json

HELP = "Read threshold bands (RI | Good | Outstanding), lint them and grade values"


def _finite_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "bands",
        metavar="BANDS",
        help='the bands as written, "Requires Improvement | Good | Outstanding", e.g. "65-79 | 80-89 | 90-100"',
    )
    parser.add_argument(
        "--polarity",
        choices=("auto", "higher", "lower"),
        default="auto",
        help="which way is better; 'auto' (the default) infers it from the bands",
    )
    parser.add_argument(
        "--value",
        dest="values",
        metavar="V",
        type=_finite_number,
        action="append",
        default=[],
        help="a value to grade; repeat for several (use --value=-5 for a negative number)",
    )
    parser.add_argument(
        "--previous",
        metavar="P",
        type=_finite_number,
        default=None,
        help="the previous period's value, for direction-only measures (Increase/Decrease)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")


def run(args: argparse.Namespace) -> int:
    thresholds = parse_band_text(args.bands, polarity=args.polarity)
    if args.json:
        sys.stdout.write(json.dumps(to_json(thresholds, args.values, args.previous), indent=2) + "\n")
    else:
        sys.stdout.write(render_table(thresholds, args.values, args.previous))
    return 0


def render_table(thresholds: Thresholds, values: list[float], previous: float | None) -> str:
    ri, good, outstanding = (text or "(blank)" for text in thresholds.texts)
    lines = [f"Bands:    {ri} | {good} | {outstanding}"]
    if thresholds.direction is not None:
        lines.append(f"Polarity: direction only, {thresholds.direction} ({thresholds.polarity_reason})")
    else:
        lines.append(f"Polarity: {thresholds.polarity} is better ({thresholds.polarity_reason})")
    if thresholds.bands:
        lines += ["", f"{'Grade':<22}{'Range':<24}Written as"]
        for band in thresholds.bands:
            lines.append(f"{band.grade:<22}{band.describe():<24}{band.text or '(implicit)'}")
    if thresholds.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  [{lint.code}] {lint.message}" for lint in thresholds.warnings]
    if values:
        against = f" (previous {previous:g})" if previous is not None and thresholds.direction else ""
        lines += ["", f"{'Value':<14}Grade{against}"]
        lines += [f"{value:<14g}{grade(thresholds, value, previous)}" for value in values]
    return "\n".join(lines) + "\n"
