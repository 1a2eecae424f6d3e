"""Security journeys in a real browser: being locked out after repeated wrong passwords, and an
administrator searching and exporting the audit trail. Both pages pass axe, and no page breaks
its Content Security Policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password"


def _watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def test_five_wrong_passwords_lock_the_account_with_a_clear_accessible_message(
    page: Page, sign_in: Callable[[Page, str, str], None]
) -> None:
    from clearsight.audit.models import AuditEvent
    from clearsight.organisations.models import User

    User.objects.create_user(email="lead@sefton.example", password=PASSWORD, full_name="Lee Lead")
    violations = _watch_csp(page)
    for attempt in range(5):
        sign_in(page, "lead@sefton.example", f"wrong-password-{attempt}")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("too many failed attempts to sign in to this account")
    expect(summary).to_contain_text("15 minutes")
    assert_accessible(page)

    sign_in(page, "lead@sefton.example", PASSWORD)  # the right password, still refused
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Clearsight")
    expect(page.locator(".govuk-error-summary")).to_contain_text("too many failed attempts")
    assert AuditEvent.objects.filter(verb="auth.locked_out").count() == 1
    assert AuditEvent.objects.filter(verb="auth.sign_in_refused").count() == 1
    # GOV.UK Frontend ran (the inline script with its nonce, the module files): no CSP complaints.
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    assert not violations, violations


def test_an_administrator_searches_the_audit_trail_and_downloads_it(
    page: Page, sign_in: Callable[[Page, str, str], None]
) -> None:
    from clearsight.audit.services import audit_record
    from clearsight.organisations.models import Authority, Membership, User

    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    admin = User.objects.create_user(email="admin@sefton.example", password=PASSWORD, full_name="Alex Admin",
                                     is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, authority=sefton, role="administrator")
    owner = User.objects.create_user(email="owner@sefton.example", password=PASSWORD, full_name="Olu Owner")
    audit_record(actor=owner, verb="action.update_added", authority=sefton, note="Training booked for March")
    audit_record(actor=owner, verb="release.approved", authority=sefton, note="=HYPERLINK(\"http://x\")")
    violations = _watch_csp(page)

    sign_in(page, "admin@sefton.example", PASSWORD)
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    assert_accessible(page)

    page.get_by_label("Who").fill("Olu")
    page.get_by_label("What happened").fill("action.")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 event")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Training booked for March")
    assert_accessible(page)

    page.get_by_label("From").fill("31/02/2026")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the start date like 27/3/2026")
    assert_accessible(page)

    page.get_by_label("From").fill("")
    page.get_by_label("What happened").fill("")
    page.get_by_role("button", name="Search").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these events as CSV").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "Training booked for March" in text and "'=HYPERLINK" in text
    assert not violations, violations
