from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def test_the_next_url_keeps_its_whole_query_string(world, login):
    TOTPDevice.objects.create(user=world.klantmanager, name="app", confirmed=True)
    response = login(world.klantmanager).get("/clienten/?q=a&page=2")
    assert response.status_code == 302
    target = urlparse(response["Location"])
    assert target.path == reverse("accounts:otp_verify")
    assert parse_qs(target.query)["next"] == ["/clienten/?q=a&page=2"]


def test_the_device_check_runs_once_per_session(world, login, django_assert_max_num_queries):
    http = login(world.klantmanager)
    http.get("/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        http.get("/")
    assert not any("otp_totp_totpdevice" in q["sql"] for q in ctx.captured_queries)
