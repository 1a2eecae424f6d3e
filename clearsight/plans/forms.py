"""Forms for the plan pages. Validation messages say what to do, in the GOV.UK style."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from clearsight.engine.plandates import DateKind, read_plan_date
from clearsight.plans.models import Action

STATUS_CHOICES = [("", "Keep the current status")] + [
    (value, label) for value, label in Action.Status.choices
]


def gov_date_fields(name: str) -> dict[str, forms.Field]:
    """The day, month and year boxes of a GOV.UK date input, as ``<name>_day`` … fields."""
    return {
        f"{name}_day": forms.IntegerField(required=False, min_value=1, max_value=31),
        f"{name}_month": forms.IntegerField(required=False, min_value=1, max_value=12),
        f"{name}_year": forms.IntegerField(required=False, min_value=1990, max_value=2100),
    }


def read_gov_date(form: forms.Form, name: str, label: str, *, required: bool = True) -> date | None:
    """The date in ``<name>_day/_month/_year`` of a cleaned form, or None with an error on the day box
    (none when all three are empty and the date is optional)."""
    data = form.cleaned_data
    parts = [data.get(f"{name}_day"), data.get(f"{name}_month"), data.get(f"{name}_year")]
    if not required and all(p is None for p in parts) and not form.has_error(f"{name}_day"):
        return None
    if any(p is None for p in parts):
        if not any(form.has_error(f"{name}_{box}") for box in ("day", "month", "year")):
            form.add_error(f"{name}_day", f"Enter the {label.lower()} as day, month and year, like 27 3 2026.")
        return None
    day, month, year = (int(p) for p in parts)  # type: ignore[arg-type]
    try:
        return date(year, month, day)
    except ValueError:
        form.add_error(f"{name}_day", f"The {label.lower()} must be a real date.")
        return None


class GovDateMixin(forms.Form):
    """A GOV.UK date input: day, month and year boxes combined into ``cleaned_data['on']``
    (None when ``date_required`` is False and all three are left empty)."""

    on_day, on_month, on_year = gov_date_fields("on").values()

    date_label = "Date"
    date_required = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["on"] = read_gov_date(self, "on", self.date_label, required=self.date_required)
        if cleaned["on"] is None and self.date_required:
            cleaned.pop("on")
        return cleaned


class ActionUpdateForm(GovDateMixin):
    date_label = "Date of the update"

    commentary = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea,
        max_length=10_000,
        error_messages={"required": "Enter the progress update."},
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)
    evidence_url = forms.URLField(
        label="Link to evidence (optional)", required=False, max_length=500, assume_scheme="https",
        help_text="For example a link to the audit report or minutes on your intranet.",
        error_messages={"invalid": "Enter a full web address, like https://intranet.example/report.pdf"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DueDateForm(forms.Form):
    new_due = forms.CharField(
        label="New due date",
        max_length=100,
        help_text="A date like 31/03/2027, a month like March 2027, a sprint like Sprint 3, or Ongoing.",
        error_messages={"required": "Enter the new due date."},
    )
    reason = forms.CharField(
        label="Why is the due date changing?", widget=forms.Textarea, max_length=5_000,
        error_messages={"required": "Say why the due date is changing."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_new_due(self) -> str:
        value: str = self.cleaned_data["new_due"].strip()
        parsed = read_plan_date(value)
        if parsed.kind not in (DateKind.DAY, DateKind.MONTH, DateKind.SPRINT, DateKind.ONGOING):
            raise forms.ValidationError(
                f"'{value}' is not a due date. Enter a date like 31/03/2027, a month like March 2027, "
                "a sprint like Sprint 3, or Ongoing."
            )
        return value


class RagOverrideForm(forms.Form):
    rag = forms.ChoiceField(
        label="RAG rating",
        widget=forms.RadioSelect,
        choices=[("", "Use the rule")] + list(Action.Rag.choices),
        required=False,
    )
    reason = forms.CharField(
        label="Why are you overriding the rule?", widget=forms.Textarea, required=False, max_length=5_000
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("rag") and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why you are overriding the RAG rating.")
        return cleaned


class SprintStartForm(GovDateMixin):
    date_label = "Start date"
