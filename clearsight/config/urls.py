from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("clearsight.core.urls")),
    path("", include("clearsight.plans.urls")),
    path("", include("clearsight.performance.urls")),
    path("", include("clearsight.analytics.urls")),
    path("", include("clearsight.governance.urls")),
    path("", include("clearsight.api.urls")),
]
