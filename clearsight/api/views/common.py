"""What every API view shares: the error responses it documents, and query-parameter parsing."""

from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from clearsight.api.serializers import ErrorSerializer

ERROR = OpenApiResponse(ErrorSerializer, description="An error, in the API's one error shape.")
READ_ERRORS: dict[int, Any] = {400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: ERROR, 412: ERROR, 415: ERROR, 428: ERROR}

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag you read. A stale one is refused with 412; send it (or 'version') on every write.",
)
AUTHORITY = OpenApiParameter("authority", int, description="Only this authority (its id).")
PERIOD_FROM = OpenApiParameter("period_from", date, description="Periods ending on or after this day.")
PERIOD_TO = OpenApiParameter("period_to", date, description="Periods ending on or before this day.")


class QueryError(serializers.ValidationError):
    pass


def int_param(params: Any, name: str) -> int | None:
    text = params.get(name, "")
    if text == "":
        return None
    if not text.isdigit() or len(text) > 12:
        raise QueryError({name: [f"'{text}' is not a whole number."]})
    return int(text)


def choice_param(params: Any, name: str, choices: Any) -> str | None:
    """A filter that must be one of ``choices`` (a TextChoices class or its values): a mistyped one
    is refused by name, not answered with an empty list."""
    text = params.get(name, "")
    if text == "":
        return None
    allowed = [str(c) for c in getattr(choices, "values", choices)]
    if text not in allowed:
        raise QueryError({name: [f"'{text}' is not one of: {', '.join(allowed)}."]})
    return str(text)


def date_param(params: Any, name: str) -> date | None:
    text = params.get(name, "")
    if text == "":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError({name: [f"'{text}' is not a date; use YYYY-MM-DD."]}) from None
