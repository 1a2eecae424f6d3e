"""What an indicator is: its metadata, its parameters and the SQL that finds its children.

An indicator's computation is one SQL query an analyst can read. It returns one row per child
(or per worker, for workforce measures) that the indicator looks at in a collection year:

    year             the collection year (ending 31 March) the row counts in
    child_id         the child (NULL for a worker)
    event_date       the date that puts the row in the year; the allocation on that date
                     decides the team and worker the row counts under
    in_denominator   the row is in the denominator (NULL/FALSE for counts)
    in_numerator     the row is in the numerator (for counts: the row is counted)
    upload_id        the file the row came from …
    source_row       … and its row there, so every figure can be traced to its files

Indicators that carry their own team and worker (Annex A visit lists, workforce) add ``team``
and ``worker``; weighted ones (workforce FTE and caseloads) add ``numerator_value`` and
``denominator_value``. One shared function (``compute.py``) turns these rows into figures for the
authority, each team or each worker, so breakdown and drill-down work alike for every indicator.

The SQL may use the helper tables ``compute.py`` prepares: ``cs_years`` (year, period_start,
period_end), ``cs_calendar`` (day, working, wd: working days on or before the day),
``cs_wd_end`` (wd, last_day: the last calendar day with that working-day index),
``cs_care_episodes`` and ``cs_looked_after`` (see ``looked_after.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from clearsight.engine.periods import PeriodType


class Unit(StrEnum):
    PERCENT = "percent"  # 0-100: numerator / denominator × 100
    COUNT = "count"  # value = numerator; no denominator
    RATE_PER_10K = "rate_per_10k"  # count × 10,000 / children aged 0-17
    AVERAGE = "average"  # numerator / denominator (e.g. cases per FTE)


class Polarity(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better
    NEUTRAL = "neutral"  # context: neither direction is better in itself


class Level(StrEnum):
    AUTHORITY = "authority"
    TEAM = "team"
    WORKER = "worker"


UNALLOCATED = "Unallocated"


class IndicatorError(ValueError):
    """A request the indicator library cannot answer (see the subclasses)."""


class UnknownIndicatorError(IndicatorError):
    """An indicator id that is not in the registry."""


class ParameterError(IndicatorError):
    """A local parameter that does not exist or has a value of the wrong kind."""


class LevelError(IndicatorError):
    """A breakdown level that is not authority, team or worker, or a part that is not numerator/denominator."""


class ParameterKind(StrEnum):
    WHOLE_NUMBER = "whole number"  # ≥ 0
    CODES = "codes"  # a list of codes, compared in upper case
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True)
class Parameter:
    """A local setting of an indicator, with the national (or usual) default."""

    name: str
    default: Any
    description: str
    kind: ParameterKind = ParameterKind.WHOLE_NUMBER
    choices: tuple[str, ...] = ()
    national: bool = True  # False: a local choice; the default is the usual local standard

    def check(self, indicator: str, value: Any) -> Any:
        """The value in canonical form, or ParameterError naming what was expected."""
        where = f"{indicator}: parameter '{self.name}'"
        if self.kind is ParameterKind.WHOLE_NUMBER:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ParameterError(f"{where} must be a whole number ≥ 0, not {value!r}.")
            return value
        if self.kind is ParameterKind.CHOICE:
            if value not in self.choices:
                raise ParameterError(f"{where} must be one of {', '.join(self.choices)}, not {value!r}.")
            return value
        if isinstance(value, str) or not all(isinstance(code, str) and code.strip() for code in value):
            raise ParameterError(f"{where} must be a list of codes, not {value!r}.")
        return tuple(code.strip().upper() for code in value)


def sql_value(value: Any) -> str:
    """A checked parameter value as SQL: numbers as they are, codes as a quoted list."""
    if isinstance(value, tuple):
        return "(" + ", ".join("'" + code.replace("'", "''") + "'" for code in value) + ")" if value else "(NULL)"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


SqlBuilder = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it means, where the definition comes from, and how it is computed.

    ``sql`` is a query (``str.format`` placeholders name the parameters, e.g. ``{max_days}``), or
    a function of the parameters returning one. ``sources`` are the tables whose upload for a
    year makes the indicator reportable for that year (a year with no such upload and no rows is
    left out rather than shown as 0). ``helpers`` are the prepared tables the SQL reads.
    """

    id: str
    name: str
    definition: str
    source: str  # the DfE or statutory reference
    numerator: str
    denominator: str
    unit: Unit
    polarity: Polarity
    period_type: PeriodType
    exclusions: str
    sql: str | SqlBuilder
    sources: tuple[str, ...]
    event_date: str  # which date places the row in the year and picks the allocation
    example: str  # a worked example, for the documentation
    parameters: tuple[Parameter, ...] = ()
    national: bool = True  # False: a local indicator
    helpers: tuple[str, ...] = ()
    carries_allocation: bool = False  # rows carry their own team and worker
    weighted: bool = False  # rows carry numerator_value / denominator_value
    rate_of: str | None = None  # for a rate per 10,000: the count it is a rate of

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.check(self.id, p.default) for p in self.parameters}

    def settings(self, given: Mapping[str, Any] | None) -> dict[str, Any]:
        """The defaults overlaid with ``given``; ParameterError for a parameter it does not have."""
        values = self.defaults()
        known = {p.name: p for p in self.parameters}
        for name, value in (given or {}).items():
            if name not in known:
                listed = ", ".join(known) or "none"
                raise ParameterError(f"{self.id} has no parameter '{name}' (its parameters: {listed}).")
            values[name] = known[name].check(self.id, value)
        return values

    def render(self, values: Mapping[str, Any]) -> str:
        """The query with the parameter values written in."""
        if callable(self.sql):
            return self.sql(values)
        return self.sql.format(**{name: sql_value(value) for name, value in values.items()})


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator's figure for one collection year at one level (the authority, a team, a worker)."""

    indicator: str
    year: int
    level_kind: str
    level: str
    unit: str
    numerator: int | float | None
    denominator: int | float | None
    value: int | float | None

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "year": self.year, "level": self.level, "unit": self.unit,
                "numerator": self.numerator, "denominator": self.denominator, "value": self.value}


@dataclass(frozen=True, order=True)
class RowRef:
    """A row behind a figure: the child, the date that placed it, and the file and row it came from."""

    child_id: str | None
    event_date: date | None
    upload_id: str | None
    source_row: int | None


@dataclass
class Registry:
    """Indicators by id, in the order they are reported."""

    indicators: dict[str, Indicator] = field(default_factory=dict)

    def add(self, *indicators: Indicator) -> None:
        for indicator in indicators:
            if indicator.id in self.indicators:
                raise ValueError(f"Indicator '{indicator.id}' is registered twice.")
            self.indicators[indicator.id] = indicator

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise UnknownIndicatorError(
                f"There is no indicator '{indicator_id}'. Run 'clearsight indicators --help' or see "
                "docs/indicators.md for the list."
            ) from None

    def __iter__(self) -> Any:
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)
