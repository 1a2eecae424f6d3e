"""Fixtures for browser journeys: Playwright driving Debian's Chromium, never a downloaded browser.

How to write a journey (a module ``test_<journey>.py`` in this package)::

    from playwright.sync_api import Page, expect

    from clearsight.browser_tests import assert_accessible

    def test_a_lead_can_open_their_plan(page: Page) -> None:
        ...                                  # make data with the ORM, as in any pytest-django test
        page.goto("/")                       # relative to the live server
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Clearsight")
        assert_accessible(page)              # fails on every serious or critical axe violation

Fixtures:

``browser`` (session)
    One headless Chromium for the whole run, started from ``$CLEARSIGHT_CHROMIUM`` or
    ``/usr/bin/chromium`` (Debian's ``chromium`` package). Where that file is missing the browser
    tests are skipped with the reason, except when ``CI`` is set: in CI a missing Chromium fails.
``page`` (function)
    A new browser context per test (no shared cookies), viewport 1280x900, ``base_url`` set to the
    live server so ``page.goto("/sign-in/")`` works, a 10-second default timeout. It brings in
    pytest-django's ``live_server`` and ``transactional_db``: rows made in the test are committed,
    so the server thread sees them, and every table is emptied afterwards. When a test fails, a
    screenshot is written to ``test-results/<test name>.png``.
``sign_in`` (function)
    ``sign_in(page, email, password)`` fills in the sign-in form and waits for the next page.

Every test collected here is marked ``browser``, whether or not its module says so.
The live server serves static files itself (``django.contrib.staticfiles`` is installed), so
pages look as they do for users; no ``collectstatic`` is needed.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # The machine reaches no network but package registries: without these Chromium keeps
    # trying to reach Google's services in the background.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Containers often give /dev/shm only 64 MB, which Chromium outgrows and then crashes.
    "--disable-dev-shm-usage",
]
SCREENSHOTS = HERE.parents[1] / "test-results"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be on the items before ``-m`` selects among them.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keep each phase's report on the item so the page fixture knows, at teardown, if the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("CLEARSIGHT_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).is_file():
        reason = (
            f"No Chromium at {executable}: install Debian's chromium package (.ci/run does) "
            "or point CLEARSIGHT_CHROMIUM at a Chromium binary."
        )
        if _in_ci():
            pytest.fail(f"{reason} CI is set, so a missing browser fails the run.", pytrace=False)
        pytest.skip(reason)

    # Playwright's sync API keeps an asyncio loop in this thread, which makes Django's ORM refuse
    # to run ("You cannot call this from an async context"). The tests are plain synchronous
    # code, so the guard protects nothing here; it is restored when the session ends.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, transactional_db: Any
) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            with contextlib.suppress(Exception):  # a page that can't be captured adds nothing
                page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def sign_in() -> Callable[[Page, str, str], None]:
    def _sign_in(page: Page, email: str, password: str) -> None:
        if "/sign-in/" not in page.url:
            page.goto("/sign-in/")
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()

    return _sign_in
