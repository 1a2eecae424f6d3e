"""Named failures of report requests and the children and young people's plan."""

from __future__ import annotations


class ReportError(Exception):
    """Something the person asking can put right; the message says what."""


class ReportRefused(ReportError):
    """The report, release or agency asked for is not one this person may have."""


class EditConflict(ReportError):
    """Someone else saved this section since it was loaded."""
