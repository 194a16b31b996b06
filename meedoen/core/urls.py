from django.urls import path

from meedoen.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("thema/<uuid:public_id>.css", views.theme_css, name="theme_css"),
]
