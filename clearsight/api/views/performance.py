"""Measures, their figures and data releases."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clearsight.api import serializers as s
from clearsight.api.errors import error_body
from clearsight.api.versioning import check_replaces, value_etag
from clearsight.api.views.common import (
    AUTHORITY,
    IF_MATCH,
    PERIOD_FROM,
    PERIOD_TO,
    READ_ERRORS,
    WRITE_ERRORS,
    choice_param,
    date_param,
    int_param,
)
from clearsight.core.suppression import suppress_for
from clearsight.organisations.models import OrgUnit
from clearsight.performance import selectors, services
from clearsight.performance.models import DataRelease, Measure, MeasureValue, Source

UNIT = OpenApiParameter(
    "unit", int, description="A service or team (its id); the whole authority if not given."
)


@extend_schema(
    tags=["performance"],
    summary="Measures you may read",
    parameters=[
        AUTHORITY,
        OpenApiParameter("plan", int),
        OpenApiParameter("source", str, enum=Source.values),
    ],
    responses={200: s.MeasureSerializer(many=True), **READ_ERRORS},
)
class MeasureList(generics.ListAPIView[Any]):
    serializer_class = s.MeasureSerializer

    def get_queryset(self) -> QuerySet[Measure]:
        measures = selectors.measures_for_user(self.request.user)
        params = self.request.query_params
        for name in ("authority", "plan"):
            number = int_param(params, name)
            if number is not None:
                measures = measures.filter(**{f"{name}_id": number})
        source = choice_param(params, "source", Source)
        if source:
            measures = measures.filter(source=source)
        return measures


@extend_schema(
    tags=["performance"], summary="One measure", responses={200: s.MeasureSerializer, **READ_ERRORS}
)
class MeasureDetail(APIView):
    def get(self, request: Request, measure_id: int) -> Response:
        return Response(s.MeasureSerializer(selectors.measure_get(request.user, measure_id)).data)


def _scope(request: Request, measure: Measure, unit_id: int | None) -> tuple[str, OrgUnit | None]:
    if unit_id is None:
        return "authority", None
    unit = OrgUnit.objects.filter(pk=unit_id, authority_id=measure.authority_id).first()
    if unit is None:
        raise Http404("This authority has no service or team with that id.")
    return services.scope_for(unit, None), unit


class ValueList(APIView):
    """One figure per period: from the newest version of each release you may see (the board and
    partners: published releases only)."""

    @extend_schema(
        tags=["performance"],
        summary="A measure's figures, one per period",
        parameters=[UNIT, PERIOD_FROM, PERIOD_TO],
        responses={200: s.ValueSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, measure_id: int) -> Response:
        measure = selectors.measure_get(request.user, measure_id)
        suppress = suppress_for(request.user, measure.authority_id)
        unit_id = int_param(request.query_params, "unit")
        if suppress and unit_id is not None:
            raise PermissionDenied("Figures for services and teams are for the council's own staff.")
        scope, _ = _scope(request, measure, unit_id)
        start = date_param(request.query_params, "period_from")
        end = date_param(request.query_params, "period_to")
        rows = selectors.effective_values(request.user, measure.authority_id, [measure.pk], scope)[measure.pk]
        rows = [
            r
            for r in rows
            if (start is None or r.period_end >= start) and (end is None or r.period_end <= end)
        ]
        for r in rows:
            r.measure = measure  # one measure: no query per row for its unit
        return Response(s.ValueSerializer(rows, many=True, context={"suppress": suppress}).data)

    @extend_schema(
        tags=["performance"],
        summary="Enter a figure for a measure entered by hand",
        request=s.ValueCreateSerializer,
        parameters=[IF_MATCH],
        responses={201: s.ValueSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, measure_id: int) -> Response:
        measure = selectors.measure_get(request.user, measure_id)
        body = s.ValueCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if measure.source == Source.COMPUTED:
            return Response(
                error_body(
                    400,
                    "computed_measure",
                    "This measure is computed from child-level data: "
                    "upload the data instead of entering its figures.",
                ),
                status=400,
            )
        scope, unit = _scope(request, measure, data.get("org_unit"))
        figure = services.FigureInput(
            measure,
            data["period"],
            data.get("numerator"),
            data.get("denominator"),
            data.get("value"),
            org_unit=unit,
            commentary=data.get("commentary", ""),
        )
        with transaction.atomic():
            check_replaces(request, selectors.draft_value_for(measure, data["period"], scope))
            row = services.value_record(user=request.user, figure=figure)
        row = MeasureValue.objects.select_related("release").get(pk=row.pk)
        return Response(
            s.ValueSerializer(row).data, status=status.HTTP_201_CREATED, headers={"ETag": value_etag(row)}
        )


@extend_schema(
    tags=["performance"],
    summary="Data releases you may see (the board: published only)",
    parameters=[
        AUTHORITY,
        OpenApiParameter("status", str, enum=DataRelease.Status.values),
        PERIOD_FROM,
        PERIOD_TO,
    ],
    responses={200: s.ReleaseSerializer(many=True), **READ_ERRORS},
)
class ReleaseList(generics.ListAPIView[Any]):
    serializer_class = s.ReleaseSerializer

    def get_queryset(self) -> QuerySet[DataRelease]:
        releases = selectors.releases_for_user(self.request.user)
        params = self.request.query_params
        authority = int_param(params, "authority")
        if authority is not None:
            releases = releases.filter(authority_id=authority)
        status = choice_param(params, "status", DataRelease.Status)
        if status:
            releases = releases.filter(status=status)
        start, end = date_param(params, "period_from"), date_param(params, "period_to")
        if start:
            releases = releases.filter(period_end__gte=start)
        if end:
            releases = releases.filter(period_end__lte=end)
        return releases


@extend_schema(
    tags=["performance"],
    summary="One data release, with its watermark",
    responses={200: s.ReleaseSerializer, **READ_ERRORS},
)
class ReleaseDetail(APIView):
    def get(self, request: Request, release_id: int) -> Response:
        return Response(s.ReleaseSerializer(selectors.release_get(request.user, release_id)).data)


@extend_schema(
    tags=["performance"],
    summary="The figures in one data release",
    responses={200: s.ValueSerializer(many=True), **READ_ERRORS},
)
class ReleaseValueList(generics.ListAPIView[Any]):
    serializer_class = s.ValueSerializer

    def _release(self) -> tuple[DataRelease, bool]:
        """The release, and whether small numbers are withheld from this reader (looked up once)."""
        if not hasattr(self, "_seen"):
            release = selectors.release_get(self.request.user, self.kwargs["release_id"])
            self._seen = release, suppress_for(self.request.user, release.authority_id)
        return self._seen

    def get_queryset(self) -> QuerySet[MeasureValue]:
        release, suppress = self._release()
        values = (
            selectors.release_values(release)
            .select_related("release")
            .order_by("measure__order", "scope", "period_end", "pk")
        )
        if suppress:  # no team or worker figures outside the council's staff
            values = values.filter(scope="authority")
        return values

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "suppress": self._release()[1]}
