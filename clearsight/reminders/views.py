"""The notifications page and the reminder preferences page. Each person sees only their own."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from clearsight.reminders import presenters, selectors, services
from clearsight.reminders.forms import PreferenceForm


@require_safe
def notifications(request: HttpRequest) -> HttpResponse:
    rows = presenters.notification_rows(list(selectors.notifications_for(request.user)[:200]))
    preference = selectors.preference_for(request.user)
    return render(request, "reminders/notifications.html", {
        "rows": rows, "preference": preference, "nav": "notifications",
    })


def preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_update(user=request.user, delivery=form.cleaned_data["delivery"],
                                       reminders_on=form.cleaned_data["reminders_on"] == "yes")
            messages.success(request, "Your reminder preferences have been saved.")
            return redirect("notifications")
        status = 400
    else:
        form = PreferenceForm(initial={"delivery": current.delivery,
                                       "reminders_on": "yes" if current.reminders_on else "no"})
        status = 200
    return render(request, "reminders/preferences.html", {"form": form, "nav": "notifications"}, status=status)
