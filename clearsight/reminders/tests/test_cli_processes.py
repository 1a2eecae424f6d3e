"""The real console script, as cron runs it: two ``clearsight send-reminders`` processes at once
on one SQLite file, each reminder printed (console e-mail backend) exactly once, ``sent N`` last."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SETUP = """
from datetime import date
from clearsight.organisations.models import Authority, Membership, Person, User
from clearsight.plans.models import Action, ActionLead, Plan, Priority
sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
lead = User.objects.create_user("lead@sefton.example", "x" * 16)
Membership.objects.create(user=lead, authority=sefton, role="lead")
plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan")
priority = Priority.objects.create(plan=plan, order=1, code="1", kind="recommendation", title="Practice")
for n in range(1, 7):
    owner = User.objects.create_user(f"owner{n}@sefton.example", "x" * 16)
    Membership.objects.create(user=owner, authority=sefton, role="owner")
    person = Person.objects.create(authority=sefton, name=f"Owner {n}", user=owner)
    action = Action.objects.create(plan=plan, priority=priority, order=n, ref=f"1.{n}", text="Do it",
                                   due_kind="day", due_date=date(2026, 12, n))
    ActionLead.objects.create(action=action, order=1, person=person)
"""


def clearsight(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    script = Path(sys.executable).with_name("clearsight")
    return subprocess.Popen([str(script), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_cron_runs_at_once_print_each_mail_once(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clearsight.config.settings.dev",
           "CLEARSIGHT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend", "CLEARSIGHT_LOG_LEVEL": "ERROR"}
    for args in (("migrate", "--no-input", "-v", "0"), ("shell", "-c", SETUP)):
        done = clearsight(env, *args)
        out, err = done.communicate(timeout=300)
        assert done.returncode == 0, err
    runs = [clearsight(env, "send-reminders", "--date", "2026-12-04") for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    totals = [int(out.rstrip().splitlines()[-1].removeprefix("sent ")) for out, _ in outputs]
    mails = [line for out, _ in outputs for line in out.splitlines() if line.startswith("To: ")]
    # 1.1-1.3 overdue, 1.4 due today, 1.5-1.6 due soon: six owners, one mail each.
    assert sum(totals) == 6 == len(mails) == len(set(mails))
    again = clearsight(env, "send-reminders", "--date", "2026-12-04")
    out, _ = again.communicate(timeout=300)
    assert out.rstrip().splitlines()[-1] == "sent 0"
