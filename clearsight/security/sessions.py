"""Session expiry: signed out after a spell of inactivity, and after a fixed time whatever happens.

``CLEARSIGHT_SESSION_IDLE_SECONDS`` (30 minutes) of no requests, or ``CLEARSIGHT_SESSION_SECONDS``
(8 hours) since signing in, and the next request signs the user out and asks them to sign in
again, coming back to the page they asked for. The times live in the session itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

STARTED, SEEN = "cs_started", "cs_seen"
# Writing the session on every request costs a database write; once a minute is precise enough.
TOUCH_EVERY = 60


def session_started(request: Any, now: float | None = None) -> None:
    now = time.time() if now is None else now
    request.session[STARTED] = now
    request.session[SEEN] = now


def expired_because(session: Any, now: float) -> str:
    """'' while the session is good; otherwise why it has ended."""
    idle = int(getattr(settings, "CLEARSIGHT_SESSION_IDLE_SECONDS", 30 * 60))
    absolute = int(getattr(settings, "CLEARSIGHT_SESSION_SECONDS", 8 * 60 * 60))
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return ""
    if now - float(started) > absolute:
        return "session ended: signed in too long"
    if now - float(seen) > idle:
        return "session ended: inactive"
    return ""


class SessionExpiryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            if STARTED not in request.session:
                session_started(request, now)  # signed in before this middleware existed
            reason = expired_because(request.session, now)
            if reason:
                request._cs_signed_out_because = reason  # type: ignore[attr-defined]
                logout(request)
                messages.info(request, "You have been signed out because your session expired. Sign in again to carry on.")
                return redirect_to_login(request.get_full_path())
            if now - float(request.session[SEEN]) > TOUCH_EVERY:
                request.session[SEEN] = now
        return self.get_response(request)
