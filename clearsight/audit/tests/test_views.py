"""Searching and exporting the audit trail in the app: who may, what they see, and safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clearsight.audit.exports import safe_cell
from clearsight.audit.models import AuditEvent
from clearsight.audit.services import audit_download, audit_record

pytestmark = pytest.mark.django_db


def make_user(email, authority, role):
    # (not clearsight.conftest's: the audit app's tests must not import the plans app, even indirectly)
    from clearsight.organisations.models import Membership, User

    user = User.objects.create_user(email, "a-long-test-password", full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trail(sefton, wirral, lead, outsider, plan):
    audit_record(actor=lead, verb="action.update_added", obj=plan, authority=sefton, note="Sefton's own change")
    audit_record(actor=outsider, verb="action.update_added", authority=wirral, note="Wirral's change")
    audit_record(actor=lead, verb="auth.signed_in", obj=lead)
    audit_record(actor="stranger@example.com", verb="auth.sign_in_failed")
    audit_record(actor=lead, verb="release.approved", authority=sefton, note='=HYPERLINK("http://evil","x")')


def test_a_lead_searches_their_authoritys_trail_and_their_members_sign_ins(trail, lead):
    body = client_for(lead).get(reverse("audit-log")).content.decode()
    assert "Sefton&#x27;s own change" in body and "auth.signed_in" in body
    assert "Wirral&#x27;s change" not in body and "stranger@example.com" not in body


def test_staff_see_the_whole_trail(trail, sefton):
    admin = make_user("admin@sefton.example", sefton, "administrator")
    admin.is_staff = True
    admin.save()
    body = client_for(admin).get(reverse("audit-log")).content.decode()
    assert "Wirral&#x27;s change" in body and "stranger@example.com" in body


@pytest.mark.parametrize("persona", ["viewer", "manager", "owner", "board"])
def test_roles_without_the_audit_permission_are_refused(trail, persona, request):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("audit-log")).status_code == 403
    assert client_for(user).get(reverse("audit-export")).status_code == 403


def test_search_by_who_what_object_and_dates(trail, lead):
    client = client_for(lead)

    def verbs(**query):
        page = client.get(reverse("audit-log"), query)
        return [e.verb for e in page.context["page"]]

    assert verbs(what="release.") == ["release.approved"]
    # (signing the test client in is itself an auth.signed_in event, the newest)
    assert verbs(who="lead@sefton") == ["auth.signed_in", "release.approved", "auth.signed_in", "action.update_added"]
    assert verbs(about="Improvement Action Plan") == ["action.update_added"]
    today = timezone.localdate()
    assert len(verbs(since=f"{today:%d/%m/%Y}", until=f"{today:%d/%m/%Y}")) == 4
    assert verbs(until=f"{today - timedelta(days=1):%d/%m/%Y}") == []


def test_a_bad_date_is_refused_with_a_message(trail, lead):
    response = client_for(lead).get(reverse("audit-log"), {"since": "31/02/2026"})
    assert response.status_code == 400
    assert "Enter the start date like 27/3/2026" in response.content.decode()
    response = client_for(lead).get(reverse("audit-log"), {"since": "2/3/2026", "until": "1/3/2026"})
    assert "The end date must be the same as or after the start date" in response.content.decode()


def test_the_export_is_csv_with_formulas_defused_and_the_download_itself_audited(trail, lead):
    response = client_for(lead).get(reverse("audit-export"), {"who": "lead"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="clearsight-audit-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["When", "Who", "What"] and len(rows) == 5  # with the client's own sign-in
    notes = [r[-1] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in notes
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    download = AuditEvent.objects.get(verb="report.downloaded")
    assert download.actor == lead and download.after["report"] == "Audit log" and download.after["events"] == 4


@pytest.mark.parametrize(("text", "safe"), [("=1+1", "'=1+1"), ("+44", "'+44"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
                                             ("\tx", "'\tx"), ("plain", "plain"), (None, ""), (12, "12")])
def test_safe_cell(text, safe):
    assert safe_cell(text) == safe


def test_audit_download_records_who_what_and_format(lead, sefton, plan):
    event = audit_download(user=lead, authority=sefton, report="Board report", file_format="pdf", obj=plan,
                           filename="board.pdf", detail={"period": "2017-10"})
    assert event.verb == "report.downloaded" and event.actor == lead and event.authority == sefton
    assert event.object_type == "plans.plan" and event.after == {
        "report": "Board report", "format": "pdf", "filename": "board.pdf", "period": "2017-10"}


def test_the_trail_cannot_be_changed_from_the_app_or_admin(trail, sefton):
    admin = make_user("admin@sefton.example", sefton, "administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    event = AuditEvent.objects.first()
    client = client_for(admin)
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    assert client.get(change).status_code == 200  # readable
    client.post(change, {"verb": "rewritten", "note": "rewritten"})
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.verb != "rewritten" and AuditEvent.objects.filter(pk=event.pk).exists()
    with pytest.raises(PermissionError):
        event.save()
