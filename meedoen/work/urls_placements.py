"""URLs of the placements area (see meedoen/work/urls.py): under "plaatsingen/"."""

from django.urls import path

from meedoen.work.views import placements as views

urlpatterns: list = [
    path("clienten/<uuid:public_id>/nieuw/", views.placement_create, name="placement_create"),
    path("<uuid:placement_id>/wijzigen/", views.placement_edit, name="placement_edit"),
    path("<uuid:placement_id>/beeindigen/", views.placement_end, name="placement_end"),
    path("uitstroom/", views.outflow, name="outflow"),
]
