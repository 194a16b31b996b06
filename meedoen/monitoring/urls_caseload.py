"""URL of the bijstand caseload page; included into ``meedoen.monitoring.urls`` (namespace "monitoring")."""

from django.urls import path

from meedoen.monitoring import views_caseload

urlpatterns: list = [
    path("bijstand/", views_caseload.caseload_page, name="caseload"),
]
