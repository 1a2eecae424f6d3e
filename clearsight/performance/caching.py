"""Cache the costly part of figure pages (the dashboard, the scorecard, a measure's page) until the
figures change.

A page's content depends on the plan or measure, which releases the reader may see (provisional or
published only), whether small counts are withheld from them, the filters, the day (grades against
a previous period, staleness) and the figures. The figures' part of the key is the authority's
``FiguresVersion`` token, which every service that writes measures, figures or releases replaces in
the same transaction; pages that show benchmark lines add the ``BenchmarksVersion`` token, which
the benchmark imports replace. So a cached fragment is served only while the figures it was built
from are still the figures: one or two small queries per request instead of rebuilding charts,
control limits and grades.

What stays live, outside the cached fragment: anything about the reader (forms, permissions to
enter figures) and anything written without a token change (comments).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from clearsight.core.caching import cached_fragment
from clearsight.core.suppression import suppress_for
from clearsight.performance import selectors


def figures_fragment(name: str, *, user: Any, authority_id: int, parts: tuple[Any, ...],
                     build: Callable[[], str]) -> SafeString:
    """The HTML ``build()`` makes for this reader's view of an authority's figures, cached per
    figures token. ``parts`` is everything else the HTML depends on (ids, filters, other tokens)."""
    return cached_fragment(name, (
        parts, selectors.figures_token(authority_id),
        selectors.visible_statuses(user, authority_id), suppress_for(user, authority_id),
        timezone.localdate().isoformat(),
    ), build)


def figures_page(name: str, *, user: Any, plan: Any, options: Mapping[str, str],
                 build: Callable[[], str]) -> SafeString:
    """A plan-wide figures page (dashboard, scorecard) for this reader, with these filters."""
    return figures_fragment(name, user=user, authority_id=plan.authority_id,
                            parts=(plan.pk, sorted(options.items())), build=build)
