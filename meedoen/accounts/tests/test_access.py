import pytest
from django.http import Http404
from django.test import RequestFactory

from meedoen.accounts import access
from meedoen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_own_klantmanager_sees_client_and_read_is_audited(world):
    client = access.get_client_for_view(_request(world.klantmanager), world.client.public_id)
    assert client == world.client
    event = AuditEvent.objects.get(action="client.viewed")
    assert event.actor == world.klantmanager
    assert event.client_public_id == world.client.public_id
    assert event.municipality == world.home
    assert event.actor_role == "klantmanager"


def test_team_lead_sees_team_client(world):
    assert world.client in access.visible_clients(world.teamleider)


@pytest.mark.parametrize(
    "persona", ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder", "foreign_klantmanager"]
)
def test_it_denies_the_dossier_with_404(world, persona):
    user = getattr(world, persona)
    with pytest.raises(Http404):
        access.get_client_for_view(_request(user), world.client.public_id)
    assert not AuditEvent.objects.filter(action="client.viewed").exists()


def test_it_never_crosses_municipalities(world):
    assert world.foreign_client not in access.visible_clients(world.klantmanager)
    assert world.client not in access.visible_clients(world.foreign_klantmanager)
    assert world.foreign_client not in access.clients_for_audit_lookup(world.beheerder)


def test_a_bad_id_is_a_404_not_an_error(world):
    with pytest.raises(Http404):
        access.get_client_for_view(_request(world.klantmanager), "not-a-uuid")


def test_special_category_only_own_klantmanager_and_team_lead(world):
    assert access.can_view_special_category(world.klantmanager, world.client)
    assert access.can_view_special_category(world.teamleider, world.client)
    for persona in ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder",
                    "foreign_klantmanager"]:
        assert not access.can_view_special_category(getattr(world, persona), world.client), persona


def test_a_team_colleague_who_is_not_the_own_klantmanager_does_not_see_special_category(world):
    from meedoen.accounts.models import Role
    from meedoen.accounts.tests.factories import user_with_role

    same_team = user_with_role(Role.KLANTMANAGER, world.home, team=world.team)
    assert world.client in access.visible_clients(same_team)
    assert not access.can_view_special_category(same_team, world.client)


def test_inactive_membership_grants_nothing(world):
    world.klantmanager.memberships.update(active=False)
    access.forget_memberships(world.klantmanager)
    assert not access.visible_clients(world.klantmanager).exists()
