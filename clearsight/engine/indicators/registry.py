"""Every indicator, by id, in the order reports list them."""

from __future__ import annotations

from clearsight.engine.indicators import (
    assessments,
    care_leavers,
    child_protection,
    counts,
    looked_after,
    referrals,
    visits,
    workforce,
)
from clearsight.engine.indicators.model import Registry

REGISTRY = Registry()
REGISTRY.add(
    *referrals.INDICATORS,
    *assessments.INDICATORS,
    *child_protection.INDICATORS,
    *looked_after.INDICATORS,
    *care_leavers.INDICATORS,
    *visits.INDICATORS,
    *workforce.INDICATORS,
    *counts.INDICATORS,
)

# Prepared tables: name -> (the SQL that creates it, the prepared tables it reads).
HELPERS: dict[str, tuple[str, tuple[str, ...]]] = dict(looked_after.HELPERS)
