"""Pages for signed-in people: the API's documentation, and the API tokens administrators issue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clearsight.api import selectors, services
from clearsight.api.docs import operations
from clearsight.api.exceptions import TokenError
from clearsight.api.forms import TokenIssueForm
from clearsight.organisations.models import User


def api_docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/docs.html",
        {
            "groups": operations(),
            "nav": "api",
            "perms_tokens": bool(selectors.token_authorities(request.user)),
        },
    )


def _administered(request: HttpRequest) -> list:
    authorities = selectors.token_authorities(request.user)
    if not authorities:
        raise PermissionDenied("Only administrators issue and revoke API tokens.")
    return authorities


def token_list(request: HttpRequest) -> HttpResponse:
    _administered(request)
    tokens = selectors.tokens_for_admin(request.user)
    return render(request, "api/token_list.html", {"tokens": tokens, "nav": "api"})


@never_cache
def token_issue(request: HttpRequest) -> HttpResponse:
    authorities = _administered(request)
    form = TokenIssueForm(request.POST or None, authorities=authorities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        authority = next(a for a in authorities if a.pk == data["authority"])
        holder = User.objects.filter(email__iexact=data["holder"]).first()
        if holder is None:
            form.add_error("holder", "Nobody with this e-mail address can sign in to Clearsight.")
        else:
            try:
                issued = services.api_token_issue(
                    user=request.user,
                    holder=holder,
                    authority=authority,
                    name=data["name"],
                    days=data["days"],
                )
            except TokenError as error:
                form.add_error("holder", str(error))
            else:
                # Shown once, on this response only: it is not stored and not in any redirect.
                return render(request, "api/token_issued.html", {"issued": issued, "nav": "api"})
    return render(
        request, "api/token_issue.html", {"form": form, "nav": "api"}, status=400 if form.errors else 200
    )


def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    _administered(request)
    token = selectors.token_get_for_admin(request.user, token_id)
    if token is None:
        raise Http404("No such token.")
    error = ""
    if request.method == "POST":
        try:
            services.api_token_revoke(user=request.user, token=token)
        except TokenError as refused:
            error = str(refused)
        else:
            return redirect("api-tokens")
    return render(request, "api/token_revoke.html", {"token": token, "error": error, "nav": "api"})
