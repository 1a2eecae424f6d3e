"""The published schema (docs/openapi.yaml, docs/api.md) is the one the app serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_the_committed_schema_and_api_docs_match_the_api():
    call_command("api-schema", "--check")  # raises CommandError naming the stale file


def test_the_served_schema_is_the_committed_file(api_as, lead):
    served = api_as(lead).get("/api/v1/schema/")
    assert served.status_code == 200
    assert served.content.decode() == (DOCS / "openapi.yaml").read_text()


@pytest.mark.django_db
def test_the_schema_is_not_served_to_anonymous_callers(client):
    assert client.get("/api/v1/schema/").status_code in (401, 403)


def test_a_signed_in_person_reads_the_docs_page_listing_every_operation(client, lead):
    from clearsight.api.docs import operations
    from clearsight.conftest import PASSWORD

    client.login(email=lead.email, password=PASSWORD)
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert all(op.path in html for _, ops in operations() for op in ops)


@pytest.mark.django_db
def test_the_docs_page_needs_sign_in(client):
    assert client.get("/api/v1/docs/").status_code == 302
