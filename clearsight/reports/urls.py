from django.urls import path

from clearsight.reports import views

urlpatterns = [
    path("plans/<int:plan_id>/reports/", views.report_start, name="report-start"),
    path("reports/runs/<int:run_id>/", views.report_run, name="report-run"),
    path("reports/runs/<int:run_id>/status/", views.report_run_status, name="report-run-status"),
    path("reports/runs/<int:run_id>/download/", views.report_download, name="report-download"),
    path("plans/<int:plan_id>/young-people/", views.young_people, name="young-people"),
    path("plans/<int:plan_id>/young-people/draft/", views.young_people_draft, name="young-people-draft"),
    path(
        "plans/<int:plan_id>/young-people/sections/<int:section_id>/",
        views.young_people_section,
        name="young-people-section",
    ),
    path(
        "plans/<int:plan_id>/young-people/approve/", views.young_people_approve, name="young-people-approve"
    ),
]
