from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "meedoen.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring en rapportages"
