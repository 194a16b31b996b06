"""URLs of the employers area (see meedoen/work/urls.py)."""

urlpatterns: list = []
