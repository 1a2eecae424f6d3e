from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "clearsight.governance"
    verbose_name = "Governance, risk and quality assurance"
