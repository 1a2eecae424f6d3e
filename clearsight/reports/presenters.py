"""Shaping report runs and the children and young people's version for pages. No queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearsight.engine.reports.readability import TARGET_READING_AGE, Readability, reading_age


@dataclass
class SectionCheck:
    section: Any
    readability: Readability

    @property
    def tag(self) -> str:
        if self.readability.reading_age is None:
            return "govuk-tag--grey"
        return "govuk-tag--green" if self.readability.on_target else "govuk-tag--orange"


def section_readability(heading: str, text: str) -> Readability:
    """A section's reading age: its heading and text together, as a reader meets them. The one
    measure for the editor, its preview, the audit trail and the draft's reading-age table."""
    return reading_age(f"{heading}. {text}")


def section_checks(sections: list[Any]) -> list[SectionCheck]:
    return [SectionCheck(s, section_readability(s.heading, s.text)) for s in sections]


def target() -> int:
    return TARGET_READING_AGE
