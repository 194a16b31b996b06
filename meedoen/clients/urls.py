from django.urls import path

from meedoen.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("nieuw/", views.client_create, name="create"),
    path("<uuid:public_id>/", views.client_detail, name="detail"),
    path("<uuid:public_id>/bsn/", views.client_reveal_bsn, name="reveal_bsn"),
    path("<uuid:public_id>/nummer-tonen/", views.client_reveal_identifier, name="reveal_identifier"),
    path("<uuid:public_id>/wijzigen/", views.client_edit, name="edit"),
    path("<uuid:public_id>/nummers/nieuw/", views.identifier_add, name="identifier_add"),
    path("<uuid:public_id>/nummers/<uuid:identifier_id>/wijzigen/", views.identifier_change,
         name="identifier_change"),
    path("<uuid:public_id>/nummers/<uuid:identifier_id>/verwijderen/", views.identifier_remove,
         name="identifier_remove"),
    path("<uuid:public_id>/huishouden/", views.household, name="household"),
    path("<uuid:public_id>/huishouden/verlaten/", views.household_unlink, name="household_unlink"),
]
