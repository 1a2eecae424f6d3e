"""Charts as SVG text: well-formed, labelled for screen readers, never colour alone, deterministic."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from clearsight.engine.charts import (
    BAND_COLOURS,
    BAND_OPACITY,
    BLUE,
    CHAR,
    GREY,
    NO_DATA,
    RED,
    TEXT,
    BandShade,
    ChartError,
    Limits,
    Point,
    ReferenceLine,
    bands_for_chart,
    format_value,
    line_chart,
    nice_ticks,
    sparkline,
)
from clearsight.engine.thresholds import parse_thresholds

NS = "{http://www.w3.org/2000/svg}"
MONTHS = ["Oct 2017", "Nov 2017", "Dec 2017", "Jan 2018", "Feb 2018", "Mar 2018"]
SERIES = [Point(m, v) for m, v in zip(MONTHS, [78, 81.5, 79, 74, 83.2, 86.04], strict=True)]
SEFTON = bands_for_chart(parse_thresholds("65-79", "80-89", "90-100"))


def chart(points: list[Point] | None = None, **kwargs: Any) -> str:
    kwargs = {"title": "Assessments on time", "description": "Within 45 working days.", "unit": "%"} | kwargs
    return line_chart(SERIES if points is None else points, **kwargs)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def by_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == cls]


def desc(root: ET.Element) -> str:
    element = root.find(f"{NS}desc")
    assert element is not None
    return element.text or ""


# --- accessibility ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "svg",
    [chart(), chart([]), sparkline(SERIES, title="Assessments"), sparkline([], title="None yet")],
    ids=["chart", "empty chart", "sparkline", "empty sparkline"],
)
def test_it_is_an_image_labelled_by_its_title_and_desc(svg: str) -> None:
    root = parse(svg)
    title, description = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert root.get("role") == "img" and title is not None and description is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {description.get('id')}"
    assert title.text and description.text
    assert root.get("viewBox", "").startswith("0 0 ")


def test_two_different_charts_do_not_share_ids() -> None:
    one, two = parse(chart()), parse(chart(title="Re-referrals"))
    ids = {e.get("id") for root in (one, two) for e in root.iter() if e.get("id")}
    assert len(ids) == 4


def test_the_desc_gives_the_description_then_the_data_in_words() -> None:
    said = desc(parse(chart()))
    assert said.startswith("Within 45 working days. 6 periods from Oct 2017 to Mar 2018.")
    assert "Latest value 86% in Mar 2018." in said
    assert "First value 78% in Oct 2017; lowest 74% in Jan 2018; highest 86% in Mar 2018." in said


def test_the_desc_names_the_unit_and_says_when_the_latest_period_has_no_data() -> None:
    points = [*SERIES, Point("Apr 2018", None)]
    said = desc(parse(chart(points, unit="days")))
    assert "Latest value 86 days in Mar 2018; no data for Apr 2018." in said
    assert "7 periods from Oct 2017 to Apr 2018, 1 without data." in said


def test_the_desc_describes_bands_lines_limits_and_signals() -> None:
    svg = chart(bands=SEFTON, references=[ReferenceLine("England", 86.0)], limits=Limits(80, 70, 90),
                highlight=[3])  # fmt: skip
    said = desc(parse(svg))
    assert "Shaded bands: Inadequate below 65%; Requires Improvement 65% to 80%; Good 80% to 90%; " in said
    assert "Outstanding 90% and above." in said
    assert "Reference lines: England 86%." in said
    assert "Process limits: Mean 80%; Upper limit 90%; Lower limit 70%." in said
    assert "Special cause points, marked with a diamond: 74% in Jan 2018." in said


def test_each_band_is_named_in_text_not_only_by_colour() -> None:
    labels = [" ".join(t.split()) for t in texts(parse(chart(bands=SEFTON)))]
    for grade in ("Inadequate", "Requires Improvement", "Good", "Outstanding"):
        assert grade in labels or grade.replace(" ", "") in labels


def test_long_band_names_wrap_onto_lines_that_fit_the_gutter() -> None:
    root = parse(chart(bands=SEFTON))
    (label,) = [e for e in by_class(root, "text", "cs-band-label") if "Requires" in "".join(e.itertext())]
    assert [t.text for t in label.iter(f"{NS}tspan")] == ["Requires", "Improvement"]


def test_reference_lines_and_limits_are_labelled_with_their_values() -> None:
    svg = chart(references=[ReferenceLine("England", 86.0), ReferenceLine("Neighbours", 84.25, "dotted")],
                limits=Limits(80.0, None, 91.0))  # fmt: skip
    labels = [t.text for t in by_class(parse(svg), "text", "cs-reference-label")]
    assert labels == ["Mean 80%", "Upper limit 91%", "England 86%", "Neighbours 84.2%"]


def test_labels_of_close_lines_are_moved_apart() -> None:
    svg = chart(references=[ReferenceLine("England", 86.0), ReferenceLine("Neighbours", 86.2)])
    ys = sorted(float(t.get("y", "0")) for t in by_class(parse(svg), "text", "cs-reference-label"))
    assert ys[1] - ys[0] >= 15


def test_highlighted_points_get_a_diamond_as_well_as_colour() -> None:
    root = parse(chart(highlight=[1, 3]))
    diamonds = by_class(root, "path", "cs-signal")
    assert len(diamonds) == 3  # two points and the key
    assert all(d.get("stroke") == RED and d.get("d", "").endswith("Z") for d in diamonds)
    assert "Special cause" in texts(root)
    assert by_class(parse(chart()), "path", "cs-signal") == []


def test_a_highlighted_gap_has_nothing_to_mark_and_a_bad_index_is_an_error() -> None:
    points = [*SERIES[:2], Point("Dec 2017", None)]
    assert by_class(parse(chart(points, highlight=[2])), "path", "cs-signal") == []
    with pytest.raises(ChartError, match="outside the series"):
        chart(highlight=[6])
    with pytest.raises(ChartError, match="outside the series"):
        chart(highlight=[-1])


def test_points_with_a_note_are_hollow_and_explained_in_a_key() -> None:
    points = [*SERIES[:-1], Point("Mar 2018", 86.0, "Provisional")]
    root = parse(chart(points))
    markers = by_class(root, "circle", "cs-point")
    assert [m.get("fill") for m in markers][-2:] == [BLUE, "#ffffff"]
    assert "Provisional" in texts(root)
    assert "86% in Mar 2018 (Provisional)" in desc(root)


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tint(colour: str, alpha: float) -> str:
    """The colour at ``alpha`` over white."""
    mixed = [round(int(colour[i : i + 2], 16) * alpha + 255 * (1 - alpha)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@pytest.mark.parametrize("colour", [BLUE, RED, GREY, TEXT])
def test_lines_and_markers_have_at_least_3_to_1_contrast_on_white(colour: str) -> None:
    assert contrast(colour, "#ffffff") >= 3


@pytest.mark.parametrize("band", sorted(BAND_COLOURS))
def test_text_on_every_band_tint_has_at_least_4_5_to_1_contrast(band: str) -> None:
    assert contrast(TEXT, tint(BAND_COLOURS[band], BAND_OPACITY)) >= 4.5


def test_text_is_at_least_12px_at_640_wide() -> None:
    root = parse(chart(bands=SEFTON))
    assert int(root.get("font-size", "0")) >= 12
    assert all(int(t.get("font-size", "12")) >= 12 for t in root.iter(f"{NS}text"))


# --- the line ------------------------------------------------------------------------------------


def test_a_gap_breaks_the_line_into_two_paths() -> None:
    points = [*SERIES[:3], Point("Jan 2018", None), *SERIES[4:]]
    paths = by_class(parse(chart(points)), "path", "cs-line")
    assert len(paths) == 2
    assert all(p.get("d", "").count("M") == 1 for p in paths)


def test_a_value_alone_between_gaps_is_a_marker_without_a_line() -> None:
    points = [Point("Q1", 10), Point("Q2", None), Point("Q3", 12), Point("Q4", None)]
    root = parse(chart(points, unit=""))
    assert by_class(root, "path", "cs-line") == []
    assert len(by_class(root, "circle", "cs-point")) == 2


def test_a_single_point_draws_just_a_marker() -> None:
    root = parse(chart([Point("2017-18 Q2", 42.0)]))
    assert by_class(root, "path", "cs-line") == []
    assert len(by_class(root, "circle", "cs-point")) == 1
    assert "Latest value 42% in 2017-18 Q2." in desc(root)


@pytest.mark.parametrize("points", [[], [Point("Oct 2017", None), Point("Nov 2017", None)]])
def test_a_series_without_values_says_no_data_yet(points: list[Point]) -> None:
    root = parse(chart(points, bands=SEFTON))
    assert NO_DATA in texts(root)
    assert desc(root) == f"Within 45 working days. {NO_DATA}."
    assert by_class(root, "path", "cs-line") == []


def test_many_periods_have_thinned_x_labels_that_do_not_overlap() -> None:
    points = [Point(f"{m} {2015 + i // 12}", 50 + i % 7) for i, m in enumerate(["Jan", "Feb", "Mar"] * 20)]
    labels = by_class(parse(chart(points)), "text", "cs-x")
    xs = sorted(float(t.get("x", "0")) for t in labels)
    assert 4 <= len(labels) < 60
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) > len("Jan 2015") * CHAR
    assert labels[0].text == points[-1].label  # the latest period is always labelled


def test_x_labels_stay_inside_the_chart() -> None:
    points = [Point(f"2017-18 Q{i % 4 + 1}", i) for i in range(40)]
    for label in by_class(parse(chart(points, width=320)), "text", "cs-x"):
        half = len(label.text or "") * CHAR / 2
        assert half <= float(label.get("x", "0")) <= 320 - half


# --- escaping and determinism --------------------------------------------------------------------


def test_titles_labels_and_notes_are_escaped() -> None:
    points = [Point("<Q1> & co", 1.0, 'a "note" <b>'), Point("Q2", 2.0)]
    svg = chart(points, title="Tom & Jerry's <script>", description="1 < 2 & 3 > 2", unit="",
                references=[ReferenceLine("<England>", 1.5)], bands=[BandShade("A & B", None, 1.2)])  # fmt: skip
    root = parse(svg)
    assert "<script>" not in svg
    assert root.findtext(f"{NS}title") == "Tom & Jerry's <script>"
    assert desc(root).startswith("1 < 2 & 3 > 2")
    assert "<England> 1.5" in texts(root)


def test_characters_xml_cannot_hold_are_dropped() -> None:
    root = parse(chart(title="Bell\x07 and null\x00"))
    assert root.findtext(f"{NS}title") == "Bell and null"


def test_the_same_input_draws_the_same_bytes() -> None:
    kwargs: dict[str, Any] = {
        "bands": SEFTON,
        "references": [ReferenceLine("England", 86.0)],
        "highlight": [2],
    }
    assert chart(**kwargs) == chart(**kwargs)
    assert sparkline(SERIES, title="x") == sparkline(tuple(SERIES), title="x")


@pytest.mark.parametrize(
    ("points", "kwargs", "match"),
    [
        ([Point("Q1", math.nan)], {}, "'Q1' must be a finite number"),
        ([Point("Q1", math.inf)], {}, "'Q1' must be a finite number"),
        (SERIES, {"references": [ReferenceLine("England", 86.0, "wavy")]}, "styles \\['wavy'\\]"),
        (SERIES, {"limits": Limits(math.nan, None, None)}, "Mean must be a finite number"),
        (SERIES, {"bands": [BandShade("Good", math.inf, None)]}, "a band edge must be a finite"),
        (SERIES, {"width": 100}, "too small"),
    ],
)
def test_bad_input_is_a_named_error(points: list[Point], kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ChartError, match=match):
        chart(points, **kwargs)


# --- the y axis ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 100, [0, 20, 40, 60, 80, 100]),
        (61.5, 100, [60, 70, 80, 90, 100]),
        (74, 88, [70, 75, 80, 85, 90]),
        (0.12, 0.93, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (3, 9, [2, 4, 6, 8, 10]),
        (0.5, 9.6, [0, 2, 4, 6, 8, 10]),
        (21, 29, [20, 22, 24, 26, 28, 30]),
        (-2.4, 7.4, [-2.5, 0, 2.5, 5, 7.5]),  # 2.5 wins only when it is much tighter
        (1203, 4870, [1000, 2000, 3000, 4000, 5000]),
        (-12, 7, [-15, -10, -5, 0, 5, 10]),
        (0, 7.5, [0, 2, 4, 6, 8]),
        (86, 86, [75, 80, 85, 90, 95]),
        (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    ],
)
def test_ticks_are_4_to_6_round_numbers_covering_the_range(
    low: float, high: float, ticks: list[float]
) -> None:
    assert nice_ticks(low, high) == pytest.approx(ticks)


def test_ticks_always_cover_the_range_with_4_to_6_round_steps() -> None:
    for i in range(1, 400):
        low, high = (i * 37) % 91 - 20 + i / 7, (i * 53) % 997 / (1 + i % 5)
        ticks = nice_ticks(low, high)
        step = ticks[1] - ticks[0]
        mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
        assert 4 <= len(ticks) <= 6 and ticks[0] <= min(low, high) and ticks[-1] >= max(low, high)
        assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))


def y_ticks(svg: str) -> list[str]:
    return [t.text or "" for t in by_class(parse(svg), "text", "cs-y")]


def test_percentages_zoom_in_on_a_narrow_range() -> None:
    assert y_ticks(chart())[:5] == ["70%", "75%", "80%", "85%", "90%"]


def test_percentages_take_the_whole_scale_once_the_content_spans_half_of_it() -> None:
    points = [Point("Q1", 30.0), Point("Q2", 85.0)]
    assert y_ticks(chart(points)) == ["0%", "20%", "40%", "60%", "80%", "100%"]


def test_the_domain_includes_band_edges_and_some_of_an_open_band() -> None:
    ticks = y_ticks(chart(bands=SEFTON))
    assert ticks[0] == "60%" and ticks[-1] == "100%"  # Inadequate, below 65, shows from 60


def test_the_domain_includes_reference_lines_and_limits() -> None:
    svg = chart(references=[ReferenceLine("England", 95.0)], limits=Limits(80, 55, 99))
    assert y_ticks(svg)[0] == "50%" and y_ticks(svg)[-1] == "100%"


def test_values_have_at_most_one_decimal() -> None:
    assert [format_value(v, u) for v, u in [(86.04, "%"), (84.25, ""), (1203.0, "days"), (-0.01, "")]] == [
        "86%",
        "84.2",
        "1,203 days",
        "0",
    ]


# --- bands and sparklines ------------------------------------------------------------------------


def test_engine_bands_become_shades_with_open_ends_at_the_chart_edge() -> None:
    assert bands_for_chart(parse_thresholds("65-79", "80-89", "90-100")) == [
        BandShade("Inadequate", None, 65.0),
        BandShade("Requires Improvement", 65.0, 80.0),
        BandShade("Good", 80.0, 90.0),
        BandShade("Outstanding", 90.0, None),
    ]
    assert bands_for_chart(parse_thresholds("", "", "Increase")) == []


def test_a_lower_is_better_scale_keeps_its_grades_in_order() -> None:
    shades = bands_for_chart(parse_thresholds("25-20", "19-15", "<14"))
    assert [s.grade for s in shades] == ["Inadequate", "Requires Improvement", "Good", "Outstanding"]
    assert shades[0].high is None and shades[-1].low is None


def test_a_sparkline_is_fixed_size_and_breaks_at_gaps() -> None:
    points = [*SERIES[:2], Point("Dec 2017", None), *SERIES[3:]]
    root = parse(sparkline(points, title="Assessments"))
    assert (root.get("width"), root.get("height")) == ("120", "32")
    assert len(by_class(root, "path", "cs-line")) == 2
    assert "Latest value 86 in Mar 2018." in desc(root)


def test_an_empty_sparkline_says_no_data_yet() -> None:
    root = parse(sparkline([], title="Assessments"))
    assert texts(root) == [NO_DATA] and desc(root) == f"{NO_DATA}."
