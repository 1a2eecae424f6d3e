"""Forms for asking for a report and editing the children and young people's version."""

from __future__ import annotations

from typing import Any

from django import forms

from clearsight.engine.reports.document import Format, ReportKind
from clearsight.plans.forms import GovDateMixin

KIND_HINTS = {
    ReportKind.BOARD_PACK: "Board pack: exceptions first, then each theme with its actions, updates and measures",
    ReportKind.SCRUTINY: "Overview and Scrutiny: published figures only, with lines of enquiry",
    ReportKind.PARTNER: "Partner report: one agency's actions and the measures it shares",
    ReportKind.YOUNG_PEOPLE: "Children and young people's version of the plan",
}
FORMAT_LABELS = {
    Format.PDF: "PDF, to print or read",
    Format.DOCX: "Word, to edit",
    Format.XLSX: "Excel: the plan, actions, updates, measures and figures as data",
}


class ReportForm(GovDateMixin):
    date_label = "Meeting date"

    kind = forms.ChoiceField(
        label="Which report",
        widget=forms.RadioSelect,
        choices=[(k.value, KIND_HINTS[k]) for k in ReportKind],
        error_messages={"required": "Choose which report you want."},
    )
    format = forms.ChoiceField(
        label="Format",
        widget=forms.RadioSelect,
        choices=[(f.value, FORMAT_LABELS[f]) for f in Format],
        error_messages={"required": "Choose a format."},
    )
    release = forms.TypedChoiceField(
        label="Figures from",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The newest release before the meeting unless you choose another.",
    )
    agency = forms.TypedChoiceField(
        label="Partner agency (partner report only)", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, releases: Any = (), agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published = {r.pk for r in releases if r.status == r.Status.PUBLISHED}
        self.fields["release"].choices = [("", "The newest release before the meeting")] + [
            (r.pk, f"{r.period.label}, version {r.version} ({r.get_status_display().lower()})")
            for r in releases
        ]
        self.fields["agency"].choices = [("", "Choose an agency")] + [(a.pk, a.name) for a in agencies]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("kind") == ReportKind.PARTNER.value
            and not cleaned.get("agency")
            and self.fields["agency"].choices[1:]
        ):
            self.add_error("agency", "Choose the partner agency the report is for.")
        if (
            cleaned.get("kind") in (ReportKind.SCRUTINY.value, ReportKind.PARTNER.value)
            and cleaned.get("release")
            and cleaned["release"] not in self.published
        ):
            self.add_error("release", "Scrutiny and partner reports use published figures only: choose a "
                                      "published release, or leave this as the newest release before the meeting.")
        return cleaned


class SectionForm(forms.Form):
    heading = forms.CharField(
        label="Heading", max_length=200, error_messages={"required": "Enter a heading for this section."}
    )
    text = forms.CharField(
        label="What we will do, in plain words",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Short sentences and everyday words. Start a line with '- ' for a bullet point.",
        error_messages={"required": "Enter the text of this section."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
