"""URLs of the matching area (see meedoen/work/urls.py): candidates of a vacancy, vacancies of a client, the
client's work profile, proposals."""

from django.urls import path

from meedoen.work.views import matching as views

urlpatterns: list = [
    path("vacatures/<uuid:public_id>/kandidaten/", views.vacancy_candidates, name="vacancy_candidates"),
    path("vacatures/<uuid:public_id>/voordragen/<uuid:client_id>/", views.propose, name="propose"),
    path("clienten/<uuid:public_id>/vacatures/", views.client_matches, name="client_matches"),
    path("clienten/<uuid:public_id>/werkprofiel/", views.profile_edit, name="profile_edit"),
    path("voordrachten/<uuid:public_id>/", views.proposal_detail, name="proposal_detail"),
    path("voordrachten/<uuid:public_id>/bijwerken/", views.proposal_update, name="proposal_update"),
]
