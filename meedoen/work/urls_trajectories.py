"""URLs of the trajectories area (see meedoen/work/urls.py)."""

urlpatterns: list = []
