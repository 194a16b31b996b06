from django.urls import path

from meedoen.intake import views

app_name = "intake"

urlpatterns = [
    path("<uuid:public_id>/", views.overview, name="overview"),
    path("<uuid:public_id>/deel/<slug:part>/", views.part, name="part"),
    path("<uuid:public_id>/afronden/", views.complete, name="complete"),
    path("<uuid:public_id>/niet-verschenen/", views.no_show, name="no_show"),
    path("<uuid:public_id>/zrm/", views.zrm, name="zrm"),
]
