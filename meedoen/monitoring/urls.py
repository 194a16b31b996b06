"""URLs of the monitoring app (dashboard, indicator definitions, reports)."""

from django.urls import include, path

from meedoen.monitoring import views

app_name = "monitoring"

urlpatterns: list = [
    path("", views.dashboard, name="dashboard"),
    path("indicatoren/", views.indicator_list, name="indicators"),
    path("", include("meedoen.monitoring.urls_caseload")),
]
