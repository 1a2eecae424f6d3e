"""Sefton's layout: one block per Ofsted recommendation.

Each block is a ``Recommendation <tab> 1.1 Title`` row, an "Our ambition (what 'good' looks
like)" row of ``•`` bullets (sometimes followed by ``- `` bullets and footnotes), an action table
``Ref | Action | Progress / Review Date | Lead | Update Commentary``, a measures table "How we will
know our practice is good" and a row of qualitative information in three columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clearsight.engine.plandates import DateKind
from clearsight.engine.planfiles._seedtext_common import (
    MergedRow,
    RefEntry,
    RefSequence,
    Reporter,
    SourceLine,
    add_measure,
    check_date,
    check_duplicates,
    check_period,
    check_sequence,
    is_rule_row,
    paragraphs,
    paragraphs_of,
    person_lead,
    split_owner,
    strip_tags,
)
from clearsight.engine.planfiles.document import (
    Action,
    ActionStatus,
    EvidenceKind,
    EvidenceSource,
    MeasureRow,
    PlanDocument,
    Priority,
    PriorityKind,
    Update,
)
from clearsight.engine.problems import Severity

RECOMMENDATION = re.compile(r"^\s*Recommendation\s*:?\s*\t\s*(\d+(?:\.\d+)*)\.?\s+(\S.*?)\s*$")
_GOOD_LOOKS_LIKE = re.compile(r"what\s+.good.\s+looks\s+like", re.IGNORECASE)
_PERIOD = re.compile(r"^\s*\d+\s*[-–]\s*\d+\s*$")
_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_DOTTED_REF = re.compile(r"^(\d+(?:\.\d+)*)\.(\d+)$")
_ACTIONS_HEADING = re.compile(r"^\s*WHAT WE WILL DO\b", re.IGNORECASE)
_MEASURES_HEADING = re.compile(r"^\s*HOW WE WILL KNOW\b", re.IGNORECASE)

# The action table's columns in the order the reader keeps them, and how to spot each header.
_ACTION_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ref", ("ref",)),
    ("action", ("action",)),
    ("review", ("review", "date")),
    ("lead", ("lead", "owner")),
    ("commentary", ("comment",)),
)
_EVIDENCE_KINDS = {"children": EvidenceKind.CHILDREN_FAMILIES, "staff": EvidenceKind.STAFF}


@dataclass
class _Block:
    """One recommendation's rows while they are being read."""

    priority: Priority
    actions: list[MergedRow] = field(default_factory=list)
    review_columns: list[str] = field(default_factory=list)  # the header each action was under
    measures: list[MergedRow] = field(default_factory=list)
    evidence: MergedRow | None = None
    evidence_kinds: list[EvidenceKind] = field(default_factory=list)


def _column_order(header: list[str]) -> list[int]:
    order = []
    for position, (_, keys) in enumerate(_ACTION_COLUMNS):
        found = [i for i, cell in enumerate(header) if any(key in cell.lower() for key in keys)]
        order.append(found[0] if found else position)
    return order


class SeftonReader:
    def __init__(self, lines: list[SourceLine], reporter: Reporter) -> None:
        self.lines = lines
        self.reporter = reporter
        self.blocks: list[_Block] = []
        self.state = ""
        self.columns: list[int] = list(range(len(_ACTION_COLUMNS)))
        self.review_column = "Progress / Review Date"

    def read(self) -> PlanDocument:
        first = next(
            (i for i, line in enumerate(self.lines) if RECOMMENDATION.match(line.text)), len(self.lines)
        )
        document = self._front_matter(self.lines[:first])
        for line in self.lines[first:]:
            self._line(line)
        for block in self.blocks:
            document.priorities.append(self._finish(block, document))
        self._check_refs(document.actions())
        check_duplicates(self.reporter, document.actions())
        return document

    def _front_matter(self, lines: list[SourceLine]) -> PlanDocument:
        foreword_at = next((i for i, line in enumerate(lines) if line.text.strip() == "Foreword"), len(lines))
        top = [line for line in lines[:foreword_at] if not line.is_blank]
        period = next((line for line in reversed(top) if _PERIOD.match(line.text)), None)
        titles = [line for line in top if period is None or line.number < period.number]
        document = PlanDocument(
            title=titles[-1].text.strip() if titles else "",
            period_label=period.text.strip() if period else "",
            foreword="\n\n".join(paragraphs_of(lines[foreword_at + 1 :])),
        )
        if period:
            check_period(
                self.reporter, period.text, line=period.number, severity=Severity.WARNING, where="plan period"
            )
        return document

    def _line(self, line: SourceLine) -> None:
        if match := RECOMMENDATION.match(line.text):
            code, title = match.groups()
            self.blocks.append(_Block(Priority(code=code, title=title, kind=PriorityKind.RECOMMENDATION)))
            self.state = "ambition"
        elif line.is_blank:
            return
        elif not line.is_row:
            self._text_line(line)
        elif is_rule_row(line):
            self.state = ""
        else:
            self._row(line)

    def _text_line(self, line: SourceLine) -> None:
        text = line.text.strip()
        priority = self.blocks[-1].priority
        if _ACTIONS_HEADING.match(text):
            self.state = "actions"
        elif _MEASURES_HEADING.match(text):
            self.state = "measures"
        elif self.state == "ambition" and _FOOTNOTE.match(text):
            # Footnotes to the bullets are kept, in the priority's "why", rather than lost.
            priority.why = f"{priority.why}\n\n{text}" if priority.why else text
        elif self.state == "ambition" and text.startswith("- "):
            priority.good_looks_like.append(text[2:].strip())
        elif self.state == "ambition" and text[:1].islower() and priority.good_looks_like:
            priority.good_looks_like[-1] = f"{priority.good_looks_like[-1]} {text}"
        elif self.state == "ambition":
            priority.good_looks_like.append(text)
        else:
            self._unrecognised(line)

    def _row(self, line: SourceLine) -> None:
        cells = line.cells
        block = self.blocks[-1]
        if _GOOD_LOOKS_LIKE.search(strip_tags(cells[0])):
            bullets = strip_tags(line.cell(1)).split("•")
            block.priority.good_looks_like.extend(" ".join(b.split()) for b in bullets if b.strip())
            self.state = "ambition"
        elif cells[0] == "Ref" and line.cell(1) == "Action":
            self.columns = _column_order(cells)
            self.review_column = line.cell(self.columns[2])
            self.state = "actions"
        elif cells[0] == "Performance Measure":
            self.state = "measures"
        elif cells[0] == "Qualitative Information":
            kinds = [EvidenceKind.AUDITS]
            for cell in cells[1:]:
                kinds += [kind for key, kind in _EVIDENCE_KINDS.items() if key in cell.lower()]
            block.evidence_kinds = kinds
            self.state = "evidence"
        elif self.state == "actions":
            self._continue_or_start(block.actions, line, [line.cell(i) for i in self.columns], "action")
            if len(block.review_columns) < len(block.actions):
                block.review_columns.append(self.review_column)
        elif self.state == "measures" and not any(cells[:2]) and "Requires Improvement" in cells:
            return  # the second header row, naming the threshold bands
        elif self.state == "measures":
            self._continue_or_start(block.measures, line, cells, "measure")
        elif self.state == "evidence" and block.evidence is None:
            block.evidence = MergedRow(line.number, cells)
        elif self.state == "evidence" and block.evidence is not None:
            block.evidence.extend(cells)
        else:
            self._unrecognised(line)

    def _continue_or_start(
        self, rows: list[MergedRow], line: SourceLine, cells: list[str], what: str
    ) -> None:
        """A row with an empty first cell carries on the row before it, over a page break."""
        if cells[0]:
            rows.append(MergedRow(line.number, cells))
        elif rows:
            rows[-1].extend(cells)
        else:
            self.reporter.warning(
                "orphan_continuation",
                f"This row has no {'ref' if what == 'action' else 'name'} and there is no {what} "
                f"above it to continue, so it was not imported: '{' | '.join(c for c in cells if c)}'. "
                f"Check the plan and add it by hand if it is needed.",
                line=line.number,
            )

    def _unrecognised(self, line: SourceLine) -> None:
        self.reporter.warning(
            "unrecognised_text",
            f"This text is outside any table or list the importer knows, so it was not imported: "
            f"'{line.text.strip()[:120]}'. Check whether it belongs to a recommendation and add it by hand.",
            line=line.number,
        )

    def _finish(self, block: _Block, document: PlanDocument) -> Priority:
        priority = block.priority
        for row, column in zip(block.actions, block.review_columns, strict=True):
            priority.actions.append(self._action(row, column))
        for row in block.measures:
            name, what, requires_improvement, good, outstanding = (strip_tags(row.get(i)) for i in range(5))
            measure = MeasureRow(name, what, requires_improvement, good, outstanding, line=row.line)
            add_measure(document.measures, measure, priority.code)
        if block.evidence is not None:
            for kind, cell in zip(block.evidence_kinds, block.evidence.cells, strict=False):
                priority.evidence_sources += [EvidenceSource(kind, text) for text in paragraphs(cell)]
        return priority

    def _action(self, row: MergedRow, review_column: str) -> Action:
        ref, text, review, lead, commentary = (strip_tags(row.get(i)) for i in range(5))
        action = Action(
            ref=ref,
            text=text,
            lead_text=lead,
            leads=[person_lead(part) for part in split_owner(lead)],
            review_text=review,
            line=row.line,
        )
        if commentary:
            action.updates.append(Update(commentary=commentary))
            action.status = ActionStatus.IN_PROGRESS
        review_date = check_date(self.reporter, action, review, column=review_column)
        if review_date.kind in (DateKind.COMPLETED, DateKind.ONGOING):
            done = review_date.kind is DateKind.COMPLETED
            action.status = ActionStatus.COMPLETED if done else ActionStatus.IN_PROGRESS
            self.reporter.warning(
                "non_date_review",
                f"Action {ref}: the {review_column} is '{review}', not a date. The importer has set "
                f"the action's status to {'Completed' if done else 'In progress'} and left it "
                f"without a review date; add one if the action still needs reviewing.",
                line=row.line,
                ref=ref,
                field=review_column,
            )
        if not lead:
            self.reporter.warning(
                "no_owner",
                f"Action {ref} has no lead. Assign someone to lead it.",
                line=row.line,
                ref=ref,
                field="Lead",
            )
        return action

    def _check_refs(self, actions: list[Action]) -> None:
        sequences: dict[str, RefSequence] = {}
        for action in actions:
            match = _DOTTED_REF.match(action.ref)
            if not match:
                self.reporter.warning(
                    "suspicious_ref",
                    f"Ref '{action.ref}' is not written like the plan's other refs (1.1.1, 2.1 …). It "
                    f"has been imported as written; check the ref in the plan.",
                    line=action.line,
                    ref=action.ref,
                )
                continue
            prefix, number = match.group(1), int(match.group(2))
            sequence = sequences.setdefault(prefix, RefSequence(prefix, "."))
            sequence.entries.append(RefEntry(number, action.ref, action.line))
        for sequence in sequences.values():
            check_sequence(self.reporter, sequence)


def read_sefton(lines: list[SourceLine], reporter: Reporter) -> PlanDocument:
    return SeftonReader(lines, reporter).read()
