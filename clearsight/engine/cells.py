"""Cells for spreadsheets and CSV files we write: text a spreadsheet would run as a formula is
written so it stays text (CSV/formula injection, OWASP). Every CSV export goes through here."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe; numbers and dates pass unchanged
    (so pass figures as numbers, not text: -5 stays a number, "-5" becomes '-5)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Iterable[Iterable[Any]], stream: TextIO) -> None:
    """Write rows as CSV with every cell made spreadsheet-safe."""
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else spreadsheet_safe(cell) for cell in row])
