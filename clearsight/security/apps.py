from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "clearsight.security"
    verbose_name = "Sign-in security"

    def ready(self) -> None:
        from clearsight.security import signals  # noqa: F401  (connects the sign-in audit receivers)
