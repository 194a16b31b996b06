"""URLs of the trajectories area (see meedoen/work/urls.py), under /werk/trajecten/."""

from django.urls import path

from meedoen.work.views import trajectories as views

urlpatterns = [
    # Teamleider, beleidsmedewerker, functioneel beheerder: aggregates only
    path("", views.provider_performance, name="provider_performance"),
    # Functioneel beheerder (teamleider may look at the list)
    path("aanbieders/", views.provider_list, name="provider_list"),
    path("aanbieders/nieuw/", views.provider_create, name="provider_create"),
    path("aanbieders/<uuid:public_id>/wijzigen/", views.provider_edit, name="provider_edit"),
    path("aanbieders/<uuid:public_id>/contracten/nieuw/", views.contract_create, name="contract_create"),
    path("contracten/<uuid:public_id>/wijzigen/", views.contract_edit, name="contract_edit"),
    # Klantmanager and teamleider
    path("clienten/<uuid:public_id>/nieuw/", views.trajectory_create, name="trajectory_create"),
    path("<uuid:public_id>/resultaat/", views.trajectory_result, name="trajectory_result"),
]
