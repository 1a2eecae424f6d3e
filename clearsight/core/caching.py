"""Cached page fragments: HTML built once and served until what it was built from changes.

A caller names the fragment and passes everything its HTML depends on (``parts``): ids, filters,
the reader's view, the day, and the change tokens of the data it shows (``FiguresVersion``,
``BenchmarksVersion``, ``PlanVersion``), read from the database on every request. Writers replace
a token in the transaction that changes the data, so a stale fragment is never served: a new token
is a new key. ``CLEARSIGHT_FIGURES_CACHE_SECONDS`` only bounds how long an unused entry is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe


def cached_fragment(name: str, parts: tuple[Any, ...], build: Callable[[], str]) -> SafeString:
    """The HTML ``build()`` makes, cached under ``name`` and ``parts``."""
    key = "clearsight:fragment:" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = str(build())
        cache.set(key, html, settings.CLEARSIGHT_FIGURES_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own templates' output
