from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "meedoen.intake"
    label = "intake"
    verbose_name = "Brede intake"

    def ready(self) -> None:
        from meedoen.intake import panels

        panels.register()
