"""Browser journeys: Playwright driving Debian's Chromium against Django's live server.

Every test in this package is marked ``browser`` (see ``conftest.py``), so ``make test-sqlite``
and ``make test-postgres`` leave them out and ``make test-browser`` runs only them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

# axe-core reports four impacts; these two block someone from using the page, so they fail a test.
BLOCKING_IMPACTS = ("serious", "critical")
_TARGETS_SHOWN = 3


def assert_accessible(page: Page, *, context: str | None = None) -> None:
    """Run axe-core on the page as it is now and fail listing every serious or critical violation.

    ``context`` narrows the check to a CSS selector (``"main"``, say); by default the whole page.
    Call it after each step that changes what is on screen: a page, an error state, an open panel.
    """
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, context=context)
    blocking = [v for v in response.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [f"{len(blocking)} serious or critical accessibility violation(s) on {page.url}:"]
    for violation in blocking:
        nodes = violation.get("nodes", [])
        targets = ["".join(str(part) for part in node.get("target", [])) for node in nodes[:_TARGETS_SHOWN]]
        more = f" (and {len(nodes) - _TARGETS_SHOWN} more)" if len(nodes) > _TARGETS_SHOWN else ""
        lines.append(
            f"  - {violation['id']} [{violation['impact']}]: {violation['help']}\n"
            f"      at {'; '.join(targets)}{more}"
        )
    pytest.fail("\n".join(lines), pytrace=False)
