"""The indicator library: national and local children's services indicators, computed in DuckDB.

    from clearsight.engine.indicators import compute, rows_behind, REGISTRY

    results = compute(con, year=2018, by="team")            # -> [IndicatorResult]
    children = rows_behind(con, "assessments_45wd", year=2018, level_kind="team",
                           level="Assessment Team 1", part="denominator")  # -> [RowRef]

Each indicator is a declarative ``Indicator`` (metadata + SQL) in a module per area; the
definitions, with their DfE sources, are in docs/indicators.md (rendered from the registry).
"""

from clearsight.engine.indicators.compute import compute, compute_levels, rows_behind
from clearsight.engine.indicators.model import (
    UNALLOCATED,
    Indicator,
    IndicatorError,
    IndicatorResult,
    Level,
    LevelError,
    Parameter,
    ParameterError,
    Polarity,
    RowRef,
    Unit,
    UnknownIndicatorError,
)
from clearsight.engine.indicators.registry import REGISTRY

__all__ = [
    "REGISTRY",
    "UNALLOCATED",
    "Indicator",
    "IndicatorError",
    "IndicatorResult",
    "Level",
    "LevelError",
    "Parameter",
    "ParameterError",
    "Polarity",
    "RowRef",
    "UnknownIndicatorError",
    "Unit",
    "compute",
    "compute_levels",
    "rows_behind",
]
