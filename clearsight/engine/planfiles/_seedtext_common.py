"""Pieces both seed-text layouts share: lines and cells, leftover HTML, rows that run on over a
page break, leads, and the checks made on refs, dates and repeated actions.

The seeds are Word documents whose tables were extracted as tab-separated lines. A table row that
crosses a page break comes out as two rows: the second has an empty ref (or number) cell and
carries the rest of each cell. :class:`MergedRow` puts such rows back together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from clearsight.engine.plandates import DateKind, PlanDate, read_plan_date
from clearsight.engine.planfiles.document import Action, Lead, MeasureRow
from clearsight.engine.problems import Problem, Severity


@dataclass(frozen=True)
class SourceLine:
    """One line of the text, numbered from 1 as an editor shows it."""

    number: int
    text: str

    @property
    def is_row(self) -> bool:
        return "\t" in self.text

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()

    @property
    def cells(self) -> list[str]:
        return [cell.strip() for cell in self.text.split("\t")]

    def cell(self, index: int) -> str:
        cells = self.cells
        return cells[index] if index < len(cells) else ""


def source_lines(text: str) -> list[SourceLine]:
    # Split on newlines only: str.splitlines() would also split on form feeds and the like,
    # and line numbers in problems must match what a person sees in an editor.
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(number, line) for number, line in enumerate(normalised.split("\n"), start=1)]


def paragraphs_of(lines: Iterable[SourceLine]) -> list[str]:
    """Blank-line separated paragraphs; lines inside a paragraph are kept on their own lines."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.is_blank:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line.text.strip())
    return ["\n".join(p) for p in paragraphs if p]


class Reporter:
    """Collects problems for one file; :meth:`in_file_order` sorts them by line, stably."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def add(
        self, severity: Severity, code: str, message: str, *, line: int | None, ref: str = "", field: str = ""
    ) -> None:
        self.problems.append(
            Problem(severity, code, message, ref=ref, line=line, field=field, file=self.filename)
        )

    def warning(self, code: str, message: str, *, line: int | None, ref: str = "", field: str = "") -> None:
        self.add(Severity.WARNING, code, message, line=line, ref=ref, field=field)

    def info(self, code: str, message: str, *, line: int | None, ref: str = "", field: str = "") -> None:
        self.add(Severity.INFO, code, message, line=line, ref=ref, field=field)

    def in_file_order(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.line if p.line is not None else 0)


# --- leftover HTML ------------------------------------------------------------------------------

_PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
_LIST_START = re.compile(r"<(?:ul|ol)\b[^>]*>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_OPENING_PARAGRAPH = re.compile(r"^(?:<p\b[^>]*>)?\s*", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """Plain text from a cell with HTML left in it, keeping every word.

    ``<p>`` paragraphs and ``<ul>``/``<ol>`` lists start a new paragraph (a blank line), ``<li>``
    items become ``- `` lines, and inline tags such as ``<i>`` are dropped.
    """
    if "<" not in text:
        return text.strip()
    plain = _PARAGRAPH_END.sub("\n\n", text)
    plain = _LIST_START.sub("\n\n", plain)
    plain = _LIST_ITEM.sub("\n- ", plain)
    plain = _TAG.sub("", plain)
    plain = "\n".join(line.strip() for line in plain.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", plain).strip()


def paragraphs(text: str) -> list[str]:
    return [p for p in strip_tags(text).split("\n\n") if p.strip()]


def join_continuation(previous: str, more: str) -> str:
    """Join the part of a cell carried over a page break onto the part before it.

    The break splits a paragraph wherever the page ended, so the two parts are joined with one
    space. When the first part ends a ``<p>`` paragraph and the carried-over part begins in lower
    case, the sentence was cut in two, so the paragraph marks between them are dropped as well.
    """
    if not more:
        return previous
    if not previous:
        return more
    match = _OPENING_PARAGRAPH.match(more)
    rest = more[match.end() :] if match else more
    if previous.lower().endswith("</p>") and rest[:1].islower():
        return f"{previous[:-4].rstrip()} {rest}"
    return f"{previous} {more}"


@dataclass
class MergedRow:
    """A table row put back together from the pieces a page break left on several lines."""

    line: int
    cells: list[str]

    def extend(self, more: list[str]) -> None:
        for index, cell in enumerate(more):
            if index >= len(self.cells):
                self.cells.append("")
            self.cells[index] = join_continuation(self.cells[index], cell)

    def get(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


def is_rule_row(line: SourceLine) -> bool:
    """``---\t---\t---``: the extraction's table border, not content."""
    cells = line.cells
    return any(cells) and all(re.fullmatch(r"-*", cell) for cell in cells)


# --- leads ---------------------------------------------------------------------------------------

# A part of an owner cell is a role of its own only if it names a post. "CiN/CP" and
# "Performance & Improvement" do not, so they stay inside the role they belong to.
_POST = re.compile(
    r"\b(?:managers?|manger|head|director|lead|chair|officer|teacher|co-?ordinator|worker|"
    r"executive|advis[eo]r|practitioner)\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"(\s*/\s*|\s+&\s+|\s*;\s*)")
_NUMBERED = re.compile(r"\(\s*[ivx]+\s*\)", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’-]+$")


def split_owner(text: str) -> list[str]:
    """The posts named in an owner cell, in order.

    ``(i) A (ii) B`` gives A and B; ``/``, `` & `` and ``;`` separate posts only when the part on
    each side names a post (Manager, Head, Director, Chair …). "and" never splits: "Senior
    Managers for CIN/CP and Targeted Services" is one role.
    """
    text = text.strip()
    numbered = [part.strip() for part in _NUMBERED.split(text) if part.strip()]
    if len(numbered) > 1:
        return numbered
    pieces = _SEPARATOR.split(text)
    parts = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _POST.search(piece) and _POST.search(parts[-1]):
            parts.append(piece)
        else:
            parts[-1] += separator + piece
    return [part.strip() for part in parts if part.strip()]


def _looks_like_name(words: list[str]) -> bool:
    return (
        2 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words) and not _POST.search(" ".join(words))
    )


def person_lead(part: str) -> Lead:
    """A lead written as a person and their post.

    "Name, Role" splits at the first comma. Without a comma ("Sarah Hodgson Quality Assurance
    Manager", "Caroline Watts. Service Manager") the first two capitalised words are the name and
    the rest is the role. Anything else is kept whole as the role.
    """
    if "," in part:
        name, role = (piece.strip() for piece in part.split(",", 1))
        if _looks_like_name(name.split()):
            return Lead(name=name, role=role)
        return Lead(role=part)
    words = part.split()
    first_two = [word.rstrip(".") for word in words[:2]]
    if len(words) > 2 and _looks_like_name(first_two):
        return Lead(name=" ".join(first_two), role=" ".join(words[2:]))
    return Lead(role=part)


# --- checks --------------------------------------------------------------------------------------


def check_date(reporter: Reporter, action: Action, value: str, *, column: str) -> PlanDate:
    """Read a date cell; report it when it cannot be read with certainty."""
    read = read_plan_date(value)
    if read.kind is DateKind.UNREADABLE:
        reporter.warning(
            "impossible_date",
            f"Action {action.ref}: the {column} is written '{value.strip()}', which is not a date the "
            f"importer can be sure of ({read.reason}). It has been imported as written; check the "
            f"plan and enter the intended date on the action.",
            line=action.line,
            ref=action.ref,
            field=column,
        )
    return read


def check_period(reporter: Reporter, label: str, *, line: int, severity: Severity, where: str) -> None:
    """Report a period such as "202017-18" (a mistyped year) or "2017-2017" (no length at all)."""
    match = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", label)
    if not match:
        return
    start_text, end_text = match.groups()
    start = int(start_text)
    if len(start_text) != 4 or not 1990 <= start <= 2100:
        guess = ""
        if len(start_text) > 4 and 1990 <= int(start_text[-4:]) <= 2100:
            guess = f" – probably {start_text[-4:]}-{end_text}"
        reason = f"the first year, {start_text}, is not a possible year, so it looks mistyped{guess}"
    else:
        end = int(end_text) + (start // 100 * 100 if len(end_text) == 2 else 0)
        if end > start:
            return
        reason = "it ends in the same year it starts" if end == start else "it ends before it starts"
    reporter.add(
        severity,
        "suspicious_period",
        f"The {where} is written '{label.strip()}': {reason}. It has been kept as written; check "
        f"it and correct the plan's period if needed.",
        line=line,
    )


@dataclass
class RefEntry:
    number: int
    ref: str
    line: int | None


@dataclass
class RefSequence:
    """Refs that should run 1, 2, 3 … (e.g. 1.1.1, 1.1.2 …, or 4B1, 4B2 …)."""

    label: str  # the refs' common start, as a person names the group: "1.1", "4B"
    separator: str  # between the label and the number: "." for 1.1.1, "" for 4B1
    entries: list[RefEntry] = field(default_factory=list)

    def make_ref(self, number: int) -> str:
        return f"{self.label}{self.separator}{number}"


def check_sequence(reporter: Reporter, sequence: RefSequence) -> None:
    """Report gaps (``missing_ref``) and numbers far out of line (``suspicious_ref``, over 100).

    A missing number that ends a suspicious one's digits (17 for 2017) is taken to be that ref
    mistyped and is named in the suspicious ref's message instead of being reported missing.
    """
    normal = [e for e in sequence.entries if e.number <= 100]
    odd = [e for e in sequence.entries if e.number > 100]
    present = {e.number for e in normal}
    missing = [n for n in range(1, max(present, default=0) + 1) if n not in present]
    explained: dict[int, int] = {}
    for entry in odd:
        candidates = [n for n in missing if str(entry.number).endswith(str(n)) and n not in explained]
        hint = ""
        if candidates:
            explained[candidates[-1]] = entry.number
            wanted = sequence.make_ref(candidates[-1])
            hint = f" {wanted} is not in the plan; {entry.ref} may be it."
        others = (
            f" ({sequence.make_ref(min(present))} … {sequence.make_ref(max(present))})" if present else ""
        )
        reporter.warning(
            "suspicious_ref",
            f"Ref {entry.ref} does not follow the pattern of the other refs in {sequence.label}"
            f"{others}: its number is far larger than an action list runs to.{hint} It has been "
            f"imported as written; check the ref in the plan.",
            line=entry.line,
            ref=entry.ref,
        )
    for number in missing:
        if number in explained:
            continue
        after = next((e for e in normal if e.number > number), None)
        ref = sequence.make_ref(number)
        reporter.warning(
            "missing_ref",
            f"There is no action {ref}: the refs in {sequence.label} skip from "
            f"{sequence.make_ref(number - 1) if number > 1 else 'the start'} to "
            f"{after.ref if after else 'the end'}. Check whether an action was deleted or renumbered.",
            line=after.line if after else None,
            ref=ref,
        )


_STEP_NUMBER = re.compile(r"(?<![\w-])(?:\d{1,2}[.)]|\(\s*[ivx]+\s*\))(?=\s)", re.IGNORECASE)


def words(text: str) -> list[str]:
    """Lower-case words without punctuation or step numbers ("1)", "2.", "(ii)"), for comparing."""
    plain = strip_tags(text).lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9]+(?:['-][a-z0-9]+)*", _STEP_NUMBER.sub(" ", plain))


def near_copy(a: list[str], b: list[str]) -> bool:
    """Whether one text repeats the other: the same words, or the shorter one's words found in the
    longer one in order with at most a word or two added or changed (runs of three or more words
    must cover 90% of the shorter text)."""
    shorter, longer = sorted((a, b), key=len)
    if not shorter:
        return False
    if shorter == longer:
        return True
    if len(shorter) < 6:
        return False
    in_longer = set(longer)
    if sum(word not in in_longer for word in shorter) > 0.1 * len(shorter):
        return False  # cheap test first: too many of the shorter text's words are not there at all
    blocks = SequenceMatcher(None, longer, shorter, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks if block.size >= 3) >= 0.9 * len(shorter)


def check_duplicates(reporter: Reporter, actions: list[Action]) -> None:
    """Report each action that repeats an earlier one, once, on the later ref."""
    texts = [words(action.text) for action in actions]
    for later in range(len(actions)):
        for earlier in range(later):
            if near_copy(texts[earlier], texts[later]):
                first, second = actions[earlier], actions[later]
                reporter.warning(
                    "duplicate_action",
                    f"Action {second.ref} repeats action {first.ref}: one text contains the other "
                    f"(apart from wording such as numbering, case or a word or two). Both have "
                    f"been imported; check whether {second.ref} should be merged into "
                    f"{first.ref} or withdrawn.",
                    line=second.line,
                    ref=second.ref,
                )
                break


def _measure_key(row: MeasureRow) -> tuple[str, str, str, str, str]:
    return (row.name, row.what_it_shows, row.requires_improvement, row.good, row.outstanding)


def add_measure(measures: list[MeasureRow], row: MeasureRow, code: str) -> None:
    """Add a measure row, or the priority code to an identical row already listed."""
    for existing in measures:
        if _measure_key(existing) == _measure_key(row):
            if code not in existing.priority_codes:
                existing.priority_codes.append(code)
            return
    row.priority_codes = [code]
    measures.append(row)
