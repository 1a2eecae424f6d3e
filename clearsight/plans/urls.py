from django.urls import path

from clearsight.plans import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my-actions/", views.my_actions, name="my-actions"),
    path("plans/<int:plan_id>/", views.plan_overview, name="plan-overview"),
    path("plans/<int:plan_id>/priorities/<str:code>/", views.priority_detail, name="priority-detail"),
    path("plans/<int:plan_id>/actions/<str:ref>/", views.action_detail, name="action-detail"),
    path("plans/<int:plan_id>/actions/<str:ref>/updates/", views.action_update_add, name="action-update-add"),
    path("plans/<int:plan_id>/actions/<str:ref>/due-date/", views.action_due_date_change, name="action-due-date"),
    path("plans/<int:plan_id>/actions/<str:ref>/rag/", views.action_rag_override, name="action-rag"),
    path("plans/<int:plan_id>/sprints/", views.sprint_board, name="sprint-board"),
    path("plans/<int:plan_id>/sprints/<int:number>/close/", views.sprint_close, name="sprint-close"),
    path("plans/<int:plan_id>/sprints/<int:number>/start/", views.sprint_start, name="sprint-start"),
    path("plans/<int:plan_id>/recommendations/", views.recommendations, name="recommendations"),
    path("plans/<int:plan_id>/imports/", views.import_report, name="import-report"),
]
