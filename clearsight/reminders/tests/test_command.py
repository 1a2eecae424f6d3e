"""``clearsight send-reminders``: the ``sent N`` line, --date, --dry-run, clock changes and two
runs at once on the same database."""

from __future__ import annotations

import threading
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clearsight.cli import APP_COMMANDS
from clearsight.plans.models import Action
from clearsight.reminders.models import Notification

LONDON = ZoneInfo("Europe/London")


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("send-reminders", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_is_a_clearsight_command():
    assert "send-reminders" in APP_COMMANDS


def test_it_ends_with_the_number_of_mails_sent(owner, lead, plan):
    lines = run("--date", "2026-12-28")
    # 1.1.1 due soon to its owner; 1.1.2 (29 days late, no one signs in for its agency) overdue,
    # escalated to the lead and, with no chair set, the chair's step: all to the performance lead.
    assert lines[-1] == f"sent {len(mail.outbox)}" and len(mail.outbox) == 4
    assert run("--date", "2026-12-28")[-1] == "sent 0"


def test_a_dry_run_says_what_it_would_send_and_ends_sent_0(owner, lead, plan):
    lines = run("--date", "2026-12-28", "--dry-run")
    assert lines[-1] == "sent 0" and mail.outbox == [] and not Notification.objects.exists()
    assert "would send straight away to owner@sefton.example: Action 1.1.1 is due soon" in lines


def test_a_date_that_is_not_one_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--date", "28/12/2026")


def test_clock_changes_do_not_resend(owner, lead, plan):
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    with time_machine.travel(datetime(2026, 12, 28, 7, 0, tzinfo=LONDON), tick=False):
        assert run()[-1] == "sent 1"
        assert run()[-1] == "sent 0"
    with time_machine.travel(datetime(2026, 12, 27, 23, 59, tzinfo=LONDON), tick=False):
        assert run()[-1] == "sent 0"  # the clock went back a day: the same reminder is not resent
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=LONDON), tick=False):
        assert run()[-1] == "sent 0"  # still due (today), not yet overdue
    with time_machine.travel(datetime(2027, 1, 1, 0, 30, tzinfo=LONDON), tick=False):
        assert run()[-1] == "sent 1"  # overdue: a new reminder
    with time_machine.travel(datetime(2026, 12, 29, 12, 0, tzinfo=LONDON), tick=False):
        assert run()[-1] == "sent 0"  # back in time again: nothing twice
    assert len(mail.outbox) == 2


def test_the_day_is_londons_not_utcs(owner, lead, plan):
    """At 23:30 UTC on 23 December in summer time London is already on the next day; in winter
    it is not. Here (winter) 23:30 UTC on 23 December is still the 23rd: 8 days before 1.1.1."""
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    with time_machine.travel(datetime(2026, 12, 23, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert run()[-1] == "sent 0"
    with time_machine.travel(datetime(2026, 12, 24, 0, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert run()[-1] == "sent 1"


def test_in_summer_time_the_day_turns_at_london_midnight(owner, lead, plan):
    Action.objects.filter(plan=plan).exclude(ref="1.1.1").update(status="completed")
    Action.objects.filter(ref="1.1.1").update(due_date=datetime(2027, 6, 28).date())
    with time_machine.travel(datetime(2027, 6, 20, 22, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert run()[-1] == "sent 0"  # 23:30 in London on the 20th: 8 days before
    with time_machine.travel(datetime(2027, 6, 20, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        assert run()[-1] == "sent 1"  # 00:30 on the 21st in London (BST), still the 20th in UTC


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(owner, lead, board, plan):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("Threads cannot share SQLite's in-memory test database: run with PostgreSQL "
                    "(make test-postgres) or a file database.")
    expected = len(run("--date", "2027-01-28", "--dry-run")) - 1
    assert expected >= 4
    barrier = threading.Barrier(3)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            barrier.wait()
            results.append(run("--date", "2027-01-28"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    totals = [int(lines[-1].removeprefix("sent ")) for lines in results]
    assert sum(totals) == expected == len(mail.outbox)
    keys = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(keys) == len(set(keys))  # nobody got the same reminder twice
    assert Notification.objects.filter(status="sent").count() == expected
