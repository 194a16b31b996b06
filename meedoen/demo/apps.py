from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeder (``manage.py seed_demo``). Has no models of its own."""

    name = "meedoen.demo"
    label = "demo"
    verbose_name = "Demo"
