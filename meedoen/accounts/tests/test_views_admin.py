"""The Django admin for the functioneel beheerder: who gets in, and only their own municipality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.accounts.models import Membership, Role, Team
from meedoen.accounts.tests.factories import PartnerOrganisationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

INDEX = "/beheer/admin/"


def test_anonymous_is_sent_to_the_app_login(client):
    response = client.get(INDEX, follow=True)
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beleidsmedewerker", "partnermedewerker"])
def test_other_roles_are_refused(world, login, persona):
    http = login(getattr(world, persona))
    response = http.get(INDEX, follow=True)
    assert response.status_code == 403
    assert http.get(reverse("admin:accounts_team_changelist"), follow=True).status_code == 403


def test_staff_flag_alone_does_not_open_the_admin(world, login):
    world.klantmanager.is_staff = True
    world.klantmanager.save(update_fields=["is_staff"])
    assert login(world.klantmanager).get(INDEX, follow=True).status_code == 403


def test_beheerder_gets_in_and_sees_reference_tables(world, login):
    response = login(world.beheerder).get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ["accounts_team", "accounts_municipality", "accounts_partnerorganisation", "accounts_user",
                 "accounts_membership"]:
        assert reverse(f"admin:{name}_changelist") in content
    # The audit trail is not editable here, and not even listed for beheerders.
    assert "auditevent" not in content


def test_beheerder_of_zwolle_does_not_see_midden_drenthe(world, login):
    foreign_team = Team.objects.get(municipality=world.other)
    foreign_partner = PartnerOrganisationFactory(municipality=world.other, name="Humanitas Midden-Drenthe")
    http = login(world.beheerder)

    teams = http.get(reverse("admin:accounts_team_changelist")).content.decode()
    assert "Jongerenpunt" in teams and foreign_team.name not in teams
    partners = http.get(reverse("admin:accounts_partnerorganisation_changelist")).content.decode()
    assert "Taalhuis Zwolle" in partners and foreign_partner.name not in partners
    municipalities = http.get(reverse("admin:accounts_municipality_changelist")).content.decode()
    assert "Zwolle" in municipalities and "Midden-Drenthe" not in municipalities
    users = http.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "km-other-team" in users and "km-other-muni" not in users
    memberships = http.get(reverse("admin:accounts_membership_changelist")).content.decode()
    assert "km-other-muni" not in memberships and "Midden-Drenthe" not in memberships

    # Direct URLs to foreign rows do not open them.
    for url in [
        reverse("admin:accounts_team_change", args=[foreign_team.pk]),
        reverse("admin:accounts_partnerorganisation_change", args=[foreign_partner.pk]),
        reverse("admin:accounts_municipality_change", args=[world.other.pk]),
        reverse("admin:accounts_user_change", args=[world.foreign_klantmanager.pk]),
    ]:
        response = http.get(url)
        assert response.status_code == 302, url  # "does not exist" back to the index
        assert response["Location"] == INDEX


def test_beheerder_cannot_place_rows_in_another_municipality(world, login):
    http = login(world.beheerder)
    response = http.post(reverse("admin:accounts_team_add"), {
        "municipality": world.other.pk, "name": "Sluiproute", "kind": "other", "fte": "1", "caseload_norm": "10",
    })
    assert response.status_code == 200  # the form comes back with an error
    assert not Team.objects.filter(name="Sluiproute").exists()

    response = http.post(reverse("admin:accounts_team_add"), {
        "municipality": world.home.pk, "name": "Statushouders", "kind": "inburgering", "fte": "2.5",
        "caseload_norm": "40",
    })
    assert response.status_code == 302
    assert Team.objects.get(name="Statushouders").municipality == world.home


def test_beheerder_cannot_give_a_role_in_another_municipality(world, login):
    foreign_team = Team.objects.get(municipality=world.other)
    newcomer = UserFactory(username="nieuw")
    response = login(world.beheerder).post(reverse("admin:accounts_membership_add"), {
        "user": newcomer.pk, "municipality": world.other.pk, "role": Role.KLANTMANAGER, "team": foreign_team.pk,
        "active": "on",
    })
    assert response.status_code == 200
    assert not Membership.objects.filter(user=newcomer).exists()


def test_beheerder_cannot_touch_superusers_or_grant_superuser(world, login):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    Membership.objects.create(user=root, municipality=world.home, role=Role.BELEIDSMEDEWERKER)
    http = login(world.beheerder)
    assert "root" not in http.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert http.get(reverse("admin:accounts_user_change", args=[root.pk])).status_code == 302

    change_page = http.get(reverse("admin:accounts_user_change", args=[world.klantmanager.pk])).content.decode()
    assert 'name="is_superuser"' not in change_page
    assert 'name="user_permissions"' not in change_page


def test_superuser_sees_every_municipality(world, login):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    TeamFactory(municipality=world.other, name="Team Beilen")
    content = login(root).get(reverse("admin:accounts_team_changelist")).content.decode()
    assert "Team Beilen" in content and "Jongerenpunt" in content


def test_admin_lists_use_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    for i in range(15):
        TeamFactory(municipality=world.home, name=f"Extra team {i}")
    http = login(world.beheerder)
    with django_assert_max_num_queries(20):
        assert http.get(reverse("admin:accounts_team_changelist")).status_code == 200


def _inline(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_beheerder_adds_an_account_with_a_role_in_own_municipality(world, login):
    http = login(world.beheerder)
    base = {"username": "km-nieuw", "usable_password": "true",
            "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42"}
    # Without a role the account would drop out of the beheerder's view: refused.
    response = http.post(reverse("admin:accounts_user_add"), {**base, **_inline("memberships", [])})
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="km-nieuw").exists()

    row = {"municipality": world.home.pk, "role": Role.KLANTMANAGER, "team": world.team.pk, "active": "on"}
    response = http.post(reverse("admin:accounts_user_add"), {**base, **_inline("memberships", [row])})
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user__username="km-nieuw")
    assert membership.municipality == world.home and membership.team == world.team
