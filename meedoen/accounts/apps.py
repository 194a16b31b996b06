from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "meedoen.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from meedoen.accounts import signals  # noqa: F401
        from meedoen.accounts.access import role_in
        from meedoen.audit.services import set_role_resolver

        set_role_resolver(role_in)
