"""Query-count baselines: the dashboard and measure pages must not run a query per measure or per value.

Each test renders a page, adds more of what it lists (measures, months, comments), renders it again
and asserts the number of queries did not grow — and stays under a fixed ceiling, so a regression
that adds queries to every request shows up here before it shows up in the load benchmark.
"""

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearsight.engine.periods import parse_period
from clearsight.performance import services
from clearsight.performance.models import Measure, MeasurePlacement
from clearsight.performance.services import FigureInput

# Ceilings per page (8, 7 and 9 queries when written), with room for session, user and membership
# look-ups: a page that needs more than this is doing per-row work.
CEILING = {"dashboard": 12, "scorecard": 12, "measure-detail": 14}


def add_measure(plan, n, lead, months):
    measure = Measure.objects.create(
        authority=plan.authority, plan=plan, key=f"manual_{n}", name=f"Measure {n}",
        requires_improvement_text="65-79", good_text="80-89", outstanding_text="90+", unit="percentage",
    )
    MeasurePlacement.objects.create(measure=measure, priority=plan.priorities.get(), order=n)
    for month, value in months:
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(month), None, None, D(value)))
    return measure


def queries(client, url, *, cached=False):
    """Queries to answer ``url``; unless ``cached``, building the page afresh (cache emptied first)."""
    if not cached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


MONTHS = [("2017-07", 70), ("2017-08", 75), ("2017-09", 82), ("2017-10", 91)]
MORE_MONTHS = [(f"{year}-{month:02d}", 60 + (month * 7 + year) % 35) for year in (2016, 2017) for month in range(1, 13)]


@pytest.mark.parametrize("page", ["dashboard", "scorecard"])
def test_plan_pages_run_the_same_queries_for_two_measures_as_for_twelve(plan, lead, viewer, page):
    url = reverse(page, args=[plan.pk])
    for n in range(2):
        add_measure(plan, n, lead, MONTHS)
    client = signed_in(viewer)
    client.get(url)  # first request warms caches (content types, sessions)
    few = queries(client, url)
    for n in range(2, 12):
        add_measure(plan, n, lead, MONTHS)
    many = queries(client, url)
    assert many == few
    assert many <= CEILING[page]


def test_a_measure_page_runs_the_same_queries_for_four_months_as_for_two_years(plan, lead, viewer):
    measure = add_measure(plan, 1, lead, MONTHS)
    url = reverse("measure-detail", args=[measure.pk])
    client = signed_in(viewer)
    client.get(url)
    few = queries(client, url)
    for month, value in MORE_MONTHS:
        services.value_record(user=lead, figure=FigureInput(measure, parse_period(month), None, None, D(value)))
    for period in ("2017-08", "2017-09"):
        services.measure_comment_add(user=lead, measure=measure, period_key=period, text=f"Commentary for {period}")
    many = queries(client, url)
    assert many == few
    assert many <= CEILING["measure-detail"]


def test_a_cached_dashboard_is_rebuilt_when_a_figure_changes(plan, lead, viewer, board):
    measure = add_measure(plan, 1, lead, MONTHS)
    url = reverse("dashboard", args=[plan.pk])
    client = signed_in(viewer)
    assert "91.0%" in client.get(url).content.decode()
    cached = queries(client, url, cached=True)
    assert cached < queries(client, url)  # served from the cache: no measures, values or releases read
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-11"), None, None, D(55)))
    body = client.get(url).content.decode()
    assert "55.0%" in body and "Inadequate" in body
    assert queries(client, url, cached=True) == cached
    # the board sees published figures only: its page is cached apart from the viewer's
    assert "55.0%" not in signed_in(board).get(url).content.decode()


def test_the_figures_token_changes_with_every_release_transition(plan, lead):
    from clearsight.conftest import make_user
    from clearsight.performance.models import DataRelease
    from clearsight.performance.selectors import figures_token

    approver = make_user("approver@sefton.example", plan.authority, "approver")
    add_measure(plan, 1, lead, [("2017-10", 80)])
    release = DataRelease.objects.get()
    seen = {figures_token(plan.authority_id)}
    release = services.release_submit(user=lead, release=release)
    seen.add(figures_token(plan.authority_id))
    release = services.release_approve(user=approver, release=release)
    seen.add(figures_token(plan.authority_id))
    services.release_publish(user=approver, release=release)
    seen.add(figures_token(plan.authority_id))
    assert len(seen) == 4


def test_a_cached_measure_page_is_rebuilt_when_a_figure_changes_and_its_comments_stay_live(plan, lead, viewer,
                                                                                           board):
    measure = add_measure(plan, 1, lead, MONTHS)
    url = reverse("measure-detail", args=[measure.pk])
    client = signed_in(viewer)
    assert "91.0%" in client.get(url).content.decode()
    cached = queries(client, url, cached=True)
    assert cached < queries(client, url)  # served from the cache: no values, releases or benchmarks read
    services.value_record(user=lead, figure=FigureInput(measure, parse_period("2017-11"), None, None, D(55)))
    body = client.get(url).content.decode()
    assert "55.0%" in body and "All 5 figures" in body
    # comments are written without a new figures token: they are outside the cached part
    services.measure_comment_add(user=lead, measure=measure, period_key="2017-11", text="Two staff off sick")
    assert "Two staff off sick" in client.get(url).content.decode()
    # the board sees published figures only: its page is cached apart from the viewer's
    assert "55.0%" not in signed_in(board).get(url).content.decode()

