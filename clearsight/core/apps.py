from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clearsight.core"
    verbose_name = "Clearsight"
