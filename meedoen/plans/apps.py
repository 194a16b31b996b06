from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "meedoen.plans"
    label = "plans"
    verbose_name = "Persoonlijk plan (PIP)"
