"""The REST API under /api/v1/ (token authentication), its schema and docs, and the pages where
administrators issue and revoke API tokens."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView

from clearsight.api import web
from clearsight.api.errors import error_body, not_found
from clearsight.api.views import data, performance, plans


def api(view: Any) -> Any:
    """The API authenticates each request by its token, not by the sign-in session.

    A NUL character in the address is refused up front: PostgreSQL cannot compare text with one,
    so it would otherwise surface as a server error deep in a query."""
    inner = view.as_view()

    @wraps(inner)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        texts = [*map(str, kwargs.values()), *(v for values in request.GET.lists() for v in values[1])]
        if any("\x00" in text for text in texts):
            return JsonResponse(error_body(400, "invalid", "The address contains a NUL character."), status=400)
        return inner(request, *args, **kwargs)

    return login_not_required(checked)


v1: list[URLPattern] = [
    path("me/", api(plans.MeView), name="api-me"),
    path("authorities/", api(plans.AuthorityList), name="api-authorities"),
    path("authorities/<int:authority_id>/units/", api(plans.OrgUnitList), name="api-units"),
    path("authorities/<int:authority_id>/uploads/", api(data.UploadList), name="api-uploads"),
    path("authorities/<int:authority_id>/indicators/", api(data.IndicatorList), name="api-indicators"),
    path(
        "authorities/<int:authority_id>/indicators/<str:indicator_id>/",
        api(data.IndicatorDetail),
        name="api-indicator",
    ),
    path("uploads/<int:upload_id>/", api(data.UploadDetail), name="api-upload"),
    path("plans/", api(plans.PlanList), name="api-plans"),
    path("plans/<int:plan_id>/", api(plans.PlanDetail), name="api-plan"),
    path("plans/<int:plan_id>/priorities/", api(plans.PriorityList), name="api-priorities"),
    path(
        "plans/<int:plan_id>/success-criteria/", api(plans.SuccessCriterionList), name="api-success-criteria"
    ),
    path("plans/<int:plan_id>/actions/", api(plans.ActionList), name="api-actions"),
    path("plans/<int:plan_id>/actions/<str:ref>/", api(plans.ActionDetail), name="api-action"),
    path(
        "plans/<int:plan_id>/actions/<str:ref>/updates/",
        api(plans.ActionUpdateList),
        name="api-action-updates",
    ),
    path("measures/", api(performance.MeasureList), name="api-measures"),
    path("measures/<int:measure_id>/", api(performance.MeasureDetail), name="api-measure"),
    path("measures/<int:measure_id>/values/", api(performance.ValueList), name="api-values"),
    path("releases/", api(performance.ReleaseList), name="api-releases"),
    path("releases/<int:release_id>/", api(performance.ReleaseDetail), name="api-release"),
    path("releases/<int:release_id>/values/", api(performance.ReleaseValueList), name="api-release-values"),
    # The schema: for a signed-in person in the browser, or a client with its token.
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="api-schema"),
]

urlpatterns = [
    path("api/v1/", include([*v1, path("docs/", web.api_docs, name="api-docs")])),
    re_path(r"^api/", csrf_exempt(login_not_required(not_found)), name="api-not-found"),
    path("api-tokens/", web.token_list, name="api-tokens"),
    path("api-tokens/new/", web.token_issue, name="api-token-issue"),
    path("api-tokens/<int:token_id>/revoke/", web.token_revoke, name="api-token-revoke"),
]
