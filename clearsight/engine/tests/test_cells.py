import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearsight.engine.cells import FORMULA_STARTS, spreadsheet_safe, write_csv


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_is_kept_as_text(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Audit of 40 cases", "", 36, -5, 85.5, None])
def test_everything_else_passes_unchanged(value):
    assert spreadsheet_safe(value) == value


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.one_of(st.text(max_size=12), st.integers()), max_size=5), max_size=5))
def test_no_cell_of_a_written_csv_starts_a_formula(rows):
    stream = io.StringIO()
    write_csv(rows, stream)
    for row in csv.reader(io.StringIO(stream.getvalue(), newline="")):
        assert not any(isinstance(c, str) and c.startswith(FORMULA_STARTS) and not c.lstrip("-").isdigit()
                       for c in row)
