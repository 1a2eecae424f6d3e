from __future__ import annotations

from typing import Any

from django import forms

from clearsight.audit.selectors import AuditSearch

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"]


class AuditSearchForm(forms.Form):
    who = forms.CharField(label="Who", required=False, max_length=200,
                          help_text="Part of a name or e-mail address")
    what = forms.CharField(label="What happened", required=False, max_length=60,
                           help_text="Part of the event, for example signed_in, release. or admin.")
    about = forms.CharField(label="About", required=False, max_length=300,
                            help_text="Part of what it was about: an action ref, a measure, a user")
    since = forms.DateField(label="From", required=False, input_formats=DATE_FORMATS,
                            help_text="For example, 27/3/2026",
                            error_messages={"invalid": "Enter the start date like 27/3/2026"})
    until = forms.DateField(label="To", required=False, input_formats=DATE_FORMATS,
                            help_text="For example, 31/3/2026",
                            error_messages={"invalid": "Enter the end date like 31/3/2026"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date must be the same as or after the start date")
        return data

    def search(self) -> AuditSearch:
        data = self.cleaned_data
        return AuditSearch(who=data.get("who", "").strip(), what=data.get("what", "").strip(),
                           about=data.get("about", "").strip(), since=data.get("since"),
                           until=data.get("until"))
