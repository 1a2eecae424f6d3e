from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from clearsight.core.suppression import suppressed

register = template.Library()


@register.filter
def count_or_small(value: Any, suppress: bool) -> str:
    """``{{ v.numerator|count_or_small:board_view }}``: the count, or 'fewer than 5' when suppressed."""
    if value is None:
        return "–"
    return suppressed(value, bool(suppress)) or floatformat(value, "-2")
