from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "clearsight.reports"
    verbose_name = "Board packs and reports"
