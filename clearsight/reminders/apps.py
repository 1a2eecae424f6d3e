from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "clearsight.reminders"
    verbose_name = "Reminders, escalation and alerts"
