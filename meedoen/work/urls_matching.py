"""URLs of the matching area (see meedoen/work/urls.py)."""

urlpatterns: list = []
