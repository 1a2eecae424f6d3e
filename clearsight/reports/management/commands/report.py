"""clearsight report board-pack|scrutiny|partner|young-people --authority CODE --date YYYY-MM-DD
--format pdf|docx|xlsx -o FILE"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.engine.reports.document import Format, ReportKind
from clearsight.organisations.models import PartnerAgency, User
from clearsight.organisations.selectors import authority_by_code
from clearsight.plans.models import Plan
from clearsight.reports.builders import ReportRequest
from clearsight.reports.exceptions import ReportError
from clearsight.reports.services import report_generate


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2018-03-20.") from None


class Command(BaseCommand):
    help = "Make a board pack, scrutiny report, partner report or the children and young people's plan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[k.value for k in ReportKind])
        parser.add_argument(
            "--authority", required=True, help="ONS code or DfE number, e.g. E08000015 or 344."
        )
        parser.add_argument("--date", required=True, help="The meeting date, YYYY-MM-DD.")
        parser.add_argument("--format", required=True, choices=[f.value for f in Format])
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument(
            "--release",
            help="The data release month (YYYY-MM) to draw figures from "
            "(default: the newest month ending before the meeting).",
        )
        parser.add_argument(
            "--since",
            help="The last board's date, YYYY-MM-DD, for 'what changed' "
            "(default: the meeting calendar, else the previous release).",
        )
        parser.add_argument("--agency", help="For a partner report: the agency's name (or the start of it).")
        parser.add_argument(
            "--as",
            dest="as_user",
            help="Make it as this user (their access applies); default: the performance team.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        authority = authority_by_code(options["authority"])
        if authority is None:
            raise CommandError(f"No authority has the code {options['authority']!r}.")
        plan = (
            Plan.objects.filter(authority=authority)
            .select_related("authority")
            .order_by("-created_at")
            .first()
        )
        if plan is None:
            raise CommandError(f"{authority.name} has no plan. Import one with 'clearsight import-plan'.")
        kind, fmt = ReportKind(options["kind"]), Format(options["format"])
        user = None
        if options["as_user"]:
            user = User.objects.filter(email__iexact=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user has the e-mail {options['as_user']!r}.")
        request = ReportRequest(
            kind=kind,
            plan=plan,
            meeting_date=_day(options["date"]),
            user=user,
            release_id=self._release(authority, options["release"]),
            since=_day(options["since"]) if options["since"] else None,
            agency_id=self._agency(authority, options["agency"]) if kind is ReportKind.PARTNER else None,
        )
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"The folder {output.parent} does not exist.")

        def progress(text: str, step: int, steps: int) -> None:
            counter = f"[{step}/{steps}] " if steps else ""
            self.stderr.write(f"  {counter}{text}")
            sys.stderr.flush()

        try:
            generated = report_generate(
                user=user or "Command line", request=request, fmt=fmt, progress=progress
            )
        except (ReportError, PermissionDenied) as error:
            raise CommandError(str(error)) from None
        output.write_bytes(generated.content)
        pages = self._pages(generated.content, fmt)
        self.stdout.write(
            f"Wrote {output} ({len(generated.content):,} bytes{pages}): {generated.report.title}, "
            f"{authority.name}, meeting {request.meeting_date:%d %b %Y}; built in {generated.build_seconds:.1f} s, "
            f"drawn in {generated.render_seconds:.1f} s, {time.perf_counter() - started:.1f} s in all. "
            f"Watermark: {generated.report.watermark}"
        )

    @staticmethod
    def _release(authority: Any, text: str | None) -> int | None:
        if not text:
            return None
        from clearsight.engine.periods import PeriodError, parse_period
        from clearsight.performance.models import DataRelease

        try:
            period = parse_period(text)
        except PeriodError as error:
            raise CommandError(str(error)) from None
        release = (
            DataRelease.objects.filter(authority=authority, period_start=period.start)
            .exclude(status="superseded")
            .order_by("-version")
            .first()
        )
        if release is None:
            raise CommandError(f"{authority.name} has no {period.label} release.")
        return int(release.pk)

    @staticmethod
    def _agency(authority: Any, name: str | None) -> int:
        if not name:
            raise CommandError("Say which agency the partner report is for with --agency NAME.")
        matches = list(PartnerAgency.objects.filter(authority=authority, name__istartswith=name.strip()))
        if len(matches) != 1:
            known = ", ".join(
                PartnerAgency.objects.filter(authority=authority).values_list("name", flat=True)
            )
            raise CommandError(
                f"{'No' if not matches else 'More than one'} agency in {authority.name} matches "
                f"{name!r}. Agencies: {known or 'none'}."
            )
        return int(matches[0].pk)

    @staticmethod
    def _pages(content: bytes, fmt: Format) -> str:
        if fmt is not Format.PDF:
            return ""
        import io

        try:
            from pypdf import PdfReader  # a development dependency: the page count is a nicety
        except ImportError:
            return ""

        return f", {len(PdfReader(io.BytesIO(content)).pages)} pages"
