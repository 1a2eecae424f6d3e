"""Threshold bands: every band set in the Sefton seed, graded at every edge, plus properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.thresholds import (
    Band,
    Direction,
    Grade,
    LintCode,
    Polarity,
    ThresholdError,
    grade,
    parse_band_text,
    parse_thresholds,
    to_json,
)

INAD, RI, GOOD, OUT, UNG = (
    Grade.INADEQUATE,
    Grade.REQUIRES_IMPROVEMENT,
    Grade.GOOD,
    Grade.OUTSTANDING,
    Grade.UNGRADED,
)
HIGHER, LOWER = Polarity.HIGHER, Polarity.LOWER

# Every distinct band set in the Sefton seed's "How we will know" tables, with its polarity,
# the lint codes it should raise, and (value, grade) at every edge: on each bound, x.5 between
# bands, 0, 100, negative and huge.
SEFTON: list[tuple[str, Polarity, set[str], list[tuple[float, Grade]]]] = [
    ("65-75|75-84|85+", HIGHER, {"overlap"},
     [(-1, INAD), (0, INAD), (64, INAD), (64.5, INAD), (65, RI), (74.5, RI), (75, GOOD), (75.5, GOOD),
      (84, GOOD), (84.5, GOOD), (85, OUT), (100, OUT), (1e9, OUT)]),
    ("30-39|40-49|50-100", HIGHER, set(),
     [(0, INAD), (29.5, INAD), (30, RI), (39, RI), (39.5, RI), (40, GOOD), (49.5, GOOD), (50, OUT),
      (100, OUT), (100.5, OUT), (-0.5, INAD)]),
    ("65-74|75-80|85+", HIGHER, {"gap"},
     [(64.9, INAD), (65, RI), (74.5, RI), (75, GOOD), (80, GOOD), (80.5, GOOD), (82, GOOD),
      (84.9, GOOD), (85, OUT), (100, OUT)]),
    ("75-80|81-89|90+", HIGHER, set(),
     [(74.5, INAD), (75, RI), (80, RI), (80.5, RI), (81, GOOD), (89.5, GOOD), (90, OUT), (1e12, OUT)]),
    ("40-50|49-25|>24", LOWER, {"direction_conflict", "overlap"},
     [(100, INAD), (51, INAD), (50.5, INAD), (50, RI), (49.5, RI), (49, GOOD), (40, GOOD), (25, GOOD),
      (24.5, GOOD), (24, OUT), (0, OUT), (-1, OUT)]),
    ("50-60|61-80|81+", HIGHER, set(),
     [(49.5, INAD), (50, RI), (60, RI), (60.5, RI), (61, GOOD), (80.5, GOOD), (81, OUT), (100, OUT)]),
    ("65-79|80-89|90-100", HIGHER, set(),
     [(-5, INAD), (0, INAD), (64.5, INAD), (65, RI), (79, RI), (79.5, RI), (79.99, RI), (80, GOOD),
      (89.5, GOOD), (90, OUT), (100, OUT), (101, OUT), (1e12, OUT)]),
    ("25-20|19-15|<14", LOWER, {"gap"},
     [(100, INAD), (25.5, INAD), (25, RI), (20, RI), (19.5, RI), (19, GOOD), (15, GOOD), (14.5, GOOD),
      (14, GOOD), (13.5, OUT), (0, OUT), (-3, OUT)]),
    ("70-84|85-94|95-100", HIGHER, set(),
     [(69.5, INAD), (70, RI), (84.5, RI), (85, GOOD), (94.5, GOOD), (95, OUT), (100, OUT)]),
    ("70-79|80-89|90-100", HIGHER, set(),
     [(69.9, INAD), (70, RI), (79.5, RI), (80, GOOD), (89.5, GOOD), (90, OUT), (100, OUT)]),
    ("20-24|19-16|<16", LOWER, set(),
     [(24.5, INAD), (24, RI), (20, RI), (19.5, RI), (19, GOOD), (16.5, GOOD), (16, GOOD), (15.5, OUT),
      (0, OUT)]),
    ("25-33|34-66|67-100", HIGHER, set(),
     [(24.5, INAD), (25, RI), (33, RI), (33.5, RI), (34, GOOD), (66.5, GOOD), (67, OUT), (100, OUT)]),
    ("8-15|7-5|<5", LOWER, set(),
     [(15.5, INAD), (15, RI), (8, RI), (7.5, RI), (7, GOOD), (5, GOOD), (4.5, OUT), (0, OUT)]),
    ("16-25|6-15|0-5", LOWER, set(),
     [(100, INAD), (25.5, INAD), (25, RI), (16, RI), (15.5, RI), (15, GOOD), (6, GOOD), (5.5, GOOD),
      (5, OUT), (0, OUT), (-1, OUT)]),
    ("60-79|80-94|95-100", HIGHER, set(),
     [(59.5, INAD), (60, RI), (79.5, RI), (80, GOOD), (94.5, GOOD), (95, OUT), (100, OUT)]),
    ("40-20|20-10|<10", LOWER, {"overlap"},
     [(40.5, INAD), (40, RI), (20.5, RI), (20, GOOD), (10, GOOD), (9.5, OUT), (0, OUT)]),
    ("80-89|90-94|95-100", HIGHER, set(),
     [(79.5, INAD), (80, RI), (89.5, RI), (90, GOOD), (94.5, GOOD), (95, OUT), (100, OUT)]),
    ("35-26|25-20|19-10", LOWER, set(),
     [(35.5, INAD), (35, RI), (26, RI), (25.5, RI), (25, GOOD), (19.5, GOOD), (19, OUT), (10, OUT),
      (9, OUT), (0, OUT)]),
    ("50-60|61-75|75+", HIGHER, {"overlap"},
     [(49.5, INAD), (50, RI), (60.5, RI), (61, GOOD), (74.5, GOOD), (75, OUT), (100, OUT)]),
    ("25-21||", LOWER, {"single_band"},
     [(1e9, INAD), (25.5, INAD), (25, RI), (21, RI), (20.5, RI), (20, UNG), (0, UNG), (-1, UNG)]),
]  # fmt: skip

GRADED = (INAD, RI, GOOD, OUT)


@pytest.mark.parametrize(("text", "polarity", "codes", "cases"), SEFTON, ids=[s[0] for s in SEFTON])
def test_it_grades_every_sefton_band_set_at_every_edge(text, polarity, codes, cases):
    thresholds = parse_band_text(text)
    assert thresholds.polarity is polarity
    assert {lint.code for lint in thresholds.warnings} == codes
    for value, expected in cases:
        assert grade(thresholds, value) is expected, f"{text}: {value}"


@pytest.mark.parametrize(("text", "polarity", "codes", "cases"), SEFTON, ids=[s[0] for s in SEFTON])
def test_its_bands_are_the_scale_as_graded(text, polarity, codes, cases):
    """Worst to best, no overlaps, and grading a value is looking it up in them."""
    bands = parse_band_text(text).bands
    assert [b.grade for b in bands] == sorted((b.grade for b in bands), key=GRADED.index)
    for value, expected in cases:
        holders = [b for b in bands if b.contains(value)]
        assert [b.grade for b in holders] == ([] if expected is UNG else [expected])


def test_it_reports_the_bands_of_a_clean_higher_set():
    bands = parse_band_text("65-79 | 80-89 | 90-100").bands
    assert bands == (
        Band(INAD, None, 65, False, False, ""),
        Band(RI, 65, 80, True, False, "65-79"),
        Band(GOOD, 80, 90, True, False, "80-89"),
        Band(OUT, 90, None, True, False, "90-100"),
    )


def test_it_mirrors_whole_number_contiguity_on_a_lower_scale():
    bands = parse_band_text("20-24 | 19-16 | <16").bands
    assert bands == (
        Band(INAD, 24, None, False, False, ""),
        Band(RI, 19, 24, False, True, "20-24"),
        Band(GOOD, 16, 19, True, True, "19-16"),
        Band(OUT, None, 16, False, False, "<16"),
    )


def test_it_reads_an_open_end_the_wrong_way_in_the_polarity_direction():
    thresholds = parse_band_text("40-50 | 49-25 | >24")
    conflict = [w for w in thresholds.warnings if w.code is LintCode.DIRECTION_CONFLICT]
    assert len(conflict) == 1 and "'>24'" in conflict[0].message and "24 and below" in conflict[0].message
    assert thresholds.bands[-1] == Band(OUT, None, 24, False, True, ">24")


def test_gap_and_overlap_messages_name_the_bands():
    gap = parse_band_text("65-74 | 75-80 | 85+").warnings[0]
    assert gap.code is LintCode.GAP
    assert "Good '75-80'" in gap.message and "Outstanding '85+'" in gap.message and "81 to 84" in gap.message
    overlap = parse_band_text("65-75 | 75-84 | 85+").warnings[0]
    assert overlap.code is LintCode.OVERLAP
    assert "Requires Improvement '65-75'" in overlap.message and "Good '75-84'" in overlap.message
    assert "75" in overlap.message


@pytest.mark.parametrize(
    ("text", "low", "high", "low_inclusive", "high_inclusive"),
    [
        ("65-79", 65, 80, True, False),
        ("65 - 79", 65, 80, True, False),
        ("65–79", 65, 80, True, False),
        ("65—79", 65, 80, True, False),
        ("65 to 79", 65, 80, True, False),
        ("65%-79%", 65, 80, True, False),
        ("79-65", 65, 80, True, False),
        ("2.5-3.9", 2.5, 3.9, True, True),
        ("85+", 85, None, True, False),
        ("85%+", 85, None, True, False),
        (">=85", 85, None, True, False),
        ("≥ 85", 85, None, True, False),
        ("85 and above", 85, None, True, False),
        ("85 or more", 85, None, True, False),
        (">84", 84, None, False, False),
        ("0-5", 0, 6, True, False),
        ("100", 100, 101, True, False),
        ("1,000-2,000", 1000, 2001, True, False),
    ],
)
def test_it_reads_the_ways_councils_write_a_higher_band(text, low, high, low_inclusive, high_inclusive):
    thresholds = parse_thresholds(text, "", "", polarity="higher")
    assert [w.code for w in thresholds.warnings] == [LintCode.SINGLE_BAND]
    assert thresholds.bands[-1] == Band(RI, low, high, low_inclusive, high_inclusive, text)


@pytest.mark.parametrize(
    ("text", "low", "high", "low_inclusive", "high_inclusive"),
    [
        ("<14", None, 14, False, False),
        ("< 14%", None, 14, False, False),
        ("<=14", None, 14, False, True),
        ("≤14", None, 14, False, True),
        ("14 and below", None, 14, False, True),
        ("14 or less", None, 14, False, True),
    ],
)
def test_it_reads_the_ways_councils_write_a_lower_band(text, low, high, low_inclusive, high_inclusive):
    thresholds = parse_thresholds("", "", text)
    assert thresholds.polarity is LOWER  # the open end points to the better side
    assert thresholds.bands == (
        Band(INAD, 14, None, not high_inclusive, False, ""),
        Band(OUT, low, high, low_inclusive, high_inclusive, text),
    )


@pytest.mark.parametrize("text", ["about 60", "60ish", "n/a", "TBC", "-5-0", "65-", "60-70-80", "1e3"])
def test_it_keeps_unparseable_text_verbatim_and_never_guesses(text):
    thresholds = parse_band_text(f"{text} | 80-89 | 90+")
    unparseable = [w for w in thresholds.warnings if w.code is LintCode.UNPARSEABLE]
    assert len(unparseable) == 1 and f"'{text}'" in unparseable[0].message
    assert thresholds.texts[0] == text
    assert [b.grade for b in thresholds.bands] == [INAD, GOOD, OUT]


def test_a_fourth_band_is_flagged_not_dropped_silently():
    thresholds = parse_band_text("60-69 | 70-79 | 80-89 | 90+")
    assert [w.code for w in thresholds.warnings] == [LintCode.UNPARSEABLE]
    assert "'90+'" in thresholds.warnings[0].message


def test_fewer_than_three_positions_leave_the_rest_blank():
    thresholds = parse_band_text("25-21")
    assert thresholds.texts == ("25-21", "", "")
    assert parse_band_text("25-21 | | ") == thresholds


def test_all_blank_is_ungraded_with_a_warning():
    thresholds = parse_band_text(" | | ")
    assert thresholds.bands == ()
    assert [w.code for w in thresholds.warnings] == [LintCode.UNPARSEABLE]
    assert grade(thresholds, 50) is UNG


def test_decimal_bands_are_used_as_written():
    thresholds = parse_band_text("2.5-3.9 | 4.0-4.9 | 5.0+")
    assert thresholds.warnings == ()  # 3.9 → 4.0 is contiguous at the written precision
    assert grade(thresholds, 3.9) is RI and grade(thresholds, 3.95) is RI and grade(thresholds, 4.0) is GOOD
    single = parse_thresholds("2.5-3.9", "", "")
    assert grade(single, 3.9) is RI and grade(single, 3.91) is UNG and grade(single, 2.49) is INAD


def test_a_decimal_gap_wider_than_the_precision_is_flagged():
    thresholds = parse_band_text("2.5-3.9 | 4.5-4.9 | 5.0+")
    assert [w.code for w in thresholds.warnings] == [LintCode.GAP]
    assert "4 to 4.4" in thresholds.warnings[0].message
    assert grade(thresholds, 4.2) is RI


# --- polarity ------------------------------------------------------------------------------------


def test_an_override_wins_and_warns_when_the_bands_disagree():
    thresholds = parse_band_text("65-79 | 80-89 | 90-100", polarity="lower")
    assert thresholds.polarity is LOWER
    assert LintCode.DIRECTION_CONFLICT in {w.code for w in thresholds.warnings}
    assert grade(thresholds, 50) is OUT  # the override is obeyed, however odd


def test_an_override_that_agrees_adds_no_warning():
    assert parse_band_text("20-24 | 19-16 | <16", polarity="lower").warnings == ()
    assert parse_band_text("65-79 | 80-89 | 90-100", polarity="higher").warnings == ()


def test_a_single_band_uses_its_open_end_then_its_written_order_then_higher():
    assert parse_band_text("85+").polarity is HIGHER
    assert parse_band_text("<14").polarity is LOWER
    assert parse_band_text("25-21").polarity is LOWER
    assert parse_band_text("21-25").polarity is HIGHER
    assert all(w.code is LintCode.SINGLE_BAND for w in parse_band_text("21-25").warnings)


def test_a_single_band_with_an_override():
    thresholds = parse_band_text("25-21", polarity="higher")
    assert thresholds.polarity is HIGHER
    assert grade(thresholds, 25.5) is RI and grade(thresholds, 26) is UNG and grade(thresholds, 20.5) is INAD


def test_a_single_outstanding_band_is_outstanding_beyond_it():
    thresholds = parse_band_text(" | | 90-100")
    assert grade(thresholds, 101) is OUT and grade(thresholds, 89.5) is INAD


def test_the_majority_of_pairs_decides_and_the_dissent_is_flagged():
    thresholds = parse_band_text("60-69 | 50-59 | 80+")
    assert thresholds.polarity is HIGHER
    assert [w.code for w in thresholds.warnings].count(LintCode.DIRECTION_CONFLICT) == 1
    values = [40, 55, 65, 79, 85]
    ranks = [GRADED.index(grade(thresholds, v)) for v in values]
    assert ranks == sorted(ranks)


def test_a_staircase_of_floors_reads_as_floors():
    thresholds = parse_band_text("60+ | 80+ | 90+")
    assert thresholds.polarity is HIGHER
    assert [grade(thresholds, v) for v in (59, 60, 85, 95)] == [INAD, RI, GOOD, OUT]


def test_a_missing_middle_band_is_a_gap_to_the_worse_neighbour():
    thresholds = parse_band_text("60-69 | | 90+")
    assert [w.code for w in thresholds.warnings] == [LintCode.GAP]
    assert grade(thresholds, 80) is RI


def test_unknown_polarity_is_a_programmer_error():
    with pytest.raises(ThresholdError):
        parse_band_text("65-79", polarity="sideways")


# --- direction only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "previous", "expected"),
    [
        ("Increase", 12, 10, Grade.IMPROVING),
        ("Increase", 10, 10, Grade.NO_CHANGE),
        ("Increase", 8, 10, Grade.WORSENING),
        ("Decrease", 8, 10, Grade.IMPROVING),
        ("Decrease", 12, 10, Grade.WORSENING),
        (" | Increase | ", 12.5, 12.25, Grade.IMPROVING),
        ("increase", 12, None, UNG),
        ("Increase", 0, None, UNG),
    ],
)
def test_direction_only_is_graded_against_the_previous_period(text, value, previous, expected):
    thresholds = parse_band_text(text)
    assert thresholds.polarity is Polarity.DIRECTION
    assert [w.code for w in thresholds.warnings] == [LintCode.DIRECTION_ONLY]
    assert grade(thresholds, value, previous) is expected


def test_direction_only_with_a_disagreeing_override():
    thresholds = parse_band_text("Increase", polarity="lower")
    assert thresholds.direction is Direction.DECREASE
    assert {w.code for w in thresholds.warnings} == {LintCode.DIRECTION_ONLY, LintCode.DIRECTION_CONFLICT}
    assert grade(thresholds, 8, 10) is Grade.IMPROVING


def test_a_direction_word_beside_numeric_bands_is_a_polarity_hint():
    thresholds = parse_band_text("Decrease | 19-16 | <16")
    assert thresholds.polarity is LOWER
    assert LintCode.DIRECTION_ONLY in {w.code for w in thresholds.warnings}


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(bad):
    thresholds = parse_band_text("65-79 | 80-89 | 90-100")
    with pytest.raises(ThresholdError):
        grade(thresholds, bad)
    with pytest.raises(ThresholdError):
        grade(parse_band_text("Increase"), 1.0, bad)


def test_to_json_is_the_cli_contract():
    out = to_json(parse_band_text("65-74 | 75-80 | 85+"), [82, 79.5])
    assert set(out) == {"polarity", "bands", "warnings", "grades"}
    assert out["polarity"] == "higher"
    assert out["grades"] == [{"value": 82.0, "grade": "Good"}, {"value": 79.5, "grade": "Good"}]
    assert out["bands"][0] == {
        "grade": "Inadequate",
        "low": None,
        "high": 65,
        "low_inclusive": False,
        "high_inclusive": False,
    }
    assert [w["code"] for w in out["warnings"]] == ["gap"]


# --- properties ----------------------------------------------------------------------------------

RANK = {INAD: 0, RI: 1, GOOD: 2, OUT: 3, UNG: 4}  # Ungraded only ever lies beyond the best band


@st.composite
def contiguous_band_sets(draw):
    """Well-formed whole-number band sets as councils write them, either way round."""
    polarity = draw(st.sampled_from([HIGHER, LOWER]))
    grades = draw(st.sampled_from([(0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2)]))
    start = draw(st.integers(0, 200))
    widths = draw(st.lists(st.integers(0, 30), min_size=len(grades), max_size=len(grades)))
    open_best = draw(st.booleans())
    backwards = draw(st.booleans())
    texts = ["", "", ""]
    low = start
    order = grades if polarity is HIGHER else grades[::-1]  # positions from low values to high
    for i, position in enumerate(order):
        high = low + widths[i]
        at_better_end = i == (len(order) - 1 if polarity is HIGHER else 0)
        if open_best and position == grades[-1] and at_better_end:
            texts[position] = f"{low}+" if polarity is HIGHER else f"<{high + 1}"
        else:
            texts[position] = f"{high}-{low}" if backwards else f"{low}-{high}"
        low = high + 1
    return polarity, texts


@settings(max_examples=100, deadline=None)
@given(contiguous_band_sets(), st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=8))
def test_grading_is_monotone(band_set, values):
    polarity, texts = band_set
    thresholds = parse_thresholds(*texts, polarity=str(polarity))
    ranks = [RANK[grade(thresholds, v)] for v in sorted(values)]
    assert ranks == (sorted(ranks) if polarity is HIGHER else sorted(ranks, reverse=True))


@settings(max_examples=100, deadline=None)
@given(contiguous_band_sets())
def test_well_formed_sets_infer_their_polarity_and_raise_no_lint(band_set):
    polarity, texts = band_set
    thresholds = parse_thresholds(*texts)
    codes = [w.code for w in thresholds.warnings]
    if sum(1 for t in texts if t) == 1:
        assert codes == [LintCode.SINGLE_BAND]
    else:
        assert thresholds.polarity is polarity
        assert codes == []


BAND_BITS = st.sampled_from(
    [
        "",
        " ",
        "65",
        "79",
        "-",
        "–",
        "+",
        "<",
        ">",
        "=",
        "≤",
        "≥",
        "%",
        ".",
        "5",
        "0",
        " to ",
        "and above",
        "or less",
        "|",
        "Increase",
        "Decrease",
        "x",
        "24",
        "100",
        "1,000",
        "\t",
        "9" * 20,
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(st.text(max_size=40), st.lists(BAND_BITS, max_size=12).map("".join)),
    st.sampled_from(["auto", "higher", "lower"]),
    st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=5),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
)
def test_the_parser_never_raises_and_every_value_gets_exactly_one_grade(text, polarity, values, previous):
    thresholds = parse_band_text(text, polarity=polarity)
    assert all(w.code in set(LintCode) for w in thresholds.warnings)
    to_json(thresholds, values, previous)
    for value in values:
        result = grade(thresholds, value, previous)
        assert result in set(Grade)
        holders = [b for b in thresholds.bands if b.contains(value)]
        assert len(holders) <= 1
        if thresholds.polarity is not Polarity.DIRECTION:
            assert [b.grade for b in holders] == ([] if result is UNG else [result])


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_parse_thresholds_never_raises_on_any_text(ri, good, outstanding):
    thresholds = parse_thresholds(ri, good, outstanding)
    for lint in thresholds.warnings:
        if lint.code is LintCode.UNPARSEABLE and "could not be read" in lint.message:
            assert any(f"'{t.strip()}'" in lint.message for t in (ri, good, outstanding))


def test_non_text_bands_are_a_programmer_error():
    with pytest.raises(ThresholdError):
        parse_thresholds(None, "", "")  # type: ignore[arg-type]
    with pytest.raises(ThresholdError):
        parse_band_text(65)  # type: ignore[arg-type]
