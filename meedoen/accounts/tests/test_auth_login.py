"""Logging in and out: the form, audit rows, lockout after failed attempts, expired sessions."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse

from meedoen.accounts.tests.factories import TEST_PASSWORD
from meedoen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"


@pytest.fixture(autouse=True)
def _axes_on(settings, db):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    AccessAttempt.objects.all().delete()


def test_login_page_renders_in_dutch(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inloggen bij Meedoen" in content
    assert 'autocomplete="username"' in content
    assert reverse("accounts:password_reset") in content


def test_login_with_right_password_goes_home_and_is_audited(world, client):
    response = client.post(LOGIN, {"username": "km", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == world.klantmanager
    assert event.municipality == world.home
    assert client.get("/").status_code == 200


def test_login_follows_a_safe_next_only(world, client):
    response = client.post(LOGIN + "?next=/account/profiel/", {"username": "km", "password": TEST_PASSWORD})
    assert response["Location"] == "/account/profiel/"
    client.post(reverse("accounts:logout"))
    response = client.post(LOGIN + "?next=https://evil.example/", {"username": "km", "password": TEST_PASSWORD})
    assert response["Location"] == reverse("core:home")


def test_wrong_password_gives_a_clear_message(world, client):
    response = client.post(LOGIN, {"username": "km", "password": "fout"})
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 1


def test_lockout_after_five_failures(world, client):
    for _attempt in range(4):
        assert client.post(LOGIN, {"username": "km", "password": "fout"}).status_code == 200
    response = client.post(LOGIN, {"username": "km", "password": "fout"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in content
    assert "15 minuten" in content
    # Even the right password does not get in while locked out.
    response = client.post(LOGIN, {"username": "km", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_a_successful_login_resets_the_failure_count(world, client):
    for _attempt in range(4):
        client.post(LOGIN, {"username": "km", "password": "fout"})
    assert client.post(LOGIN, {"username": "km", "password": TEST_PASSWORD}).status_code == 302
    client.post(reverse("accounts:logout"))
    assert client.post(LOGIN, {"username": "km", "password": "fout"}).status_code == 200


def test_logout_is_post_only(world, login):
    http = login(world.klantmanager)
    assert http.get(reverse("accounts:logout")).status_code == 405
    assert http.get("/").status_code == 200
    response = http.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="auth.logout", actor=world.klantmanager).exists()
    assert http.get("/").status_code == 302
    assert "U bent uitgelogd." in http.get(reverse("accounts:login")).content.decode()


def test_login_page_says_when_the_session_expired(client):
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "expiredsessionkey1234567890abcdef"
    content = client.get(LOGIN + "?next=/").content.decode()
    assert "automatisch uitgelogd" in content
    # Without a stale session cookie there is nothing to explain.
    del client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert "automatisch uitgelogd" not in client.get(LOGIN).content.decode()


def test_logged_in_user_visiting_login_is_sent_home(world, login):
    response = login(world.klantmanager).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
