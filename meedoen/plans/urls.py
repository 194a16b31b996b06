from django.urls import path

from meedoen.plans import views

app_name = "plans"

urlpatterns = [
    path("normen/", views.plan_norms, name="settings"),
    path("<uuid:public_id>/", views.client_plans, name="client"),
    path("<uuid:public_id>/nieuw/", views.create, name="create"),
    path("versie/<uuid:public_id>/", views.detail, name="detail"),
    path("versie/<uuid:public_id>/bewerken/", views.edit, name="edit"),
    path("versie/<uuid:public_id>/activiteit/", views.activity_add, name="activity_add"),
    path("versie/<uuid:public_id>/vaststellen/", views.set_plan, name="set"),
    path("versie/<uuid:public_id>/herzien/", views.revise, name="revise"),
    path("versie/<uuid:public_id>/verwijderen/", views.discard, name="discard"),
    path("versie/<uuid:public_id>/verschillen/", views.diff, name="diff"),
    path("versie/<uuid:public_id>/pdf/", views.pdf, name="pdf"),
    path("activiteit/<uuid:public_id>/", views.activity_edit, name="activity_edit"),
    path("activiteit/<uuid:public_id>/verwijderen/", views.activity_remove, name="activity_remove"),
]
