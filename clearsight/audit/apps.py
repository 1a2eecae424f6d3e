from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clearsight.audit"
    verbose_name = "Audit trail"
