from django.apps import AppConfig


class PlanfilesConfig(AppConfig):
    name = "clearsight.planfiles"
    verbose_name = "Plan import and export"
