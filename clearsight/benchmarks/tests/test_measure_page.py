"""A measure's page caches its benchmark lines with its figures: a benchmark import must show at once."""

from django.urls import reverse

from clearsight.benchmarks.services import benchmarks_import
from clearsight.benchmarks.tests.conftest import ees
from clearsight.performance.models import Measure
from clearsight.performance.tests.test_query_counts import add_measure, signed_in


def test_a_cached_measure_page_shows_newly_imported_benchmarks_at_once(plan, lead, viewer):
    measure = add_measure(plan, 1, lead, [("2018-03", 21)])
    Measure.objects.filter(pk=measure.pk).update(indicator="re_referrals")
    url = reverse("measure-detail", args=[measure.pk])
    client = signed_in(viewer)
    assert "21.9" not in client.get(url).content.decode()
    assert "21.9" not in client.get(url).content.decode()  # and now cached
    benchmarks_import(data=ees("201718,Financial year,National,E92000001,England,,,,,,Total,21.9,1"),
                      filename="eng_2018.csv", mapping={"re_referrals_pct": "re_referrals"})
    body = client.get(url).content.decode()
    assert "Compared with England" in body and "21.9" in body
