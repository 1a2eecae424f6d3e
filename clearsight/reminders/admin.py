from django.contrib import admin

from clearsight.reminders.models import ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """Each authority's reminder schedule and board chair; changes are kept in the admin log."""

    list_display = ["authority", "due_soon_days", "escalate_lead_after_days", "escalate_chair_after_days",
                    "board_update_days", "data_deadline_working_days", "board_chair"]
    autocomplete_fields: list[str] = []
    raw_id_fields = ["board_chair"]
