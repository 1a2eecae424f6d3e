"""Board papers: ask for a pack, wait while it is drawn, download it and look at its first page;
write the children and young people's version and check its reading age. Every page axe-checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible
from clearsight.reports.tests.conftest import approver, pack  # noqa: F401 (fixtures)

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _in_the_background(settings):
    settings.CLEARSIGHT_REPORTS_IN_BACKGROUND = True


@pytest.fixture(autouse=True)
def _warm(page: Page) -> None:
    """The live server's first page (and its static files) can take most of the 10-second timeout
    on a busy machine; load it once with a longer one."""
    page.goto("/sign-in/", timeout=60_000)


def _page_png(pdf: Path, out: Path) -> tuple[int, int, float]:
    """Draw the first page as a PNG; return its size and the share of pixels that are not white."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    image = document[0].render(scale=1).to_pil().convert("L")
    image.save(out)
    inked = sum(1 for value in image.getdata() if value < 200)
    return image.width, image.height, inked / (image.width * image.height)


def test_a_lead_downloads_a_board_pack_and_its_pages_are_drawn(
    page: Page,
    sign_in: Callable[[Page, str, str], None],
    plan,
    pack,  # noqa: F811 (the fixture imported above)
    lead,
    tmp_path: Path,
) -> None:
    sign_in(page, "lead@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Download a board pack or report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download a report")
    assert_accessible(page)

    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("PDF, to print or read").check()
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Generating your report…")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Your report is ready")).to_be_visible(timeout=180_000)
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download sefton-board-pack-2027-02-15.pdf").click()
    pdf = tmp_path / "pack.pdf"
    info.value.save_as(pdf)
    width, height, inked = _page_png(pdf, tmp_path / "cover.png")
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4 (595.3 x 841.9 points) at 72 dpi
    assert 0.01 < inked < 0.5, f"the cover is {inked:.1%} ink: blank or broken"

    from clearsight.audit.models import AuditEvent

    assert AuditEvent.objects.filter(verb="report.downloaded", actor=lead).count() == 1


def test_a_lead_drafts_and_edits_the_young_peoples_version(
    page: Page,
    sign_in: Callable[[Page, str, str], None],
    plan,
    lead,  # noqa: F811
) -> None:
    sign_in(page, "lead@sefton.example", PASSWORD)
    page.goto(f"/plans/{plan.pk}/young-people/")
    assert_accessible(page)
    page.get_by_role("button", name="Make a first draft from the plan").click()
    expect(page.get_by_text("A first draft has been made from the plan")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit Assessment and Planning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a section")
    assert_accessible(page)
    page.get_by_label("Heading").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Heading").fill("Getting you help quickly")
    page.get_by_label("What we will do, in plain words").fill(
        "We will see you soon after someone asks us for help. We will listen to you."
    )
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row", name="Getting you help quickly")
    expect(row).to_contain_text("On target")
    assert_accessible(page)
