"""Sessions end after inactivity and after a fixed time, whatever happens."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.audit.models import AuditEvent
from clearsight.conftest import PASSWORD, make_user
from clearsight.security.sessions import SEEN, STARTED, expired_because

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(sefton):
    user = make_user("person@sefton.example", sefton, "viewer")
    client = Client()
    assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302
    return client, user


def _age(client: Client, started: float, seen: float) -> None:
    session = client.session
    session[STARTED], session[SEEN] = time.time() - started, time.time() - seen
    session.save()


def test_an_active_session_carries_on(signed_in):
    client, _ = signed_in
    _age(client, started=60 * 60, seen=60)
    assert client.get(reverse("home")).status_code == 200


def test_thirty_minutes_idle_signs_out_and_comes_back_to_the_page(signed_in):
    client, user = signed_in
    _age(client, started=40 * 60, seen=31 * 60)
    response = client.get(reverse("my-actions"))
    assert response.status_code == 302 and response.headers["Location"].startswith(reverse("login"))
    assert "next=/my-actions/" in response.headers["Location"]
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(verb="auth.signed_out", actor=user)
    assert "inactive" in event.note
    assert "session expired" in client.get(response.headers["Location"]).content.decode()


def test_eight_hours_after_signing_in_the_session_ends_however_busy(signed_in):
    client, user = signed_in
    _age(client, started=8 * 60 * 60 + 5, seen=10)
    assert client.get(reverse("home")).status_code == 302
    assert "signed in too long" in AuditEvent.objects.get(verb="auth.signed_out", actor=user).note


def test_the_limits_come_from_settings(settings):
    settings.CLEARSIGHT_SESSION_IDLE_SECONDS = 10
    now = time.time()
    assert expired_because({STARTED: now - 20, SEEN: now - 11}, now) == "session ended: inactive"
    assert expired_because({STARTED: now - 20, SEEN: now - 9}, now) == ""
    assert expired_because({}, now) == ""
