"""Spreadsheet cells that cannot run: text that looks like a formula stays text.

A spreadsheet treats a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula, and some read
a leading tab or carriage return the same way once the sheet is saved as CSV and opened again
("CSV/formula injection", OWASP). Plan text and update commentary are typed by people, so every
string we write goes through ``safe_text``; the Excel renderer also types such cells as text.
"""

from __future__ import annotations

from clearsight.engine.cells import FORMULA_STARTS


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_text(text: str) -> str:
    """The text with a leading apostrophe when it would otherwise start a formula.

    The apostrophe is the spreadsheet convention for "this is text"; it is visible in the cell,
    which is the point: a reader sees that the original began with ``=``.
    """
    return "'" + text if looks_like_formula(text) else text
