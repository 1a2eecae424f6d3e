"""Quality assurance: case audits refused or recorded whole, audit measures computed from
hand-made audits into the performance framework (traceably), surveys feeding survey measures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from clearsight.audit.models import AuditEvent
from clearsight.engine.audits import Grade
from clearsight.governance import services
from clearsight.governance.exceptions import GovernanceError
from clearsight.governance.models import AuditMeasureFigure, CaseAudit, SurveyResult
from clearsight.governance.services.quality import AuditRejected, FindingInput
from clearsight.performance.models import MeasureValue

GD, OS, RI, IN = Grade.GOOD, Grade.OUTSTANDING, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def audit(user, programme, n, on, assessment, planning=GD, pathway=None, overall=GD, complete=True):
    return services.case_audit_record(
        user=user, programme=programme, child=f"C-{n:010X}", audited_on=on, overall=overall, complete=complete,
        grades={"assessment": assessment, "planning": planning, "pathway_plans": pathway},
    )


def test_audit_measures_come_from_the_grades_into_the_quarters_draft_release(lead, programme, audit_measure):
    # Q1 2026-27: assessment graded GD, OS, RI, IN, GD → 3 of 5; one n/a-free in-progress audit ignored;
    # one audit in Q2 ignored.
    made = [audit(lead, programme, n, date(2026, 4 + n % 3, 10), g) for n, g in enumerate([GD, OS, RI, IN, GD], 1)]
    audit(lead, programme, 9, date(2026, 5, 1), OS, complete=False, overall=None)
    audit(lead, programme, 10, date(2026, 7, 1), IN)
    outcomes = services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 6, 30))
    assessment = next(o for o in outcomes if o.domain.key == "assessment")
    value = assessment.value
    assert (value.numerator, value.denominator, value.value) == (Decimal(3), Decimal(5), Decimal("60.0000"))
    assert (value.period_type, value.period_start, value.period_end) == ("quarter", date(2026, 4, 1), date(2026, 6, 30))
    assert value.release.status == "draft" and value.release.period_start == date(2026, 6, 1)
    assert "5 completed case audits" in value.commentary
    trace = AuditMeasureFigure.objects.get(value=value)
    assert sorted(a.pk for a in trace.audits.all()) == sorted(a.pk for a in made)
    assert AuditEvent.objects.filter(verb="value.recorded", object_id=str(audit_measure.pk)).exists()


def test_recording_again_replaces_the_figure_while_the_release_is_a_draft(lead, programme):
    audit(lead, programme, 1, date(2026, 4, 10), GD)
    services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 5, 1))
    audit(lead, programme, 2, date(2026, 4, 11), IN)
    services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 5, 1))
    value = MeasureValue.objects.get()
    assert (value.numerator, value.denominator) == (Decimal(1), Decimal(2))
    assert AuditMeasureFigure.objects.get().audits.count() == 2


def test_a_quarter_with_no_graded_audits_records_nothing(lead, programme):
    outcomes = services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 6, 30))
    assert all(o.value is None for o in outcomes) and not MeasureValue.objects.exists()


def test_a_locked_release_refuses_new_audit_figures(lead, programme, audit_measure):
    from clearsight.performance.exceptions import ReleaseLocked
    from clearsight.performance.models import DataRelease

    audit(lead, programme, 1, date(2026, 4, 10), GD)
    services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 6, 30))
    DataRelease.objects.update(status="submitted")
    with pytest.raises(ReleaseLocked):
        services.audit_measures_record(user=lead, authority=programme.authority, on=date(2026, 6, 30))


def test_a_case_audit_names_the_child_only_by_pseudonym(lead, programme):
    with pytest.raises(AuditRejected) as refused:
        services.case_audit_record(user=lead, programme=programme, child="Jane Smith 123456", audited_on=date(2026, 5, 1),
                                   grades={"assessment": GD}, overall=GD)
    assert "pseudonymised ID" in refused.value.errors["child"]
    assert not CaseAudit.objects.exists()


def test_a_case_audit_is_refused_whole_with_each_problem(lead, programme):
    with pytest.raises(AuditRejected) as refused:
        services.case_audit_record(
            user=lead, programme=programme, child="c-00000000ab", audited_on=date(2025, 1, 1),
            grades={"assessment": GD, "placement_quality": GD}, overall=None,
            findings=[FindingInput("development", "x", "voice_of_the_child")],
        )
    assert set(refused.value.errors) == {"audited_on", "grades", "overall", "finding_1"}
    assert "1 April 2026 to 31 March 2027" in refused.value.errors["audited_on"]
    assert not CaseAudit.objects.exists()


def test_the_pseudonym_is_normalised_and_grades_and_findings_kept(lead, programme):
    made = services.case_audit_record(
        user=lead, programme=programme, child=" c-00000000ab ", audited_on=date(2026, 5, 1),
        grades={"assessment": GD, "planning": RI, "pathway_plans": None}, overall=GD,
        findings=[FindingInput("strength", "Clear analysis"), FindingInput("development", "Plan not SMART", "planning")],
    )
    assert made.child == "C-00000000AB"
    assert {g.domain.key: g.grade for g in made.grades.all()} == {
        "assessment": "good", "planning": "requires_improvement", "pathway_plans": ""}
    assert [f.kind for f in made.findings.all()] == ["strength", "development"]


@pytest.mark.parametrize("persona", ["viewer", "owner", "board", "outsider"])
def test_only_auditors_record_case_audits(request, persona, programme):
    with pytest.raises(PermissionDenied):
        audit(request.getfixturevalue(persona), programme, 1, date(2026, 5, 1), GD)


def test_a_manager_may_audit_but_not_publish_audit_measures(manager, programme):
    audit(manager, programme, 1, date(2026, 5, 1), GD)
    with pytest.raises(PermissionDenied):
        services.audit_measures_record(user=manager, authority=programme.authority, on=date(2026, 5, 1))


def test_a_finding_becomes_a_plan_action(lead, programme, plan):
    from clearsight.organisations.models import Person

    made = services.case_audit_record(
        user=lead, programme=programme, child="C-00000000AB", audited_on=date(2026, 5, 1), grades={}, overall=RI,
        findings=[FindingInput("development", "Chronologies are out of date")])
    finding = made.findings.get()
    action = services.audit_finding_to_action(user=lead, finding=finding, priority=plan.priorities.get(),
                                              owner=Person.objects.get(name="Vicky Buchanan"), due=date(2026, 9, 30))
    assert action.text == "Chronologies are out of date" and action.plan == plan
    with pytest.raises(GovernanceError, match="already an action"):
        services.audit_finding_to_action(user=lead, finding=finding, priority=plan.priorities.get(),
                                         owner=Person.objects.get(name="Vicky Buchanan"), due=date(2026, 9, 30))


def test_a_survey_result_feeds_its_survey_measure(lead, survey_measure):
    from clearsight.engine.periods import financial_year

    result = services.survey_result_record(user=lead, measure=survey_measure, period=financial_year(2026),
                                           survey="Annual staff supervision survey", respondents=120, positive=93)
    assert result.value.value == Decimal("77.5000") and result.value.release.status == "draft"
    assert (result.period_start, result.period_end) == (date(2026, 4, 1), date(2027, 3, 31))


def test_a_survey_result_is_refused_for_a_non_survey_measure_or_bad_counts(lead, audit_measure, survey_measure):
    from clearsight.engine.periods import financial_year, quarter_containing

    with pytest.raises(GovernanceError, match="not a survey measure"):
        services.survey_result_record(user=lead, measure=audit_measure, period=quarter_containing(date(2026, 5, 1)),
                                      survey="S", respondents=10, positive=5)
    with pytest.raises(GovernanceError, match="between 0 and the 10"):
        services.survey_result_record(user=lead, measure=survey_measure, period=financial_year(2026),
                                      survey="S", respondents=10, positive=11)
    assert not SurveyResult.objects.exists() and not MeasureValue.objects.exists()
