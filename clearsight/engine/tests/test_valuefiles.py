import io
import re
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from clearsight.engine.periods import parse_period
from clearsight.engine.problems import InputError
from clearsight.engine.valuefiles import read_figures


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_it_reads_figures_with_their_row_numbers():
    rows = read_figures(csv_bytes("Measure,Period,Numerator,Denominator,Value,Commentary",
                                  "audit_good,2017-10,36,40,,October audit",
                                  "", "audit_good,November 2017,,,85.5,"), "audit.csv")
    assert [(r.row, r.measure_key, r.period, r.numerator, r.value) for r in rows] == [
        (2, "audit_good", parse_period("2017-10"), D(36), None),
        (4, "audit_good", parse_period("2017-11"), None, D("85.5")),
    ]


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_returned():
    with pytest.raises(InputError) as error:
        read_figures(csv_bytes("measure,period,value", "a,2017-13,5", ",2017-10,five", "b,2017-10,5"), "f.csv")
    assert [(p.line, p.field) for p in error.value.problems] == [(2, "period"), (3, "measure"), (3, "value")]
    assert all(p.file == "f.csv" for p in error.value.problems)


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [(csv_bytes("period,value", "2017-10,5"), "f.csv", "needs the column(s) measure"),
     (csv_bytes("measure,period,score", "a,2017-10,5"), "f.csv", "Unknown column(s) score"),
     (b"", "f.csv", "empty"), (b"\xff\xfeoops", "f.csv", "not UTF-8"),
     (b"measure,period", "f.txt", ".csv or .xlsx"), (b"not a zip", "f.xlsx", "not an Excel workbook")],
)
def test_files_that_cannot_be_read_are_refused_with_a_reason(data, name, words):
    with pytest.raises(InputError, match=re.escape(words)):
        read_figures(data, name)


def test_it_reads_the_first_sheet_of_a_workbook():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["measure", "period", "value"])
    sheet.append(["staff_survey", "2017-18", 71])
    out = io.BytesIO()
    workbook.save(out)
    (row,) = read_figures(out.getvalue(), "survey.xlsx")
    assert (row.measure_key, row.period.key, row.value) == ("staff_survey", "2017-18", D(71))


@settings(max_examples=60)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused_never_crash(data):
    try:
        read_figures(data, "fuzz.csv")
    except InputError as error:
        assert error.problems
