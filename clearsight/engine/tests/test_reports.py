"""The pure parts of reports: the report object, formula-safe cells and the reading age."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearsight.engine.reports.cells import FORMULA_STARTS, looks_like_formula, safe_text
from clearsight.engine.reports.document import Paragraph, Report, ReportKind, Section, Table
from clearsight.engine.reports.readability import TARGET_READING_AGE, reading_age, syllables


@pytest.mark.parametrize(
    "text", ["=SUM(A1:A9)", "+44 151", "-1", "@cmd", "\tTab", "\rReturn", '=HYPERLINK("http://x","y")']
)
def test_text_that_would_start_a_formula_is_escaped(text: str) -> None:
    assert looks_like_formula(text)
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Assessments", "", "1.1.2", "'quoted", " =leading space", "50%"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_text(text) == text


@given(st.text())
def test_no_safe_text_starts_a_formula(text: str) -> None:
    assert not safe_text(text).startswith(FORMULA_STARTS)
    assert safe_text(text).removeprefix("'") == text or safe_text(text) == text


def test_a_table_refuses_a_row_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="a row has 1 cells, the header 2"):
        Table("Caption", ("A", "B"), (("only one",),))


def test_headings_come_in_reading_order_with_anchors() -> None:
    report = Report(ReportKind.BOARD_PACK, "Pack", "Sefton", "Plan", date(2027, 2, 15), "Provisional", True)
    summary = Section("Summary").add(Paragraph("Text"))
    theme = Section("Theme 1")
    theme.sub("Progress").sub("Deeper")
    report.sections = [summary, theme]
    report.number_anchors()
    assert report.headings() == [
        (1, "Summary", "s1"),
        (1, "Theme 1", "s2"),
        (2, "Progress", "s3"),
        (3, "Deeper", "s4"),
    ]


def test_plain_short_sentences_read_at_or_below_the_target() -> None:
    result = reading_age("We want you to be safe. We will listen to you. We will help you at school.")
    assert result.on_target and result.reading_age is not None and result.reading_age <= TARGET_READING_AGE
    assert result.sentences == 3 and "on target" in result.verdict


def test_plan_language_reads_well_above_the_target_and_says_what_to_do() -> None:
    result = reading_age(
        "Ensure frontline practice is consistently good, effective and focussed on timely, "
        "measurable outcomes for children, including comprehensive multi-agency assessments."
    )
    assert result.reading_age is not None and result.reading_age > 16
    assert not result.on_target and "shorter sentences" in result.verdict


def test_no_words_has_no_reading_age() -> None:
    assert reading_age("  ").reading_age is None and reading_age("").verdict == "No text to check yet."


@pytest.mark.parametrize(
    ("word", "count"), [("safe", 1), ("together", 3), ("children", 2), ("comprehensive", 4)]
)
def test_syllables_are_counted_from_british_hyphenation(word: str, count: int) -> None:
    assert syllables(word) == count
