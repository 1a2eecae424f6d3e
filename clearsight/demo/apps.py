from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "clearsight.demo"
    verbose_name = "Demo data"
