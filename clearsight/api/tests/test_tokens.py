"""Personal API tokens: only a hash is kept, they expire and can be revoked, only administrators
issue them, and each issue and revocation is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearsight.api import services
from clearsight.api.exceptions import TokenError
from clearsight.api.models import ApiToken
from clearsight.api.tests.conftest import ApiClient
from clearsight.audit.models import AuditEvent
from clearsight.conftest import PASSWORD, make_user


@pytest.fixture
def admin(sefton):
    return make_user("admin@sefton.example", sefton, "administrator")


def test_only_the_tokens_hash_is_stored_and_the_secret_is_returned_once(admin, sefton, viewer):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Warehouse feed")
    token = ApiToken.objects.get()
    assert issued.secret.startswith("cs_") and len(issued.secret) == 46
    assert token.key_hash == services.hash_token(issued.secret) and issued.secret not in str(token.__dict__)
    assert token.prefix == issued.secret[:10]
    assert (token.expires_at - timezone.now()).days in (89, 90)
    event = AuditEvent.objects.get(verb="api_token.issued")
    assert event.actor == admin and event.after["holder"] == viewer.email
    assert issued.secret not in str(event.after)


def test_a_token_acts_as_its_holder_and_notes_when_it_was_last_used(admin, sefton, viewer):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Feed")
    assert ApiClient(issued.secret).get("/api/v1/me/").json()["email"] == viewer.email
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working_at_once(admin, sefton, viewer):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Feed")
    services.api_token_revoke(user=admin, token=issued.token)
    assert ApiClient(issued.secret).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(verb="api_token.revoked", actor=admin).count() == 1
    with pytest.raises(TokenError):
        services.api_token_revoke(user=admin, token=issued.token)


def test_an_expired_token_is_refused(admin, sefton, viewer):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Feed", days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiClient(issued.secret).get("/api/v1/me/").status_code == 401


def test_a_deactivated_holders_token_is_refused(admin, sefton, viewer):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Feed")
    viewer.is_active = False
    viewer.save()
    assert ApiClient(issued.secret).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("persona", ["lead", "manager", "viewer", "outsider"])
def test_only_administrators_issue_tokens(sefton, viewer, persona, request):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.api_token_issue(user=request.getfixturevalue(persona), holder=viewer, authority=sefton, name="x")
    assert not ApiToken.objects.exists()


def test_a_token_is_only_for_someone_with_a_role_there_and_for_a_sensible_time(admin, sefton, outsider, viewer):
    with pytest.raises(TokenError, match="has no role in Sefton"):
        services.api_token_issue(user=admin, holder=outsider, authority=sefton, name="x")
    with pytest.raises(TokenError, match="between 1 and 366 days"):
        services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="x", days=400)
    with pytest.raises(TokenError, match="what the token is for"):
        services.api_token_issue(user=admin, holder=viewer, authority=sefton, name=" ")


# The administrators' pages ---------------------------------------------------------------------


def test_an_administrator_issues_a_token_on_the_page_and_sees_it_once(client, admin, viewer, sefton):
    client.login(email=admin.email, password=PASSWORD)
    page = client.post("/api-tokens/new/", {"authority": sefton.pk, "holder": viewer.email, "name": "Warehouse",
                                            "days": 30})
    assert page.status_code == 200 and "Copy the token now" in page.content.decode()
    assert "no-store" in page.headers.get("Cache-Control", "") or "max-age=0" in page.headers.get("Cache-Control", "")
    secret = page.context["issued"].secret
    assert secret in page.content.decode()
    listing = client.get("/api-tokens/").content.decode()
    assert ApiToken.objects.get().prefix in listing and secret not in listing


def test_the_issue_page_names_what_is_wrong(client, admin, sefton):
    client.login(email=admin.email, password=PASSWORD)
    page = client.post("/api-tokens/new/", {"authority": sefton.pk, "holder": "nobody@nowhere.example", "name": "",
                                            "days": 0})
    body = page.content.decode()
    assert page.status_code == 400 and "There is a problem" in body
    assert "Say what the token is for." in body and "between 1 and 366 days" in body
    assert not ApiToken.objects.exists()


def test_an_administrator_revokes_a_token_on_the_page(client, admin, viewer, sefton):
    issued = services.api_token_issue(user=admin, holder=viewer, authority=sefton, name="Feed")
    client.login(email=admin.email, password=PASSWORD)
    assert "Revoke token" in client.get(f"/api-tokens/{issued.token.pk}/revoke/").content.decode()
    assert client.post(f"/api-tokens/{issued.token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get().state == "Revoked"


@pytest.mark.parametrize("persona", ["lead", "viewer"])
def test_the_token_pages_are_for_administrators_only(client, persona, request, sefton):
    client.login(email=request.getfixturevalue(persona).email, password=PASSWORD)
    assert client.get("/api-tokens/").status_code == 403
    assert client.get("/api-tokens/new/").status_code == 403


def test_an_administrator_cannot_see_another_authoritys_tokens(client, admin, sefton, wirral):
    wirral_admin = make_user("admin@wirral.example", wirral, "administrator")
    issued = services.api_token_issue(user=wirral_admin, holder=wirral_admin, authority=wirral, name="Wirral feed")
    client.login(email=admin.email, password=PASSWORD)
    assert "Wirral feed" not in client.get("/api-tokens/").content.decode()
    assert client.post(f"/api-tokens/{issued.token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.django_db
def test_the_token_pages_need_sign_in(client):
    assert client.get("/api-tokens/").status_code == 302


# The command line --------------------------------------------------------------------------------


def test_the_cli_issues_lists_and_revokes_tokens(sefton, viewer, capsys):
    from django.core.management import call_command

    call_command("api-token", "issue", "--user", viewer.email, "--authority", "343", "--name", "Nightly feed")
    secret = capsys.readouterr().out.strip()
    assert ApiClient(secret).get("/api/v1/me/").status_code == 200
    call_command("api-token", "list")
    assert "Nightly feed" in capsys.readouterr().out
    call_command("api-token", "revoke", secret[:10])
    assert ApiClient(secret).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(verb__startswith="api_token.", actor=None).count() == 2
