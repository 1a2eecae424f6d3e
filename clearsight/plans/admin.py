from django.contrib import admin

from clearsight.audit.admin import AuditedModelAdmin
from clearsight.plans.models import (
    Action,
    ActionLead,
    ActionUpdate,
    InspectionRecommendation,
    Plan,
    Priority,
    Sprint,
    SuccessCriterion,
)


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["order", "code", "kind", "title"]


@admin.register(Plan)
class PlanAdmin(AuditedModelAdmin):
    list_display = ["title", "period_label", "authority", "status"]
    list_filter = ["authority", "status"]
    inlines = [PriorityInline]


class CriterionInline(admin.TabularInline):
    model = SuccessCriterion
    extra = 0


@admin.register(Priority)
class PriorityAdmin(AuditedModelAdmin):
    list_display = ["code", "title", "plan"]
    list_filter = ["plan__authority"]
    inlines = [CriterionInline]


class LeadInline(admin.TabularInline):
    model = ActionLead
    extra = 0
    autocomplete_fields = ["person", "agency"]


class UpdateInline(admin.StackedInline):
    model = ActionUpdate
    extra = 0
    readonly_fields = ["on", "author_name", "commentary", "status_from", "status_to", "evidence_url", "imported"]
    can_delete = False

    def has_add_permission(self, request, obj=None):  # updates are added from the action page
        return False


@admin.register(Action)
class ActionAdmin(AuditedModelAdmin):
    list_display = ["ref", "plan", "priority", "status", "due_text"]
    list_filter = ["plan__authority", "status"]
    search_fields = ["ref", "text", "lead_text"]
    readonly_fields = ["version"]
    inlines = [LeadInline, UpdateInline]


@admin.register(Sprint)
class SprintAdmin(AuditedModelAdmin):
    list_display = ["plan", "number", "start_date", "closed_at"]


@admin.register(InspectionRecommendation)
class RecommendationAdmin(AuditedModelAdmin):
    list_display = ["number", "plan", "status"]
    filter_horizontal = ["actions"]
