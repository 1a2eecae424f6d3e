"""Forms for the governance pages. Messages say what to do, in the GOV.UK style. Choices are
scoped to the plan's authority: nobody can pick another council's person, action or risk."""

from __future__ import annotations

from typing import Any

from django import forms

from clearsight.engine.risk import IMPACT_LABELS, LIKELIHOOD_LABELS
from clearsight.governance.models import AgendaItem, Board, BoardMember, Meeting, RiskControl
from clearsight.organisations.models import PartnerAgency, Person
from clearsight.plans.forms import GovDateMixin


def _people(authority_id: int) -> Any:
    return Person.objects.filter(authority_id=authority_id).order_by("name")


def _refs(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class BoardForm(forms.Form):
    name = forms.CharField(label="Board name", max_length=200, error_messages={"required": "Enter the board's name."})
    kind = forms.ChoiceField(label="Kind of board", choices=Board.Kind.choices)
    purpose = forms.CharField(label="Purpose (optional)", widget=forms.Textarea, required=False, max_length=5000)
    frequency = forms.CharField(label="How often it meets (optional)", max_length=100, required=False,
                                help_text="For example, Monthly.")
    partner_facing = forms.TypedChoiceField(
        label="Do partners or elected members see its papers?", widget=forms.RadioSelect,
        choices=[("yes", "Yes: suppress numbers under 5 in its packs"), ("no", "No: council officers only")],
        coerce=lambda v: v == "yes", initial="yes",
    )


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none(),
                                    error_messages={"required": "Choose who is joining the board."})
    role = forms.ChoiceField(label="Role on the board", choices=BoardMember.Role.choices, initial="member")
    agency = forms.ModelChoiceField(label="Agency they represent (optional)", queryset=PartnerAgency.objects.none(),
                                    required=False, empty_label="The council, or their own agency")

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(authority_id)  # type: ignore[attr-defined]
        self.fields["agency"].queryset = PartnerAgency.objects.filter(authority_id=authority_id)  # type: ignore[attr-defined]


class MeetingForm(GovDateMixin):
    date_label = "Meeting date"
    start_time = forms.TimeField(label="Start time (optional)", required=False, input_formats=["%H:%M"],
                                 help_text="24-hour clock, for example 14:00.",
                                 error_messages={"invalid": "Enter the start time like 14:00."})
    location = forms.CharField(label="Where (optional)", max_length=200, required=False)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Title of the item", max_length=300,
                            error_messages={"required": "Enter the agenda item."})
    purpose = forms.ChoiceField(label="Purpose", choices=AgendaItem.Purpose.choices, initial="discussion")
    presenter = forms.ModelChoiceField(label="Presented by (optional)", queryset=Person.objects.none(), required=False,
                                       empty_label="Not decided")
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=10_000)
    priority_codes = forms.CharField(label="Priorities it covers (optional)", required=False, max_length=500,
                                     help_text="Codes separated by commas, for example 1.1, 1.2")
    action_refs = forms.CharField(label="Actions it covers (optional)", required=False, max_length=2000,
                                  help_text="Refs separated by commas, for example 1.1.3, 1.1.5")
    risk_refs = forms.CharField(label="Risks it covers (optional)", required=False, max_length=500,
                                help_text="Refs separated by commas, for example R1, R4")
    measures = forms.ModelMultipleChoiceField(label="Measures it covers (optional)", required=False,
                                              queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        from clearsight.governance.selectors import risks_for_plan

        super().__init__(*args, **kwargs)
        self.plan = plan
        self._risks = risks_for_plan(plan)
        self.fields["presenter"].queryset = _people(plan.authority_id)  # type: ignore[attr-defined]
        self.fields["measures"].queryset = plan.measures.order_by("order")  # type: ignore[attr-defined]

    def _lookup(self, field: str, queryset: Any, attr: str, what: str) -> list[Any]:
        wanted = _refs(self.cleaned_data.get(field, ""))
        found = {getattr(obj, attr): obj for obj in queryset.filter(**{f"{attr}__in": wanted})}
        missing = [ref for ref in wanted if ref not in found]
        if missing:
            self.add_error(field, f"This plan has no {what} {', '.join(missing)}. Check the refs and try again.")
        return [found[ref] for ref in wanted if ref in found]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["priorities"] = self._lookup("priority_codes", self.plan.priorities.all(), "code", "priority")
        cleaned["actions"] = self._lookup("action_refs", self.plan.actions.all(), "ref", "action")
        cleaned["risks"] = self._lookup("risk_refs", self._risks, "ref", "open risk")
        return cleaned


class MinutesForm(forms.Form):
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea, max_length=100_000,
                              error_messages={"required": "Enter the minutes."})
    status = forms.ChoiceField(label="The meeting", choices=Meeting.Status.choices, initial="held",
                               widget=forms.RadioSelect)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(GovDateMixin):
    date_label = "Due date"
    date_required = False  # unless the decision becomes an action (checked in clean)
    text = forms.CharField(label="Decision", widget=forms.Textarea, max_length=10_000,
                           error_messages={"required": "Enter the decision."})
    agenda_item = forms.ModelChoiceField(label="Agenda item (optional)", queryset=AgendaItem.objects.none(),
                                         required=False, empty_label="Not tied to one item")
    owner = forms.ModelChoiceField(label="Owner (optional)", queryset=Person.objects.none(), required=False,
                                   empty_label="No owner")
    priority = forms.ModelChoiceField(
        label="Make it an action in the plan under (optional)", queryset=None, required=False,
        empty_label="Do not make an action",
        help_text="An action needs an owner and a due date. It then shows in the owner's 'My actions'.",
    )

    def __init__(self, *args: Any, plan: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = _people(plan.authority_id)  # type: ignore[attr-defined]
        self.fields["priority"].queryset = plan.priorities.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("priority") and not (cleaned.get("owner") and cleaned.get("on")):
            self.add_error("priority", "An action needs an owner and a due date: choose both, or do not make an action.")
        return cleaned


LIKELIHOOD = [(str(n), f"{n} – {label}") for n, label in LIKELIHOOD_LABELS.items()]
IMPACT = [(str(n), f"{n} – {label}") for n, label in IMPACT_LABELS.items()]


class ScoresForm(forms.Form):
    inherent_likelihood = forms.TypedChoiceField(label="Inherent likelihood (before controls)", choices=LIKELIHOOD,
                                                 coerce=int)
    inherent_impact = forms.TypedChoiceField(label="Inherent impact (before controls)", choices=IMPACT, coerce=int)
    residual_likelihood = forms.TypedChoiceField(label="Residual likelihood (with controls)", choices=LIKELIHOOD,
                                                 coerce=int)
    residual_impact = forms.TypedChoiceField(label="Residual impact (with controls)", choices=IMPACT, coerce=int)


class RiskForm(GovDateMixin, ScoresForm):
    date_label = "Review date"

    ref = forms.CharField(label="Reference", max_length=20, help_text="For example R7.",
                          error_messages={"required": "Enter the risk's reference."})
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a short title."})
    cause = forms.CharField(label="Cause: because of…", widget=forms.Textarea, max_length=5000,
                            error_messages={"required": "Describe the cause."})
    event = forms.CharField(label="Event: there is a risk that…", widget=forms.Textarea, max_length=5000,
                            error_messages={"required": "Describe what might happen."})
    effect = forms.CharField(label="Effect: which would lead to…", widget=forms.Textarea, max_length=5000,
                             error_messages={"required": "Describe the effect."})
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False,
                                   empty_label="No owner yet")
    priority = forms.ModelChoiceField(label="Priority (optional)", queryset=None, required=False,
                                      empty_label="The whole plan")

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(plan.authority_id)  # type: ignore[attr-defined]
        self.fields["priority"].queryset = plan.priorities.all()  # type: ignore[attr-defined]


class AssessForm(GovDateMixin, ScoresForm):
    date_label = "Next review date"

    note = forms.CharField(label="What has changed?", widget=forms.Textarea, max_length=5000,
                           error_messages={"required": "Say what has changed since the last assessment."})
    version = forms.IntegerField(widget=forms.HiddenInput)


class ControlForm(forms.Form):
    text = forms.CharField(label="Control", widget=forms.Textarea, max_length=5000,
                           error_messages={"required": "Describe the control."})
    effectiveness = forms.ChoiceField(label="How effective is it?", choices=RiskControl.Effectiveness.choices,
                                      initial="not_known")


class LinkActionsForm(forms.Form):
    action_refs = forms.CharField(label="Plan actions that mitigate this risk", required=False, max_length=2000,
                                  help_text="Refs separated by commas, for example 1.1.3, 2.4. Leave empty to unlink all.")

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_action_refs(self) -> list[Any]:
        wanted = _refs(self.cleaned_data.get("action_refs", ""))
        found = {a.ref: a for a in self.plan.actions.filter(ref__in=wanted)}
        missing = [ref for ref in wanted if ref not in found]
        if missing:
            raise forms.ValidationError(f"This plan has no action {', '.join(missing)}.")
        return [found[ref] for ref in wanted]


class CloseRiskForm(forms.Form):
    reason = forms.CharField(label="Why is the risk being closed?", widget=forms.Textarea, max_length=5000,
                             error_messages={"required": "Say why the risk is being closed."})
