"""The report object every renderer draws: a plain tree of sections and blocks.

A builder (``clearsight.reports.builders``) fills it from the plan, a meeting date and a data
release; the PDF, Word and Excel renderers only draw it, so the three formats never disagree about
what a board pack says. Everything here is text or numbers already shaped for reading: suppression
of small numbers and the release watermark are decided before the object is made.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ReportKind(StrEnum):
    BOARD_PACK = "board-pack"
    SCRUTINY = "scrutiny"
    PARTNER = "partner"
    YOUNG_PEOPLE = "young-people"

    @property
    def label(self) -> str:
        return {
            ReportKind.BOARD_PACK: "Improvement Board pack",
            ReportKind.SCRUTINY: "Overview and Scrutiny report",
            ReportKind.PARTNER: "Partner report",
            ReportKind.YOUNG_PEOPLE: "Our plan for children and young people",
        }[self]


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        return {
            Format.PDF: "application/pdf",
            Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[self]


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" body text, "lead" a larger opening, "small" notes, "inset" a callout


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A real table: a caption, one header row and body rows of text, already formatted.

    ``numeric`` names the columns that hold figures (right-aligned when drawn). ``emphasis``
    names body rows to draw in bold (e.g. a total).
    """

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    widths: tuple[int, ...] = ()  # relative column widths, optional

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(
                    f"Table {self.caption!r}: a row has {len(row)} cells, the header {len(self.header)}."
                )


@dataclass(frozen=True)
class Chart:
    """A chart as SVG (from ``engine.charts``) and the table of the figures it draws."""

    title: str
    svg: str
    table: Table
    summary: str = ""  # one sentence saying what the chart shows, for Word where SVG is not drawn


Block = Paragraph | Bullets | Table | Chart


@dataclass
class Section:
    heading: str
    level: int = 1  # 1 a chapter (starts a new page in print), 2 and 3 beneath it
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    anchor: str = ""

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self

    def sub(self, heading: str) -> Section:
        child = Section(heading, level=min(self.level + 1, 4))
        self.subsections.append(child)
        return child

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.subsections:
            yield from child.walk()


Cell = str | int | float | date | None


@dataclass(frozen=True)
class Sheet:
    """A data sheet for the Excel workbook: typed values, one header row."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass
class Report:
    kind: ReportKind
    title: str
    authority: str
    plan_title: str
    meeting_date: date
    watermark: str  # printed on every page: the approved release, or "Provisional: …"
    provisional: bool
    cover: list[tuple[str, str]] = field(default_factory=list)  # label, value lines on the cover
    sections: list[Section] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    audience: str = ""  # who it is for, said on the cover
    stamp: str = "PROVISIONAL"  # drawn across each page while ``provisional``

    def headings(self) -> list[tuple[int, str, str]]:
        """Level, text and anchor of every heading, in order: the contents page."""
        result = []
        for top in self.sections:
            for section in top.walk():
                result.append((section.level, section.heading, section.anchor))
        return result

    def number_anchors(self) -> None:
        counter = 0
        for top in self.sections:
            for section in top.walk():
                counter += 1
                if not section.anchor:
                    section.anchor = f"s{counter}"
