"""URLs of the employers area (see meedoen/work/urls.py): employers, their contact people and agreements,
vacancies, and the bijstand norms. All under /werk/werkgevers/."""

from django.urls import path

from meedoen.work.views import employers as views

urlpatterns: list = [
    path("", views.employer_list, name="employer_list"),
    path("nieuw/", views.employer_create, name="employer_create"),
    path("<uuid:public_id>/", views.employer_detail, name="employer_detail"),
    path("<uuid:public_id>/wijzigen/", views.employer_edit, name="employer_edit"),
    path("<uuid:employer_id>/contactpersonen/nieuw/", views.employer_contact_create, name="employer_contact_create"),
    path("<uuid:employer_id>/contactpersonen/<uuid:contact_id>/", views.employer_contact_edit,
         name="employer_contact_edit"),
    path("<uuid:employer_id>/afspraken/nieuw/", views.agreement_create, name="agreement_create"),
    path("<uuid:employer_id>/afspraken/<uuid:agreement_id>/", views.agreement_edit, name="agreement_edit"),
    path("vacatures/", views.vacancy_list, name="vacancy_list"),
    path("vacatures/nieuw/", views.vacancy_create, name="vacancy_create"),
    path("vacatures/<uuid:public_id>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacatures/<uuid:public_id>/wijzigen/", views.vacancy_edit, name="vacancy_edit"),
    path("vacatures/<uuid:public_id>/status/", views.vacancy_status, name="vacancy_status"),
    path("bijstandsnormen/", views.work_settings, name="settings"),
]
