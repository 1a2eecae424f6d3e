"""Writes to governance: each service takes the acting user, checks permission and records an
audit event in the same transaction. Split by sub-domain; import from here."""

from clearsight.governance.services.boards import (
    agenda_item_add,
    board_create,
    board_member_add,
    decision_record,
    meeting_minutes_record,
    meeting_schedule,
    meeting_status_set,
)
from clearsight.governance.services.evidence import evidence_file_add, evidence_link_add, evidence_open
from clearsight.governance.services.quality import (
    audit_domain_save,
    audit_domains_ensure,
    audit_finding_to_action,
    audit_measures_record,
    audit_programme_create,
    case_audit_record,
    survey_result_record,
)
from clearsight.governance.services.risks import (
    risk_actions_link,
    risk_assess,
    risk_close,
    risk_control_add,
    risk_create,
)

__all__ = [
    "agenda_item_add", "board_create", "board_member_add", "decision_record", "meeting_minutes_record",
    "meeting_schedule", "meeting_status_set",
    "risk_actions_link", "risk_assess", "risk_close", "risk_control_add", "risk_create",
    "audit_domain_save", "audit_domains_ensure", "audit_finding_to_action", "audit_measures_record",
    "audit_programme_create", "case_audit_record", "survey_result_record",
    "evidence_file_add", "evidence_link_add", "evidence_open",
]
