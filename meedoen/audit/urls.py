from django.urls import path

from meedoen.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export/", views.audit_export, name="export"),
    path("client/<uuid:public_id>/", views.audit_client, name="client"),
]
