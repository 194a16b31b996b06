from django.urls import path

from meedoen.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("nieuw/", views.client_create, name="create"),
    path("<uuid:public_id>/", views.client_detail, name="detail"),
    path("<uuid:public_id>/bsn/", views.client_reveal_bsn, name="reveal_bsn"),
    path("<uuid:public_id>/wijzigen/", views.client_edit, name="edit"),
]
