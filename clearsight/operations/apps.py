from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "clearsight.operations"
    verbose_name = "Operations: backup, restore and retention"
