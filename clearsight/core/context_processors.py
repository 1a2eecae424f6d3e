from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def clearsight(request: HttpRequest) -> dict[str, Any]:
    """The service name and the signed-in user's authorities, for the header and navigation."""
    context: dict[str, Any] = {"service_name": "Clearsight"}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from clearsight.organisations.selectors import memberships_for

        context["my_memberships"] = memberships_for(user)
        from clearsight.audit.selectors import may_search_audit

        context["can_search_audit"] = may_search_audit(user)
    return context
