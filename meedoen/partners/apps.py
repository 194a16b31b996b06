from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "meedoen.partners"
    label = "partners"
    verbose_name = "Partners"
