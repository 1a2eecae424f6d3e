"""The next improvement board meeting and its chair, from governance, drive two reminder steps."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from clearsight.conftest import make_user
from clearsight.governance.models import Board, BoardMember, Meeting
from clearsight.organisations.models import Person
from clearsight.plans.models import Action, ActionUpdate
from clearsight.reminders.boards import board_chairs, next_board_date
from clearsight.reminders.services import reminders_send


@pytest.fixture
def board_of(sefton):
    return Board.objects.create(authority=sefton, name="Improvement Board", kind=Board.Kind.IMPROVEMENT)


@pytest.fixture
def only_111(plan):
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    Action.objects.filter(ref="1.1.1").update(due_date=date(2027, 6, 30))  # not due for months
    return plan


def test_the_next_board_is_the_improvement_boards_next_meeting_that_is_not_cancelled(plan, board_of, sefton):
    other = Board.objects.create(authority=sefton, name="Scrutiny", kind=Board.Kind.SCRUTINY)
    Meeting.objects.create(board=other, date=date(2027, 1, 5))
    Meeting.objects.create(board=board_of, date=date(2027, 1, 7), status=Meeting.Status.CANCELLED)
    Meeting.objects.create(board=board_of, date=date(2026, 12, 1))  # past
    Meeting.objects.create(board=board_of, date=date(2027, 1, 14), plan=plan)
    Meeting.objects.create(board=board_of, date=date(2027, 2, 11))
    assert next_board_date(plan, date(2027, 1, 1)) == date(2027, 1, 14)
    assert next_board_date(plan, date(2027, 1, 15)) == date(2027, 2, 11)
    assert next_board_date(plan, date(2027, 3, 1)) is None


def test_owners_are_asked_for_an_update_before_the_board_once(owner, lead, only_111, board_of):
    Meeting.objects.create(board=board_of, date=date(2027, 1, 14))
    assert reminders_send(today=date(2026, 12, 30)).sent == 0  # 15 days before: too early
    assert reminders_send(today=date(2026, 12, 31)).sent == 1
    (message,) = mail.outbox
    assert message.subject == "Action 1.1.1 needs an update before the board (Sefton)"
    assert "The board meets on 14 January 2027: add a progress update before then." in message.body
    assert reminders_send(today=date(2027, 1, 7)).sent == 0


def test_an_action_updated_since_the_window_opened_is_not_chased(owner, lead, only_111, board_of):
    Meeting.objects.create(board=board_of, date=date(2027, 1, 14))
    ActionUpdate.objects.create(action=Action.objects.get(ref="1.1.1"), on=date(2027, 1, 2), commentary="On track")
    assert reminders_send(today=date(2027, 1, 7)).sent == 0


def test_the_boards_chair_receives_the_last_escalation(owner, lead, plan, board_of, sefton):
    chair = make_user("chair@sefton.example", sefton, "board")
    person = Person.objects.create(authority=sefton, name="Independent Chair", user=chair)
    BoardMember.objects.create(board=board_of, person=person, role=BoardMember.Role.CHAIR)
    assert board_chairs(plan) == [chair]
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    reminders_send(today=date(2027, 1, 28))
    assert [m.subject for m in mail.outbox if m.to == ["chair@sefton.example"]] == [
        "Action 1.1.1 is overdue and has been escalated to the board chair (Sefton)"]


def test_a_chair_with_no_sign_in_falls_back_to_the_policys_chair(plan, board_of, sefton, chair):
    BoardMember.objects.create(board=board_of, person=Person.objects.create(authority=sefton, name="No Login"),
                               role=BoardMember.Role.CHAIR)
    assert board_chairs(plan) == [chair]
