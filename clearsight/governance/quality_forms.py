"""Forms for quality assurance, surveys, evidence and the self-evaluation."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings

from clearsight.engine.audits import GRADE_ORDER, Grade
from clearsight.engine.periods import Period
from clearsight.governance.models import AuditDomain, AuditFinding, AuditProgramme
from clearsight.governance.models.quality import PSEUDONYM
from clearsight.organisations.models import OrgUnit, Person
from clearsight.plans.forms import GovDateMixin, gov_date_fields, read_gov_date

GRADES = [(g.value, g.label) for g in GRADE_ORDER]
NOT_APPLICABLE = "n/a"


class ProgrammeForm(GovDateMixin):
    date_label = "Start date"
    name = forms.CharField(label="Programme name", max_length=200,
                           error_messages={"required": "Enter the programme's name."})
    kind = forms.ChoiceField(label="Kind", choices=AuditProgramme.Kind.choices)
    theme = forms.CharField(label="Theme (optional)", max_length=200, required=False,
                            help_text="For example, Neglect, or Pathway plans.")
    sample_size = forms.IntegerField(label="Cases to audit", min_value=0, max_value=10_000, initial=0,
                                     error_messages={"required": "Enter how many cases will be audited."})
    auditors = forms.ModelMultipleChoiceField(label="Auditors", queryset=Person.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    domains = forms.ModelMultipleChoiceField(label="Domains to grade (none chosen: all active domains)",
                                             queryset=AuditDomain.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(gov_date_fields("end"))
        self.fields["auditors"].queryset = Person.objects.filter(authority_id=authority_id)  # type: ignore[attr-defined]
        self.fields["domains"].queryset = AuditDomain.objects.filter(  # type: ignore[attr-defined]
            authority_id=authority_id, is_active=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["end"] = read_gov_date(self, "end", "end date")
        if cleaned.get("on") and cleaned.get("end") and cleaned["end"] < cleaned["on"]:
            self.add_error("end_day", "The end date must be on or after the start date.")
        return cleaned


class CaseAuditForm(GovDateMixin):
    """The audit form: the child's pseudonym, a grade (or n/a) for each domain the programme
    grades, the overall judgement, and findings, one per line."""

    date_label = "Date of the audit"
    child = forms.CharField(label="Child's pseudonymised ID", max_length=20,
                            help_text="As Clearsight shows it, like C-1A2B3C4D5E. Never a name or case number.",
                            error_messages={"required": "Enter the child's pseudonymised ID."})
    auditor = forms.ModelChoiceField(label="Auditor", queryset=Person.objects.none(), required=False,
                                     empty_label="Choose the auditor")
    team = forms.ModelChoiceField(label="Team holding the case (optional)", queryset=OrgUnit.objects.none(),
                                  required=False, empty_label="Not recorded")
    overall = forms.ChoiceField(label="Overall grade", choices=GRADES, widget=forms.RadioSelect, required=False)
    summary = forms.CharField(label="Summary (optional)", widget=forms.Textarea, required=False, max_length=10_000,
                              help_text="Do not write names or anything else that could identify the child.")
    strengths = forms.CharField(label="Strengths, one per line (optional)", widget=forms.Textarea, required=False,
                                max_length=10_000)
    developments = forms.CharField(label="Areas for development, one per line (optional)", widget=forms.Textarea,
                                   required=False, max_length=10_000)
    complete = forms.TypedChoiceField(
        label="Is the audit finished?", widget=forms.RadioSelect, coerce=lambda v: v == "yes", initial="yes",
        choices=[("yes", "Yes: it counts towards the audit measures"), ("no", "No: save it as in progress")],
    )

    def __init__(self, *args: Any, programme: AuditProgramme, domains: list[AuditDomain], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domains = domains
        self.programme = programme
        self.fields["auditor"].queryset = (programme.auditors.all()  # type: ignore[attr-defined]
                                           or Person.objects.filter(authority_id=programme.authority_id))
        self.fields["team"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            authority_id=programme.authority_id, kind="team")
        for domain in domains:
            self.fields[f"grade_{domain.key}"] = forms.ChoiceField(
                label=domain.name, choices=[("", "Choose a grade"), *GRADES, (NOT_APPLICABLE, "Not applicable")],
                help_text=domain.guidance, error_messages={"required": f"Grade {domain.name.lower()}, or choose Not applicable."},
            )

    @property
    def grade_fields(self) -> list[Any]:
        return [self[f"grade_{d.key}"] for d in self.domains]

    def clean_child(self) -> str:
        child: str = self.cleaned_data["child"].strip().upper()
        PSEUDONYM(child)
        return child

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        on = cleaned.get("on")
        if on and not self.programme.start <= on <= self.programme.end:
            self.add_error("on_day", f"The audit date must be within the programme, "
                                     f"{self.programme.start:%-d %B %Y} to {self.programme.end:%-d %B %Y}.")
        cleaned["grades"] = {
            d.key: (None if cleaned.get(f"grade_{d.key}") in (None, "", NOT_APPLICABLE) else Grade(cleaned[f"grade_{d.key}"]))
            for d in self.domains
        }
        cleaned["overall_grade"] = Grade(cleaned["overall"]) if cleaned.get("overall") else None
        return cleaned


class FindingActionForm(GovDateMixin):
    date_label = "Due date"
    priority = forms.ModelChoiceField(label="Priority", queryset=None, error_messages={
        "required": "Choose the priority the action belongs to."})
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(),
                                   error_messages={"required": "Choose who owns the action."})
    finding = forms.ModelChoiceField(label="Finding", queryset=AuditFinding.objects.none(), widget=forms.RadioSelect,
                                     error_messages={"required": "Choose the finding."})

    def __init__(self, *args: Any, plan: Any, audit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.all()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = Person.objects.filter(authority_id=plan.authority_id)  # type: ignore[attr-defined]
        self.fields["finding"].queryset = audit.findings.filter(action__isnull=True)  # type: ignore[attr-defined]


class AuditMeasuresForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter", error_messages={"required": "Choose the quarter."})

    def __init__(self, *args: Any, quarters: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(q.end.isoformat(), q.label) for q in reversed(quarters)]  # type: ignore[attr-defined]

    def clean_quarter(self) -> date:
        return date.fromisoformat(self.cleaned_data["quarter"])


class SurveyForm(GovDateMixin):
    date_label = "A date in the period the survey covers"
    measure = forms.ModelChoiceField(label="Survey measure", queryset=None,
                                     error_messages={"required": "Choose the measure the survey feeds."})
    survey = forms.CharField(label="Survey", max_length=200, help_text="For example, Annual staff supervision survey.",
                             error_messages={"required": "Enter the survey's name."})
    question = forms.CharField(label="Question (optional)", max_length=1000, required=False)
    respondents = forms.IntegerField(label="People who answered", min_value=1, max_value=1_000_000,
                                     error_messages={"required": "Enter how many people answered.",
                                                     "min_value": "At least one person must have answered."})
    positive = forms.IntegerField(label="Answers the measure counts", min_value=0, max_value=1_000_000,
                                  help_text="For example, staff who said supervision benefits them.",
                                  error_messages={"required": "Enter how many gave that answer."})
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args: Any, measures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("positive") is not None and cleaned.get("respondents") is not None \
                and cleaned["positive"] > cleaned["respondents"]:
            self.add_error("positive", "There cannot be more of these answers than people who answered.")
        return cleaned


class EvidenceForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter a title."})
    description = forms.CharField(label="What it shows (optional)", widget=forms.Textarea, required=False,
                                  max_length=5000)
    file = forms.FileField(label="File (optional)", required=False,
                           help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG, CSV or text, up to "
                                     f"{settings.CLEARSIGHT_MAX_UPLOAD_BYTES // 1_048_576} MB.")
    url = forms.URLField(label="Or a link (optional)", required=False, max_length=500, assume_scheme="https",
                         error_messages={"invalid": "Enter a full web address, like https://intranet.example/report"})
    priorities = forms.ModelMultipleChoiceField(label="Priorities", queryset=None, required=False,
                                                widget=forms.CheckboxSelectMultiple)
    criteria = forms.ModelMultipleChoiceField(label="Success criteria", queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    measures = forms.ModelMultipleChoiceField(label="Measures", queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        from clearsight.plans.models import SuccessCriterion

        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = plan.priorities.all()  # type: ignore[attr-defined]
        self.fields["criteria"].queryset = SuccessCriterion.objects.filter(  # type: ignore[attr-defined]
            priority__plan=plan).select_related("priority")
        self.fields["measures"].queryset = plan.measures.order_by("order")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("file")) == bool(cleaned.get("url")):
            self.add_error("file", "Choose a file or enter a link (one, not both).")
        return cleaned


class DomainForm(forms.Form):
    key = forms.SlugField(label="Id", max_length=60, help_text="Lower case and underscores, e.g. voice_of_the_child. "
                          "An existing id changes that domain.", error_messages={"required": "Enter the domain's id.",
                                                                                 "invalid": "Use letters, numbers and underscores only."})
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the domain's name."})
    guidance = forms.CharField(label="What good looks like (optional)", widget=forms.Textarea, required=False,
                               max_length=5000)
    order = forms.IntegerField(label="Position on the audit form", min_value=0, max_value=999, required=False)
    measure = forms.ModelChoiceField(label="Audit measure it feeds (optional)", queryset=None, required=False,
                                     empty_label="None")
    is_active = forms.TypedChoiceField(label="In use?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                                       choices=[("yes", "Yes"), ("no", "No: retire it (past grades are kept)")],
                                       initial="yes")

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = plan.measures.filter(source="case_audit").order_by("order")  # type: ignore[attr-defined]
