"""The plan workbook: it round-trips, keeps text as text, and names the cell of every problem."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clearsight.engine.planfiles import xlsx
from clearsight.engine.planfiles.document import Action, Lead, MeasureRow, PlanDocument, Priority
from clearsight.engine.planfiles.structured import document_to_dict
from clearsight.engine.planfiles.xlsx import SHEETS, read_workbook, write_template, write_workbook
from clearsight.engine.problems import InputError, Problem, Severity
from clearsight.engine.tests.test_structured import AWKWARD, rich_plan


def written(doc: PlanDocument | None = None) -> io.BytesIO:
    stream = io.BytesIO()
    write_workbook(doc or rich_plan(), stream)
    stream.seek(0)
    return stream


def edited(change: Callable[[Any], None], doc: PlanDocument | None = None) -> io.BytesIO:
    """The workbook after a person has changed it in a spreadsheet program."""
    wb = openpyxl.load_workbook(written(doc))
    change(wb)
    stream = io.BytesIO()
    wb.save(stream)
    stream.seek(0)
    return stream


def errors_of(stream: io.BytesIO) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        read_workbook(stream, filename="plan.xlsx")
    return caught.value.problems


def where(problems: list[Problem]) -> set[tuple[str, int | None, str]]:
    return {(p.field, p.line, p.code) for p in problems}


# --- round trips ---------------------------------------------------------------------------------


def test_the_workbook_round_trip_loses_nothing() -> None:
    doc, warnings = read_workbook(written(), filename="plan.xlsx")
    assert document_to_dict(doc) == document_to_dict(rich_plan())
    assert warnings == []


def test_reading_records_the_excel_row_of_each_action_and_measure() -> None:
    doc, _ = read_workbook(written())
    assert [a.line for a in doc.actions()] == [2, 3, 4]
    assert [m.line for m in doc.measures] == [2, 3, 4]


def test_the_workbook_round_trips_through_a_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_workbook(rich_plan(), path)
    doc, _ = read_workbook(path)
    assert document_to_dict(doc) == document_to_dict(rich_plan())


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_comes_back_exactly_from_every_kind_of_text_column(text: str) -> None:
    doc = PlanDocument(
        title=text, foreword=text,
        priorities=[Priority(code=text, title=text, why=text, good_looks_like=[text],
                             actions=[Action(ref=text, text=text, lead_text=text, due_text=text)])],
        measures=[MeasureRow(name=text, requires_improvement=text, good=text, outstanding=text)])
    back, _ = read_workbook(written(doc))
    assert document_to_dict(back) == document_to_dict(doc)


def test_text_that_excel_would_run_as_a_formula_is_written_as_plain_text() -> None:
    stream = written()
    with zipfile.ZipFile(stream) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in xml or b"<f " in xml for xml in sheets)  # no formula anywhere
    stream.seek(0)
    wb = openpyxl.load_workbook(stream)
    measures = wb["Measures"]
    bands = {cell.value: cell for row in measures.iter_rows(min_row=2) for cell in row[2:5] if cell.value}
    for band in ("-5", "+3", "=1+1"):
        assert bands[band].data_type == "s"
        assert bands[band].quotePrefix  # shown with a ' so it stays text if someone edits it
    assert not bands["65-79"].quotePrefix and bands["65-79"].number_format == "@"
    principles = wb["Principles"]
    assert principles["A3"].value == "@x" and principles["A3"].quotePrefix
    stream.seek(0)
    back, _ = read_workbook(stream)
    assert [(m.requires_improvement, m.good, m.outstanding) for m in back.measures][1] == ("-5", "+3", "=1+1")
    assert back.priorities[0].good_looks_like == ["- a bullet", "+3 more", "=SUM(A1:A2)"]


def test_refs_and_bands_are_stored_as_text_not_numbers() -> None:
    wb = openpyxl.load_workbook(written())
    actions = wb["Actions"]
    assert actions["B2"].value == "1.1.2017" and actions["B3"].value == "2.0"
    assert actions["B3"].data_type == "s" and actions["B3"].number_format == "@"
    assert wb["Priorities"]["A3"].value == "2.0"


def test_dates_are_real_excel_dates() -> None:
    wb = openpyxl.load_workbook(written())
    start = wb["Sprints"]["B2"]
    assert start.value.date() == date(2017, 10, 2) and start.is_date
    assert wb["Plan"]["B4"].value.date() == date(2017, 4, 1)


def test_every_sheet_has_a_bold_frozen_header_text_columns_and_drop_downs() -> None:
    wb = openpyxl.load_workbook(written())
    assert wb.sheetnames == ["Read me", "Plan", *SHEETS]
    for name, (_, columns) in SHEETS.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c.name for c in columns]
        assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
        for index, column in enumerate(columns, 1):
            letter = openpyxl.utils.get_column_letter(index)
            if column.kind is xlsx.Kind.TEXT:
                assert ws.column_dimensions[letter].number_format == "@", (name, column.name)
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb["Actions"].data_validations.dataValidation}
    assert lists["I2"] == '"not_started,in_progress,blocked,completed,withdrawn"'
    assert lists["J2"] == '"red,amber,green"'


def test_a_lead_that_a_cell_cannot_carry_is_refused_when_writing() -> None:
    doc = PlanDocument(title="P", priorities=[Priority("1", "One", actions=[
        Action("1A", "Do", leads=[Lead("Jo | Smith")])])])
    with pytest.raises(ValueError, match="1A"):
        written(doc)


# --- the template --------------------------------------------------------------------------------


def test_the_template_reads_back_as_an_empty_plan_that_only_needs_a_title() -> None:
    stream = io.BytesIO()
    write_template(stream)
    stream.seek(0)
    [problem] = errors_of(stream)
    assert (problem.field, problem.line, problem.code) == ("Plan!title", 2, "missing_required")
    assert "title is required" in problem.message


def test_the_template_with_a_title_is_an_empty_plan() -> None:
    stream = io.BytesIO()
    write_template(stream)
    stream.seek(0)
    wb = openpyxl.load_workbook(stream)
    wb["Plan"]["B2"] = "Our plan"
    stream = io.BytesIO()
    wb.save(stream)
    stream.seek(0)
    doc, warnings = read_workbook(stream)
    assert doc == PlanDocument(title="Our plan") and warnings == []


def test_the_read_me_explains_every_sheet_and_column() -> None:
    stream = io.BytesIO()
    write_template(stream)
    stream.seek(0)
    readme = openpyxl.load_workbook(stream)["Read me"]
    text = [tuple(row) for row in readme.iter_rows(values_only=True)]
    sheets = {row[0] for row in text if row and row[0]}
    assert {"Plan", *SHEETS} <= sheets
    described = {(row[1]) for row in text if len(row) > 1 and row[1]}
    for _, columns in SHEETS.values():
        assert {c.name for c in columns} <= described


# --- reading what people do to spreadsheets ------------------------------------------------------


def test_a_ref_typed_as_a_number_is_an_error_naming_sheet_row_and_column() -> None:
    def type_a_number(wb: Any) -> None:
        wb["Actions"]["B3"] = 2.0
        wb["Measures"]["C2"] = 65

    problems = errors_of(edited(type_a_number))
    assert where(problems) == {("Actions!ref", 3, "wrong_type"), ("Measures!requires_improvement", 2, "wrong_type")}
    assert all(p.file == "plan.xlsx" and "Format the column as Text" in p.message for p in problems)


def test_a_due_date_typed_as_an_excel_date_is_an_error() -> None:
    problems = errors_of(edited(lambda wb: wb["Actions"].cell(row=2, column=6, value=date(2017, 10, 31))))
    assert where(problems) == {("Actions!due_text", 2, "wrong_type")}


def test_text_in_a_date_or_number_column_is_an_error() -> None:
    def mistype(wb: Any) -> None:
        wb["Sprints"]["B3"] = "31/10/2017"
        wb["Sprints"]["C3"] = "twelve"
        wb["Sprints"]["D3"] = "maybe"

    assert where(errors_of(edited(mistype))) == {
        ("Sprints!start", 3, "wrong_type"), ("Sprints!weeks", 3, "wrong_type"), ("Sprints!closed", 3, "wrong_type")}


def test_numbers_typed_as_text_and_yes_no_are_read_where_numbers_and_flags_belong() -> None:
    def type_text(wb: Any) -> None:
        wb["Sprints"]["C3"] = "12"
        wb["Sprints"]["D3"] = "Yes"
        wb["Sprints"]["B3"] = "2018-01-01"

    doc, _ = read_workbook(edited(type_text))
    assert (doc.sprints[1].weeks, doc.sprints[1].closed, doc.sprints[1].start) == (12, True, date(2018, 1, 1))


def test_headers_match_whatever_their_case_and_spacing() -> None:
    def retitle(wb: Any) -> None:
        wb["Actions"]["F1"] = "  Due Text "
        wb["Actions"]["A1"] = "PRIORITY_CODE"

    doc, _ = read_workbook(edited(retitle))
    assert doc.actions()[0].due_text == "31/10/17"


def test_blank_rows_anywhere_are_ignored() -> None:
    def add_blank_rows(wb: Any) -> None:
        ws = wb["Actions"]
        ws.insert_rows(3, amount=2)
        ws.cell(row=40, column=3, value="")
        ws.cell(row=41, column=1).number_format = "@"

    doc, _ = read_workbook(edited(add_blank_rows))
    assert [a.ref for a in doc.actions()] == ["1.1.2017", "2.0", "4B6"]
    assert doc.actions()[1].line == 5


def test_a_missing_sheet_or_column_is_an_error_naming_it() -> None:
    def remove(wb: Any) -> None:
        del wb["Sprints"]
        wb["Measures"].delete_cols(2)

    problems = errors_of(edited(remove))
    assert where(problems) == {("Sprints", None, "missing_sheet"), ("Measures!what_it_shows", 1, "missing_column")}


def test_an_unknown_column_is_an_error_and_an_unknown_sheet_a_warning() -> None:
    def add(wb: Any) -> None:
        wb["Actions"]["O1"] = "notes"
        wb.create_sheet("Scratch")

    with pytest.raises(InputError) as caught:
        read_workbook(edited(add))
    assert where(caught.value.problems) == {("Actions!notes", 1, "unknown_column")}

    doc, warnings = read_workbook(edited(lambda wb: wb.create_sheet("Scratch")))
    assert where(warnings) == {("Scratch", None, "unknown_sheet")}
    assert warnings[0].severity is Severity.WARNING


def test_rows_that_name_an_unknown_priority_or_action_are_errors() -> None:
    def mislink(wb: Any) -> None:
        wb["Actions"]["A3"] = "9.9"
        wb["Action updates"]["A2"] = "1.1.17"
        wb["Good looks like"]["A2"] = ""

    assert where(errors_of(edited(mislink))) == {
        ("Actions!priority_code", 3, "unknown_priority"), ("Action updates!ref", 2, "unknown_ref"),
        ("Good looks like!priority_code", 2, "unknown_priority")}


def test_rule_breaks_found_by_the_plan_checks_are_put_back_on_their_cells() -> None:
    def break_rules(wb: Any) -> None:
        wb["Actions"]["B4"] = "2.0"  # a duplicate ref
        wb["Actions"]["I2"] = "done"
        wb["Priorities"]["C4"] = None  # a title is required
        wb["Measures"]["F3"] = "3, 7"
        wb["Inspection recommendations"]["F3"] = None
        wb["Action updates"]["B2"] = "2017-02-30"
        wb["Actions"]["E2"] = "Jo | Head | NPS | extra"

    problems = errors_of(edited(break_rules))
    assert where(problems) == {
        ("Actions!ref", 4, "duplicate_ref"), ("Actions!status", 2, "bad_value"),
        ("Priorities!title", 4, "missing_required"), ("Measures!priority_codes", 3, "unknown_priority"),
        ("Action updates!date", 2, "bad_date"), ("Actions!leads", 2, "bad_lead")}


def test_good_looks_like_is_read_in_its_order_column() -> None:
    def reorder(wb: Any) -> None:
        ws = wb["Good looks like"]
        ws["B2"], ws["B4"] = 3, 1

    doc, _ = read_workbook(edited(reorder))
    assert doc.priorities[0].good_looks_like == ["=SUM(A1:A2)", "+3 more", "- a bullet"]


def test_warnings_name_the_sheet_row_and_column() -> None:
    def mistype_date(wb: Any) -> None:
        wb["Actions"]["F3"] = "Dec 202017"
        wb["Actions"]["D4"] = None
        wb["Actions"]["E4"] = None

    _, warnings = read_workbook(edited(mistype_date), filename="plan.xlsx")
    assert where(warnings) == {("Actions!due_text", 3, "impossible_date"), ("Actions!lead_text", 4, "no_owner")}


def test_a_file_that_is_not_a_workbook_is_an_error() -> None:
    [problem] = errors_of(io.BytesIO(b"Ref,Action\n1A1,Do it\n"))
    assert problem.code == "unreadable_file" and ".xlsx" in problem.message


def test_a_workbook_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_FILE_BYTES", 1000)
    [problem] = errors_of(written())
    assert problem.code == "unreadable_file" and "larger than" in problem.message


def test_a_sheet_over_the_row_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS_PER_SHEET", 3)
    problems = errors_of(written())
    assert ("Actions", 4, "too_many_rows") in where(problems)


@pytest.mark.parametrize("text", ["a\x00b", "\ufffe", "_x005F_x0041_", "_x000D\r", "x\r\n", "\x1b[0m"])
def test_characters_xml_cannot_hold_are_escaped_the_way_excel_does(text: str) -> None:
    stream = written(PlanDocument(title="Plan", foreword=text))
    if "\r" in text:
        wb = openpyxl.load_workbook(stream)
        assert "_x000D_" in wb["Plan"]["B7"].value  # what Excel itself writes for a carriage return
        stream.seek(0)
    doc, _ = read_workbook(stream)
    assert doc.foreword == text


def test_a_damaged_workbook_is_an_error_not_a_crash() -> None:
    broken = io.BytesIO()
    with zipfile.ZipFile(written()) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<worksheet><sheetData><row" if item.filename.endswith("sheet3.xml") else data)
    broken.seek(0)
    [problem] = errors_of(broken)
    assert problem.code == "unreadable_file"


def test_a_blank_drop_down_means_its_default() -> None:
    def clear(wb: Any) -> None:
        wb["Actions"]["I2"] = None
        wb["Priorities"]["B2"] = None

    doc, _ = read_workbook(edited(clear))
    assert doc.actions()[0].status.value == "not_started"
    assert doc.priorities[0].kind.value == "priority"
