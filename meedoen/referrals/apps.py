from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "meedoen.referrals"
    label = "referrals"
    verbose_name = "Verwijzingen en signalen"
