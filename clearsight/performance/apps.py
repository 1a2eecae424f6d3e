from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "clearsight.performance"
    verbose_name = "Performance framework"
