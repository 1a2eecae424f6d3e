from __future__ import annotations

from typing import Any

from django import forms

from clearsight.engine.periods import PeriodError, parse_period
from clearsight.engine.values import read_number


class ValueForm(forms.Form):
    unit = forms.ChoiceField(label="For", required=False, choices=[("", "The whole council")])
    period = forms.CharField(
        label="Period", max_length=30,
        help_text="For example 2017-10 or October 2017 (a month), 2017-18-Q2 (a quarter), 2017-18 (a year).",
        error_messages={"required": "Enter the period the figure is for."},
    )
    numerator = forms.CharField(label="Numerator (optional)", required=False, max_length=20,
                                help_text="For a percentage: how many met the standard.")
    denominator = forms.CharField(label="Denominator (optional)", required=False, max_length=20,
                                  help_text="For a percentage: how many there were in all.")
    value = forms.CharField(label="Value", required=False, max_length=20,
                            help_text="Leave blank to work it out from the numerator and denominator.")
    commentary = forms.CharField(label="Commentary (optional)", required=False, widget=forms.Textarea,
                                 max_length=5_000)
    # When the page was opened: a figure someone else saved after this is not silently overwritten.
    loaded_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, org_units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.org_units = {str(u.pk): u for u in org_units}
        self.fields["unit"].choices = [("", "The whole council")] + [
            (str(u.pk), f"{u.parent.name}: {u.name}" if u.parent_id else u.name) for u in org_units
        ]

    def clean_loaded_at(self) -> Any:
        from datetime import datetime

        try:
            loaded = datetime.fromisoformat(self.cleaned_data.get("loaded_at") or "")
        except ValueError:
            return None
        return loaded if loaded.tzinfo is not None else None

    def clean_unit(self) -> Any:
        return self.org_units.get(self.cleaned_data.get("unit") or "")

    def clean_period(self) -> Any:
        try:
            return parse_period(self.cleaned_data["period"])
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def _number(self, name: str) -> Any:
        try:
            return read_number(self.cleaned_data.get(name))
        except ValueError:
            raise forms.ValidationError(f"Enter the {name} as a number, like 36 or 85.5.") from None

    def clean_numerator(self) -> Any:
        return self._number("numerator")

    def clean_denominator(self) -> Any:
        return self._number("denominator")

    def clean_value(self) -> Any:
        return self._number("value")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea, max_length=5_000,
                             error_messages={"required": "Give the reason."})


class CommentForm(forms.Form):
    text = forms.CharField(label="Add a comment", widget=forms.Textarea, max_length=5_000,
                           error_messages={"required": "Enter your comment."})
    period_key = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file of figures",
        help_text="A .csv or .xlsx file with the columns measure, period, and value or numerator and denominator.",
        error_messages={"required": "Choose a file to upload."},
    )

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.CLEARSIGHT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is too large.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload
