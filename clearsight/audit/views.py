"""The audit trail, searchable and exportable by those who may read it. Nothing here changes it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clearsight.audit import selectors
from clearsight.audit.exports import audit_csv
from clearsight.audit.forms import AuditSearchForm
from clearsight.audit.services import audit_download

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _searched(request: HttpRequest) -> tuple[AuditSearchForm, selectors.AuditSearch | None]:
    if not selectors.may_search_audit(request.user):
        raise PermissionDenied("Only administrators and performance leads can read the audit trail.")
    form = AuditSearchForm(request.GET or None)
    if not request.GET:
        return form, selectors.AuditSearch()
    return form, (form.search() if form.is_valid() else None)


def audit_log(request: HttpRequest) -> HttpResponse:
    form, search = _searched(request)
    events = selectors.audit_search(request.user, search) if search is not None else selectors.audit_search(
        request.user, selectors.AuditSearch()).none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode(), "nav": "audit",
        "status": 400 if search is None else 200,
    }, status=400 if search is None else 200)


def audit_export(request: HttpRequest) -> HttpResponse:
    form, search = _searched(request)
    if search is None:
        return audit_log(request)
    events = list(selectors.audit_search(request.user, search)[:EXPORT_LIMIT])
    filename = f"clearsight-audit-{timezone.localdate():%Y-%m-%d}.csv"
    body = audit_csv(events)
    audit_download(user=request.user, authority=None, report="Audit log", file_format="csv", filename=filename,
                   detail={"filters": {k: v for k, v in request.GET.items() if v}, "events": len(events)})
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
