"""Test URLconf: the project URLs with the caseload page added to the monitoring namespace (until the monitoring
urls include ``urls_caseload``)."""

from django.urls import include, path

from meedoen.monitoring import urls as monitoring_urls
from meedoen.monitoring import urls_caseload
from meedoen.urls import urlpatterns as project_urlpatterns

monitoring_patterns = [p for p in monitoring_urls.urlpatterns if getattr(p, "name", None) != "caseload"]

urlpatterns = [
    path("monitoring/", include((monitoring_patterns + urls_caseload.urlpatterns, "monitoring"))),
    *[p for p in project_urlpatterns if getattr(p, "namespace", None) != "monitoring"],
]
