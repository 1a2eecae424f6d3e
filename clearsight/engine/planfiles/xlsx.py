"""The plan as an Excel workbook a performance team can fill in, and read back exactly.

One sheet per kind of thing, one row per thing. Text is written as text (never as a formula or
a number), so ``=1+1``, ``-5``, ``65-79``, ``2.0`` and ``1.1.2017`` come back as written. Reading
turns the sheets into the ``clearsight-plan/1`` dict and hands it to
:func:`~clearsight.engine.planfiles.structured.document_from_dict`, so the rules live in one
place; problems it finds are moved back onto the sheet, row and column they came from.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from clearsight.engine.cells import FORMULA_STARTS
from clearsight.engine.planfiles.document import (
    ActionStatus,
    EvidenceKind,
    PlanDocument,
    PriorityKind,
    RecommendationStatus,
)
from clearsight.engine.planfiles.structured import FORMAT, PLAN_STATUSES, RAG_OVERRIDES, document_from_dict
from clearsight.engine.problems import InputError, Problem, Severity

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS_PER_SHEET = 100_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # a small .xlsx that unzips to far more is a zip bomb
DATE_FORMAT = "yyyy-mm-dd"
README = "Read me"

Source = str | os.PathLike[str] | IO[bytes]


class Kind(StrEnum):
    TEXT = "text"
    WHOLE = "whole number"
    DAY = "date"
    FLAG = "TRUE or FALSE"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    kind: Kind = Kind.TEXT
    width: int = 16
    choices: tuple[str, ...] = ()


def _c(name: str, help: str, kind: Kind = Kind.TEXT, width: int = 16, choices: tuple[str, ...] = ()) -> Column:
    return Column(name, help, kind, width, choices)


_CODE = _c("priority_code", "The code of the priority it belongs to, as on the Priorities sheet. Required.", width=14)
_REF = _c("ref", "The ref of the action it belongs to, as on the Actions sheet. Required.", width=12)
_DAY = _c("date", "The date it happened (a real Excel date), or blank if not known.", Kind.DAY, 12)

PLAN_ROWS = (
    _c("title", "The plan's title. Required."),
    _c("period_label", "The period as written on the plan, e.g. 2017-18."),
    _c("period_start", "The first day of the plan (a date).", Kind.DAY),
    _c("period_end", "The last day of the plan (a date).", Kind.DAY),
    _c("status", "Whether the plan is a draft, active or closed.", choices=PLAN_STATUSES),
    _c("foreword", "The plan's introduction or foreword."),
)

SHEETS: dict[str, tuple[str, tuple[Column, ...]]] = {
    "Principles": ("The principles the plan works by.", (
        _c("title", "The principle. Required.", width=30), _c("text", "What it means.", width=60))),
    "Priorities": ("One row per priority, theme or recommendation heading, in plan order.", (
        _c("code", "As written, without the word Theme: 1.1, 2.0, 3. Required and unique.", width=10),
        _c("kind", "What the plan calls its headings.", choices=tuple(k.value for k in PriorityKind)),
        _c("title", "The heading. Required.", width=40), _c("why", "Why this is a priority.", width=60))),
    "Good looks like": ("The 'what good looks like' statements of each priority.", (
        _CODE, _c("order", "1, 2, 3 … the order within the priority. Required.", Kind.WHOLE, 8),
        _c("text", "The statement.", width=80))),
    "Success criteria": ("Each priority's numbered success criteria.", (
        _CODE, _c("number", "The criterion's number within the priority. Required.", Kind.WHOLE, 8),
        _c("text", "The criterion.", width=80))),
    "Evidence sources": ("Qualitative evidence: audits, feedback from children and families, from staff.", (
        _CODE, _c("kind", "Which kind of evidence. Required.", choices=tuple(k.value for k in EvidenceKind), width=18),
        _c("text", "The evidence.", width=80))),
    "Actions": ("One row per action, under its priority, in plan order.", (
        _CODE, _c("ref", "As written: 1A1, 1.1.2017, 4B6. Required and unique in the plan.", width=12),
        _c("text", "The action. Required.", width=60),
        _c("lead_text", "The lead or owner exactly as the plan writes it.", width=30),
        _c("leads", "One lead a line: name | role | agency (leave a part blank if unknown).", width=40),
        _c("due_text", "The due date as written: 31/10/17, Oct 2017, Sprint 2, Ongoing.", width=14),
        _c("original_due_text", "The first due date, when it has been revised.", width=14),
        _c("review_text", "The progress or review date as written.", width=14),
        _c("status", "Where the action is.", choices=tuple(s.value for s in ActionStatus), width=14),
        _c("rag_override", "A RAG rating set by hand, or blank.", choices=RAG_OVERRIDES[1:], width=12),
        _c("rag_override_reason", "Why the RAG rating was set by hand.", width=30),
        _c("success_criterion", "The number of the success criterion it serves, or blank.", Kind.WHOLE, 10),
        _c("planned_sprint", "The sprint it is planned for, or blank.", Kind.WHOLE, 10),
        _c("carried_over", "How many times it has been carried over to a later sprint.", Kind.WHOLE, 10))),
    "Action updates": ("Dated progress updates, oldest first.", (
        _REF, _DAY, _c("author", "Who wrote it."), _c("commentary", "The update.", width=60),
        _c("status_from", "The status before, if it changed."), _c("status_to", "The status after."),
        _c("evidence_url", "A link to the evidence.", width=30))),
    "Due date changes": ("Each revision of an action's due date, with the reason.", (
        _REF, _DAY, _c("by", "Who agreed it."), _c("from_text", "The due date before, as written."),
        _c("to_text", "The new due date, as written."), _c("reason", "Why it moved.", width=60))),
    "Measures": ("How the plan will know practice is good. Bands are kept exactly as written.", (
        _c("name", "The performance measure. Required.", width=40),
        _c("what_it_shows", "What it shows.", width=40),
        _c("requires_improvement", "The band as written, e.g. 65-74 or <60."),
        _c("good", "The band as written."), _c("outstanding", "The band as written, e.g. 85+."),
        _c("priority_codes", "The codes of the priorities it appears under, separated by commas."))),
    "Inspection recommendations": ("The inspection's recommendations and progress against them.", (
        _c("number", "The recommendation's number. Required and unique.", Kind.WHOLE, 8),
        _c("text", "The recommendation. Required.", width=60), _c("progress", "Progress to date.", width=40),
        _c("further_work", "Further work required.", width=40),
        _c("status", "How far it is met.", choices=tuple(s.value for s in RecommendationStatus)),
        _c("action_refs", "The refs of the actions that answer it, separated by commas."))),
    "Sprints": ("The plan's 12-week sprints.", (
        _c("number", "1, 2, 3 … Required and unique.", Kind.WHOLE, 8),
        _c("start", "The sprint's first day (a date), or blank.", Kind.DAY, 12),
        _c("weeks", "How many weeks it lasts (12 if blank).", Kind.WHOLE, 8),
        _c("closed", "TRUE once the sprint has been reviewed and closed.", Kind.FLAG, 8, ("TRUE", "FALSE")))),
}

# --- writing -------------------------------------------------------------------------------------

# XML cannot hold these characters (and turns \r into \n): Excel writes them as _x000D_, and an
# underscore that would start such an escape as _x005F_. An underscore is escaped when it starts
# one in the text as it will be written, so when a character escaped after it would complete one.
_UNSAFE = "\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff"
_TO_ESCAPE = re.compile(f"_(?=x[0-9A-Fa-f]{{4}}[_{_UNSAFE}])|[{_UNSAFE}]")
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")


def _escape(text: str) -> str:
    return _TO_ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(0)[2:6], 16)), text)


def _put(cell: Any, value: object) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = _escape(value)
        cell.data_type = "s"  # never a formula, whatever it starts with
        cell.number_format = "@"
        cell.quotePrefix = value.startswith(FORMULA_STARTS)  # and stays text if someone edits it
        cell.alignment = Alignment(wrap_text="\n" in value, vertical="top")
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT


def _joined(values: list[str], separator: str, what: str) -> str:
    for value in values:
        if not value or value != value.strip() or separator.strip() in value or "\n" in value:
            raise ValueError(f"{what} '{value}' cannot be written to a spreadsheet cell: it is blank, has spaces "
                             f"around it, or holds '{separator.strip()}' or a line break")
    return separator.join(values)


def _leads_cell(leads: list[tuple[str, str, str]], ref: str) -> str:
    lines = []
    for parts in leads:
        _joined([p for p in parts if p], " | ", f"a lead of action {ref}")
        lines.append(" | ".join(parts).rstrip(" |"))  # "Jo Smith", " | Head of Service", "Jo | | NPS"
    return "\n".join(lines)


def _rows(doc: PlanDocument) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    yield "Principles", [(p.title, p.text) for p in doc.principles]
    yield "Priorities", [(p.code, p.kind.value, p.title, p.why) for p in doc.priorities]
    yield "Good looks like", [(p.code, i, t) for p in doc.priorities for i, t in enumerate(p.good_looks_like, 1)]
    yield "Success criteria", [(p.code, s.number, s.text) for p in doc.priorities for s in p.success_criteria]
    yield "Evidence sources", [(p.code, e.kind.value, e.text) for p in doc.priorities for e in p.evidence_sources]
    yield "Actions", [
        (p.code, a.ref, a.text, a.lead_text, _leads_cell([(x.name, x.role, x.agency) for x in a.leads], a.ref),
         a.due_text, a.original_due_text, a.review_text, a.status.value, a.rag_override, a.rag_override_reason,
         a.success_criterion, a.planned_sprint, a.carried_over) for p in doc.priorities for a in p.actions]
    yield "Action updates", [(a.ref, u.on, u.author, u.commentary, u.status_from, u.status_to, u.evidence_url)
                             for a in doc.actions() for u in a.updates]
    yield "Due date changes", [(a.ref, d.on, d.by, d.from_text, d.to_text, d.reason)
                               for a in doc.actions() for d in a.due_changes]
    yield "Measures", [(m.name, m.what_it_shows, m.requires_improvement, m.good, m.outstanding,
                        _joined(m.priority_codes, ", ", "a priority code")) for m in doc.measures]
    yield "Inspection recommendations", [(r.number, r.text, r.progress, r.further_work, r.status.value,
                                          _joined(r.action_refs, ", ", "an action ref")) for r in doc.recommendations]
    yield "Sprints", [(s.number, s.start, s.weeks, s.closed) for s in doc.sprints]


def _format_sheet(ws: Any, columns: tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        header = ws.cell(row=1, column=index, value=column.name)
        header.font = Font(bold=True)
        ws.column_dimensions[letter].width = column.width
        if column.kind in (Kind.TEXT, Kind.DAY):  # so what people type later keeps its meaning too
            ws.column_dimensions[letter].number_format = "@" if column.kind is Kind.TEXT else DATE_FORMAT
        if column.choices:
            _drop_down(ws, column, f"{letter}2:{letter}{MAX_ROWS_PER_SHEET}")
    ws.freeze_panes = "A2"


def _drop_down(ws: Any, column: Column, cells: str) -> None:
    allowed = ",".join(column.choices)
    dv = DataValidation(type="list", formula1=f'"{allowed}"', allow_blank=True, showErrorMessage=True,
                        errorTitle=f"Not a {column.name}", error=f"Choose one of: {allowed}")
    ws.add_data_validation(dv)
    dv.add(cells)


def write_workbook(doc: PlanDocument, path_or_stream: Source) -> None:
    """Write the plan as the workbook the template describes. Raises ValueError for the rare value a
    cell cannot carry so that it reads back the same (a priority code holding a comma)."""
    wb = Workbook()
    _write_readme(wb.active)
    ws = wb.create_sheet("Plan")
    _format_sheet(ws, (_c("key", "", width=16), _c("value", "", width=80)))
    values: tuple[object, ...] = (doc.title, doc.period_label, doc.period_start, doc.period_end, doc.status, doc.foreword)
    for row, (spec, value) in enumerate(zip(PLAN_ROWS, values, strict=True), 2):
        _put(ws.cell(row=row, column=1), spec.name)
        _put(ws.cell(row=row, column=2), value)
        ws.cell(row=row, column=2).number_format = DATE_FORMAT if spec.kind is Kind.DAY else "@"
        if spec.choices:
            _drop_down(ws, spec, f"B{row}")
    for name, rows in _rows(doc):
        ws = wb.create_sheet(name)
        _format_sheet(ws, SHEETS[name][1])
        for row_number, cells in enumerate(rows, 2):
            for column_number, value in enumerate(cells, 1):
                _put(ws.cell(row=row_number, column=column_number), value)
    wb.save(path_or_stream)


def write_template(path_or_stream: Source) -> None:
    """The same workbook with no plan in it, for a performance team to fill in."""
    write_workbook(PlanDocument(title=""), path_or_stream)


def _write_readme(ws: Any) -> None:
    ws.title = README
    lines: list[tuple[str, ...]] = [
        ("Clearsight improvement plan workbook", f"format {FORMAT}"),
        ("", "Fill in one row per thing on each sheet. Keep the sheet names and the column names in the first "
             "row. Text columns are formatted as Text so that refs like 2.0 or 1.1.2017 and bands like 65-79 "
             "stay exactly as typed; a number where text belongs is reported as an error. Due and review dates "
             "on actions are text, as written (31/10/17, Oct 2017, Sprint 2, Ongoing); columns marked 'date' "
             "take real Excel dates. Blank rows are ignored. The importer reports every problem with its sheet, "
             "row and column, and imports nothing until they are fixed; warnings (a due date it cannot read, "
             "an action with no lead) are imported as written and flagged."),
        (),
        ("Plan", "One row per key: key in column A, value in column B."),
        *[("", spec.name, spec.kind.value, spec.help + _allowed(spec)) for spec in PLAN_ROWS],
    ]
    for name, (about, columns) in SHEETS.items():
        lines += [(), (name, about)]
        lines += [("", col.name, col.kind.value, col.help + _allowed(col)) for col in columns]
    for row in lines:
        ws.append(row)
    for letter, width in zip("ABCD", (28, 22, 14, 100), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows():
        row[0].font = Font(bold=True)


def _allowed(column: Column) -> str:
    return f" Allowed: {', '.join(column.choices)}." if column.choices else ""


# --- reading -------------------------------------------------------------------------------------


def _norm(name: object) -> str:
    """Names as people type them: any case, spaces or underscores, stray spaces around."""
    return " ".join(str(name).replace("_", " ").split()).lower()


def _blank(value: object) -> bool:
    return value is None or value == ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"TRUE/FALSE ({str(value).upper()})"
    if isinstance(value, datetime | date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    return f"text ('{value}')"


class _Bad:
    """A cell that could not be used; its problem has been reported already."""


BAD = _Bad()
_DIGITS = re.compile(r"\d+", re.ASCII)
_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


@dataclass
class _Row:
    number: int  # the Excel row number
    values: dict[str, Any]


class _Reader:
    """Collects problems against sheet, row and column, and remembers where each part of the plan
    came from so that problems ``document_from_dict`` finds can be put back there."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.where: dict[str, tuple[str, int | None, str]] = {}  # plan path -> sheet, row, column
        self.reported: set[str] = set()  # plan paths whose cell problem is already reported
        # Links cannot be checked while a code or ref cell is unreadable, or for an action that could
        # not be placed: reporting them would only repeat the problem already reported.
        self.unsure: set[str] = set()  # "code" and/or "ref"
        self.lost_refs: set[str] = set()

    def problem(self, sheet: str, line: int | None, column: str, code: str, message: str,
                severity: Severity = Severity.ERROR) -> None:
        field = f"{sheet}!{column}" if column else sheet
        self.problems.append(Problem(severity, code, message, line=line, field=field, file=self.filename))

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def cell(self, sheet: str, line: int, column: Column, raw: object) -> object:
        """The value of a cell as its column's kind, or BAD."""
        if _blank(raw):  # a blank drop-down means its default (an action not yet started)
            return "" if column.kind is Kind.TEXT and not column.choices else None
        if column.kind is Kind.TEXT and isinstance(raw, str):
            return _unescape(raw)
        if column.kind is Kind.WHOLE:
            if isinstance(raw, str) and _DIGITS.fullmatch(raw.strip()):
                return int(raw.strip())
            if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
                return int(raw)
        if column.kind is Kind.DAY:
            if isinstance(raw, datetime) and raw.time() == time(0):
                return raw.date()
            if isinstance(raw, date) and not isinstance(raw, datetime):
                return raw
            if isinstance(raw, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
                return raw.strip()  # document_from_dict checks it is a real date
        if column.kind is Kind.FLAG:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lower() in _FLAGS:
                return _FLAGS[raw.strip().lower()]
        if column.kind is Kind.TEXT:
            fix = ("it is ambiguous (a ref typed 2.0 is stored as 2). Format the column as Text and type it "
                   "again as written")
        else:
            fix = f"enter a {column.kind.value}"
        self.problem(sheet, line, column.name, "wrong_type",
                     f"{column.name} should be {column.kind.value}, but Excel holds {_describe(raw)}: {fix}.")
        return BAD

    def table(self, rows: list[tuple[int, tuple[Any, ...]]] | None, sheet: str, columns: tuple[Column, ...], *,
              convert: bool = True) -> list[_Row]:
        """The rows of a sheet under its header (the first row with anything in it)."""
        names = ", ".join(c.name for c in columns)
        if rows is None:
            self.problem(sheet, None, "", "missing_sheet", f"The workbook has no sheet '{sheet}'; add it, with "
                         f"the columns {names} (the template has it).")
            return []
        line, header = rows[0] if rows else (0, ())
        wanted = {_norm(c.name): c for c in columns}
        at: dict[str, int] = {}
        for i, heading in enumerate(header):
            column = wanted.get(_norm(heading))
            if _blank(heading) or not str(heading).strip():
                continue
            if column is None or column.name in at:
                self.problem(sheet, line, str(heading).strip(), "unknown_column",
                             f"'{heading}' is {'a second' if column else 'not a'} column of this sheet; "
                             f"the columns are: {names}.")
            else:
                at[column.name] = i
        for column in columns:
            if column.name not in at:
                self.problem(sheet, line or None, column.name, "missing_column",
                             f"Sheet '{sheet}' has no column '{column.name}' in its first row; add it.")
        if len(at) < len(columns):
            return []
        found = []
        for line, values in rows[1:]:
            if line > MAX_ROWS_PER_SHEET:
                self.problem(sheet, line, "", "too_many_rows", f"Sheet '{sheet}' has more than "
                             f"{MAX_ROWS_PER_SHEET:,} rows; a plan this large cannot be imported.")
                break
            for i, value in enumerate(values):
                if i not in at.values() and not _blank(value):
                    self.problem(sheet, line, get_column_letter(i + 1), "unknown_column",
                                 "This cell is in a column with no name in the first row; move it or name it.")
            cells = {name: values[i] if i < len(values) else None for name, i in at.items()}
            if convert:
                cells = {c.name: self.cell(sheet, line, c, cells[c.name]) for c in columns}
            found.append(_Row(line, cells))
        return found

    def record(self, row: _Row, path: str, sheet: str, keys: tuple[str, ...]) -> dict[str, Any]:
        self.where[path] = (sheet, row.number, "")
        record = {}
        for key in keys:
            if (value := row.values[key]) is BAD:
                self.reported.add(f"{path}.{key}")
                if key in ("code", "ref") and sheet in ("Priorities", "Actions"):
                    self.unsure.add(key)
            elif value is not None:
                record[key] = value
        return record

    def link(self, row: _Row, sheet: str, column: str, index: dict[str, Any], other: str) -> Any:
        """The record a row belongs to (a priority by code, an action by ref), or None, reported."""
        key = row.values[column]
        if key is BAD or (key not in index and column.removeprefix("priority_") in self.unsure):
            return None
        if key not in index:
            message = f"{column} is required" if key == "" else f"'{key}' is not on the {other} sheet"
            self.problem(sheet, row.number, column, "unknown_" + column.removesuffix("_code"),
                         f"{message}: use the {column.removeprefix('priority_')} of a row on the {other} sheet.")
            return None
        return index[key]

    def repeats(self, problem: Problem) -> bool:
        """Whether a problem ``document_from_dict`` found is one already reported against a cell."""
        return bool(self.reported.intersection(_prefixes(problem.field))) or (
            problem.code == "unknown_priority" and "code" in self.unsure) or (
            problem.code == "unknown_action" and ("ref" in self.unsure or problem.ref in self.lost_refs))

    def locate(self, problem: Problem) -> Problem:
        for prefix in _prefixes(problem.field):
            if prefix in self.where:
                sheet, line, column = self.where[prefix]
                rest = re.match(r"[a-z_]*", problem.field[len(prefix):].lstrip("."))
                return replace(problem, line=line, field=f"{sheet}!{(rest.group(0) if rest else '') or column}")
        return problem


def _prefixes(path: str) -> Iterator[str]:
    """``a[0].b.c`` gives ``a[0].b.c``, ``a[0].b``, ``a[0]``, ``a``."""
    yield path
    for match in reversed(list(re.finditer(r"[.\[]", path))):
        yield path[: match.start()]


def _split(row: _Row, column: str, path: str, r: _Reader) -> list[str]:
    value = row.values[column]
    if value is BAD:
        r.reported.add(f"{path}.{column}")
        return []
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _leads(row: _Row, path: str, r: _Reader) -> list[dict[str, str]]:
    value = row.values["leads"]
    if value is BAD:
        r.reported.add(f"{path}.leads")
        return []
    leads = []
    for text in str(value).split("\n"):
        parts = [part.strip() for part in text.split("|")]
        if len(parts) > 3:
            r.problem("Actions", row.number, "leads", "bad_lead", f"'{text}' has more than three parts; write "
                      "one lead a line as name | role | agency.")
        elif any(parts):
            leads.append(dict(zip(("name", "role", "agency"), parts + ["", ""], strict=False)))
    return leads


_ACTION_KEYS = tuple(c.name for c in SHEETS["Actions"][1][1:] if c.name != "leads")


def _assemble(r: _Reader, plan: dict[str, Any], t: dict[str, list[_Row]]) -> dict[str, Any]:
    """The sheets as the ``clearsight-plan/1`` dict, remembering where each part came from."""
    data: dict[str, Any] = {"format": FORMAT, **plan}
    data["principles"] = [r.record(row, f"principles[{i}]", "Principles", ("title", "text"))
                          for i, row in enumerate(t["Principles"])]
    by_code: dict[str, tuple[str, dict[str, Any]]] = {}
    data["priorities"] = []
    for i, row in enumerate(t["Priorities"]):
        p = r.record(row, f"priorities[{i}]", "Priorities", ("code", "kind", "title", "why"))
        p.update(good_looks_like=[], success_criteria=[], evidence_sources=[], actions=[])
        data["priorities"].append(p)
        by_code.setdefault(p.get("code", ""), (f"priorities[{i}]", p))
    ordered: dict[str, list[tuple[int, _Row]]] = {}
    for row in t["Good looks like"]:
        order = row.values["order"]
        if (found := r.link(row, "Good looks like", "priority_code", by_code, "Priorities")) and order is None:
            r.problem("Good looks like", row.number, "order", "missing_required", "order is required.")
        elif found and order is not BAD:
            ordered.setdefault(found[0], []).append((order, row))
    for path, items in ordered.items():
        texts = by_code[items[0][1].values["priority_code"]][1]["good_looks_like"]
        items.sort(key=lambda item: item[0])
        for i, (order, row) in enumerate(items):
            if i and order == items[i - 1][0]:
                r.problem("Good looks like", row.number, "order", "duplicate_number",
                          f"order {order} is used twice for priority '{row.values['priority_code']}'.")
            r.where[f"{path}.good_looks_like[{i}]"] = ("Good looks like", row.number, "text")
            texts.append(row.values["text"] if row.values["text"] is not BAD else "")
    keys: tuple[str, ...]
    for sheet, key, keys in (("Success criteria", "success_criteria", ("number", "text")),
                             ("Evidence sources", "evidence_sources", ("kind", "text"))):
        for row in t[sheet]:
            if found := r.link(row, sheet, "priority_code", by_code, "Priorities"):
                items = found[1][key]
                items.append(r.record(row, f"{found[0]}.{key}[{len(items)}]", sheet, keys))
    by_ref: dict[str, tuple[str, dict[str, Any]]] = {}
    for i, row in enumerate(t["Actions"]):
        found = r.link(row, "Actions", "priority_code", by_code, "Priorities")
        path = f"{found[0]}.actions[{len(found[1]['actions'])}]" if found else f"unplaced[{i}]"
        action = r.record(row, path, "Actions", _ACTION_KEYS)
        action.update(leads=_leads(row, path, r), updates=[], due_changes=[])
        if found:
            found[1]["actions"].append(action)
        else:
            r.lost_refs.add(action.get("ref", ""))  # kept aside so its updates are not reported as lost too
        by_ref.setdefault(action.get("ref", ""), (path, action))
    for sheet, key in (("Action updates", "updates"), ("Due date changes", "due_changes")):
        keys = tuple(c.name for c in SHEETS[sheet][1][1:])
        for row in t[sheet]:
            if found := r.link(row, sheet, "ref", by_ref, "Actions"):
                items = found[1][key]
                items.append(r.record(row, f"{found[0]}.{key}[{len(items)}]", sheet, keys))
    for sheet, key, listed in (("Measures", "measures", "priority_codes"),
                               ("Inspection recommendations", "recommendations", "action_refs"),
                               ("Sprints", "sprints", "")):
        keys = tuple(c.name for c in SHEETS[sheet][1] if c.name != listed)
        data[key] = []
        for i, row in enumerate(t[sheet]):
            item = r.record(row, f"{key}[{i}]", sheet, keys)
            if listed:
                item[listed] = _split(row, listed, f"{key}[{i}]", r)
            data[key].append(item)
    return data


def _open(source: Source, r: _Reader) -> Any:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    else:
        data = source.read(MAX_FILE_BYTES + 1)
    failure = ""
    if len(data) > MAX_FILE_BYTES:
        failure = f"The workbook is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a plan cannot be this large."
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                    failure = "The workbook unpacks to more than 200 MB; a plan cannot be this large."
        except zipfile.BadZipFile:
            failure = "This is not an Excel workbook (.xlsx). Save it from Excel as 'Excel Workbook (.xlsx)'."
    if not failure:
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
            failure = f"The workbook cannot be opened ({exc}). Save it again from Excel as .xlsx."
    raise InputError([Problem(Severity.ERROR, "unreadable_file", failure, file=r.filename)])


def _sheet_rows(ws: Any) -> list[tuple[int, tuple[Any, ...]]]:
    """The rows with anything in them and their Excel row numbers; one past the limit at most."""
    rows = []
    for line, values in enumerate(ws.iter_rows(values_only=True), 1):
        if not all(_blank(v) for v in values):
            rows.append((line, values))
            if line > MAX_ROWS_PER_SHEET:
                break
    return rows


def read_workbook(path_or_stream: Source, *, filename: str = "") -> tuple[PlanDocument, list[Problem]]:
    """Read a plan workbook. Raises :class:`InputError` with every error, each naming the sheet and
    column (``field`` is ``Sheet!column``) and the Excel row (``line``); returns the plan and warnings."""
    r = _Reader(filename)
    wb = _open(path_or_stream, r)
    known = {_norm(name) for name in ("Plan", *SHEETS)}
    try:
        rows = {_norm(ws.title): _sheet_rows(ws) for ws in wb.worksheets if _norm(ws.title) in known}
        unknown = [ws.title for ws in wb.worksheets if _norm(ws.title) not in known | {_norm(README)}]
    except Exception as exc:  # openpyxl reads sheets lazily, and damaged XML fails in many ways
        raise InputError([Problem(Severity.ERROR, "unreadable_file", f"The workbook cannot be read ({exc}). "
                                  "Save it again from Excel as .xlsx.", file=filename)]) from exc
    finally:
        wb.close()
    for title in unknown:
        r.problem(title, None, "", "unknown_sheet", f"Sheet '{title}' is not part of the plan workbook and was "
                  "not read.", Severity.WARNING)
    plan_rows = r.table(rows.get("plan"), "Plan", (_c("key", ""), _c("value", "")), convert=False)
    tables = {name: r.table(rows.get(_norm(name)), name, spec[1]) for name, spec in SHEETS.items()}
    if any(p.code in ("missing_sheet", "missing_column") for p in r.problems):
        raise InputError(r.errors())  # rows cannot be read reliably until the layout is right
    data = _assemble(r, _plan(r, plan_rows), tables)
    try:
        doc, warnings = document_from_dict(data, filename=filename)
    except InputError as exc:
        found = [r.locate(p) for p in exc.problems if not r.repeats(p)]
        raise InputError(r.errors() + found) from None
    if r.errors():
        raise InputError(r.errors())
    for i, priority in enumerate(doc.priorities):
        for j, action in enumerate(priority.actions):
            action.line = r.where[f"priorities[{i}].actions[{j}]"][1]
    for k, measure in enumerate(doc.measures):
        measure.line = r.where[f"measures[{k}]"][1]
    return doc, r.problems + [r.locate(w) for w in warnings]


def _plan(r: _Reader, rows: list[_Row]) -> dict[str, Any]:
    specs = {_norm(spec.name): spec for spec in PLAN_ROWS}
    plan: dict[str, Any] = {}
    for row in rows:
        key = row.values["key"]
        spec = specs.get(_norm(key)) if isinstance(key, str) else None
        if spec is None or spec.name in r.where:
            r.problem("Plan", row.number, "key", "unknown_key", f"'{key}' is {'given twice' if spec else 'not a key'}"
                      f"; the keys are: {', '.join(s.name for s in PLAN_ROWS)}.")
            continue
        r.where[spec.name] = ("Plan", row.number, spec.name)
        value = r.cell("Plan", row.number, spec, row.values["value"])
        if value is BAD:
            r.reported.add(spec.name)
        elif value is not None:
            plan[spec.name] = value
    for spec in PLAN_ROWS:
        r.where.setdefault(spec.name, ("Plan", None, spec.name))
    return plan
