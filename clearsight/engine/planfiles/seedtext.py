"""Read the seed plans — text extracted from Word tables — into a :class:`PlanDocument`.

Two layouts are known, recognised by the shape of their tables rather than by the council's name:

- ``sefton``: action tables headed ``Ref | Action | Progress / Review Date | Lead | Update
  Commentary`` under "Recommendation 1.1 …" blocks (see :mod:`._seedtext_sefton`);
- ``wirral``: an action plan headed ``Success Criteria 1 | Ref | Action | Owner | Due Date`` under
  "Theme 1 – …" rows, after a narrative with themes and an Ofsted appendix
  (see :mod:`._seedtext_wirral`).

Every text is kept exactly as written, apart from the HTML tags the extraction left in cells
(``<p>``, ``<ul>``, ``<i>`` …), which are removed keeping their words. Nothing is silently fixed:
each oddity (an impossible date, a mistyped ref, a gap in the refs, a repeated action, an action
with no owner …) is imported as written and reported as a :class:`Problem`, in file order, with
the ref, line and file it concerns. Only text that is not a plan at all raises :class:`InputError`.

Rules the readers follow where the text is ambiguous:

- A table row whose ref (or number) cell is empty continues the row above it: the table crossed
  a page break. Each cell's continuation is joined to the cell above with one space; when both
  parts are ``<p>`` paragraphs and the continuation starts in lower case (a sentence cut in two),
  they become one paragraph. Repeated header rows are skipped.
- Sefton's leads are "Name, Role", or without a comma the first two capitalised words are the
  name and the rest the role. Wirral's owners are roles, split on ``(i) (ii)``, ``/``, ``&`` or
  ``;`` only where each part names a post (Manager, Head, Director …), never on "and".
- Sefton's footnotes to the "what good looks like" bullets are kept in the priority's ``why``.
"""

from __future__ import annotations

import re

from clearsight.engine.planfiles._seedtext_common import Reporter, source_lines
from clearsight.engine.planfiles._seedtext_sefton import read_sefton
from clearsight.engine.planfiles._seedtext_wirral import read_wirral
from clearsight.engine.planfiles.document import PlanDocument
from clearsight.engine.problems import InputError, Problem, Severity

SEFTON = "sefton"
WIRRAL = "wirral"

_SEFTON_HEADER = re.compile(r"^Ref\t+Action\t+[^\t\n]*Review[^\t\n]*\t+Lead\b", re.MULTILINE | re.IGNORECASE)
_WIRRAL_HEADER = re.compile(
    r"Success Criteria\s*\d+[^\t\n]*\t+(?:Ref|Action)\t+Action\t+Owner\b", re.IGNORECASE
)


def detect_layout(text: str) -> str | None:
    """``"sefton"``, ``"wirral"`` or ``None``, from the action tables' header rows."""
    sefton = len(_SEFTON_HEADER.findall(text))
    wirral = len(_WIRRAL_HEADER.findall(text))
    if not sefton and not wirral:
        return None
    return SEFTON if sefton >= wirral else WIRRAL


def read_seed_text(text: str, *, filename: str = "") -> tuple[PlanDocument, list[Problem]]:
    """Read a seed plan's text. Returns the document and every problem found, in file order.

    Raises :class:`InputError` when the text is not a plan this reader recognises, or when no
    action at all can be read from it.
    """
    layout = detect_layout(text)
    if layout is None:
        raise InputError([_not_a_plan(filename)])
    reporter = Reporter(filename)
    lines = source_lines(text)
    document = read_sefton(lines, reporter) if layout == SEFTON else read_wirral(lines, reporter)
    if not document.actions():
        raise InputError([_not_a_plan(filename, layout)])
    return document, reporter.in_file_order()


def _not_a_plan(filename: str, layout: str = "") -> Problem:
    if layout:
        message = (
            f"This file has the table headings of a {layout.title()}-style plan but no action could "
            f"be read from it, so nothing was imported. Check that the file is complete."
        )
    else:
        message = (
            "This file does not look like an improvement plan that can be imported: it has no "
            "action table headed 'Ref | Action | Progress / Review Date | Lead' (Sefton style) or "
            "'Success Criteria 1 | Ref | Action | Owner | Due Date' (Wirral style). Nothing was "
            "imported. Check that you chose the right file."
        )
    return Problem(Severity.ERROR, "not_a_plan", message, file=filename)
