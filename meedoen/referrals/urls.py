from django.urls import path

from meedoen.referrals import views

app_name = "referrals"

urlpatterns = [
    # Klantmanager and teamleider
    path("nieuw/<uuid:public_id>/", views.create, name="create"),
    path("toestemming/<uuid:public_id>/", views.consent, name="consent"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/status/", views.change_status, name="change_status"),
    path("<uuid:public_id>/notitie/", views.add_note, name="add_note"),
    path("signaal/<uuid:public_id>/afhandelen/", views.signal_handle, name="signal_handle"),
    # Partner user
    path("partner/", views.partner_list, name="partner_list"),
    path("partner/<uuid:public_id>/", views.partner_detail, name="partner_detail"),
    path("partner/<uuid:public_id>/status/", views.partner_status, name="partner_status"),
    path("partner/<uuid:public_id>/aanwezigheid/", views.partner_attendance, name="partner_attendance"),
    path("partner/<uuid:public_id>/voortgang/", views.partner_note, name="partner_note"),
    # Teamleider and functioneel beheerder
    path("kwartaaloverzicht/", views.quarterly, name="quarterly"),
    path("kwartaaloverzicht/pdf/", views.quarterly_pdf, name="quarterly_pdf"),
]
