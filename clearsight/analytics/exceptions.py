"""Named failures of the analytics services."""

from __future__ import annotations

from typing import Any


class DataRejected(Exception):
    """Nothing was loaded. ``problems`` are reading problems; ``issues`` DfE rule issues."""

    def __init__(self, message: str, *, problems: list[Any] | None = None, issues: list[Any] | None = None):
        super().__init__(message)
        self.problems = problems or []
        self.issues = issues or []
