"""Wirral's layout: a narrative plan with five themes, then two appendices.

The narrative has the introduction (the foreword), bold principles, and per theme "Why this is a
priority", numbered success criteria and "How will we measure" bullets. Appendix 1 reviews the
Ofsted recommendations (number | recommendation | progress to date | further work required);
Appendix 2 is the action plan (success criterion | ref 1A1 … | action | owner | due date), whose
header rows vary from page to page, so rows are read by what their cells hold, not by the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

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
    join_continuation,
    paragraphs_of,
    split_owner,
    strip_tags,
    words,
)
from clearsight.engine.planfiles.document import (
    Action,
    InspectionRecommendation,
    Lead,
    MeasureRow,
    PlanDocument,
    Principle,
    Priority,
    PriorityKind,
    Sprint,
    SuccessCriterion,
)
from clearsight.engine.problems import Severity

ACTION_REF = re.compile(r"^([1-5])([A-F])(\d+)$")
_THEME = re.compile(r"^\s*THEME\s+(\d+)\s*:\s*(\S.*?)\s*$")
_APPENDIX_THEME = re.compile(r"^Theme\s+(\d+)\s*[-–:]\s*(\S.*?)$", re.IGNORECASE)
_CRITERION_CELL = re.compile(r"^Success Criteria\s+(\d+)\b\s*(.*)$", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^\s*\d+(?:\.\d+)?\.?\s+\S")
_SAME_YEAR_PERIOD = re.compile(r"\b(\d{4}\s*[-–]\s*\d{4})\b")
_HEADER_WORDS = {"ref", "action", "owner", "due date"}
_LINK_WORDS = 8  # a recommendation and an action share a run of at least this many words


@dataclass
class _Criterion:
    text: str
    line: int


def _find(lines: list[SourceLine], pattern: str, start: int = 0) -> int | None:
    regex = re.compile(pattern, re.IGNORECASE)
    return next((i for i in range(start, len(lines)) if regex.match(lines[i].text.strip())), None)


def _is_heading(lines: list[SourceLine], i: int) -> bool:
    """A numbered section heading stands alone between blank lines (a numbered list does not)."""
    before = i == 0 or lines[i - 1].is_blank
    after = i + 1 >= len(lines) or lines[i + 1].is_blank
    return before and after and bool(_NUMBERED_HEADING.match(lines[i].text))


def _normalised(text: str) -> str:
    return " ".join(words(text))


class WirralReader:
    def __init__(self, lines: list[SourceLine], reporter: Reporter) -> None:
        self.lines = lines
        self.reporter = reporter
        self.appendix_1 = _find(lines, r"APPENDIX\s+1\b")
        self.appendix_2 = _find(lines, r"APPENDIX\s+2\b")
        self.narrative_end = min(i for i in (self.appendix_1, self.appendix_2, len(lines)) if i is not None)
        self.recommendation_lines: list[int] = []
        self.title_end = 0

    def read(self) -> PlanDocument:
        document = self._title()
        self._check_heading_periods()
        document.foreword = self._section(r"1\.\s+Introduction$")
        document.principles = self._principles()
        document.priorities = self._themes(document)
        if self.appendix_1 is not None:
            document.recommendations = self._recommendations(
                self.appendix_1 + 1, self.appendix_2 or len(self.lines)
            )
        if self.appendix_2 is not None:
            criteria = self._action_plan(document, self.appendix_2 + 1)
            self._reconcile_criteria(document, criteria)
        actions = document.actions()
        self._check_refs(actions)
        check_duplicates(self.reporter, actions)
        self._link_recommendations(document.recommendations, actions)
        document.sprints = self._sprints(actions)
        return document

    # --- narrative -------------------------------------------------------------------------------

    def _title(self) -> PlanDocument:
        first = next((i for i, line in enumerate(self.lines) if not line.is_blank), 0)
        block = []
        for line in self.lines[first:]:
            if line.is_blank:
                break
            block.append(line)
        self.title_end = first + len(block)
        texts = [line.text.strip().strip("*").strip() for line in block]
        period_label, period_line = "", None
        if texts and re.fullmatch(r"\d+\s*[-–]\s*\d+", texts[-1]):
            period_label, period_line = texts.pop(), block[-1].number
        document = PlanDocument(title=" ".join(texts), period_label=period_label)
        if period_line is not None:
            check_period(
                self.reporter, period_label, line=period_line, severity=Severity.WARNING, where="plan period"
            )
        return document

    def _check_heading_periods(self) -> None:
        """Note periods in the narrative such as "2017-2017" (a heading's typing error)."""
        for line in self.lines[self.title_end : self.narrative_end]:
            for period in _SAME_YEAR_PERIOD.findall(line.text):
                if not line.is_row:
                    check_period(
                        self.reporter, period, line=line.number, severity=Severity.INFO, where="heading"
                    )

    def _section_bounds(self, heading: str) -> tuple[int, int] | None:
        start = 0
        while (found := _find(self.lines[: self.narrative_end], heading, start)) is not None:
            if _is_heading(self.lines, found):
                end = next(
                    (i for i in range(found + 1, self.narrative_end) if _is_heading(self.lines, i)),
                    self.narrative_end,
                )
                return found + 1, end
            start = found + 1
        return None

    def _section(self, heading: str) -> str:
        bounds = self._section_bounds(heading)
        return "\n\n".join(paragraphs_of(self.lines[bounds[0] : bounds[1]])) if bounds else ""

    def _principles(self) -> list[Principle]:
        """The bold bullets of the principles section, each with the paragraph that follows it."""
        bounds = self._section_bounds(r"3\.\s+.*Principles\b")
        if bounds is None:
            return []
        found: list[tuple[str, list[SourceLine]]] = []
        for line in self.lines[bounds[0] : bounds[1]]:
            if match := re.match(r"^\s*-\s+\*\*(.+?)\*\*\s*$", line.text):
                found.append((match.group(1).strip(), []))
            elif found:
                found[-1][1].append(line)
        # Only the first paragraph after each bullet is the principle's; the section goes on
        # with text about all of them (and an infographic) after the last one.
        return [Principle(title, next(iter(paragraphs_of(lines)), "")) for title, lines in found]

    def _themes(self, document: PlanDocument) -> list[Priority]:
        priorities: list[Priority] = []
        why: dict[str, list[SourceLine]] = {}
        part = ""
        for i in range(self.narrative_end):
            line, text = self.lines[i], self.lines[i].text.strip()
            if match := _THEME.match(text):
                priorities.append(Priority(match.group(1), match.group(2), kind=PriorityKind.THEME))
                why[match.group(1)] = []
                part = "theme"
            elif not priorities:
                continue
            elif _is_heading(self.lines, i) and part != "criteria":
                part = ""  # the next numbered section ends the last theme
            elif text.startswith("Why this is a priority"):
                part = "why"
            elif text.startswith("What are the success criteria"):
                part = "criteria"
            elif text.startswith("How will we measure"):
                part = "measures"
            elif part == "why":
                why[priorities[-1].code].append(line)
            elif part == "criteria" and (match := re.match(r"^(\d+)\.\s+(\S.*)$", text)):
                priorities[-1].success_criteria.append(SuccessCriterion(int(match.group(1)), match.group(2)))
            elif part == "measures" and text.startswith("- "):
                add_measure(
                    document.measures, MeasureRow(text[2:].strip(), line=line.number), priorities[-1].code
                )
        for priority in priorities:
            priority.why = "\n\n".join(paragraphs_of(why[priority.code]))
        return priorities

    # --- appendix 1 --------------------------------------------------------------------------------

    def _recommendations(self, start: int, end: int) -> list[InspectionRecommendation]:
        rows: list[MergedRow] = []
        for line in self.lines[start:end]:
            cells = line.cells
            if not line.is_row or not any(cells) or "Inspection Recommendations" in cells:
                continue
            if cells[0].isdigit():
                rows.append(MergedRow(line.number, cells))
            elif not cells[0] and rows:
                rows[-1].extend(cells)
            else:
                self._not_imported(line, "recommendation")
        self.recommendation_lines = [row.line for row in rows]
        return [
            InspectionRecommendation(
                number=int(row.get(0)),
                text=strip_tags(row.get(1)),
                progress=strip_tags(row.get(2)),
                further_work=strip_tags(row.get(3)),
            )
            for row in rows
        ]

    # --- appendix 2 --------------------------------------------------------------------------------

    def _action_plan(self, document: PlanDocument, start: int) -> dict[tuple[str, int], _Criterion]:
        """Read the action rows; return the success criteria as the appendix words them."""
        criteria: dict[tuple[str, int], _Criterion] = {}
        theme, number = "", 0
        rows: list[tuple[str, int, MergedRow]] = []
        for line in self.lines[start:]:
            cells = line.cells + ["", "", "", ""]
            if not line.is_row:
                continue
            if match := _APPENDIX_THEME.match(cells[0]):
                theme, number = match.group(1), 0
                if not any(p.code == theme for p in document.priorities):
                    document.priorities.append(Priority(theme, match.group(2), kind=PriorityKind.THEME))
                continue
            header = any(cell.lower() in _HEADER_WORDS for cell in cells)
            for index, cell in enumerate(cells):
                if (match := _CRITERION_CELL.match(cell)) and (header or index == 0):
                    number = int(match.group(1))
                    criteria[(theme, number)] = _Criterion(match.group(2).strip(), line.number)
                    cells[index] = ""
            if header or not any(cells):
                continue
            criterion = criteria.get((theme, number))
            if cells[0] and criterion is not None:
                criterion.text = join_continuation(criterion.text, cells[0])
            ref = cells[1]
            if ref and not re.search(r"\s", ref) and len(ref) <= 10:
                rows.append((theme or ref[:1], number, MergedRow(line.number, cells[1:5])))
            elif not ref and any(cells[2:]) and rows:
                rows[-1][2].extend(["", *cells[2:5]])
            elif any(cells[1:]):
                self._not_imported(line, "action")
        for theme_code, criterion_number, row in rows:
            action = self._action(row, theme_code, criterion_number)
            priority = next((p for p in document.priorities if p.code == theme_code), None)
            if priority is None:
                priority = Priority(theme_code, f"Theme {theme_code}", kind=PriorityKind.THEME)
                document.priorities.append(priority)
            priority.actions.append(action)
        return criteria

    def _action(self, row: MergedRow, theme: str, criterion: int) -> Action:
        ref, text, owner, due = (strip_tags(row.get(i)) for i in range(4))
        action = Action(
            ref=ref,
            text=text,
            lead_text=owner,
            leads=[Lead(role=role) for role in split_owner(owner)],
            due_text=due,
            original_due_text=due,
            success_criterion=criterion or None,
            line=row.line,
        )
        due_date = check_date(self.reporter, action, due, column="Due Date")
        if due_date.kind is DateKind.SPRINT:
            action.planned_sprint = due_date.sprint
        elif due_date.kind is DateKind.BLANK:
            self.reporter.warning(
                "no_due_date",
                f"Action {ref} has no due date or sprint. Give it one.",
                line=row.line,
                ref=ref,
                field="Due Date",
            )
        if not owner:
            self.reporter.warning(
                "no_owner",
                f"Action {ref} has no owner: the Owner cell is blank. Assign an owner so the action "
                f"is tracked.",
                line=row.line,
                ref=ref,
                field="Owner",
            )
        match = ACTION_REF.match(ref)
        expected = f"{theme}{chr(ord('A') + criterion - 1)}" if criterion else theme
        if not match or not ref.startswith(expected):
            self.reporter.warning(
                "suspicious_ref",
                f"Ref {ref} does not fit where it sits: it is under theme {theme}"
                f"{f', success criterion {criterion}' if criterion else ''}, where refs are written "
                f"{expected}1, {expected}2 …. It has been imported as written; check the ref in the plan.",
                line=row.line,
                ref=ref,
            )
        return action

    def _reconcile_criteria(
        self, document: PlanDocument, criteria: dict[tuple[str, int], _Criterion]
    ) -> None:
        for (theme, number), found in criteria.items():
            priority = next((p for p in document.priorities if p.code == theme), None)
            if priority is None or not found.text:
                continue
            listed = next((c for c in priority.success_criteria if c.number == number), None)
            if listed is None:
                priority.success_criteria.append(SuccessCriterion(number, found.text))
                priority.success_criteria.sort(key=lambda c: c.number)
                self.reporter.warning(
                    "criterion_not_in_theme",
                    f"The action plan lists success criterion {number} for theme {theme} ('{found.text}'), "
                    f"but the theme's section does not. It has been added to the theme as criterion "
                    f"{number}; check that it belongs there.",
                    line=found.line,
                )
            elif _normalised(listed.text) != _normalised(found.text):
                self.reporter.info(
                    "criterion_wording_differs",
                    f"Theme {theme}, success criterion {number} is worded differently in the action "
                    f"plan ('{found.text}') from the theme's section ('{listed.text}'). The theme "
                    f"section's wording has been kept.",
                    line=found.line,
                )

    def _check_refs(self, actions: list[Action]) -> None:
        sequences: dict[str, RefSequence] = {}
        for action in actions:
            if match := ACTION_REF.match(action.ref):
                key = match.group(1) + match.group(2)
                sequence = sequences.setdefault(key, RefSequence(key, ""))
                sequence.entries.append(RefEntry(int(match.group(3)), action.ref, action.line))
        for sequence in sequences.values():
            check_sequence(self.reporter, sequence)

    def _link_recommendations(
        self, recommendations: list[InspectionRecommendation], actions: list[Action]
    ) -> None:
        """Link a recommendation to an action that repeats a sentence of its further work."""
        # One matcher per action: SequenceMatcher indexes its second sequence once.
        matchers = []
        for action in actions:
            found = words(action.text)
            matchers.append((action, len(found), SequenceMatcher(None, b=found, autojunk=False)))
        for recommendation, line in zip(recommendations, self.recommendation_lines, strict=True):
            for sentence in re.split(r"(?<=[.!?:;])\s+|\n+", recommendation.further_work):
                wanted = words(sentence)
                for action, length, matcher in matchers:
                    matcher.set_seq1(wanted)
                    match = matcher.find_longest_match(0, len(wanted), 0, length)
                    if match.size < _LINK_WORDS or action.ref in recommendation.action_refs:
                        continue
                    recommendation.action_refs.append(action.ref)
                    shared = " ".join(wanted[match.a : match.a + match.size])
                    self.reporter.info(
                        "recommendation_linked",
                        f"Ofsted recommendation {recommendation.number} has been linked to action "
                        f"{action.ref}, because the action repeats its further work required: "
                        f"'…{shared}…'. Check the link is right.",
                        line=line,
                        ref=action.ref,
                    )

    def _sprints(self, actions: list[Action]) -> list[Sprint]:
        planned = [a for a in actions if a.planned_sprint is not None]
        appendix = self.lines[self.appendix_2 or len(self.lines) :]
        note = next((line for line in appendix if not line.is_row and "sprint" in line.text.lower()), None)
        mentioned = [int(n) for n in re.findall(r"Sprint\s+(\d+)", note.text, re.IGNORECASE)] if note else []
        numbers = mentioned + [a.planned_sprint for a in planned if a.planned_sprint is not None]
        for number in sorted(set(a.planned_sprint for a in planned if a.planned_sprint is not None)):
            due = [a for a in planned if a.planned_sprint == number]
            listed = ", ".join(a.ref for a in due[:5]) + (" …" if len(due) > 5 else "")
            self.reporter.info(
                "non_date_due",
                f"{len(due)} actions are due in 'Sprint {number}' rather than on a date ({listed}). "
                f"That is how this plan schedules work, not an error: they have been planned into "
                f"Sprint {number}, and their due dates follow from the sprint's dates.",
                line=due[0].line,
            )
        if not numbers:
            return []
        self.reporter.info(
            "sprint_dates_unknown",
            f"The plan works in 12-week sprints (Sprint 1 to Sprint {max(numbers)}), but does not say "
            f"when they start. The sprints have been created without dates: set Sprint 1's start "
            f"date on the sprint board.",
            line=note.number if note else planned[0].line,
        )
        return [Sprint(number) for number in range(1, max(numbers) + 1)]

    def _not_imported(self, line: SourceLine, what: str) -> None:
        self.reporter.warning(
            "unrecognised_text",
            f"This row does not look like a{'n' if what[0] in 'aeiou' else ''} {what} or the "
            f"continuation of one, so it was not imported: '{' | '.join(c for c in line.cells if c)[:120]}'. "
            f"Check the plan and add it by hand if it is needed.",
            line=line.number,
        )


def read_wirral(lines: list[SourceLine], reporter: Reporter) -> PlanDocument:
    return WirralReader(lines, reporter).read()
