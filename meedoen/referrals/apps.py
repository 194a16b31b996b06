from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "meedoen.referrals"
    label = "referrals"
    verbose_name = "Verwijzingen en signalen"

    def ready(self) -> None:
        from meedoen.accounts.access import register_partner_scope
        from meedoen.referrals import panels
        from meedoen.referrals.scope import partner_scope

        register_partner_scope(partner_scope)
        panels.register()
