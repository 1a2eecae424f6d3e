"""Hand-made Explore Education Statistics files in the real layout."""

from __future__ import annotations

import pytest

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
    "old_la_code,new_la_code,la_name,characteristic,re_referrals_pct,referrals\n"
)
NW = "E12000002,North West"


def ees(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


NEIGHBOUR_CODES = [
    "E08000011",
    "E08000012",
    "E08000013",
    "E08000015",
    "E06000006",
    "E06000007",
    "E10000017",
    "E06000050",
    "E06000008",
    "E06000009",
]


@pytest.fixture
def cin_2018() -> bytes:
    """2017-18 for England, the North West, Sefton and six of its neighbours, with every code."""
    return ees(
        '201718,Financial year,National,E92000001,England,,,,,,Total,21.9,"655,630"',
        f'201718,Financial year,Regional,E92000001,England,{NW},,,,Total,22.5,"92,030"',
        f'201718,Financial year,Local authority,E92000001,England,{NW},343,E08000014,Sefton,Total,19.6,"3,312"',
        f"201718,Financial year,Local authority,E92000001,England,{NW},340,E08000011,Knowsley,Total,24.0,c",
        f"201718,Financial year,Local authority,E92000001,England,{NW},341,E08000012,Liverpool,Total,26.0,z",
        f"201718,Financial year,Local authority,E92000001,England,{NW},342,E08000013,St Helens,Total,x,x",
        f"201718,Financial year,Local authority,E92000001,England,{NW},344,E08000015,Wirral,Total,k,k",
        f"201718,Financial year,Local authority,E92000001,England,{NW},876,E06000006,Halton,Total,~,~",
        f"201718,Financial year,Local authority,E92000001,England,{NW},877,E06000007,Warrington,Total,:,:",
        f"201718,Financial year,Local authority,E92000001,England,{NW},877,E06000007,Warrington,Under 5,1.0,2",
        "201718,Financial year,Local authority district,E92000001,England,,,,,,Total,1,1",
    )


@pytest.fixture
def neighbours_csv() -> bytes:
    rows = "".join(f"343,{code},{rank}\n" for rank, code in enumerate(NEIGHBOUR_CODES, start=1))
    return ("la_code,neighbour_code,rank\n" + rows).encode()
