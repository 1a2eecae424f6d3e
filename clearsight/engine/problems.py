"""Problems found while reading a file: named, located, and never silently fixed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the file cannot be imported; nothing is changed
    WARNING = "warning"  # imported as written, flagged for a person to check
    INFO = "info"  # something the importer did that a person may want to know


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) in an input file.

    ``code`` is stable and machine-readable (``impossible_date``, ``missing_ref`` …);
    ``message`` is for a performance manager and says what to do.
    """

    severity: Severity
    code: str
    message: str
    ref: str = ""  # the action/measure ref it concerns, as written
    line: int | None = None  # 1-based line (text) or row (spreadsheet) in the source file
    field: str = ""  # the column or key it concerns
    file: str = ""

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.ref:
            parts.append(f"ref {self.ref}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.location()
        return f"{self.severity.value}: {where + ': ' if where else ''}{self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "ref": self.ref,
            "line": self.line,
            "field": self.field,
            "file": self.file,
        }


class InputError(Exception):
    """Raised when a file cannot be read at all; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))
