"""Small-number suppression, one rule for every page: counts from 1 to CLEARSIGHT_SUPPRESS_BELOW - 1
are shown as "fewer than N" to people who see published figures only (board members, partners,
scrutiny members). Zero is shown: it discloses no one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def small_number() -> int:
    """``CLEARSIGHT_SUPPRESS_BELOW`` (5 by default; docs/configuration.md)."""
    from django.conf import settings

    return int(getattr(settings, "CLEARSIGHT_SUPPRESS_BELOW", 5))


def suppressed(count: Decimal | float | int | None, suppress: bool) -> str | None:
    """'fewer than 5' for a small count when suppression applies, else None."""
    below = small_number()
    if suppress and count is not None and 0 < float(count) < below:
        return f"fewer than {below}"
    return None


def figure_withheld(value: Decimal | float | None, numerator: Decimal | float | None,
                    denominator: Decimal | float | None, *, is_count: bool) -> str | None:
    """Why a figure must be withheld from people who see published figures only, or None.

    A count from 1 to N - 1 is withheld ('fewer than 5'); so is a share, rate or average whose
    numerator or denominator is one, because with the other count it would give the small one away."""
    if is_count:
        return suppressed(value, True)
    return suppressed(numerator, True) or suppressed(denominator, True)


def suppress_for(user: Any, authority_id: int) -> bool:
    """Whether figures shown to ``user`` in this authority must have small numbers suppressed:
    those who may not see provisional figures are outside the council's performance team."""
    from clearsight.organisations.roles import Permission
    from clearsight.organisations.selectors import can

    return not can(user, authority_id, Permission.VIEW_PROVISIONAL)
