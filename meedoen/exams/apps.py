from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "meedoen.exams"
    label = "exams"
    verbose_name = "Examens en modules"

    def ready(self) -> None:
        from meedoen.exams import panels

        panels.register()
