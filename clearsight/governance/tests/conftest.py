"""Governance fixtures: a Sefton improvement board with a meeting, agenda and risk."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest


@pytest.fixture
def improvement_board(plan: Any, lead: Any) -> Any:
    from clearsight.governance import services
    from clearsight.organisations.models import Person

    board = services.board_create(user=lead, authority=plan.authority, name="Improvement Board",
                                  kind="improvement", frequency="Monthly")
    chair = Person.objects.create(authority=plan.authority, name="Ivy Independent", job_title="Independent chair")
    services.board_member_add(user=lead, board=board, person=chair, role="chair")
    return board


@pytest.fixture
def meeting(improvement_board: Any, plan: Any, lead: Any) -> Any:
    from clearsight.governance import services

    meeting = services.meeting_schedule(user=lead, board=improvement_board, on=date(2026, 10, 14), plan=plan,
                                        location="Bootle Town Hall")
    services.agenda_item_add(user=lead, meeting=meeting, title="Assessment timeliness",
                             priorities=plan.priorities.all(), actions=plan.actions.filter(ref="1.1.1"))
    return meeting


@pytest.fixture
def risk(plan: Any, lead: Any) -> Any:
    from clearsight.governance import services

    return services.risk_create(
        user=lead, authority=plan.authority, plan=plan, ref="R1", title="Social worker turnover",
        cause="High agency use", event="Caseloads rise", effect="Children wait for assessments",
        inherent=(4, 4), residual=(3, 4), on=date(2026, 9, 1), review_date=date(2026, 12, 1),
    )


@pytest.fixture
def audit_measure(plan: Any) -> Any:
    from clearsight.performance.models import Measure, MeasurePlacement

    measure = Measure.objects.create(
        authority=plan.authority, plan=plan, order=1, key="audit_assessments_good",
        name="Percentage of assessments audited that meet or exceed good (audit measure)",
        requires_improvement_text="50-64", good_text="65-79", outstanding_text="80+",
        unit="percentage", source="case_audit", period_type="quarter", frequency="quarterly",
    )
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=1)
    return measure


@pytest.fixture
def survey_measure(plan: Any) -> Any:
    from clearsight.performance.models import Measure

    return Measure.objects.create(
        authority=plan.authority, plan=plan, order=2, key="staff_survey_supervision_beneficial",
        name="Percentage of staff report that supervision is beneficial", unit="percentage", source="survey",
        period_type="financial_year", frequency="annually",
    )


@pytest.fixture
def programme(plan: Any, lead: Any, audit_measure: Any) -> Any:
    from clearsight.governance import services
    from clearsight.governance.models import AuditDomain

    services.audit_domains_ensure(plan.authority)
    AuditDomain.objects.filter(authority=plan.authority, key="assessment").update(measure=audit_measure)
    return services.audit_programme_create(
        user=lead, authority=plan.authority, plan=plan, name="Monthly case audits 2026-27",
        start=date(2026, 4, 1), end=date(2027, 3, 31), sample_size=40,
        domains=AuditDomain.objects.filter(authority=plan.authority, key__in=["assessment", "planning", "pathway_plans"]),
    )
