"""Journeys through the running service in a real browser.

The smoke journey needs only the sign-in page and the signed-in layout, so it stays green while
the pages behind it change; journeys through plans and measures sit beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

pytestmark = pytest.mark.browser

EMAIL = "lead@demo.example"
PASSWORD = "clearsight-demo"


def _relative_luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_a_signed_out_visitor_is_sent_to_sign_in_and_can_sign_in(
    page: Page, sign_in: Callable[[Page, str, str], None]
) -> None:
    from clearsight.organisations.models import User

    User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Lead")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")

    # The live server serves the GOV.UK Frontend stylesheet: the header is dark, not unstyled.
    header_background = page.locator(".govuk-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert header_background not in ("rgba(0, 0, 0, 0)", "transparent"), "GOV.UK Frontend CSS did not load"
    assert _relative_luminance(header_background) < 0.25, f"header background {header_background} is not dark"
    assert_accessible(page)

    sign_in(page, EMAIL, "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#id_username")
    assert_accessible(page)

    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation() as landing:
        page.get_by_role("button", name="Sign in").click()

    response = landing.value
    assert response is not None and response.status == 200, f"landed on {page.url} with {response}"
    assert "/sign-in/" not in page.url
    expect(page.get_by_role("button", name=re.compile(r"^Sign out"))).to_be_visible()
