"""URLs of the monitoring app (dashboard, indicator definitions, reports)."""

app_name = "monitoring"

urlpatterns: list = []
