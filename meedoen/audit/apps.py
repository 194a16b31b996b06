from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "meedoen.audit"
    label = "audit"
    verbose_name = "Audit"
