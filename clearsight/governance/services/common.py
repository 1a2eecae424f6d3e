"""Helpers shared by the governance services."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from clearsight.governance.exceptions import WrongAuthority


def _same_authority(authority_id: int, *things: Any) -> None:
    for thing in things:
        if thing is None:
            continue
        owner = getattr(thing, "authority_id", None)
        if owner is None and hasattr(thing, "plan"):
            owner = thing.plan.authority_id
        if owner is None and hasattr(thing, "priority"):
            owner = thing.priority.plan.authority_id
        if owner != authority_id:
            raise WrongAuthority(f"{thing} belongs to another authority.")


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, time)) else value


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _iso(getattr(obj, name)) for name in fields}
