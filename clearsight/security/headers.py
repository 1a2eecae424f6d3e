"""Security headers Django does not set itself: a Content Security Policy and a Permissions Policy.

The policy allows scripts, styles, images and fonts from this site only. The one inline script
(GOV.UK Frontend's ``js-enabled`` class on <body>) carries a per-request nonce:
``<script nonce="{{ request.csp_nonce }}">``. Inline ``style`` attributes (bar widths in the
progress bars, Django admin) are allowed with ``style-src-attr 'unsafe-inline'``: they cannot run
code. ``CLEARSIGHT_CSP_REPORT_URI`` adds a report-uri for a council's own collector.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


def content_security_policy(nonce: str) -> str:
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    report_uri = getattr(settings, "CLEARSIGHT_CSP_REPORT_URI", "")
    if report_uri:
        directives.append(f"report-uri {report_uri}")
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
