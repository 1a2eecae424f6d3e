"""The plan as a document: one shape that holds both seed plans and loses nothing.

Text is kept exactly as written. Dates are kept as written alongside what they certainly mean
(:class:`~clearsight.engine.plandates.PlanDate`). Readers fill these classes; the Django import
service turns them into database rows, and the export service turns rows back into them, so
export → import → export is identical.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PriorityKind(StrEnum):
    """What the plan calls its top-level headings."""

    PRIORITY = "priority"
    THEME = "theme"  # Wirral: "Theme 1: Provide the right service at the right time"
    RECOMMENDATION = "recommendation"  # Sefton: "Recommendation 1.1 Assessment and Planning"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


class EvidenceKind(StrEnum):
    """Sefton's three columns of qualitative information."""

    AUDITS = "audits"
    CHILDREN_FAMILIES = "children_families"  # children, young people, parents and carers
    STAFF = "staff"


class RecommendationStatus(StrEnum):
    OPEN = "open"
    PARTLY_MET = "partly_met"
    MET = "met"


@dataclass
class Lead:
    """Who leads an action: a named person, a role, a partner agency, or any mix."""

    name: str = ""  # "Vicky Buchanan"
    role: str = ""  # "Head of Service", "Deputy Director Children's Services"
    agency: str = ""  # "National Probation Service"


@dataclass
class Update:
    """A dated progress update. Imported commentary often has no date: it stays None."""

    commentary: str
    on: date | None = None
    author: str = ""
    status_from: str = ""
    status_to: str = ""
    evidence_url: str = ""


@dataclass
class DueChange:
    """A revision of an action's due date, with the reason it moved."""

    from_text: str
    to_text: str
    reason: str
    on: date | None = None
    by: str = ""


@dataclass
class Action:
    """One action in the plan, as written. ``ref`` is kept exactly (``1.1.2017``, ``4B6``)."""

    ref: str
    text: str
    lead_text: str = ""  # the owner/lead cell exactly as written
    leads: list[Lead] = field(default_factory=list)
    due_text: str = ""  # as written: "31/10/17", "Sprint 2", "Oct, 2017", ""
    original_due_text: str = ""  # set when the due date has been revised; else same as due_text
    review_text: str = ""  # Sefton's "Progress / Review Date" column, as written
    status: ActionStatus = ActionStatus.NOT_STARTED
    rag_override: str = ""  # "red" | "amber" | "green" | ""
    rag_override_reason: str = ""
    success_criterion: int | None = None  # number within its priority
    planned_sprint: int | None = None
    carried_over: int = 0
    updates: list[Update] = field(default_factory=list)
    due_changes: list[DueChange] = field(default_factory=list)
    line: int | None = None  # where it starts in the source file


@dataclass
class SuccessCriterion:
    number: int
    text: str


@dataclass
class EvidenceSource:
    kind: EvidenceKind
    text: str


@dataclass
class Priority:
    """A priority, theme or recommendation heading with everything under it."""

    code: str  # "1.1", "2.0", "3", "1" (as written, without the word Theme)
    title: str
    kind: PriorityKind = PriorityKind.PRIORITY
    why: str = ""  # "Why this is a priority"
    good_looks_like: list[str] = field(default_factory=list)
    success_criteria: list[SuccessCriterion] = field(default_factory=list)
    evidence_sources: list[EvidenceSource] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class MeasureRow:
    """A measure as the plan lists it; thresholds are the band texts exactly as written."""

    name: str
    what_it_shows: str = ""
    requires_improvement: str = ""
    good: str = ""
    outstanding: str = ""
    priority_codes: list[str] = field(default_factory=list)  # every place it appears
    line: int | None = None


@dataclass
class InspectionRecommendation:
    number: int
    text: str
    progress: str = ""
    further_work: str = ""
    status: RecommendationStatus = RecommendationStatus.OPEN
    action_refs: list[str] = field(default_factory=list)


@dataclass
class Principle:
    title: str
    text: str = ""


@dataclass
class Sprint:
    """A 12-week sprint. Dates may be unknown in a document until someone sets them."""

    number: int
    start: date | None = None
    weeks: int = 12
    closed: bool = False


@dataclass
class PlanDocument:
    title: str
    period_label: str = ""  # as written: "2017-18", "2017-2019"
    period_start: date | None = None
    period_end: date | None = None
    status: str = "active"  # draft | active | closed
    foreword: str = ""
    principles: list[Principle] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    recommendations: list[InspectionRecommendation] = field(default_factory=list)
    sprints: list[Sprint] = field(default_factory=list)

    def actions(self) -> list[Action]:
        return [action for priority in self.priorities for action in priority.actions]
