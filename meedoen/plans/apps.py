from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "meedoen.plans"
    label = "plans"
    verbose_name = "Persoonlijk plan (PIP)"

    def ready(self) -> None:
        from meedoen.plans import panels

        panels.register()
