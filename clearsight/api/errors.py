"""Every API error has one JSON shape, whatever raised it::

    {"error": {"status": 412, "code": "stale", "message": "…", "fields": {…}, "problems": […]}}

``fields`` maps a request field to its messages; ``problems`` lists what is wrong in an uploaded
file (file, row, field, message). The services' named exceptions map to statuses here, so views
do not catch them one by one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from clearsight.analytics.exceptions import DataRejected
from clearsight.api.exceptions import TokenError
from clearsight.performance.exceptions import ReleaseLocked, ReleaseStateError, UploadRejected, ValueRejected
from clearsight.plans.exceptions import EditConflict, PlanError


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone changed this after you read it. Fetch it again, then make your change."
    default_code = "stale"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Say which version you are changing: send the ETag you read as an If-Match header, "
        "or the version field."
    )
    default_code = "version_required"


def error_body(
    status_code: int,
    code: str,
    message: str,
    *,
    fields: dict[str, list[str]] | None = None,
    problems: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "error": {
            "status": status_code,
            "code": code,
            "message": message,
            "fields": fields or {},
            "problems": problems or [],
        }
    }


def _problem(problem: Any) -> dict[str, Any]:
    """An engine Problem or a DfE validation issue, as JSON."""
    return {
        "file": getattr(problem, "file", "") or "",
        "row": getattr(problem, "line", None)
        if hasattr(problem, "line") and not hasattr(problem, "rule")
        else getattr(problem, "row", None),
        "field": getattr(problem, "field", "") or "",
        "code": getattr(problem, "code", "") or getattr(problem, "rule", "") or "",
        "severity": str(getattr(getattr(problem, "severity", ""), "value", getattr(problem, "severity", ""))),
        "message": getattr(problem, "message", "") or str(problem),
    }


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{key}.{sub}"] = messages
            else:
                out[str(key)] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    return {"non_field_errors": [str(v) for v in (detail if isinstance(detail, list) else [detail])]}


def _domain_error(exc: Exception) -> Response | None:
    if isinstance(exc, EditConflict):
        body = error_body(412, "stale", str(exc))
    elif isinstance(exc, PlanError | TokenError):
        body = error_body(400, "refused", str(exc))
    elif isinstance(exc, ValueRejected):
        body = error_body(400, "invalid", str(exc), fields={k: [v] for k, v in exc.errors.items()})
    elif isinstance(exc, ReleaseLocked | ReleaseStateError):
        body = error_body(409, "release_locked", str(exc))
    elif isinstance(exc, UploadRejected):
        body = error_body(400, "upload_rejected", str(exc), problems=[_problem(p) for p in exc.problems])
    elif isinstance(exc, DataRejected):
        body = error_body(
            400, "data_rejected", str(exc), problems=[_problem(p) for p in [*exc.problems, *exc.issues]]
        )
    else:
        return None
    return Response(body, status=body["error"]["status"])


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    domain = _domain_error(exc)
    if domain is not None:
        return domain
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You do not have permission to do that.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling takes over
    detail = getattr(exc, "detail", None)
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            response.status_code,
            "invalid",
            "Some fields are not right; see 'fields'.",
            fields=_flatten(detail),
        )
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = error_body(
            response.status_code, codes if isinstance(codes, str) else "error", str(detail or exc)
        )
    response.data = body
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other address under /api/: a JSON 404, not the HTML page."""
    return JsonResponse(
        error_body(404, "not_found", "There is nothing at this address in the API."), status=404
    )
