import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.conftest import make_user
from clearsight.engine.periods import parse_period
from clearsight.performance import services
from clearsight.performance.models import DataRelease, Measure, MeasurePlacement
from clearsight.performance.services import FigureInput


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def approver(sefton):
    return make_user("approver@sefton.example", sefton, "approver")


@pytest.fixture
def measure(plan):
    measure = Measure.objects.create(
        authority=plan.authority, plan=plan, key="re_referrals_12m", name="Percentage of re-referrals within 12 months",
        requires_improvement_text="20-24", good_text="19-16", outstanding_text="<16", unit="percentage",
    )
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=1)
    return measure


@pytest.fixture
def published_and_draft(lead, approver, measure):
    """October 2017 published at 21.0%; November 2017 still a draft at 15.0%."""
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-10"), None, None, D(21)))
    october = DataRelease.objects.get()
    services.release_publish(user=approver, release=services.release_approve(
        user=approver, release=services.release_submit(user=lead, release=october)))
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-11"), None, None, D(15)))
    return october


def urls(plan, measure, release):
    return [reverse("scorecard", args=[plan.pk]), reverse("measure-detail", args=[measure.pk]),
            reverse("release-list", args=[plan.pk]), reverse("release-detail", args=[plan.pk, release.pk])]


def test_performance_pages_need_sign_in_and_hide_other_authorities(plan, measure, published_and_draft, outsider):
    for url in urls(plan, measure, published_and_draft):
        assert client_for().get(url).status_code == 302
        assert client_for(outsider).get(url).status_code == 404


def test_the_scorecard_grades_the_latest_figure_and_marks_it_provisional(plan, measure, published_and_draft, viewer):
    body = client_for(viewer).get(reverse("scorecard", args=[plan.pk])).content.decode()
    assert "15.0%" in body and "Outstanding" in body and "Provisional" in body
    assert "Down 6 points (better)" in body  # lower is better for re-referrals


def test_board_members_see_published_figures_only(plan, measure, published_and_draft, board):
    body = client_for(board).get(reverse("scorecard", args=[plan.pk])).content.decode()
    assert "21.0%" in body and "15.0%" not in body
    assert "Approved release Sefton October 2017 v1" in body
    assert "Requires Improvement" in body
    draft = DataRelease.objects.get(status="draft")
    assert client_for(board).get(reverse("release-detail", args=[plan.pk, draft.pk])).status_code == 404


def test_a_second_person_approves_a_release_in_the_browser(plan, measure, lead, approver):
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-10"), None, None, D(21)))
    release = DataRelease.objects.get()
    detail = reverse("release-detail", args=[plan.pk, release.pk])
    submit = reverse("release-transition", args=[plan.pk, release.pk, "submit"])
    approve = reverse("release-transition", args=[plan.pk, release.pk, "approve"])
    assert client_for(lead).post(submit).status_code == 302
    client_for(lead).post(approve)
    release.refresh_from_db()
    assert release.status == "submitted"  # the lead may not approve
    response = client_for(approver).post(approve, follow=True)
    assert "approved: its figures are now locked" in response.content.decode()
    body = client_for(lead).get(detail).content.decode()
    assert "Approved release Sefton October 2017 v1 · approved by Approver on" in body
    assert "the figures still match the fingerprint" in body


def test_entering_a_bad_figure_shows_the_reason_and_saves_nothing(plan, measure, lead):
    response = client_for(lead).post(reverse("value-add", args=[measure.pk]),
                                     {"period": "2017-10", "numerator": "41", "denominator": "40"})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body and "cannot be larger" in body
    assert not DataRelease.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("lead", 302), ("manager", 302), ("viewer", 403), ("board", 403)])
def test_who_may_enter_a_figure(plan, measure, persona, status, request):
    response = client_for(request.getfixturevalue(persona)).post(
        reverse("value-add", args=[measure.pk]), {"period": "2017-10", "value": "18"})
    assert response.status_code == status


def test_the_scorecard_does_not_query_per_measure(plan, lead, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    priority = plan.priorities.get()

    def make(n):
        m = Measure.objects.create(authority=plan.authority, plan=plan, key=f"m{n}", name=f"Measure {n}",
                                   requires_improvement_text="65-79", good_text="80-89", outstanding_text="90+")
        MeasurePlacement.objects.create(measure=m, priority=priority, order=n)
        services.value_record(user=lead, figure=FigureInput(m, parse_period("2017-10"), None, None, D(80)))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client_for(viewer).get(reverse("scorecard", args=[plan.pk])).status_code == 200
        return len(queries)

    make(1)
    before = count()
    for n in range(2, 12):
        make(n)
    assert count() == before


def test_an_upload_with_a_bad_row_saves_nothing_and_lists_the_row(plan, lead):
    from django.core.files.uploadedfile import SimpleUploadedFile

    audit = Measure.objects.create(authority=plan.authority, plan=plan, key="audit_good", name="Audits good",
                                   source="case_audit", unit="percentage")
    url = reverse("values-upload", args=[plan.pk])
    bad = SimpleUploadedFile("audit.csv", b"measure,period,numerator,denominator\naudit_good,2017-10,9,10\n"
                                          b"audit_good,2017-11,11,10\nnope,2017-12,1,2\n")
    response = client_for(lead).post(url, {"file": bad})
    body = response.content.decode()
    assert response.status_code == 400 and "Nothing was saved" in body
    assert "cannot be larger than the denominator" in body and "has the id &#x27;nope&#x27;" in body
    assert not audit.values.exists()
    good = SimpleUploadedFile("audit.csv", b"measure,period,numerator,denominator\naudit_good,2017-10,9,10\n")
    assert client_for(lead).post(url, {"file": good}).status_code == 302
    assert audit.values.get().value == D(90)


def test_viewers_cannot_open_the_upload_page(plan, viewer):
    assert client_for(viewer).get(reverse("values-upload", args=[plan.pk])).status_code == 403


def test_a_measure_without_bands_but_with_a_direction_is_graded_against_the_previous_period(plan, lead, viewer):
    measure = Measure.objects.create(authority=plan.authority, plan=plan, key="pathway_plans",
                                     name="Number of Pathway Plans complete", unit="count", polarity="higher")
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=1)
    for key, value in (("2017-10", 40), ("2017-11", 37)):
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(key), None, None, D(value)))
    body = client_for(viewer).get(reverse("measure-detail", args=[measure.pk])).content.decode()
    assert "Worsening" in body and "graded against the one before: higher is better" in body
    assert "None set in the plan" in body


def test_a_figure_can_be_entered_for_a_team(plan, measure, lead):
    from clearsight.organisations.models import OrgUnit

    team = OrgUnit.objects.create(authority=plan.authority, kind="team", name="Assessment Team North")
    response = client_for(lead).post(reverse("value-add", args=[measure.pk]),
                                     {"unit": str(team.pk), "period": "2017-10", "value": "18",
                                      "commentary": "Two late transfers"})
    assert response.status_code == 302
    value = measure.values.get()
    assert (value.org_unit, value.scope, value.commentary) == (team, f"unit:{team.pk}", "Two late transfers")


def _measure_with(plan, lead, key, bands, values, priority=None):
    measure = Measure.objects.create(authority=plan.authority, plan=plan, key=key, name=f"Measure {key}",
                                     requires_improvement_text=bands[0], good_text=bands[1],
                                     outstanding_text=bands[2], unit="percentage", source="case_audit")
    MeasurePlacement.objects.create(measure=measure, priority=priority or plan.priorities.get(), order=1)
    for month, value in enumerate(values, start=4):
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(f"2017-{month:02d}"),
                                                            None, None, D(value)))
    return measure


def test_the_dashboard_puts_exceptions_first_worst_first_and_filters(plan, lead, viewer):
    _measure_with(plan, lead, "good", ("65-79", "80-89", "90-100"), [85, 86])
    _measure_with(plan, lead, "ri", ("65-79", "80-89", "90-100"), [70, 70])
    _measure_with(plan, lead, "inadequate", ("65-79", "80-89", "90-100"), [50, 50])
    _measure_with(plan, lead, "slipping", ("65-79", "80-89", "90-100"), [95, 91])
    client = client_for(viewer)
    body = client.get(reverse("dashboard", args=[plan.pk])).content.decode()
    attention = body[body.index("Needs attention"):body.index("Every measure, by priority")]
    assert "Needs attention (3)" in attention
    assert attention.index("Measure inadequate") < attention.index("Measure ri") < attention.index("Measure slipping")
    assert "Measure good" not in attention and "Worse than the period before (down 4 points)" in attention
    filtered = client.get(reverse("dashboard", args=[plan.pk]), {"grade": "Good"}).content.decode()
    assert "Measure good" in filtered and "Measure ri" not in filtered


def test_the_dashboard_does_not_query_per_measure(plan, lead, viewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client_for(viewer).get(reverse("dashboard", args=[plan.pk])).status_code == 200
        return len(queries)

    _measure_with(plan, lead, "first", ("65-79", "80-89", "90-100"), [85, 86])
    before = count()
    for n in range(8):
        _measure_with(plan, lead, f"more{n}", ("65-79", "80-89", "90-100"), [70, 75])
    assert count() == before


def test_the_dashboard_needs_a_role_in_the_authority(plan, outsider):
    assert client_for(outsider).get(reverse("dashboard", args=[plan.pk])).status_code == 404
    assert client_for().get(reverse("dashboard", args=[plan.pk])).status_code == 302


def _loaded_at(client, measure) -> str:
    import re

    body = client.get(reverse("measure-detail", args=[measure.pk])).content.decode()
    return re.search(r'name="loaded_at" value="([^"]+)"', body).group(1)


def test_a_figure_saved_by_someone_else_after_the_page_opened_is_not_overwritten(plan, measure, lead, manager):
    from clearsight.performance.models import MeasureValue

    mine, theirs = client_for(lead), client_for(manager)
    my_page, their_page = _loaded_at(mine, measure), _loaded_at(theirs, measure)
    assert theirs.post(reverse("value-add", args=[measure.pk]),
                       {"period": "2017-10", "value": "18", "loaded_at": their_page}).status_code == 302
    refused = mine.post(reverse("value-add", args=[measure.pk]),
                        {"period": "2017-10", "value": "25", "loaded_at": my_page})
    body = refused.content.decode()
    assert refused.status_code == 400 and "after you opened this page, so your figure was not saved" in body
    assert MeasureValue.objects.get().value == D(18)
    fresh = __import__("re").search(r'name="loaded_at" value="([^"]+)"', body).group(1)
    assert fresh != my_page and 'value="25"' in body  # what they typed is kept
    again = mine.post(reverse("value-add", args=[measure.pk]), {"period": "2017-10", "value": "25", "loaded_at": fresh})
    assert again.status_code == 302 and MeasureValue.objects.get().value == D(25)


def test_a_figure_for_a_new_slot_saves_whatever_the_page_time(plan, measure, lead):
    page = _loaded_at(client_for(lead), measure)
    response = client_for(lead).post(reverse("value-add", args=[measure.pk]),
                                     {"period": "2017-11", "value": "18", "loaded_at": page})
    assert response.status_code == 302


def test_board_pages_withhold_a_share_of_a_small_count_and_staff_see_it(plan, measure, lead, approver, board,
                                                                        viewer):
    """September 12 of 48 (25.0%); October 3 of 40 (7.5%): the 7.5% would give the 3 away."""
    for period, numerator, denominator in (("2017-09", 12, 48), ("2017-10", 3, 40)):
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(period), D(numerator),
                                                            D(denominator), None))
        release = DataRelease.objects.get(status="draft")
        services.release_publish(user=approver, release=services.release_approve(
            user=approver, release=services.release_submit(user=lead, release=release)))
    pages = [reverse("scorecard", args=[plan.pk]), reverse("dashboard", args=[plan.pk]),
             reverse("measure-detail", args=[measure.pk]), reverse("release-detail", args=[plan.pk, release.pk])]
    for url in pages:
        body = client_for(board).get(url).content.decode()
        assert not re.search(r"(?<![\d.])7\.5", body) and "3 of 40" not in body, url  # (17.5% is an axis tick)
        assert "withheld (small numbers)" in body, url
    scorecard = client_for(board).get(pages[0]).content.decode()
    assert "Withheld" in scorecard and "Change not shown: small numbers (better)" in scorecard
    assert "25.0%" in client_for(board).get(pages[2]).content.decode()  # September is shown
    for url in pages:
        body = client_for(viewer).get(url).content.decode()
        assert re.search(r"(?<![\d.])7\.5", body) and "withheld (small numbers)" not in body, url
    assert "Down 17.5 points (better)" in client_for(viewer).get(pages[0]).content.decode()


def test_a_monthly_measure_is_shown_by_financial_quarter_and_year(plan, measure, lead, viewer):
    """April 4 of 4, May 10 of 100, June 20 of 100, July 30 of 100: Q1 is 34 of 204 (16.7%), not the
    mean of the months' percentages (43.3%); Q2 has one month so far."""
    for period, numerator in (("2017-04", 4), ("2017-05", 10), ("2017-06", 20), ("2017-07", 30)):
        denominator = 4 if period == "2017-04" else 100
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(period), D(numerator),
                                                            D(denominator), None))
    url = reverse("measure-detail", args=[measure.pk])
    monthly = client_for(viewer).get(url).content.decode()
    assert "Jun 2017" in monthly and "2017-18 Q1" not in monthly and 'href="?by=quarter#over-time"' in monthly
    quarterly = client_for(viewer).get(url, {"by": "quarter"}).content.decode()
    assert "2017-18 Q1" in quarterly and "16.7%" in quarterly and "34 of 204" in quarterly
    assert "43.3" not in quarterly and "2017-18 Q2" in quarterly and "1 of 3 months" in quarterly
    assert "all the months&#x27; numerators over all their denominators" in quarterly
    yearly = client_for(viewer).get(url, {"by": "year"}).content.decode()
    assert "64 of 304" in yearly and "21.1%" in yearly and "4 of 12 months" in yearly
    assert "Jun 2017" in client_for(viewer).get(url, {"by": "fortnight"}).content.decode()  # unknown: by month


def test_a_count_is_shown_by_quarter_as_its_last_month_not_a_sum(plan, lead, viewer):
    measure = Measure.objects.create(authority=plan.authority, plan=plan, key="cp_plans", unit="count",
                                     name="Children subject to a child protection plan")
    for period, value in (("2017-04", 301), ("2017-05", 312), ("2017-06", 298)):
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(period), None, None, D(value)))
    body = client_for(viewer).get(reverse("measure-detail", args=[measure.pk]), {"by": "quarter"}).content.decode()
    assert "2017-18 Q1" in body and "298" in body and "911" not in body
    assert "shows the figure for its last month with a figure" in body
