"""Child-level data uploads and the indicators computed from them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clearsight.analytics import selectors, services
from clearsight.analytics.forms import DataUploadForm
from clearsight.analytics.models import DataUpload
from clearsight.analytics.presenters import suppressed, year_label
from clearsight.api import serializers as s
from clearsight.api.views.common import READ_ERRORS, WRITE_ERRORS, QueryError, int_param
from clearsight.engine.indicators import REGISTRY
from clearsight.engine.indicators.model import UnknownIndicatorError
from clearsight.organisations.roles import Permission
from clearsight.organisations.selectors import authority_get, can


def _require_provisional(user: Any, authority_id: int) -> None:
    """Uploads are the performance team's working data: the board and partners do not see them
    (the same rule as the data pages)."""
    if not can(user, authority_id, Permission.VIEW_PROVISIONAL):
        raise PermissionDenied("Uploads are for the council's own staff.")


class UploadList(generics.ListAPIView[Any]):
    serializer_class = s.UploadSerializer

    def get_queryset(self) -> QuerySet[DataUpload]:
        authority = authority_get(self.request.user, self.kwargs["authority_id"])
        _require_provisional(self.request.user, authority.pk)
        return selectors.uploads_of(authority).order_by("-uploaded_at", "-id")

    @extend_schema(
        tags=["data"],
        summary="An authority's child-level data uploads, newest first",
        responses={200: s.UploadSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["data"],
        summary="Upload child-level files (SSDA903, CIN census …), all or nothing",
        description=(
            "Files are read and checked against the DfE rules for their year before anything "
            "is loaded. If any rule is broken nothing is loaded and the issues come back as "
            "'problems', unless accept_issues is true. Indicators are then recomputed."
        ),
        request={"multipart/form-data": s.UploadCreateSerializer},
        responses={201: s.UploadOutcomeSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, authority_id: int) -> Response:
        authority = authority_get(request.user, authority_id)
        form = DataUploadForm(request.data, request.FILES)
        if not form.is_valid():
            raise QueryError({k: [str(m) for m in v] for k, v in form.errors.items()})
        outcome = services.uploaded_files_load(
            user=request.user,
            authority=authority,
            files=form.cleaned_data["files"],
            accept_issues=form.cleaned_data["accept_issues"],
        )
        payload = {
            "uploads": s.UploadSerializer(outcome.uploads, many=True).data,
            "already_loaded": outcome.already_loaded,
            "not_validated": outcome.not_validated,
            "issues": len(outcome.issues),
            "indicator_results": outcome.results,
        }
        return Response(payload, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["data"],
    summary="One upload: its status and the DfE rule issues kept with it",
    responses={200: s.UploadDetailSerializer, **READ_ERRORS},
)
class UploadDetail(APIView):
    def get(self, request: Request, upload_id: int) -> Response:
        upload = DataUpload.objects.filter(pk=upload_id).select_related("authority").first()
        if upload is None or not can(request.user, upload.authority_id, Permission.VIEW_PLAN):
            raise Http404("No upload here, or you do not have access to it.")
        _require_provisional(request.user, upload.authority_id)
        issues = services.validation_issues_of(upload.authority, upload)
        return Response(s.UploadDetailSerializer(upload, context={"issues": issues}).data)


def _figure(result: Any, suppress: bool) -> dict[str, Any]:
    """A figure with its numbers as text; small numbers withheld (null) where the role requires."""
    small = bool(suppressed(result.numerator, suppress) or suppressed(result.denominator, suppress))

    def text(number: Any) -> str | None:
        return None if number is None or small else str(number)

    return {
        "level": result.level,
        "year": year_label(result),
        "numerator": text(result.numerator),
        "denominator": text(result.denominator),
        "value": text(result.value),
        "withheld": small,
    }


def _indicator(indicator: Any) -> dict[str, Any]:
    return {
        "id": indicator.id,
        "name": indicator.name,
        "unit": indicator.unit.value,
        "definition": indicator.definition,
    }


@extend_schema(
    tags=["data"],
    summary="Indicators, with each one's latest authority-wide figure",
    responses={200: s.IndicatorSerializer(many=True), **READ_ERRORS},
)
class IndicatorList(APIView):
    def get(self, request: Request, authority_id: int) -> Response:
        authority = authority_get(request.user, authority_id)
        suppress = not can(request.user, authority.pk, Permission.VIEW_PROVISIONAL)
        latest = {r.indicator: r for r in selectors.latest_results(authority)}
        rows = [
            {**_indicator(i), "latest": _figure(latest[i.id], suppress) if i.id in latest else None}
            for i in REGISTRY
        ]
        return Response(s.IndicatorSerializer(rows, many=True).data)


@extend_schema(
    tags=["data"],
    summary="One indicator by year, with a breakdown by service, team or worker",
    description=(
        "Without filters the breakdown is by service; ?service= gives its teams, ?team= its workers. "
        "Managers tied to a service or team see only theirs (403 otherwise). Board members and "
        "partners get no breakdown, and small numbers (1-4) are withheld."
    ),
    parameters=[
        OpenApiParameter("year", int, description="The year ending 31 March, e.g. 2018."),
        OpenApiParameter("service", str),
        OpenApiParameter("team", str),
        OpenApiParameter("worker", str),
    ],
    responses={200: s.IndicatorDetailSerializer, **READ_ERRORS},
)
class IndicatorDetail(APIView):
    def get(self, request: Request, authority_id: int, indicator_id: str) -> Response:
        authority = authority_get(request.user, authority_id)
        try:
            indicator = REGISTRY.get(indicator_id)
        except UnknownIndicatorError:
            raise Http404("No such indicator.") from None
        params = request.query_params
        view = selectors.indicator_view(
            request.user,
            authority,
            indicator.id,
            year=int_param(params, "year"),
            service=params.get("service", ""),
            team=params.get("team", ""),
            worker=params.get("worker", ""),
        )
        yearly = [_figure(r, view.suppress) for r in view.yearly]
        payload = {
            **_indicator(indicator),
            "latest": yearly[-1],
            "year": view.year,
            "service": view.service,
            "team": view.team,
            "worker": view.worker,
            "yearly": yearly,
            "breakdown_kind": view.breakdown_kind,
            "breakdown": [_figure(r, view.suppress) for r in view.breakdown],
        }
        return Response(s.IndicatorDetailSerializer(payload).data)
