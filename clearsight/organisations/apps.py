from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "clearsight.organisations"
    verbose_name = "Organisations and people"
