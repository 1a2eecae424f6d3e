from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from clearsight.audit.models import AuditEvent
from clearsight.plans import services
from clearsight.plans.exceptions import DueDateError, EditConflict, SprintError
from clearsight.plans.models import Action, ActionUpdate, SprintCarryOver

TODAY = date(2026, 11, 24)


def add_update(user, action, **kwargs):
    defaults = {"commentary": "Training booked", "on": TODAY, "expected_version": action.version}
    return services.action_update_add(user=user, action=action, **{**defaults, **kwargs})


def test_an_owner_adds_an_update_to_an_action_they_lead(owner, plan):
    action = plan.actions.get(ref="1.1.1")
    update = add_update(owner, action, status="in_progress", evidence_url="https://intranet.example/a")
    action.refresh_from_db()
    assert (update.commentary, update.on, update.author, update.status_to) == (
        "Training booked", TODAY, owner, "in_progress")
    assert action.status == "in_progress" and action.version == 2


def test_adding_an_update_records_who_and_what_changed(owner, plan):
    action = plan.actions.get(ref="1.1.1")
    add_update(owner, action, status="in_progress")
    event = AuditEvent.objects.get(verb="action.update_added")
    assert event.actor == owner and event.authority == plan.authority
    assert ("status", "not_started", "in_progress") in event.changes()
    assert ("version", 1, 2) in event.changes()


def test_an_owner_cannot_update_an_action_they_do_not_lead(owner, plan):
    with pytest.raises(PermissionDenied):
        add_update(owner, plan.actions.get(ref="1.1.2"))


def test_a_partner_updates_the_actions_their_agency_leads(board, plan):
    add_update(board, plan.actions.get(ref="1.1.2"))
    with pytest.raises(PermissionDenied):
        add_update(board, plan.actions.get(ref="1.1.1"))


def test_a_manager_can_update_any_action(manager, plan):
    add_update(manager, plan.actions.get(ref="1.1.1"))
    assert ActionUpdate.objects.count() == 1


@pytest.mark.parametrize("persona", ["viewer", "outsider"])
def test_viewers_and_other_authorities_cannot_update(persona, plan, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        add_update(user, plan.actions.get(ref="1.1.1"))
    assert ActionUpdate.objects.count() == 0


def test_the_second_of_two_editors_is_told_of_the_conflict_and_nothing_is_lost(owner, manager, plan):
    opened_by_owner = plan.actions.get(ref="1.1.1")
    opened_by_manager = plan.actions.get(ref="1.1.1")
    add_update(manager, opened_by_manager, commentary="First", status="blocked")
    with pytest.raises(EditConflict, match="changed by someone else"):
        add_update(owner, opened_by_owner, commentary="Second", status="completed",
                   expected_version=opened_by_owner.version)
    action = Action.objects.get(ref="1.1.1")
    assert action.status == "blocked"
    assert list(action.updates.values_list("commentary", flat=True)) == ["First"]
    assert AuditEvent.objects.filter(verb="action.update_added").count() == 1


def test_changing_the_due_date_keeps_the_original_and_the_reason(lead, plan):
    action = plan.actions.get(ref="1.1.1")
    services.action_due_date_change(user=lead, action=action, new_due_text="March 2027",
                                    reason="Trainer unavailable", on=TODAY, expected_version=1)
    services.action_due_date_change(user=lead, action=action, new_due_text="30/04/2027",
                                    reason="Board agreed", on=TODAY, expected_version=2)
    action.refresh_from_db()
    assert (action.due_text, action.due_kind, action.due_date) == ("30/04/2027", "day", date(2027, 4, 30))
    assert action.original_due_text == "31/12/2026"
    assert list(action.due_changes.values_list("from_text", "to_text", "reason")) == [
        ("31/12/2026", "March 2027", "Trainer unavailable"), ("March 2027", "30/04/2027", "Board agreed")]


@pytest.mark.parametrize(("text", "reason"), [("Dec 202017", "Slipped"), ("next week", "Slipped"), ("March 2027", " ")])
def test_a_due_date_change_needs_a_real_date_and_a_reason(lead, plan, text, reason):
    action = plan.actions.get(ref="1.1.1")
    with pytest.raises(DueDateError):
        services.action_due_date_change(user=lead, action=action, new_due_text=text, reason=reason,
                                        on=TODAY, expected_version=1)
    action.refresh_from_db()
    assert action.due_text == "31/12/2026" and action.due_changes.count() == 0


def test_only_people_who_edit_the_plan_change_due_dates(owner, plan):
    with pytest.raises(PermissionDenied):
        services.action_due_date_change(user=owner, action=plan.actions.get(ref="1.1.1"),
                                        new_due_text="March 2027", reason="x", on=TODAY, expected_version=1)


def test_a_rag_override_needs_a_reason(lead, plan):
    action = plan.actions.get(ref="1.1.1")
    with pytest.raises(DueDateError):
        services.action_rag_override_set(user=lead, action=action, rag="green", reason="", expected_version=1)
    services.action_rag_override_set(user=lead, action=action, rag="green", reason="Board agreed", expected_version=1)
    action.refresh_from_db()
    assert (action.rag_override, action.rag_override_reason) == ("green", "Board agreed")


def test_the_database_refuses_an_override_without_a_reason(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(ref="1.1.1").update(rag_override="red")


def test_closing_a_sprint_carries_unfinished_actions_to_the_next(lead, plan):
    sprint_one = plan.sprints.get(number=1)
    next_sprint, carried = services.sprint_close(user=lead, sprint=sprint_one)
    assert next_sprint.number == 2 and [a.ref for a in carried] == ["1.1.2"]
    carried_action = Action.objects.get(ref="1.1.2")
    assert carried_action.sprint == next_sprint
    assert carried_action.planned_sprint == sprint_one
    assert carried_action.carried_over == 1
    assert carried_action.due_text == "Sprint 2" and carried_action.original_due_text == "Sprint 1"
    assert Action.objects.get(ref="1.1.3").sprint == sprint_one  # completed: stays
    assert SprintCarryOver.objects.filter(action=carried_action, from_sprint=sprint_one).exists()
    sprint_one.refresh_from_db()
    assert sprint_one.is_closed and sprint_one.closed_by == lead


def test_carrying_twice_counts_twice_and_creates_the_next_sprint(lead, plan):
    services.sprint_close(user=lead, sprint=plan.sprints.get(number=1))
    sprint_three, _ = services.sprint_close(user=lead, sprint=plan.sprints.get(number=2))
    action = Action.objects.get(ref="1.1.2")
    assert action.carried_over == 2 and action.sprint == sprint_three
    assert sprint_three.start_date == date(2027, 2, 22)  # 12 weeks after Sprint 2 began
    assert action.planned_sprint.number == 1


def test_a_closed_sprint_cannot_be_closed_again(lead, plan):
    sprint_one = plan.sprints.get(number=1)
    services.sprint_close(user=lead, sprint=sprint_one)
    with pytest.raises(SprintError):
        services.sprint_close(user=lead, sprint=sprint_one)


def test_only_people_who_manage_sprints_close_them(owner, plan):
    with pytest.raises(PermissionDenied):
        services.sprint_close(user=owner, sprint=plan.sprints.get(number=1))
    assert not plan.sprints.get(number=1).is_closed


def test_setting_a_start_date_dates_the_later_undated_sprints(lead, plan):
    plan.sprints.update(start_date=None)
    services.sprint_start_set(user=lead, sprint=plan.sprints.get(number=1), start=date(2017, 6, 5))
    assert plan.sprints.get(number=2).start_date == date(2017, 8, 28)


def test_the_audit_log_cannot_be_rewritten_by_the_app_or_the_database(owner, plan):
    add_update(owner, plan.actions.get(ref="1.1.1"))
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    for sql in ("UPDATE audit_auditevent SET verb = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get().verb == "action.update_added"
