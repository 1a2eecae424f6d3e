from django.urls import path

from clearsight.governance import views

urlpatterns = [
    path("plans/<int:plan_id>/governance/", views.boards, name="governance-boards"),
    path("plans/<int:plan_id>/governance/boards/<int:board_id>/", views.board_detail, name="board-detail"),
    path("plans/<int:plan_id>/governance/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("plans/<int:plan_id>/risks/", views.risk_register, name="risk-register"),
    path("plans/<int:plan_id>/risks/<int:risk_id>/", views.risk_detail, name="risk-detail"),
]
