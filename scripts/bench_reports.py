"""Time to build each report format for the demo plans (Wirral is the largest).

`make bench` (BENCH_ONLY=reports) runs it on a demo database of its own; by hand, run it against
a database with the demo loaded (`make setup`, or CLEARSIGHT_DATA_DIR pointing at one):

    .venv/bin/python scripts/bench_reports.py [--date 2018-04-20] [--repeat 1] [--authority E08000015 ...]

Prints one line per authority, report and format: the time to build the report object, the time
to draw the file, its size and, for PDFs, its pages. Nothing is written to the database except the
audit record each generation makes.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clearsight.config.settings.dev")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default="2018-04-20", help="The meeting date (default 2018-04-20).")
    parser.add_argument("--authority", action="append", help="ONS code (default: Wirral and Sefton).")
    parser.add_argument("--kind", action="append", help="Report kinds (default: board-pack).")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per format; the best is printed.")
    args = parser.parse_args()

    import django

    django.setup()
    from clearsight.engine.reports.document import Format, ReportKind
    from clearsight.organisations.selectors import authority_by_code
    from clearsight.plans.models import Plan
    from clearsight.reports.builders import ReportRequest
    from clearsight.reports.services import report_generate

    meeting = date.fromisoformat(args.date)
    print(f"Report generation, meeting {meeting:%d %b %Y}, best of {args.repeat}")
    print(
        f"{'authority':<10} {'report':<11} {'format':<6} {'build s':>8} {'draw s':>8} {'total s':>8} {'bytes':>10}  pages"
    )
    for code in args.authority or ["E08000015", "E08000014"]:
        authority = authority_by_code(code)
        plan = Plan.objects.filter(authority=authority).order_by("-created_at").first() if authority else None
        if plan is None:
            print(f"{code}: no authority or plan (load the demo with `make setup`)", file=sys.stderr)
            return 1
        for kind in [ReportKind(k) for k in (args.kind or ["board-pack"])]:
            for fmt in Format:
                best = None
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    generated = report_generate(
                        user="Benchmark", fmt=fmt, request=ReportRequest(kind, plan, meeting)
                    )
                    total = time.perf_counter() - started
                    if best is None or total < best[0]:
                        best = (total, generated)
                assert best is not None
                total, generated = best
                pages = ""
                if fmt is Format.PDF:
                    from pypdf import PdfReader

                    pages = str(len(PdfReader(io.BytesIO(generated.content)).pages))
                print(
                    f"{authority.name:<10} {kind.value:<11} {fmt.value:<6} {generated.build_seconds:>8.2f} "
                    f"{generated.render_seconds:>8.2f} {total:>8.2f} {len(generated.content):>10,}  {pages}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
