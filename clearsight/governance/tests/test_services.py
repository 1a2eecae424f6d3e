"""Boards, meetings, decisions and risks: what the services write, refuse and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from clearsight.audit.models import AuditEvent
from clearsight.governance import selectors, services
from clearsight.governance.exceptions import GovernanceConflict, GovernanceError, WrongAuthority
from clearsight.governance.models import Board, Risk


def test_a_lead_creates_a_board_and_it_is_audited(improvement_board, lead):
    assert improvement_board.members.get().role == "chair"
    verbs = list(AuditEvent.objects.filter(actor=lead).values_list("verb", flat=True))
    assert "board.created" in verbs and "board.member_added" in verbs


@pytest.mark.parametrize("persona", ["viewer", "owner", "manager", "board", "outsider"])
def test_only_the_performance_team_runs_boards(request, persona, plan):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.board_create(user=user, authority=plan.authority, name="SMT")
    assert not Board.objects.exists()


def test_a_board_name_is_unique_in_the_authority(improvement_board, lead):
    with pytest.raises(GovernanceError, match="already has a board"):
        services.board_create(user=lead, authority=improvement_board.authority, name="improvement board")


def test_previous_and_next_meetings_skip_cancelled_ones(improvement_board, lead):
    first = services.meeting_schedule(user=lead, board=improvement_board, on=date(2026, 9, 9))
    cancelled = services.meeting_schedule(user=lead, board=improvement_board, on=date(2026, 10, 7))
    services.meeting_status_set(user=lead, meeting=cancelled, status="cancelled")
    third = services.meeting_schedule(user=lead, board=improvement_board, on=date(2026, 11, 4))
    assert selectors.previous_meeting(improvement_board, date(2026, 11, 4)) == first
    assert selectors.next_meeting(improvement_board, date(2026, 10, 1)) == third
    assert selectors.previous_meeting(improvement_board, date(2026, 9, 9)) is None
    assert list(selectors.meetings_for(board=improvement_board, start=date(2026, 10, 1))) == [cancelled, third]


def test_agenda_items_link_to_the_plan_and_number_themselves(meeting, lead, plan, risk):
    item = services.agenda_item_add(user=lead, meeting=meeting, title="Risk register", risks=[risk])
    assert item.order == 2
    first = selectors.agenda_of(meeting).first()
    assert [a.ref for a in first.actions.all()] == ["1.1.1"]
    assert [p.code for p in first.priorities.all()] == ["1.1"]


def test_an_agenda_item_cannot_link_to_another_authoritys_risk(meeting, lead, wirral, outsider):
    other = services.risk_create(user=outsider, authority=wirral, ref="R1", title="t", cause="c", event="e",
                                 effect="f", inherent=(2, 2), residual=(1, 1), on=date(2026, 1, 1))
    with pytest.raises(WrongAuthority):
        services.agenda_item_add(user=lead, meeting=meeting, title="Theirs", risks=[other])
    assert meeting.agenda_items.count() == 1


def test_minutes_are_recorded_once_per_version(meeting, lead):
    services.meeting_minutes_record(user=lead, meeting=meeting, minutes="Agreed the plan.", expected_version=1)
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.version == 2
    with pytest.raises(GovernanceConflict):
        services.meeting_minutes_record(user=lead, meeting=meeting, minutes="Stale edit", expected_version=1)
    meeting.refresh_from_db()
    assert meeting.minutes == "Agreed the plan."


def test_a_decision_becomes_a_plan_action_with_its_owner(meeting, lead, plan):
    from clearsight.organisations.models import Person

    owner = Person.objects.get(name="Vicky Buchanan")
    decision = services.decision_record(
        user=lead, meeting=meeting, text="Report agency use monthly to the board", owner=owner,
        due_date=date(2026, 12, 31), priority=plan.priorities.get(code="1.1"),
    )
    action = decision.action
    assert action.ref == "1.1.4" and action.plan == plan and action.due_date == date(2026, 12, 31)
    assert [lead_.person for lead_ in action.leads.all()] == [owner]
    assert AuditEvent.objects.filter(verb="action.created", object_id=str(action.pk)).exists()


def test_a_decision_to_act_needs_an_owner_and_due_date(meeting, lead, plan):
    with pytest.raises(GovernanceError, match="owner and a due date"):
        services.decision_record(user=lead, meeting=meeting, text="Do it", priority=plan.priorities.first())
    assert not plan.actions.filter(ref="1.1.4").exists()


def test_a_risk_starts_its_history_and_reassessment_sets_the_trend(risk, lead):
    assert risk.residual.score == 12 and risk.inherent.score == 16
    services.risk_assess(user=lead, risk=risk, inherent=(4, 4), residual=(2, 4), on=date(2026, 11, 1),
                         expected_version=1, note="Recruitment drive working")
    risk.refresh_from_db()
    assert risk.residual.score == 8 and risk.version == 2
    history = [a.residual_score for a in risk.assessments.all()]
    assert history == [12, 8]
    from clearsight.engine.risk import Trend
    from clearsight.governance.presenters import risk_row

    assert risk_row(risk, date(2026, 11, 2)).trend is Trend.FALLING
    assert AuditEvent.objects.filter(verb="risk.assessed", object_id=str(risk.pk)).get().after["residual_likelihood"] == 2


def test_a_stale_reassessment_is_refused(risk, lead):
    services.risk_assess(user=lead, risk=risk, inherent=(4, 4), residual=(2, 4), on=date(2026, 11, 1),
                         expected_version=1)
    with pytest.raises(GovernanceConflict):
        services.risk_assess(user=lead, risk=risk, inherent=(4, 4), residual=(5, 5), on=date(2026, 11, 2),
                             expected_version=1)


@pytest.mark.parametrize("bad", [(0, 3), (6, 1), (3, 9)])
def test_scores_outside_the_matrix_are_refused_and_nothing_saved(lead, plan, bad):
    with pytest.raises(GovernanceError, match="1 to 5"):
        services.risk_create(user=lead, authority=plan.authority, ref="R9", title="t", cause="c", event="e",
                             effect="f", inherent=bad, residual=(1, 1), on=date(2026, 1, 1))
    assert not Risk.objects.exists()


def test_risks_for_plan_include_the_departmental_register_but_not_closed_or_other_authorities(
    risk, lead, plan, outsider, wirral
):
    departmental = services.risk_create(user=lead, authority=plan.authority, ref="D1", title="Budget", cause="c",
                                        event="e", effect="f", inherent=(3, 3), residual=(2, 3), on=date(2026, 1, 1))
    closed = services.risk_create(user=lead, authority=plan.authority, plan=plan, ref="R2", title="Old", cause="c",
                                  event="e", effect="f", inherent=(3, 3), residual=(2, 3), on=date(2026, 1, 1))
    services.risk_close(user=lead, risk=closed, reason="Mitigated")
    services.risk_create(user=outsider, authority=wirral, ref="W1", title="Theirs", cause="c", event="e",
                         effect="f", inherent=(3, 3), residual=(2, 3), on=date(2026, 1, 1))
    assert list(selectors.risks_for_plan(plan)) == [departmental, risk]


def test_mitigating_actions_are_linked_from_the_plan(risk, lead, plan):
    services.risk_actions_link(user=lead, risk=risk, actions=plan.actions.filter(ref__in=["1.1.1", "1.1.2"]))
    assert sorted(a.ref for a in risk.mitigating_actions.all()) == ["1.1.1", "1.1.2"]
    services.risk_control_add(user=lead, risk=risk, text="Weekly caseload panel", effectiveness="partly")
    assert risk.controls.get().order == 1


def test_the_register_lists_risks_in_reference_order_as_people_read_it(lead, plan):
    for ref in ("R10", "r2", "R1", "R2a"):
        services.risk_create(user=lead, authority=plan.authority, plan=plan, ref=ref, title=ref, cause="c", event="e",
                             effect="f", inherent=(3, 3), residual=(2, 3), on=date(2026, 1, 1))
    assert [r.ref for r in selectors.risk_register(plan)] == ["R1", "r2", "R2a", "R10"]
