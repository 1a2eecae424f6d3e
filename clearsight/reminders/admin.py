from typing import Any

from django.contrib import admin
from django.db import transaction

from clearsight.audit.services import audit_record
from clearsight.reminders.models import ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """Each authority's reminder schedule and fallback board chair. Every change is audited."""

    list_display = ["authority", "due_soon_days", "escalate_lead_after_days", "escalate_chair_after_days",
                    "board_update_days", "data_deadline_working_days", "board_chair"]
    raw_id_fields = ["board_chair"]

    def save_model(self, request: Any, obj: ReminderPolicy, form: Any, change: bool) -> None:
        fields = form.changed_data
        before = {f: str(form.initial.get(f, "")) for f in fields} if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(actor=request.user, verb="reminders.policy_changed", obj=obj, authority=obj.authority,
                         before=before, after={f: str(getattr(obj, f)) for f in fields})
