"""Template helpers for forms."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def field_named(form: forms.Form, name: str) -> Any:
    """``{{ form|field_named:"end_day" }}``: the bound field of that name (for includes that are
    given a field name, such as the date input)."""
    return form[name]
