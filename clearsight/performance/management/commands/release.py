"""clearsight release submit|approve|return|publish|correct|show --authority CODE --period 2017-10"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.engine.periods import PeriodError, parse_period
from clearsight.organisations.models import User
from clearsight.organisations.selectors import authority_by_code
from clearsight.performance import services
from clearsight.performance.exceptions import PerformanceError
from clearsight.performance.models import DataRelease
from clearsight.performance.services import release_month_for


class Command(BaseCommand):
    help = "Take a month's data release through submit, approve and publish, correct it, or show it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=["submit", "approve", "return", "publish", "correct", "show"])
        parser.add_argument("--authority", required=True, help="ONS code or DfE number.")
        parser.add_argument("--period", required=True, help="The release month, e.g. 2017-10 or 'October 2017'.")
        parser.add_argument("--release-version", dest="release_version", type=int,
                            help="Which version of the release (default: the newest).")
        parser.add_argument("--as", dest="as_user", help="The e-mail of the person doing it (needed to change anything).")
        parser.add_argument("--reason", default="", help="Why (for return and correct).")
        parser.add_argument("--json", action="store_true", help="Print the release as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        authority = authority_by_code(options["authority"])
        if authority is None:
            raise CommandError(f"No authority has the code {options['authority']!r}.")
        try:
            period = release_month_for(parse_period(options["period"]))
        except PeriodError as error:
            raise CommandError(str(error)) from None
        releases = DataRelease.objects.filter(authority=authority, period_type=period.type.value,
                                              period_start=period.start).order_by("-version")
        if options["release_version"]:
            releases = releases.filter(version=options["release_version"])
        release = releases.first()
        if release is None:
            raise CommandError(f"{authority.name} has no {period.label} release.")
        step = options["step"]
        if step != "show":
            user = User.objects.filter(email__iexact=options["as_user"] or "").first()
            if user is None:
                raise CommandError("Say who is doing this with --as EMAIL (a user with the right role).")
            service = {
                "submit": services.release_submit, "approve": services.release_approve,
                "publish": services.release_publish, "return": services.release_return,
                "correct": services.release_correct,
            }[step]
            kwargs: dict[str, Any] = {"user": user, "release": release}
            if step in ("return", "correct"):
                kwargs["reason"] = options["reason"]
            try:
                release = service(**kwargs)
            except PermissionDenied:
                raise CommandError(f"{user.email} does not have permission to {step} releases for {authority.name}.") from None
            except PerformanceError as error:
                raise CommandError(str(error)) from None
        self._show(release, options["json"])

    def _show(self, release: DataRelease, as_json: bool) -> None:
        data = {
            "authority": release.authority.ons_code, "period": release.period.key, "label": release.period.label,
            "version": release.version, "status": release.status, "values": release.values.count(),
            "submitted_by": release.submitted_by.email if release.submitted_by else None,
            "approved_by": release.approved_by.email if release.approved_by else None,
            "approved_at": release.approved_at.isoformat() if release.approved_at else None,
            "fingerprint": release.fingerprint or None, "watermark": services.release_watermark(release),
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2))
            return
        for key, value in data.items():
            self.stdout.write(f"{key.replace('_', ' ').capitalize():<14} {value if value is not None else '–'}")
