"""The preferences form, in the GOV.UK style."""

from __future__ import annotations

from django import forms

from clearsight.reminders.models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How do you want your reminders?", choices=Delivery.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose straight away or a weekly digest.",
                        "invalid_choice": "Choose straight away or a weekly digest."},
    )
    reminders_on = forms.ChoiceField(
        label="Do you want reminders and measure alerts?",
        choices=[("yes", "Yes, send me reminders and alerts"),
                 ("no", "No, only send me escalations")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you want reminders and alerts.",
                        "invalid_choice": "Choose whether you want reminders and alerts."},
    )
