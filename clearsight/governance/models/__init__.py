"""Governance: boards and their meetings, the risk register, quality assurance and evidence."""

from clearsight.governance.models.boards import AgendaItem, Board, BoardMember, Decision, Meeting
from clearsight.governance.models.evidence import EvidenceItem
from clearsight.governance.models.quality import (
    AuditDomain,
    AuditFinding,
    AuditGrade,
    AuditMeasureFigure,
    AuditProgramme,
    CaseAudit,
    SurveyResult,
)
from clearsight.governance.models.risks import Risk, RiskAssessment, RiskControl

__all__ = [
    "AgendaItem", "Board", "BoardMember", "Decision", "Meeting",
    "Risk", "RiskAssessment", "RiskControl",
    "AuditDomain", "AuditFinding", "AuditGrade", "AuditMeasureFigure", "AuditProgramme", "CaseAudit",
    "SurveyResult", "EvidenceItem",
]
