from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "clearsight.api"
    label = "api"
    verbose_name = "REST API and API tokens"
