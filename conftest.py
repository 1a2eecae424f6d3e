"""Settings for the whole test run, kept at the repository root so they apply to every suite.

App fixtures (authorities, plans, personas) are in ``clearsight/conftest.py``; the browser fixtures
(``browser``, ``page``, ``sign_in``) in ``clearsight/browser_tests/conftest.py``.
"""

from __future__ import annotations

import os

import pytest

# Browser tests use Debian's Chromium; Playwright must never try to download a browser of its own
# (the machines reach only package registries).
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


def pytest_report_header(config: pytest.Config) -> list[str]:
    # Say which database the suite runs on, so a log of `make test` shows SQLite and PostgreSQL runs apart.
    try:
        from django.conf import settings

        database = settings.DATABASES["default"]
    except Exception:  # settings not configured: engine-only runs with -p no:django
        return []
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return ["database: SQLite (in memory, one per worker)"]
    return [
        f"database: {engine} at {database.get('HOST')}:{database.get('PORT') or 5432}, test_{database['NAME']}"
    ]
