"""Benchmarks from Explore Education Statistics CSVs: read as published, codes kept, errors located."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.benchmarks import (
    BenchmarkFile,
    StatisticalNeighbours,
    benchmark_lines,
    latest_year,
    read_ees_csv,
    read_neighbours_csv,
)
from clearsight.engine.problems import InputError, Severity

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,characteristic,re_referrals_pct,referrals"
)
NW = "E92000001,England,E12000002,North West"
ROWS = [
    '201718,Financial year,National,E92000001,England,,,,,,Total,21.9,"646,120"',
    f'201718,Financial year,Regional,{NW},,,,Total,22.5,"93,220"',
    f'201718,Financial year,Local authority,{NW},343,E08000014,Sefton,Total,19.6%,"3,312"',
    f"201718,Financial year,Local authority,{NW},344,E08000015,Wirral,Total,c,x",
    f"201718,Financial year,Local authority,{NW},340,E08000011,Knowsley,Total,k,~",
    f"201718,Financial year,Local authority,{NW},341,E08000012,Liverpool,Total,25.1,:",
    f"201718,Financial year,Local authority,{NW},342,E08000013,St. Helens,Total,u,z",
    f"201718,Financial year,Local authority,{NW},340,E08000011,Knowsley,Total,low,12",
]
MAPPING = {"re_referrals_pct": "re_referrals", "referrals": "referrals"}


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def read(*rows: str, header: str = HEADER, **kwargs: object) -> BenchmarkFile:
    return read_ees_csv(csv(*rows, header=header), "cla.csv", kwargs.pop("mapping", MAPPING), **kwargs)


def problems(*rows: str, header: str = HEADER, **kwargs: object) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InputError) as error:
        read(*rows, header=header, **kwargs)
    assert all(p.file == "cla.csv" and p.severity is Severity.ERROR for p in error.value.problems)
    return [(p.line, p.field, p.code) for p in error.value.problems]


def test_it_reads_national_regional_and_la_rows_with_their_codes() -> None:
    values = read(*ROWS[:3]).values
    assert [
        (v.geographic_level, v.area_code, v.area_name, v.old_la_code, v.region_code, v.year, v.value)
        for v in values
        if v.indicator == "re_referrals"
    ] == [
        ("national", "E92000001", "England", None, None, 2018, 21.9),
        ("regional", "E12000002", "North West", None, "E12000002", 2018, 22.5),
        ("la", "E08000014", "Sefton", "343", "E12000002", 2018, 19.6),
    ]
    assert [v.value for v in values if v.indicator == "referrals"] == [646_120, 93_220, 3_312]
    assert [v.row for v in values][::2] == [2, 3, 4]


def test_every_suppression_code_is_kept_as_the_reason_and_never_made_zero() -> None:
    values = read(*ROWS[3:7]).values
    assert [(v.value, v.suppressed) for v in values] == [
        (None, "c"),
        (None, "x"),
        (None, "k"),
        (None, "~"),
        (25.1, None),
        (None, ":"),
        (None, "u"),
        (None, "z"),
    ]


@pytest.mark.parametrize(
    ("period", "identifier", "year"),
    [
        ("201718", "Financial year", 2018),
        ("201920", "Academic year", 2020),
        ("199900", "Financial year", 2000),
        ("2018", "Reporting year", 2018),
        ("201718", "Reporting year", 2018),
    ],
)
def test_years_are_named_by_the_31_march_they_end_on(period: str, identifier: str, year: int) -> None:
    (value,) = read(
        f"{period},{identifier},National,E92000001,England,,,,,,Total,20,x", mapping={"referrals": "r"}
    ).values
    assert value.year == year


@pytest.mark.parametrize(
    ("period", "identifier", "field"),
    [
        ("201719", "Financial year", "time_period"),
        ("2018", "Calendar year", "time_period"),
        ("2018-19", "Financial year", "time_period"),
        ("201718", "Calendar year", "time_identifier"),
        ("", "Financial year", "time_period"),
    ],
)
def test_a_time_period_it_cannot_place_is_refused(period: str, identifier: str, field: str) -> None:
    row = f"{period},{identifier},National,E92000001,England,,,,,,Total,20,1"
    assert problems(row) == [(2, field, "bad_time_period")]


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_returned() -> None:
    bad = [
        ROWS[0].replace("21.9", "about 20"),
        ROWS[1].replace("201718", "2017/18"),
        ROWS[2].replace("19.6%", "").replace("E08000014", ""),
        ROWS[3],
    ]
    assert problems(*bad) == [
        (2, "re_referrals_pct", "bad_value"),
        (3, "time_period", "bad_time_period"),
        (4, "new_la_code", "missing_code"),
        (4, "re_referrals_pct", "bad_value"),
    ]
    with pytest.raises(InputError, match=re.escape("EES marks a missing value with a code")):
        read(ROWS[2].replace("19.6%", ""))


def test_missing_and_unknown_columns_are_named() -> None:
    no_period = HEADER.replace("time_period,", "")
    assert problems(ROWS[0].split(",", 1)[1], header=no_period) == [(1, "time_period", "missing_column")]
    assert problems(ROWS[0], mapping={"re_referrals_pct": "a", "cin_rate": "b"}) == [
        (1, "cin_rate", "unknown_column")
    ]
    assert problems(ROWS[0], mapping={}) == [(1, "", "missing_column")]


def test_region_and_la_columns_are_needed_only_for_those_rows() -> None:
    header = "time_period,time_identifier,geographic_level,country_code,country_name,referrals"
    (england,) = read(
        '2018,Reporting year,National,E92000001,England,"1,000"',
        header=header,
        mapping={"Referrals": "referrals"},
    ).values
    assert england.value == 1_000
    fields = [
        f
        for _, f, _ in problems(
            "2018,Reporting year,Local authority,E92000001,England,5",
            header=header,
            mapping={"referrals": "r"},
        )
    ]
    assert fields == ["region_code", "region_name", "old_la_code", "new_la_code", "la_name"]


def test_two_rows_for_one_area_and_year_need_a_filter() -> None:
    girls = ROWS[2].replace("Total", "Female")
    assert problems(ROWS[2], girls) == [
        (3, "re_referrals_pct", "duplicate_row"),
        (3, "referrals", "duplicate_row"),
    ]
    (sefton,) = read(ROWS[2], girls, mapping={"referrals": "r"}, filters={"characteristic": "total"}).values
    assert sefton.value == 3_312


def test_rows_at_other_levels_are_skipped_and_counted_by_level() -> None:
    district = ROWS[2].replace("Local authority", "Local authority district")
    result = read(ROWS[0], district, district, ROWS[1].replace("Regional", "Regoinal"))
    assert len(result.values) == 2
    assert [(w.severity, w.code) for w in result.warnings] == [(Severity.WARNING, "skipped_level")] * 2
    assert "2 row(s) at level 'Local authority district' were skipped" in result.warnings[0].message
    assert "level 'Regoinal'" in result.warnings[1].message


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"\xff\xfe\x00", "not UTF-8"), (b"a,a\n1,2\n", "more than once")],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(InputError, match=re.escape(words)):
        read_ees_csv(data, "f.csv", MAPPING)


def test_a_flood_of_problems_is_cut_short() -> None:
    rows = [
        ROWS[2].replace("19.6%", "n/a").replace("343", str(n)).replace("E08000014", f"E{n}")
        for n in range(150)
    ]
    with pytest.raises(InputError) as error:
        read(*rows)
    assert len(error.value.problems) == 101 and "50 more problems" in error.value.problems[-1].message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_a_result_or_an_input_error(data: bytes) -> None:
    for blob in (data, HEADER.encode() + b"\n" + data):
        try:
            read_ees_csv(blob, "f.csv", MAPPING)
        except InputError as error:
            assert error.problems


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="0123456789,.%-ckxzu~: eE", max_size=8), min_size=2, max_size=2))
def test_random_cells_give_a_number_a_code_or_a_located_problem(cells: list[str]) -> None:
    row = "201718,Financial year,National,E92000001,England,,,,,,Total," + ",".join(f'"{c}"' for c in cells)
    try:
        values = read(row).values
    except InputError as error:
        assert {p.field for p in error.problems} <= {"re_referrals_pct", "referrals"}
    else:
        assert all((v.value is None) != (v.suppressed is None) for v in values)


# --- statistical neighbours and the benchmark lines -----------------------------------------

NEIGHBOURS = "la_code,neighbour_code,rank\n" + "".join(
    f"343,{code},{rank}\n"
    for rank, code in enumerate(
        ["344", "340", "341", "E08000013", "999", "801", "802", "803", "804", "805"], start=1
    )
)


def test_it_reads_neighbours_in_rank_order() -> None:
    lines = NEIGHBOURS.splitlines()
    shuffled = "\n".join([lines[0], *reversed(lines[1:])]).encode()
    result = read_neighbours_csv(shuffled, "sn.csv")
    assert result.neighbours["343"][:3] == ("344", "340", "341") and result.warnings == ()


def test_a_council_without_ten_neighbours_is_warned_about() -> None:
    result = read_neighbours_csv(b"la_code,neighbour_code,rank\n343,344,1\n343,340,2\n", "sn.csv")
    (warning,) = result.warnings
    assert (warning.severity, warning.line, warning.code) == (Severity.WARNING, 2, "neighbour_count")
    assert "343 has 2 statistical neighbours; DfE's model gives 10" in warning.message


def test_bad_neighbour_rows_are_named() -> None:
    data = b"la_code,neighbour_code,rank\n343,344,1\n343,344,2\n343,343,3\n343,340,1\n343,341,first\n,341,4\n"
    with pytest.raises(InputError) as error:
        read_neighbours_csv(data, "sn.csv")
    assert [(p.line, p.field, p.code) for p in error.value.problems] == [
        (3, "neighbour_code", "duplicate_neighbour"),
        (4, "neighbour_code", "bad_value"),
        (5, "rank", "duplicate_rank"),
        (6, "rank", "bad_value"),
        (7, "la_code", "missing_code"),
    ]
    with pytest.raises(InputError, match="la_code"):
        read_neighbours_csv(b"council,neighbour_code,rank\n", "sn.csv")


def test_the_lines_give_england_the_region_and_the_neighbour_average() -> None:
    values = read(*ROWS[:7]).values
    sn = read_neighbours_csv(NEIGHBOURS.encode(), "sn.csv")
    lines = benchmark_lines(values, la_code="E08000014", indicator="re_referrals", year=2018, neighbours=sn)
    assert lines["la"] is not None and lines["la"]["value"] == 19.6
    assert lines["england"] == {
        "area_code": "E92000001",
        "area_name": "England",
        "value": 21.9,
        "suppressed": None,
    }
    assert lines["region"] is not None and lines["region"]["area_name"] == "North West"
    average = lines["neighbours"]
    assert (average["value"], average["available"], average["suppressed"], average["missing"]) == (
        25.1,
        1,
        3,
        6,
    )
    assert average["sentence"] == (
        "Average of 1 of 10 statistical neighbours (3 suppressed, 6 with no figure in the data)."
    )


def test_the_neighbour_average_is_the_mean_of_those_with_a_value() -> None:
    values = read(*ROWS[:7]).values
    lines = benchmark_lines(
        values, la_code="343", indicator="re_referrals", year=2018, neighbours=["E08000014", "341"]
    )
    assert lines["neighbours"]["value"] == pytest.approx((19.6 + 25.1) / 2)
    nobody = benchmark_lines(
        values, la_code="999", indicator="re_referrals", year=2018, neighbours=StatisticalNeighbours("sn.csv")
    )
    assert nobody["la"] is None and nobody["region"] is None and nobody["neighbours"]["value"] is None
    assert nobody["neighbours"]["sentence"] == "No statistical neighbours are recorded for 999."
    assert (
        benchmark_lines(values, la_code="343", indicator="re_referrals", year=2019, neighbours=[])["england"]
        is None
    )


def test_the_latest_published_year_is_found_per_indicator() -> None:
    later = ROWS[0].replace("201718", "201819")
    values = read(ROWS[0], later, ROWS[2]).values
    assert latest_year(values, "re_referrals") == 2019 and latest_year(values, "re_referrals", "la") == 2018
    assert latest_year(values, "cin_rate") is None
