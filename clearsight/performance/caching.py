"""Cache the costly part of figure pages (the dashboard, the scorecard) until the figures change.

A page's content depends on the plan, which releases the reader may see (provisional or published
only), the filters, the day (grades against a previous period, staleness) and the figures. The
figures' part of the key is the authority's ``FiguresVersion`` token, which every service that
writes measures, figures or releases replaces in the same transaction. So a cached page can be
served only while the figures it was built from are still the figures — one small query per request
instead of rebuilding charts and grades for every measure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from clearsight.performance import selectors


def figures_page(name: str, *, user: Any, plan: Any, options: Mapping[str, str],
                 build: Callable[[], str]) -> SafeString:
    """The HTML ``build()`` makes for this reader's view of the plan's figures, cached per figures token."""
    key_parts = (
        name, plan.pk, selectors.figures_token(plan.authority_id),
        selectors.visible_statuses(user, plan.authority_id), sorted(options.items()),
        timezone.localdate().isoformat(),
    )
    key = "clearsight:figures-page:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(build())
        cache.set(key, html, settings.CLEARSIGHT_FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output
