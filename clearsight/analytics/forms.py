from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            # An empty list is no file at all: refused as required (it once loaded nothing and
            # recomputed every indicator from an empty store).
            return [single(d, initial) for d in data] if data else [single(None, initial)]
        return [single(data, initial)]


class DataUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files to load",
        help_text="SSDA903 CSV tables, a CIN census XML, an Ofsted Annex A workbook, workforce or population CSV.",
        error_messages={"required": "Choose at least one file."},
    )
    accept_issues = forms.BooleanField(
        label="Load files that break DfE rules, keeping the issues with them", required=False,
    )

    def clean_files(self) -> Any:
        files = self.cleaned_data["files"]
        for upload in files:
            if upload.size > settings.CLEARSIGHT_MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than the upload limit.")
        return files
