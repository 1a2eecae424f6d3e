from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("clearsight.core.urls")),
    path("", include("clearsight.plans.urls")),
    path("", include("clearsight.performance.urls")),
    path("", include("clearsight.analytics.urls")),
    path("", include("clearsight.reports.urls")),
    path("", include("clearsight.audit.urls")),
    path("", include("clearsight.governance.urls")),
    path("", include("clearsight.reminders.urls")),
    path("", include("clearsight.api.urls")),
]

if getattr(settings, "CLEARSIGHT_SSO_URLCONF", ""):  # single sign-on: docs/security.md
    from clearsight.security.sso import sso_urls

    urlpatterns.append(path("oidc/", include(sso_urls(settings.CLEARSIGHT_SSO_URLCONF))))
