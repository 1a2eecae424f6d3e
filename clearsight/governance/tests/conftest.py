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
