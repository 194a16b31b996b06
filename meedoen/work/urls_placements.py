"""URLs of the placements area (see meedoen/work/urls.py)."""

urlpatterns: list = []
