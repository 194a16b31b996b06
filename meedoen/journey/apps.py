from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "meedoen.journey"
    label = "journey"
    verbose_name = "Traject"

    def ready(self) -> None:
        from meedoen.journey import panels

        panels.register()
