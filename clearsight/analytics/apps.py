from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "clearsight.analytics"
    verbose_name = "Child-level data and indicators"
