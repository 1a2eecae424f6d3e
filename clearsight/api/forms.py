"""The form an administrator issues an API token with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from clearsight.api.services import MAX_DAYS
from clearsight.organisations.models import Authority


class TokenIssueForm(forms.Form):
    authority = forms.TypedChoiceField(
        label="Authority", coerce=int, error_messages={"required": "Choose the authority."}
    )
    holder = forms.EmailField(
        label="E-mail address of the person it is for",
        help_text="They must already have a role in the authority. The token acts with their role.",
        error_messages={
            "required": "Enter the e-mail address of the person the token is for.",
            "invalid": "Enter an e-mail address like name@council.gov.uk.",
        },
    )
    name = forms.CharField(
        label="What is it for?",
        max_length=100,
        help_text="For example, 'Nightly warehouse feed'.",
        error_messages={"required": "Say what the token is for."},
    )
    days = forms.IntegerField(
        label="Days until it expires",
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "required": "Enter how many days the token lasts.",
            "min_value": f"A token lasts between 1 and {MAX_DAYS} days.",
            "max_value": f"A token lasts between 1 and {MAX_DAYS} days.",
            "invalid": "Enter a whole number of days, like 90.",
        },
    )

    def __init__(self, *args: Any, authorities: list[Authority], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("days", settings.CLEARSIGHT_API_TOKEN_DAYS)
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [(a.pk, a.name) for a in authorities]  # type: ignore[attr-defined]
        if len(authorities) == 1:
            self.fields["authority"].initial = authorities[0].pk
