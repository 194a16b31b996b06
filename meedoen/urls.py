"""URL map. Each app owns its own ``urls.py`` under its namespace."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("meedoen.core.urls")),
    path("account/", include("meedoen.accounts.urls")),
    path("clienten/", include("meedoen.clients.urls")),
    path("traject/", include("meedoen.journey.urls")),
    path("audit/", include("meedoen.audit.urls")),
    path("caseload/", include("meedoen.caseload.urls")),
    path("intake/", include("meedoen.intake.urls")),
    path("partners/", include("meedoen.partners.urls")),
    path("plan/", include("meedoen.plans.urls")),
    path("verwijzingen/", include("meedoen.referrals.urls")),
    path("examens/", include("meedoen.exams.urls")),
    path("werk/", include("meedoen.work.urls")),
    path("monitoring/", include("meedoen.monitoring.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/admin/", admin.site.urls),
]
