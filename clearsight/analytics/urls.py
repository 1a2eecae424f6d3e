from django.urls import path

from clearsight.analytics import profile, views

urlpatterns = [
    path("plans/<int:plan_id>/data/", views.data_overview, name="data-overview"),
    path("plans/<int:plan_id>/data/upload/", views.data_upload, name="data-upload"),
    path("plans/<int:plan_id>/data/uploads/<int:upload_id>/", views.upload_detail, name="upload-detail"),
    path("plans/<int:plan_id>/data/100-children/", profile.authority_profile, name="authority-profile"),
    path(
        "plans/<int:plan_id>/indicators/<str:indicator_id>/", views.indicator_detail, name="indicator-detail"
    ),
]
