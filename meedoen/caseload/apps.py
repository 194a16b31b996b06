from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "meedoen.caseload"
    label = "caseload"
    verbose_name = "Caseload"

    def ready(self) -> None:
        from meedoen.caseload import panels

        panels.register()
