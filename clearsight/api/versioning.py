"""ETags and If-Match: how a client proves it is changing the version it read.

Every action has a ``version`` the plan services raise on each save. Its ETag is
``"action-<id>-v<version>"``. A write must send that ETag as ``If-Match`` (or the ``version`` field):
a stale one is refused with 412 and nothing changes; none at all is refused with 428.
"""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from clearsight.api.errors import PreconditionFailed, PreconditionRequired


def action_etag(action: Any) -> str:
    return f'"action-{action.pk}-v{action.version}"'


def value_etag(value: Any) -> str:
    return f'"value-{value.pk}-{int(value.entered_at.timestamp() * 1_000_000)}"'


def _tags(request: Request) -> list[str]:
    header = request.headers.get("If-Match", "")
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def expected_version(request: Request, action: Any, body_version: int | None) -> int:
    """The version the client says it read; PreconditionFailed/Required if it cannot say."""
    tags = _tags(request)
    if tags:
        if "*" in tags or action_etag(action) in tags:
            return int(action.version)
        raise PreconditionFailed()
    if body_version is not None:
        return body_version  # the service refuses it (EditConflict → 412) if it is stale
    raise PreconditionRequired()


def check_replaces(request: Request, existing: Any | None) -> None:
    """Entering a figure where one already exists replaces it: only if the client read that one."""
    tags = _tags(request)
    if existing is None:
        return
    if not tags:
        raise PreconditionRequired(
            "A figure for this period and unit already exists. Send its ETag as If-Match to replace it."
        )
    if "*" not in tags and value_etag(existing) not in tags:
        raise PreconditionFailed()
