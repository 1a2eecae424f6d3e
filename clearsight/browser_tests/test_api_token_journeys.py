"""An administrator issues an API token in the browser, copies it once, the token works against
the API, and the administrator revokes it; the API docs page lists the operations."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def test_an_administrator_issues_and_revokes_a_token(page: Page, sign_in: Callable[[Page, str, str], None]) -> None:
    from django.test import Client

    from clearsight.conftest import make_user
    from clearsight.organisations.models import Authority

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    make_user("admin@sefton.example", sefton, "administrator")
    make_user("analyst@sefton.example", sefton, "lead")

    page.goto("/api-tokens/")
    sign_in(page, "admin@sefton.example", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_role("button", name="Issue a token").click()
    page.get_by_role("button", name="Issue the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the e-mail address")
    assert_accessible(page)

    page.get_by_label("E-mail address of the person it is for").fill("analyst@sefton.example")
    page.get_by_label("What is it for?").fill("Nightly warehouse feed")
    page.get_by_label("Days until it expires").fill("30")
    page.get_by_role("button", name="Issue the token").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Token issued")
    secret = page.get_by_label("The token").input_value()
    assert re.fullmatch(r"cs_[A-Za-z0-9_-]{43}", secret)
    assert_accessible(page)

    api = Client()
    assert api.get("/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}).json()["email"] == (
        "analyst@sefton.example")

    page.get_by_role("link", name="Back to API tokens").click()
    row = page.get_by_role("row", name=re.compile("Nightly warehouse feed"))
    expect(row).to_contain_text("Active")
    expect(page.locator("main")).not_to_contain_text(secret)
    row.get_by_role("link", name=re.compile("^Revoke")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_role("row", name=re.compile("Nightly warehouse feed"))).to_contain_text("Revoked")
    assert api.get("/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_a_signed_in_person_reads_the_api_docs(page: Page, sign_in: Callable[[Page, str, str], None]) -> None:
    from clearsight.conftest import make_user
    from clearsight.organisations.models import Authority

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    make_user("viewer@sefton.example", sefton, "viewer")
    page.goto("/")
    sign_in(page, "viewer@sefton.example", PASSWORD)
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clearsight API, version 1")
    expect(page.get_by_role("table", name="Plans")).to_contain_text("/api/v1/plans/{plan_id}/actions/{ref}/updates/")
    expect(page.get_by_role("link", name="Manage API tokens")).to_have_count(0)
    assert_accessible(page)
