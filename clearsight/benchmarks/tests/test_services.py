from __future__ import annotations

from decimal import Decimal

import pytest

from clearsight.audit.models import AuditEvent
from clearsight.benchmarks.models import BenchmarkValue, StatisticalNeighbour
from clearsight.benchmarks.services import benchmarks_import, demo_benchmarks_load, neighbours_import
from clearsight.benchmarks.tests.conftest import NW, ees
from clearsight.engine.problems import InputError

MAP = {"re_referrals_pct": "re_referrals", "referrals": "referrals"}
TOTAL = {"characteristic": "Total"}
pytestmark = pytest.mark.django_db


def test_it_imports_every_level_with_codes_and_thousands(cin_2018: bytes) -> None:
    summary = benchmarks_import(data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    assert summary.by_level == {"national": 2, "regional": 2, "la": 14}
    assert summary.suppressed == 10  # c z x k ~ : in referrals, x k ~ : in re_referrals
    assert [w.code for w in summary.warnings] == ["skipped_level"]
    england = BenchmarkValue.objects.get(indicator="referrals", geographic_level="national")
    assert england.value == Decimal("655630") and england.year == 2018 and england.area_code == "E92000001"
    sefton = BenchmarkValue.objects.get(indicator="re_referrals", area_code="E08000014")
    assert (sefton.value, sefton.old_la_code, sefton.region_code) == (Decimal("19.6"), "343", "E12000002")
    codes = dict(
        BenchmarkValue.objects.filter(indicator="referrals", geographic_level="la", value=None).values_list(
            "area_name", "suppressed"
        )
    )
    assert codes == {
        "Knowsley": "c",
        "Liverpool": "z",
        "St Helens": "x",
        "Wirral": "k",
        "Halton": "~",
        "Warrington": ":",
    }
    assert not BenchmarkValue.objects.filter(is_synthetic=True).exists()


def test_it_audits_the_import(cin_2018: bytes) -> None:
    benchmarks_import(data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    event = AuditEvent.objects.get(verb="benchmarks.imported")
    assert event.actor_name == "System"
    assert (
        event.after["file"] == "cin_2018.csv"
        and event.after["rows"] == 18
        and event.after["suppressed"] == 10
    )


def test_it_saves_nothing_when_one_row_is_bad(cin_2018: bytes) -> None:
    bad = (
        cin_2018
        + f"201718,Financial year,Local authority,E92000001,England,{NW},355,E08000006,Salford,Total,about 20,5\n".encode()
    )
    with pytest.raises(InputError) as refused:
        benchmarks_import(data=bad, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    [problem] = refused.value.problems
    assert (problem.file, problem.line, problem.field) == ("cin_2018.csv", 13, "re_referrals_pct")
    assert not BenchmarkValue.objects.exists() and not AuditEvent.objects.exists()


def test_a_bad_file_leaves_earlier_figures_alone(cin_2018: bytes) -> None:
    benchmarks_import(data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    with pytest.raises(InputError):
        benchmarks_import(data=cin_2018, filename="again.csv", mapping=MAP)  # Warrington twice
    assert BenchmarkValue.objects.count() == 18
    assert set(BenchmarkValue.objects.values_list("source_file", flat=True)) == {"cin_2018.csv"}


def test_reimport_replaces_the_same_figures(cin_2018: bytes) -> None:
    benchmarks_import(data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    revised = ees('201718,Financial year,National,E92000001,England,,,,,,Total,22.0,"655,700"')
    summary = benchmarks_import(data=revised, filename="revised.csv", mapping=MAP)
    assert summary.replaced == 2
    assert BenchmarkValue.objects.count() == 18
    england = BenchmarkValue.objects.get(indicator="re_referrals", geographic_level="national")
    assert (england.value, england.source_file) == (Decimal("22"), "revised.csv")


def test_it_imports_neighbours_and_replaces_a_councils_list(neighbours_csv: bytes) -> None:
    count, warnings = neighbours_import(data=neighbours_csv, filename="sn.csv")
    assert count == 10 and warnings == []
    assert list(StatisticalNeighbour.objects.filter(la_code="343").values_list("rank", flat=True)) == list(
        range(1, 11)
    )
    count, warnings = neighbours_import(
        data=b"la_code,neighbour_code,rank\n343,344,1\n", filename="short.csv"
    )
    assert count == 1 and [w.code for w in warnings] == ["neighbour_count"]
    assert StatisticalNeighbour.objects.filter(la_code="343").count() == 1


def test_bad_neighbours_save_nothing(neighbours_csv: bytes) -> None:
    with pytest.raises(InputError) as refused:
        neighbours_import(data=neighbours_csv + b"343,343,11\n", filename="sn.csv")
    assert refused.value.problems[0].line == 12
    assert not StatisticalNeighbour.objects.exists()


def test_demo_benchmarks_are_synthetic_and_never_overwrite_published(sefton, cin_2018: bytes) -> None:
    from datetime import date

    from clearsight.analytics.models import IndicatorResult

    for end, value in ((date(2018, 3, 31), "20.0"), (date(2019, 3, 31), "18.0")):
        IndicatorResult.objects.create(
            authority=sefton,
            indicator="re_referrals",
            period_type="financial_year",
            period_start=date(end.year - 1, 4, 1),
            period_end=end,
            level_kind="authority",
            level="authority",
            unit="percent",
            value=Decimal(value),
            store_version="x",
        )
    benchmarks_import(data=cin_2018, filename="cin_2018.csv", mapping=MAP, filters=TOTAL)
    counts = demo_benchmarks_load([sefton])
    assert counts["neighbours"] == 10
    made = BenchmarkValue.objects.filter(is_synthetic=True)
    assert set(made.values_list("year", flat=True)) == {2018, 2019}
    assert made.filter(geographic_level="national").get().area_name == "England (synthetic)"
    real = BenchmarkValue.objects.get(indicator="re_referrals", year=2018, geographic_level="national")
    assert (real.is_synthetic, real.value) == (False, Decimal("21.9"))
    again = list(made.order_by("pk").values_list("value", flat=True))
    demo_benchmarks_load([sefton])
    assert list(made.order_by("pk").values_list("value", flat=True)) == again  # seeded: the same every time
