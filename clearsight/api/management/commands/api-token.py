"""clearsight api-token issue|list|revoke: personal API tokens, from the server's command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clearsight.api.exceptions import TokenError
from clearsight.api.models import ApiToken
from clearsight.api.services import api_token_issue, api_token_revoke
from clearsight.organisations.models import User
from clearsight.organisations.selectors import authority_by_code


class Command(BaseCommand):
    help = "Issue, list or revoke personal API tokens (audited as the system)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        issue = sub.add_parser("issue", help="Issue a token and print it (once).")
        issue.add_argument("--user", required=True, help="The holder's e-mail address.")
        issue.add_argument(
            "--authority", required=True, help="ONS code or DfE number of an authority they have a role in."
        )
        issue.add_argument("--name", required=True, help="What it is for, e.g. 'Nightly warehouse feed'.")
        issue.add_argument("--days", type=int, default=None, help="Days until it expires (default 90).")
        listing = sub.add_parser(
            "list", help="List tokens: prefix, holder, purpose, expiry, last use, state."
        )
        listing.add_argument("--authority", help="Only this authority (ONS code or DfE number).")
        revoke = sub.add_parser("revoke", help="Revoke a token by the prefix shown in the list.")
        revoke.add_argument("prefix", help="The token's first characters, e.g. cs_AbC123x.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _authority(self, code: str) -> Any:
        authority = authority_by_code(code)
        if authority is None:
            raise CommandError(f"No authority has the code {code!r}.")
        return authority

    def _issue(self, options: dict[str, Any]) -> None:
        authority = self._authority(options["authority"])
        holder = User.objects.filter(email__iexact=options["user"]).first()
        if holder is None:
            raise CommandError(f"Nobody with the e-mail address {options['user']!r} can sign in.")
        try:
            issued = api_token_issue(
                user=None, holder=holder, authority=authority, name=options["name"], days=options["days"]
            )
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Issued to {holder.email} in {authority.name}, expires "
            f"{issued.token.expires_at:%-d %B %Y}. It is shown once; keep it safe:"
        )
        self.stdout.write(issued.secret)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user", "authority").order_by("-created_at")
        if options.get("authority"):
            tokens = tokens.filter(authority=self._authority(options["authority"]))
        for t in tokens:
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            self.stdout.write(
                f"{t.prefix}…  {t.state:<8} {t.user.email:<32} {t.authority.name:<16} "
                f"expires {t.expires_at:%Y-%m-%d}  last used {used}  {t.name}"
            )
        self.stdout.write(f"{tokens.count()} token(s).")

    def _revoke(self, options: dict[str, Any]) -> None:
        matches = list(ApiToken.objects.filter(prefix__startswith=options["prefix"][:10]))
        if len(options["prefix"]) < 6 or len(matches) != 1:
            raise CommandError(
                f"{len(matches)} tokens start with {options['prefix']!r}; give a prefix that "
                "names exactly one (see 'clearsight api-token list')."
            )
        try:
            token = api_token_revoke(user=None, token=matches[0])
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Revoked {token.prefix}… ({token.name}, {token.user.email})."))
