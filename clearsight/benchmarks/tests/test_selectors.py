from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from clearsight.benchmarks.models import SYNTHETIC_LABEL, BenchmarkValue
from clearsight.benchmarks.presenters import reference_lines
from clearsight.benchmarks.selectors import lines_for
from clearsight.benchmarks.services import benchmarks_import, neighbours_import
from clearsight.benchmarks.tests.conftest import NW, ees

MAP = {"re_referrals_pct": "re_referrals", "referrals": "referrals"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cin_2018: bytes, neighbours_csv: bytes) -> None:
    benchmarks_import(
        data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters={"characteristic": "Total"}
    )
    neighbours_import(data=neighbours_csv, filename="sn.csv")


def test_it_gives_england_region_and_the_neighbour_average(sefton, published) -> None:
    lines = lines_for(sefton, "re_referrals", 2018)
    assert (lines["england"]["value"], lines["england"]["year_label"]) == (21.9, "2017-18")
    assert (lines["region"]["label"], lines["region"]["value"]) == ("North West", 22.5)
    assert lines["la"]["value"] == 19.6
    neighbours = lines["neighbours"]
    assert neighbours["value"] == pytest.approx(25.0)  # Knowsley 24, Liverpool 26
    assert (
        neighbours["available"],
        neighbours["total"],
        neighbours["suppressed_count"],
        neighbours["missing"],
    ) == (2, 10, 4, 4)
    assert (
        neighbours["sentence"]
        == "Average of 2 of 10 statistical neighbours (4 suppressed, 4 with no figure in the data)."
    )
    assert lines["note"] == "" and not lines["synthetic"]


def test_it_falls_back_to_the_latest_published_year_and_says_so(sefton, published) -> None:
    lines = lines_for(sefton, "re_referrals", 2020)  # national figures for 2019-20 are not out yet
    assert lines["england"]["year_label"] == "2017-18" and lines["england"]["lagged"]
    assert lines["region"]["value"] == 22.5 and lines["neighbours"]["year"] == 2018
    assert lines["la"]["value"] is None
    assert "2017-18" in lines["note"]


def test_it_uses_the_latest_year_for_each_line(sefton, published) -> None:
    benchmarks_import(
        data=ees("201819,Financial year,National,E92000001,England,,,,,,Total,21.0,c"),
        filename="eng_2019.csv",
        mapping=MAP,
    )
    lines = lines_for(sefton, "re_referrals", 2019)
    assert (lines["england"]["value"], lines["england"]["lagged"]) == (21.0, False)
    assert (lines["region"]["year"], lines["region"]["lagged"]) == (2018, True)
    assert lines_for(sefton, "re_referrals", 2018)["england"]["value"] == 21.9  # never a later year


def test_a_suppressed_england_figure_is_never_zero(sefton, published) -> None:
    benchmarks_import(
        data=ees("201819,Financial year,National,E92000001,England,,,,,,Total,21.0,c"),
        filename="eng_2019.csv",
        mapping=MAP,
    )
    england = lines_for(sefton, "referrals", 2019)["england"]
    assert england["value"] is None and england["display"] == "Not published (c: confidential)"


def test_with_nothing_imported_every_line_says_so(sefton) -> None:
    lines = lines_for(sefton, "re_referrals", 2018)
    assert lines["england"]["display"] == "No published figure" and lines["england"]["year"] is None
    assert lines["neighbours"]["sentence"] == "No statistical neighbours are recorded for Sefton."
    assert reference_lines(lines) == []


def test_reference_lines_and_the_include(sefton, published) -> None:
    lines = lines_for(sefton, "re_referrals", 2018)
    assert [(r.label, r.value) for r in reference_lines(lines)] == [
        ("England", 21.9),
        ("North West", 22.5),
        ("Statistical neighbours", pytest.approx(25.0)),
    ]
    html = render_to_string("benchmarks/includes/lines.html", {"lines": lines})
    assert "Statistical neighbours (2 of 10)" in html and "21.9" in html and "2017-18" in html
    assert SYNTHETIC_LABEL not in html


def test_synthetic_figures_are_labelled(sefton, published) -> None:
    BenchmarkValue.objects.filter(geographic_level="national").update(is_synthetic=True)
    lines = lines_for(sefton, "re_referrals", 2018)
    assert lines["england"]["synthetic"] and not lines["region"]["synthetic"] and lines["synthetic"]
    assert reference_lines(lines)[0].label == "England (synthetic demo)"
    assert SYNTHETIC_LABEL in render_to_string("benchmarks/includes/lines.html", {"lines": lines})


def test_a_council_row_missing_in_a_year_still_finds_its_region(sefton, published) -> None:
    benchmarks_import(
        data=ees(f"201819,Financial year,Regional,E92000001,England,{NW},,,,Total,23.0,1"),
        filename="nw_2019.csv",
        mapping=MAP,
    )
    assert lines_for(sefton, "re_referrals", 2019)["region"]["value"] == 23.0
