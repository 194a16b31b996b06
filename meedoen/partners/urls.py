from django.urls import path

from meedoen.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("catalogus/", views.catalogue, name="catalogue"),
    path("<uuid:public_id>/", views.partner_detail, name="detail"),
]

for kind, slug in (("covenant", "convenant"), ("contact", "contactpersoon"), ("basis", "grondslag"),
                   ("offer", "aanbod")):
    urlpatterns += [
        path(f"<uuid:partner_id>/{slug}/nieuw/", views.row_edit, {"kind": kind}, name=f"{kind}_add"),
        path(f"<uuid:partner_id>/{slug}/<uuid:item_id>/", views.row_edit, {"kind": kind}, name=f"{kind}_edit"),
    ]
