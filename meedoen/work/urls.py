"""URLs of the work app, one module per area (employers, matching, placements, trajectories)."""

from django.urls import include, path

app_name = "work"

urlpatterns = [
    path("werkgevers/", include("meedoen.work.urls_employers")),
    path("", include("meedoen.work.urls_matching")),
    path("plaatsingen/", include("meedoen.work.urls_placements")),
    path("trajecten/", include("meedoen.work.urls_trajectories")),
]
