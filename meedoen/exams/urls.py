from django.urls import path

from meedoen.exams import views

app_name = "exams"

urlpatterns = [
    path("<uuid:public_id>/", views.client_exams, name="client"),
    path("<uuid:public_id>/poging/", views.attempt_add, name="attempt_add"),
    path("<uuid:public_id>/poging/<uuid:attempt_id>/uitslag/", views.attempt_result, name="attempt_result"),
    path("<uuid:public_id>/modules/", views.modules, name="modules"),
]
