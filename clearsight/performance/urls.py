from django.urls import path

from clearsight.performance import views

urlpatterns = [
    path("plans/<int:plan_id>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<int:plan_id>/scorecard/", views.scorecard, name="scorecard"),
    path("plans/<int:plan_id>/releases/", views.release_list, name="release-list"),
    path("plans/<int:plan_id>/releases/upload/", views.values_upload, name="values-upload"),
    path("plans/<int:plan_id>/releases/<int:release_id>/", views.release_detail, name="release-detail"),
    path("plans/<int:plan_id>/releases/<int:release_id>/<str:action>/", views.release_transition,
         name="release-transition"),
    path("measures/<int:measure_id>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:measure_id>/values/", views.value_add, name="value-add"),
    path("measures/<int:measure_id>/comments/", views.comment_add, name="measure-comment-add"),
]
