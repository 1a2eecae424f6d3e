from django.urls import path

from clearsight.governance import quality_views as q
from clearsight.governance import views

P = "plans/<int:plan_id>/"

urlpatterns = [
    path(P + "governance/", views.boards, name="governance-boards"),
    path(P + "governance/boards/new/", views.board_create, name="board-create"),
    path(P + "governance/boards/<int:board_id>/", views.board_detail, name="board-detail"),
    path(P + "governance/boards/<int:board_id>/members/", views.board_member_add, name="board-member-add"),
    path(P + "governance/boards/<int:board_id>/meetings/", views.meeting_schedule, name="meeting-schedule"),
    path(P + "governance/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path(P + "governance/meetings/<int:meeting_id>/agenda/", views.agenda_item_add, name="agenda-item-add"),
    path(P + "governance/meetings/<int:meeting_id>/minutes/", views.minutes_record, name="meeting-minutes"),
    path(P + "governance/meetings/<int:meeting_id>/decisions/", views.decision_record, name="meeting-decision"),
    path(P + "risks/", views.risk_register, name="risk-register"),
    path(P + "risks/new/", views.risk_create, name="risk-create"),
    path(P + "risks/<int:risk_id>/", views.risk_detail, name="risk-detail"),
    path(P + "risks/<int:risk_id>/assess/", views.risk_assess, name="risk-assess"),
    path(P + "risks/<int:risk_id>/controls/", views.risk_control_add, name="risk-control-add"),
    path(P + "risks/<int:risk_id>/close/", views.risk_close, name="risk-close"),
    path(P + "risks/<int:risk_id>/actions/", views.risk_actions_link, name="risk-actions-link"),
]

urlpatterns += [
    path(P + "quality/", q.quality, name="quality"),
    path(P + "quality/domains/", q.domains, name="audit-domains"),
    path(P + "quality/programmes/new/", q.programme_create, name="audit-programme-create"),
    path(P + "quality/programmes/<int:programme_id>/", q.programme_detail, name="audit-programme"),
    path(P + "quality/programmes/<int:programme_id>/audits/new/", q.case_audit_new, name="case-audit-new"),
    path(P + "quality/audits/<int:audit_id>/", q.case_audit_detail, name="case-audit"),
    path(P + "quality/audits/<int:audit_id>/actions/", q.finding_action, name="finding-action"),
    path(P + "quality/measures/", q.audit_measures_record, name="audit-measures-record"),
    path(P + "quality/surveys/", q.survey_record, name="survey-record"),
    path(P + "evidence/", q.evidence, name="evidence"),
    path(P + "evidence/new/", q.evidence_add, name="evidence-add"),
    path(P + "evidence/<int:item_id>/download/", q.evidence_download, name="evidence-download"),
    path(P + "self-evaluation/", q.self_evaluation, name="self-evaluation"),
    path(P + "self-evaluation/draft.docx", q.self_evaluation_docx, name="self-evaluation-docx"),
]
