"""Administration: configure each authority's boards, audit domains (and the measures they feed)
and risks. Every change is audited (``AuditedModelAdmin``)."""

from django.contrib import admin

from clearsight.audit.admin import AuditedModelAdmin
from clearsight.governance.models import AuditDomain, AuditProgramme, Board, BoardMember, Risk, RiskControl


class MemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Board)
class BoardAdmin(AuditedModelAdmin):
    list_display = ["name", "authority", "kind", "frequency", "partner_facing", "is_active"]
    list_filter = ["authority", "kind", "is_active"]
    inlines = [MemberInline]


@admin.register(AuditDomain)
class AuditDomainAdmin(AuditedModelAdmin):
    list_display = ["name", "key", "authority", "order", "measure", "is_active"]
    list_filter = ["authority", "is_active"]
    list_editable = ["order", "is_active"]
    raw_id_fields = ["measure"]


@admin.register(AuditProgramme)
class AuditProgrammeAdmin(AuditedModelAdmin):
    list_display = ["name", "authority", "kind", "start", "end", "sample_size"]
    list_filter = ["authority", "kind"]
    filter_horizontal = ["auditors", "domains"]


class ControlInline(admin.TabularInline):
    model = RiskControl
    extra = 0


@admin.register(Risk)
class RiskAdmin(AuditedModelAdmin):
    list_display = ["ref", "title", "authority", "status", "review_date"]
    list_filter = ["authority", "status"]
    raw_id_fields = ["owner", "priority", "plan"]
    filter_horizontal = ["mitigating_actions"]
    inlines = [ControlInline]
