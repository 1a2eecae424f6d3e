"""'If <authority> had 100 children': the honest rounding and the picture without a database, then
the page through the HTTP client on a small synthetic year loaded into Sefton's store."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from clearsight.analytics import services
from clearsight.analytics.models import IndicatorResult
from clearsight.analytics.profile import Profile, hundred_grid, one_in, per_hundred, profile_present
from clearsight.analytics.store import read_store

# --- rounding and the picture (no database) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "whole", "said"),
    [
        (0, 1000, "0"),
        (1, 1000, "fewer than 1"),  # 0.1
        (49, 10000, "fewer than 1"),  # 0.49
        (5, 1000, "0.5"),
        (32, 1000, "3.2"),
        (30, 1000, "3"),  # not "3.0"
        (99, 1000, "9.9"),
        (995, 10000, "10"),  # 9.95 rounds up to a whole number
        (493, 1000, "49"),
        (1000, 1000, "100"),
    ],
)
def test_it_scales_to_100_children_with_honest_rounding(count, whole, said):
    assert per_hundred(count, whole) == said


def test_it_says_one_in_how_many():
    assert one_in(62, 19776) == "about 1 in 319"
    assert one_in(0, 19776) == "none"


def test_the_grid_is_an_accessible_picture_with_part_squares():
    svg = hundred_grid(3.25, "cin", "3.2 would be children in need")
    assert 'role="img"' in svg and 'aria-labelledby="grid-cin-title grid-cin-desc"' in svg
    assert '<title id="grid-cin-title">3.2 would be children in need</title>' in svg
    assert "3.2 of 100 squares filled" in svg  # said in words, not by colour alone
    filled = re.findall(r'width="([\d.]+)" height="12" fill="#1d70b8"', svg)
    assert filled == ["12.00", "12.00", "12.00", "3.00"]
    assert svg.count("<rect") == 104


def _profile(**counts):
    return Profile(
        years=[2018],
        year=2018,
        sources={"cin", "903", "population"},
        population=20000,
        counts={"referred": 700, "cin": 620, "cpp": 3, "cla": 150, "care_leavers": 66} | counts,
        known=2000,
        sex={"girls": 980, "boys": 1017, "unknown": 3},
        ethnicity={"white_british": 1850, "minority": 150},
    )


def test_board_members_see_small_counts_as_fewer_than_5_and_no_share_worked_from_them():
    page = profile_present(_profile(), suppress=True)
    cpp = next(f for f in page.facts if f.key == "cpp")
    assert cpp.withheld and cpp.count == "fewer than 5" and cpp.per_hundred == "withheld" and not cpp.grid
    assert "3" not in cpp.sentence
    # Girls + boys + not recorded = the total shown, so a second figure is withheld with the small one.
    sex = {r.label: r for r in page.sex}
    assert sex["Sex not recorded"].count == "fewer than 5"
    assert sex["Girls"].count == "withheld" and sex["Boys"].count == "1,017"


def test_staff_see_every_count():
    page = profile_present(_profile(), suppress=False)
    cpp = next(f for f in page.facts if f.key == "cpp")
    assert cpp.count == "3" and cpp.per_hundred == "fewer than 1" and cpp.headline == "Fewer than 1"
    assert cpp.rest == "would be on a child protection plan at 31 March."


def test_facts_without_their_data_are_named_with_the_data_they_need():
    profile = _profile()
    profile.sources = {"903"}
    profile.population = None
    profile.counts = {"cla": 150, "care_leavers": 66}
    profile.sex, profile.ethnicity = {"unknown": 2000}, {"unknown": 2000}
    page = profile_present(profile, suppress=False)
    assert [f.key for f in page.facts] == ["cla"] and page.facts[0].per_hundred == "–"
    needs = dict(page.missing)
    assert "population" in needs["Every figure per 100 children"]
    assert "CIN census" in needs["Children in need at 31 March"]
    assert "Girls and boys among children known to services" in needs and page.sex == []


# --- the page ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    from clearsight.engine.synth import SynthConfig, generate
    from clearsight.engine.synth.authorities import find_authority

    out = tmp_path_factory.mktemp("synth")
    generate(SynthConfig(find_authority("343"), children=800, years=1, seed=7, last_year=2018), out)
    return out


@pytest.fixture
def loaded(sefton, lead, synthetic):
    services.data_load(user=lead, authority=sefton, paths=[synthetic], validate=False)
    services.indicators_recompute(user=lead, authority=sefton)
    return sefton


def _page(user, plan, **query):
    client = Client()
    client.force_login(user)
    return client.get(reverse("authority-profile", args=[plan.pk]), query)


def _page_as_staff(authority, plan):
    from clearsight.conftest import make_user

    return _page(make_user("staff@sefton.example", authority, "viewer"), plan).context["page"]


def _count(authority, indicator):
    return int(
        IndicatorResult.objects.get(
            authority=authority, indicator=indicator, level_kind="authority", period_end__year=2018
        ).numerator
    )


def test_it_shows_the_indicator_counts_over_the_population(loaded, lead, plan):
    with read_store(loaded) as con:
        population = con.execute("SELECT children_0_17 FROM population WHERE year = 2018").fetchone()[0]
    response = _page(lead, plan)
    assert response.status_code == 200
    html = response.content.decode()
    assert "If Sefton had 100 children" in html and "2017-18" in html
    facts = {f.key: f for f in response.context["page"].facts}
    for key, indicator in (("cin", "cin_at_31mar"), ("cpp", "cpp_at_31mar"), ("cla", "cla_at_31mar")):
        count = _count(loaded, indicator)
        assert facts[key].count == f"{count:,}" and facts[key].denominator == f"{population:,}"
        assert facts[key].per_hundred == per_hundred(count, population)
        assert f"{count:,}" in html
    assert Decimal(facts["cin"].per_hundred) > 0 and 'role="img"' in html
    assert "children known to children's social care" in html and "not of all children in Sefton" in html
    assert "poverty line" in html  # named among the facts Clearsight has no data for


def test_a_year_not_loaded_is_not_found(loaded, lead, plan):
    assert _page(lead, plan, year="2016").status_code == 404
    assert _page(lead, plan, year="last").status_code == 404
    assert _page(lead, plan, year="2018").status_code == 200


def test_it_says_so_when_nothing_is_loaded(lead, plan):
    response = _page(lead, plan)
    assert response.status_code == 200
    assert "No child-level data has been loaded for Sefton yet" in response.content.decode()


def test_it_is_not_found_for_another_authoritys_user(loaded, outsider, plan):
    assert _page(outsider, plan).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(plan):
    response = Client().get(reverse("authority-profile", args=[plan.pk]))
    assert response.status_code == 302


def test_board_members_see_small_numbers_suppressed(loaded, board, plan):
    assert 0 < _count(loaded, "cpp_at_31mar") < 5  # this seed's small year has a small count to hide
    response = _page(board, plan)
    assert response.status_code == 200
    page = response.context["page"]
    cpp = next(f for f in page.facts if f.key == "cpp")
    assert cpp.withheld and cpp.count == "fewer than 5" and cpp.per_hundred == "withheld"
    assert next(f for f in _page_as_staff(loaded, plan).facts if f.key == "cpp").count.isdigit()
    for row in page.sex + page.ethnicity:
        assert not (row.count.isdigit() and 0 < int(row.count) < 5)
    assert 'Counts from 1 to 4 are shown as "fewer than 5"' in response.content.decode()
