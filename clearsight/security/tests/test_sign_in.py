"""Signing in: lockout after repeated failures, the message people see, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clearsight.audit.models import AuditEvent
from clearsight.conftest import PASSWORD, make_user
from clearsight.security import lockout
from clearsight.security.models import SignInFailure

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def person(sefton):
    return make_user("person@sefton.example", sefton, "viewer")


def test_a_correct_password_signs_in_and_is_audited(person):
    response = sign_in(Client(), person.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == reverse("home")
    event = AuditEvent.objects.get(verb="auth.signed_in")
    assert event.actor == person and "10.0.0.1" in event.note


def test_a_wrong_password_is_refused_counted_and_audited_without_the_password(person):
    response = sign_in(Client(), person.email, "not-the-password-at-all")
    assert response.status_code == 200 and "Enter a correct e-mail address and password" in response.content.decode()
    event = AuditEvent.objects.get(verb="auth.sign_in_failed")
    assert event.actor_name == person.email and event.actor is None
    assert "not-the-password-at-all" not in f"{event.note}{event.before}{event.after}"
    assert SignInFailure.objects.filter(email=person.email).count() == 1


def test_five_wrong_passwords_lock_the_account_with_a_clear_message_even_for_the_right_password(person):
    client = Client()
    for attempt in range(4):
        body = sign_in(client, person.email, f"wrong-{attempt}").content.decode()
        assert "too many failed attempts" not in body
    body = sign_in(client, person.email, "wrong-5").content.decode()
    assert "too many failed attempts to sign in to this account" in body and "15 minutes" in body
    assert AuditEvent.objects.filter(verb="auth.locked_out").count() == 1
    # Now even the right password is refused, without being checked, and not counted again.
    response = sign_in(client, person.email, PASSWORD)
    assert response.status_code == 200 and "too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SignInFailure.objects.filter(email=person.email).count() == 5
    assert AuditEvent.objects.filter(verb="auth.sign_in_refused").count() == 1


def test_the_lock_ends_when_the_failures_are_15_minutes_old(person):
    for attempt in range(5):
        sign_in(Client(), person.email, f"wrong-{attempt}")
    assert lockout.lockout_for(email=person.email, ip="") is not None
    SignInFailure.objects.update(at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert lockout.lockout_for(email=person.email, ip="") is None
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302


def test_signing_in_clears_the_accounts_failures(person):
    for attempt in range(4):
        sign_in(Client(), person.email, f"wrong-{attempt}")
    assert sign_in(Client(), person.email, PASSWORD).status_code == 302
    assert not SignInFailure.objects.filter(email=person.email).exists()
    assert "too many" not in sign_in(Client(), person.email, "wrong-again").content.decode()


def test_one_address_guessing_many_accounts_is_locked_out(sefton, settings):
    settings.CLEARSIGHT_LOCKOUT_IP_FAILURES = 6
    for n in range(6):
        sign_in(Client(), f"guess{n}@sefton.example", "password123456", ip="203.0.113.9")
    victim = make_user("victim@sefton.example", sefton, "viewer")
    body = sign_in(Client(), victim.email, PASSWORD, ip="203.0.113.9").content.decode()
    assert "too many failed attempts to sign in from your network address" in body
    assert sign_in(Client(), victim.email, PASSWORD, ip="198.51.100.1").status_code == 302


def test_the_lock_applies_to_django_admins_sign_in_form_too(sefton):
    admin = make_user("admin@sefton.example", sefton, "administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    for attempt in range(5):
        client.post(reverse("admin:login"), {"username": admin.email, "password": f"wrong-{attempt}"})
    client.post(reverse("admin:login"), {"username": admin.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_signing_out_is_audited(person):
    client = Client()
    client.force_login(person)
    assert client.post(reverse("logout")).status_code == 302
    assert AuditEvent.objects.filter(verb="auth.signed_out", actor=person).exists()


def test_the_sign_in_form_needs_a_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, person.email, PASSWORD).status_code == 403
