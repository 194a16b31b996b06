from django.urls import path

from meedoen.caseload import views

app_name = "caseload"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("team/", views.team, name="team"),
    path("team/toewijzen/", views.team_assign, name="team_assign"),
    path("<uuid:public_id>/toewijzing/", views.client_assignment, name="client_assignment"),
    path("<uuid:public_id>/toewijzing/routeren/", views.client_route, name="client_route"),
    path("<uuid:public_id>/toewijzing/team/", views.client_override_team, name="client_override_team"),
    path("<uuid:public_id>/toewijzing/klantmanager/", views.client_assign, name="client_assign"),
    path("<uuid:public_id>/toewijzing/segment/", views.client_override_segment, name="client_override_segment"),
    path("<uuid:public_id>/toewijzing/segment/bepalen/", views.client_determine_segment,
         name="client_determine_segment"),
]
