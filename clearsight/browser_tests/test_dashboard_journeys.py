"""A performance manager's journey: the dashboard, a drill-down to the children behind a figure,
and a measure's SPC chart with its data table. Every page is checked with axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from clearsight.browser_tests import assert_accessible

PASSWORD = "a-long-test-password"


@pytest.fixture
def council(transactional_db, tmp_path, settings):
    from clearsight.analytics.services import data_load, indicators_recompute
    from clearsight.conftest import make_user
    from clearsight.engine.periods import month
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority
    from clearsight.organisations.models import Authority, OrgUnit
    from clearsight.performance.models import Measure, MeasurePlacement
    from clearsight.performance.services import FigureInput, value_record
    from clearsight.plans.models import Plan, Priority

    settings.CLEARSIGHT_ANALYTICS_DIR = tmp_path / "analytics"
    sefton = Authority.objects.create(name="Sefton", ons_code="E08000014", dfe_number="343")
    lead = make_user("lead@sefton.example", sefton, "lead")
    generate(SynthConfig(find_authority("343"), children=800, years=2, seed=5, last_year=2018), tmp_path / "data")
    data_load(user=lead, authority=sefton, paths=[tmp_path / "data"], validate=False)
    indicators_recompute(user=lead, authority=sefton)
    service = OrgUnit.objects.create(authority=sefton, kind="service", name="Assessment service")
    for team in ("Assessment Team North", "Assessment Team South"):
        OrgUnit.objects.create(authority=sefton, kind="team", name=team, parent=service)
    plan = Plan.objects.create(authority=sefton, title="Improvement Action Plan", period_label="2017-18")
    priority = Priority.objects.create(plan=plan, order=1, code="1.1", kind="recommendation",
                                       title="Assessment and Planning")
    audit = Measure.objects.create(authority=sefton, plan=plan, key="audit_good", source="case_audit",
                                   name="Percentage of assessments audited that meet or exceed good",
                                   requires_improvement_text="50-60", good_text="61-80", outstanding_text="81+")
    MeasurePlacement.objects.create(measure=audit, priority=priority, order=1)
    values = [70, 72, 69, 71, 73, 70, 72, 71, 58, 57, 56, 55, 54, 53]  # a clear shift down at the end
    for i, value in enumerate(values):
        y, m = divmod(3 + i, 12)
        value_record(user=lead, figure=FigureInput(audit, month(2016 + y, m + 1), Decimal(value), Decimal(100), None))
    return plan


def test_a_lead_reads_the_dashboard_drills_to_children_and_reads_an_spc_chart(
    page: Page, sign_in: Callable[[Page, str, str], None], council
) -> None:
    sign_in(page, "lead@sefton.example", PASSWORD)
    page.goto(f"/plans/{council.pk}/dashboard/")
    expect(page.get_by_role("heading", name=re.compile(r"^Needs attention \(1\)"))).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Requires Improvement")
    assert_accessible(page)

    page.get_by_role("link", name="Percentage of assessments audited that meet or exceed good").first.click()
    expect(page.get_by_role("heading", name="Signal or noise?")).to_be_visible()
    expect(page.locator("svg[role=img]", has=page.locator("title", has_text="Statistical process control"))) \
        .to_be_visible()
    expect(page.get_by_role("table", name="The latest figures")).to_contain_text("54 of 100")
    expect(page.locator("main")).to_contain_text("Special cause concern: the latest month, May 2017 (53%)")
    expect(page.locator("main")).to_contain_text("is below the lower process limit")
    assert_accessible(page)
    page.get_by_role("link", name="quarter", exact=True).click()  # April and May 2017: 54 + 53 of 200
    by_quarter = page.get_by_role("table", name="The latest figures by quarter")
    expect(by_quarter).to_contain_text("107 of 200")
    expect(by_quarter).to_contain_text("2 of 3 months")
    assert_accessible(page)

    page.goto(f"/plans/{council.pk}/indicators/assessments_45wd/")
    expect(page.get_by_role("heading", name=re.compile("^By service"))).to_be_visible()
    page.get_by_role("link", name="Assessment service").click()
    page.get_by_role("link", name="Assessment Team North").click()
    expect(page.get_by_role("heading", name=re.compile("^Workers in Assessment Team North"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="numerator").click()
    expect(page.get_by_role("heading", name="The children in the numerator")).to_be_visible()
    expect(page.locator("tbody code").first).to_have_text(re.compile(r"^C-[0-9A-F]{10}$"))
    assert_accessible(page)
