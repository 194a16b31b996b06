from django.urls import path

from meedoen.journey import views

app_name = "journey"

urlpatterns = [
    path("termijnregels/", views.rules, name="rules"),
    path("termijnregels/<slug:code>/", views.rule_edit, name="rule_edit"),
    path("termijnregels/<slug:code>/standaard/", views.rule_reset, name="rule_reset"),
    path("<uuid:public_id>/mijlpaal/<slug:kind>/", views.milestone_record, name="milestone_record"),
    path("<uuid:public_id>/mijlpalen/<uuid:milestone_id>/corrigeren/", views.milestone_correct,
         name="milestone_correct"),
    path("<uuid:public_id>/mijlpalen/<uuid:milestone_id>/verwijderen/", views.milestone_remove,
         name="milestone_remove"),
    path("<uuid:public_id>/coa-profiel/", views.coa_profile, name="coa_profile"),
    path("<uuid:public_id>/warme-overdracht/", views.handover, name="handover"),
    path("<uuid:public_id>/bijstand/", views.bijstand_start, name="bijstand_start"),
    path("<uuid:public_id>/bijstand/<uuid:episode_id>/einde/", views.bijstand_end, name="bijstand_end"),
    path("<uuid:public_id>/verlenging/", views.term_extension, name="term_extension"),
    path("<uuid:public_id>/gesprek/", views.contact_record, name="contact_record"),
    path("<uuid:public_id>/participatieladder/", views.ladder_record, name="ladder_record"),
    path("<uuid:public_id>/tijdlijn/", views.timeline, name="timeline"),
]
