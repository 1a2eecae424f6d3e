from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "clearsight.plans"
    verbose_name = "Improvement plans"
