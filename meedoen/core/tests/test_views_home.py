"""The home page per role: what each persona sees, and what it never sees."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import TeamFactory, UserFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Regime
from meedoen.clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

HOME = "/"
# Session, user, two-factor device checks, memberships, session save: the rest is the page's own work.
# The same budget holds for 0 and for many clients, so the page does not grow with the caseload.
MAX_QUERIES = 12


def test_anonymous_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_klantmanager_sees_own_caseload_and_nothing_of_other_municipality(world, login):
    response = login(world.klantmanager).get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mijn caseload" in content
    assert world.client.family_name in content
    assert world.foreign_client.family_name not in content
    assert "Midden-Drenthe" not in content
    assert response.context["own_count"] == 1
    assert response.context["team_count"] == 1


def test_klantmanager_home_records_one_list_event(world, login):
    ClientFactory.create_batch(3, municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    login(world.klantmanager).get(HOME)
    events = AuditEvent.objects.filter(action="client.list_viewed")
    assert events.count() == 1
    event = events.get()
    assert event.actor == world.klantmanager
    assert event.municipality == world.home
    assert event.actor_role == Role.KLANTMANAGER
    assert event.details["count"] == 4
    assert not AuditEvent.objects.filter(action="client.viewed").exists()


def test_klantmanager_counts_separate_own_and_team(world, login):
    # A team client of a colleague counts for the team, not for "mine".
    ClientFactory(municipality=world.home, team=world.team, klantmanager=None)
    # A client of another team is not counted at all.
    ClientFactory(municipality=world.home, team=world.other_team, klantmanager=world.colleague_other_team)
    response = login(world.klantmanager).get(HOME)
    assert response.context["own_count"] == 1
    assert response.context["team_count"] == 2


def test_klantmanager_table_is_capped_with_link_to_the_rest(world, login):
    ClientFactory.create_batch(30, municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    response = login(world.klantmanager).get(HOME)
    assert len(response.context["own_clients"]) == 25
    assert response.context["more_clients"] is True
    assert AuditEvent.objects.get(action="client.list_viewed").details["count"] == 25


@pytest.mark.parametrize("extra", [0, 40])
def test_klantmanager_home_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries, extra):
    ClientFactory.create_batch(extra, municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    http = login(world.klantmanager)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert http.get(HOME).status_code == 200


def test_foreign_klantmanager_sees_only_own_municipality(world, login):
    content = login(world.foreign_klantmanager).get(HOME).content.decode()
    assert world.foreign_client.family_name in content
    assert world.client.family_name not in content
    assert "Zwolle" not in content


def test_teamleider_sees_team_figures_without_client_names(world, login):
    ClientFactory(municipality=world.home, team=world.team, klantmanager=None)
    response = login(world.teamleider).get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    assert world.client.family_name not in content
    (load,) = response.context["team_loads"]
    assert load.team == world.team
    assert load.clients == 2
    assert load.unassigned == 1
    assert load.capacity == 240  # 4 fte x 60
    assert load.assigned == 1
    assert load.load_percent == 0  # 1 client with a klantmanager of 240; the unassigned one waits
    names = {km.name: km.clients for km in load.klantmanagers}
    assert names == {str(world.klantmanager): 1}
    assert "Jongerenpunt" not in content


@pytest.mark.parametrize("extra", [0, 30])
def test_teamleider_home_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries, extra):
    for i in range(extra // 10):
        km = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username=f"km-extra-{i}")
        ClientFactory.create_batch(10, municipality=world.home, team=world.team, klantmanager=km)
    http = login(world.teamleider)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert http.get(HOME).status_code == 200


def test_teamleider_without_capacity_gets_no_percentage(world, login):
    world.team.fte = 0
    world.team.save(update_fields=["fte"])
    response = login(world.teamleider).get(HOME)
    assert response.context["team_loads"][0].load_percent is None
    assert "Geen capaciteit ingesteld" in response.content.decode()


def test_beleidsmedewerker_sees_suppressed_aggregates_only(world, login):
    third_team = TeamFactory(municipality=world.home, name="Inburgering")
    ClientFactory.create_batch(6, municipality=world.home, team=world.other_team, regime=Regime.WI2021)
    ClientFactory.create_batch(7, municipality=world.home, team=third_team, regime=Regime.WI2013)
    response = login(world.beleidsmedewerker).get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    assert world.client.family_name not in content
    assert "Midden-Drenthe" not in content
    (figures,) = response.context["figures"]
    assert figures.municipality == world.home
    assert str(figures.total) == "14"
    per_team = {row.label: str(row.cell) for row in figures.per_team}
    assert per_team["Re-integratie 27+"] == "<5"
    # Secondary suppression: with the total shown, one hidden cell could be worked out.
    assert per_team["Jongerenpunt"] == "x"
    assert per_team["Inburgering"] == "7"
    per_regime = {row.label: str(row.cell) for row in figures.per_regime}
    assert per_regime["Wet inburgering 2021"] == "x"
    assert per_regime["Wet inburgering 2013"] == "7"
    assert per_regime["Geen inburgeringsplicht (alleen Participatiewet)"] == "<5"
    assert "&lt;5" in content


def test_small_cell_threshold_is_a_setting(world, login, settings):
    settings.MEEDOEN_SMALL_CELL_THRESHOLD = 1
    response = login(world.beleidsmedewerker).get(HOME)
    per_team = {row.label: str(row.cell) for row in response.context["figures"][0].per_team}
    assert per_team["Re-integratie 27+"] == "1"


def test_beleidsmedewerker_home_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    ClientFactory.create_batch(20, municipality=world.home, team=world.team)
    http = login(world.beleidsmedewerker)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert http.get(HOME).status_code == 200


def test_partnermedewerker_sees_organisation_and_empty_state(world, login):
    response = login(world.partnermedewerker).get(HOME)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Taalhuis Zwolle" in content
    assert "nog geen cliënten" in content
    assert world.client.family_name not in content


def test_beheerder_sees_overview_of_own_municipality(world, login):
    response = login(world.beheerder).get(HOME)
    assert response.status_code == 200
    (overview,) = response.context["overviews"]
    assert overview.municipality == world.home
    assert overview.users == 6  # km, colleague, tl, bm, partner, beheer
    assert overview.teams == 2
    assert overview.partners == 1
    content = response.content.decode()
    assert reverse("admin:index") in content
    assert world.client.family_name not in content
    assert "Midden-Drenthe" not in content


def test_user_without_role_gets_friendly_403(client):
    user = UserFactory(username="nobody")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(HOME)
    assert response.status_code == 403
    assert "nog geen rol" in response.content.decode()


def test_inactive_membership_counts_as_no_role(world, login):
    world.klantmanager.memberships.update(active=False)
    assert login(world.klantmanager).get(HOME).status_code == 403


def test_home_is_get_only(world, login):
    assert login(world.klantmanager).post(HOME).status_code == 405


def test_klantmanager_home_links_to_client_pages(world, login):
    content = login(world.klantmanager).get(HOME).content.decode()
    assert reverse("clients:detail", kwargs={"public_id": world.client.public_id}) in content
    assert f'href="{reverse("clients:list")}"' in content


def test_beheerder_home_links_to_audit_and_admin(world, login):
    content = login(world.beheerder).get(HOME).content.decode()
    assert f'href="{reverse("audit:log")}"' in content
    assert f'href="{reverse("admin:index")}"' in content
