from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "meedoen.clients"
    label = "clients"
    verbose_name = "Cliënten"
