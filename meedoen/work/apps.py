from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "meedoen.work"
    label = "work"
    verbose_name = "Werk, werkgevers en re-integratie"

    def ready(self) -> None:
        # Panels, signal receivers and other registrations are added by the modules that need them
        # (see ``meedoen.work.registry``); importing it here keeps them in one place.
        from meedoen.work import registry

        registry.register_all()
