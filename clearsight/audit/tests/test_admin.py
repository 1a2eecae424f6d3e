"""Changes made in Django admin are audited, memberships (roles) included; secrets are not copied."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.audit.models import AuditEvent
from clearsight.organisations.models import Membership

pytestmark = pytest.mark.django_db


def make_user(email, authority, role):
    # (not clearsight.conftest's: the audit app's tests must not import the plans app, even indirectly)
    from clearsight.organisations.models import Membership, User

    user = User.objects.create_user(email, "a-long-test-password", full_name=email.split("@")[0].title())
    Membership.objects.create(user=user, authority=authority, role=role)
    return user


@pytest.fixture
def admin_client(sefton):
    admin = make_user("admin@sefton.example", sefton, "administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    return client


def _user_form(user, memberships):
    data = {
        "email": user.email, "full_name": user.full_name, "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
        "memberships-TOTAL_FORMS": str(len(memberships)), "memberships-INITIAL_FORMS": str(
            sum(1 for m in memberships if m.get("id"))),
        "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, m in enumerate(memberships):
        for key, value in m.items():
            data[f"memberships-{i}-{key}"] = value
    return data


def test_giving_someone_a_role_in_admin_is_audited_with_before_and_after(admin_client, sefton, viewer):
    membership = Membership.objects.get(user=viewer)
    url = reverse("admin:organisations_user_change", args=[viewer.pk])
    response = admin_client.post(url, _user_form(viewer, [
        {"id": str(membership.pk), "user": str(viewer.pk), "authority": str(sefton.pk), "role": "lead"}]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Membership.objects.get(pk=membership.pk).role == "lead"
    event = AuditEvent.objects.get(verb="admin.changed", object_type="organisations.membership")
    assert event.before["role"] == "viewer" and event.after["role"] == "lead"
    assert event.authority == sefton and "Viewer" in event.note


def test_a_password_hash_never_reaches_the_trail(admin_client, viewer):
    url = reverse("admin:organisations_user_change", args=[viewer.pk])
    admin_client.post(url, _user_form(viewer, []) | {"full_name": "Renamed"})
    event = AuditEvent.objects.get(verb="admin.changed", object_type="organisations.user")
    assert event.after["full_name"] == "Renamed"
    assert "password" not in event.before and "password" not in event.after
    response = admin_client.post(reverse("admin:auth_user_password_change", args=[viewer.pk]),
                                 {"password1": "a brand new long password", "password2": "a brand new long password",
                                  "usable_password": "true"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.password_set")
    assert "a brand new long password" not in str(event.after) + event.note
