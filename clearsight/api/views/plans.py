"""Authorities, organisation units, plans, priorities, success criteria, actions and updates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clearsight.api import serializers as s
from clearsight.api.versioning import action_etag, expected_version
from clearsight.api.views.common import (
    AUTHORITY,
    IF_MATCH,
    READ_ERRORS,
    WRITE_ERRORS,
    choice_param,
    int_param,
)
from clearsight.organisations.roles import ROLE_PERMISSIONS
from clearsight.organisations.selectors import authorities_for, authority_get, memberships_for, org_units_of
from clearsight.plans import selectors, services
from clearsight.plans.models import Action, ActionUpdate, Plan, Priority, SuccessCriterion


class MeView(APIView):
    @extend_schema(
        responses={200: s.MeSerializer, **READ_ERRORS},
        tags=["organisations"],
        summary="Who the token acts for, and their roles",
    )
    def get(self, request: Request) -> Response:
        memberships = memberships_for(request.user)
        data = {
            "email": request.user.email,
            "name": request.user.display_name,
            "token_name": request.auth.name,
            "token_expires_at": request.auth.expires_at,
            "memberships": [
                {
                    "authority_id": m.authority_id,
                    "authority": m.authority,
                    "role": m.role,
                    "permissions": sorted(ROLE_PERMISSIONS[m.role]),
                }
                for m in memberships
            ],
        }
        return Response(s.MeSerializer(data).data)


@extend_schema(
    tags=["organisations"],
    summary="Authorities you have a role in",
    responses={200: s.AuthoritySerializer(many=True), **READ_ERRORS},
)
class AuthorityList(generics.ListAPIView[Any]):
    serializer_class = s.AuthoritySerializer

    def get_queryset(self) -> QuerySet[Any]:
        return authorities_for(self.request.user).order_by("name", "pk")

    def get_serializer_context(self) -> dict[str, Any]:
        roles = {m.authority_id: m.role for m in memberships_for(self.request.user)}
        return {**super().get_serializer_context(), "roles": roles}


@extend_schema(
    tags=["organisations"],
    summary="An authority's services and teams",
    responses={200: s.OrgUnitSerializer(many=True), **READ_ERRORS},
)
class OrgUnitList(generics.ListAPIView[Any]):
    serializer_class = s.OrgUnitSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return org_units_of(authority_get(self.request.user, self.kwargs["authority_id"]))


@extend_schema(
    tags=["plans"],
    summary="Plans you may read",
    parameters=[AUTHORITY, OpenApiParameter("status", str, enum=Plan.Status.values)],
    responses={200: s.PlanSerializer(many=True), **READ_ERRORS},
)
class PlanList(generics.ListAPIView[Any]):
    serializer_class = s.PlanSerializer

    def get_queryset(self) -> QuerySet[Any]:
        plans = selectors.plans_for_user(self.request.user)
        authority = int_param(self.request.query_params, "authority")
        if authority is not None:
            plans = plans.filter(authority_id=authority)
        status = choice_param(self.request.query_params, "status", Plan.Status)
        if status:
            plans = plans.filter(status=status)
        return plans.order_by("authority__name", "-created_at", "pk")


@extend_schema(tags=["plans"], summary="One plan", responses={200: s.PlanSerializer, **READ_ERRORS})
class PlanDetail(APIView):
    def get(self, request: Request, plan_id: int) -> Response:
        return Response(s.PlanSerializer(selectors.plan_get(request.user, plan_id)).data)


@extend_schema(
    tags=["plans"],
    summary="A plan's priorities, with what good looks like and success criteria",
    responses={200: s.PrioritySerializer(many=True), **READ_ERRORS},
)
class PriorityList(generics.ListAPIView[Any]):
    serializer_class = s.PrioritySerializer

    def get_queryset(self) -> QuerySet[Priority]:
        plan = selectors.plan_get(self.request.user, self.kwargs["plan_id"])
        return (
            selectors.priorities_of(plan)
            .prefetch_related("ambitions", "success_criteria")
            .order_by("order", "pk")
        )


@extend_schema(
    tags=["plans"],
    summary="A plan's success criteria",
    responses={200: s.SuccessCriterionSerializer(many=True), **READ_ERRORS},
)
class SuccessCriterionList(generics.ListAPIView[Any]):
    serializer_class = s.SuccessCriterionSerializer

    def get_queryset(self) -> QuerySet[SuccessCriterion]:
        plan = selectors.plan_get(self.request.user, self.kwargs["plan_id"])
        return (
            SuccessCriterion.objects.filter(priority__plan=plan)
            .select_related("priority")
            .order_by("priority__order", "number", "pk")
        )


@extend_schema(
    tags=["plans"],
    summary="A plan's actions",
    parameters=[
        OpenApiParameter("status", str, enum=Action.Status.values),
        OpenApiParameter("priority", str, description="A priority's code, e.g. 1.1"),
        OpenApiParameter("sprint", int, description="The sprint it is in now."),
    ],
    responses={200: s.ActionSerializer(many=True), **READ_ERRORS},
)
class ActionList(generics.ListAPIView[Any]):
    serializer_class = s.ActionSerializer

    def get_queryset(self) -> QuerySet[Action]:
        plan = selectors.plan_get(self.request.user, self.kwargs["plan_id"])
        actions = selectors.plan_actions(plan)
        params = self.request.query_params
        status = choice_param(params, "status", Action.Status)
        if status:
            actions = actions.filter(status=status)
        if params.get("priority"):
            actions = actions.filter(priority__code=params["priority"])
        sprint = int_param(params, "sprint")
        if sprint is not None:
            actions = actions.filter(sprint__number=sprint)
        return actions.order_by("priority__order", "order", "pk")


class ActionDetail(APIView):
    def _action(self, request: Request, plan_id: int, ref: str) -> Action:
        return selectors.action_get(selectors.plan_get(request.user, plan_id), ref)

    @extend_schema(
        tags=["plans"],
        summary="One action, with its ETag",
        responses={200: s.ActionSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, plan_id: int, ref: str) -> Response:
        action = self._action(request, plan_id, ref)
        return Response(s.ActionSerializer(action).data, headers={"ETag": action_etag(action)})

    @extend_schema(
        tags=["plans"],
        summary="Change an action's status (recorded as a progress update)",
        request=s.ActionStatusSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ActionSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, plan_id: int, ref: str) -> Response:
        action = self._action(request, plan_id, ref)
        body = s.ActionStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = expected_version(request, action, body.validated_data.get("version"))
        new_status = body.validated_data["status"]
        commentary = body.validated_data.get("commentary", "").strip() or (
            f"Status changed to {Action.Status(new_status).label.lower()}."
        )
        services.action_update_add(
            user=request.user,
            action=action,
            commentary=commentary,
            on=timezone.localdate(),
            expected_version=version,
            status=new_status,
        )
        action = self._action(request, plan_id, ref)
        return Response(s.ActionSerializer(action).data, headers={"ETag": action_etag(action)})


class ActionUpdateList(generics.ListAPIView[Any]):
    serializer_class = s.ActionUpdateSerializer

    def get_queryset(self) -> QuerySet[ActionUpdate]:
        plan = selectors.plan_get(self.request.user, self.kwargs["plan_id"])
        return selectors.action_get(plan, self.kwargs["ref"]).updates.order_by("-on", "-created_at", "-id")

    @extend_schema(
        tags=["plans"],
        summary="An action's progress updates, newest first",
        responses={200: s.ActionUpdateSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["plans"],
        summary="Add a progress update (optionally changing the status)",
        request=s.ActionUpdateCreateSerializer,
        parameters=[IF_MATCH],
        responses={201: s.ActionUpdateCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, plan_id: int, ref: str) -> Response:
        plan = selectors.plan_get(request.user, plan_id)
        action = selectors.action_get(plan, ref)
        body = s.ActionUpdateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        version = expected_version(request, action, data.get("version"))
        update = services.action_update_add(
            user=request.user,
            action=action,
            commentary=data["commentary"].strip(),
            on=data.get("on") or timezone.localdate(),
            expected_version=version,
            status=data.get("status", ""),
            evidence_url=data.get("evidence_url", ""),
        )
        action = selectors.action_get(plan, ref)
        payload = {"update": s.ActionUpdateSerializer(update).data, "action": s.ActionSerializer(action).data}
        return Response(payload, status=status.HTTP_201_CREATED, headers={"ETag": action_etag(action)})
