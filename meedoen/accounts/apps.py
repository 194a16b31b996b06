from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "meedoen.accounts"
    label = "accounts"
    verbose_name = "Accounts"
