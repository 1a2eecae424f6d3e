from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "clearsight.plans"
    verbose_name = "Improvement plans"

    def ready(self) -> None:
        from clearsight.plans import changes

        changes.connect()
