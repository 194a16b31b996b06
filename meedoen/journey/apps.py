from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "meedoen.journey"
    label = "journey"
    verbose_name = "Traject"
