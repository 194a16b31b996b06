"""Account pages: profile, password change, password reset by e-mail."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from meedoen.accounts.tests.factories import TEST_PASSWORD
from meedoen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "een-nieuw-lang-wachtwoord-42"


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:password_change", "accounts:password_change_done"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_shows_name_roles_and_two_factor_status(world, login):
    response = login(world.teamleider).get(reverse("accounts:profile"))
    assert response.status_code == 200
    content = response.content.decode()
    assert world.teamleider.get_full_name() in content
    assert "Teamleider" in content and "Re-integratie 27+" in content and "Zwolle" in content
    assert "Tweestapsverificatie" in content and "Uit" in content
    assert reverse("accounts:otp_setup") in content
    assert reverse("accounts:password_change") in content
    assert "Midden-Drenthe" not in content


def test_profile_of_user_without_role(client):
    from meedoen.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "nog geen rol" in response.content.decode()


def test_password_change_is_audited_and_keeps_the_session(world, login):
    http = login(world.klantmanager)
    response = http.post(reverse("accounts:password_change"), {
        "old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    world.klantmanager.refresh_from_db()
    assert world.klantmanager.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="auth.password_changed", actor=world.klantmanager).count() == 1
    assert http.get("/").status_code == 200


def test_password_change_with_wrong_old_password_changes_nothing(world, login):
    http = login(world.klantmanager)
    response = http.post(reverse("accounts:password_change"), {
        "old_password": "fout", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    world.klantmanager.refresh_from_db()
    assert world.klantmanager.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_password_reset_flow_in_dutch(world, client):
    response = client.post(reverse("accounts:password_reset"), {"email": world.klantmanager.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Nieuw wachtwoord voor Meedoen"
    assert "Kies dan via deze link een nieuw wachtwoord" in message.body
    assert "Uw gebruikersnaam is: km" in message.body
    link = re.search(r"http://testserver(/account/wachtwoord/nieuw/\S+/)", message.body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Nieuw wachtwoord kiezen" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    world.klantmanager.refresh_from_db()
    assert world.klantmanager.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="auth.password_reset", actor=world.klantmanager).exists()
    # The link works once.
    assert "werkt niet meer" in client.get(link, follow=True).content.decode()


def test_password_reset_for_unknown_address_reveals_nothing(world, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
