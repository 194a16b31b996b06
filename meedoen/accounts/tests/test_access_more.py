"""The access functions the client pages added: registering, assigning, BSN search and reveal, edit reads."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import TeamFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.models import IdentifierKind
from meedoen.clients.tests.factories import ClientIdentifierFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
DENIED = ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder", "foreign_klantmanager"]


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_client_creation_municipality_is_for_team_roles_only(world):
    assert access.client_creation_municipality(world.klantmanager) == world.home
    assert access.client_creation_municipality(world.teamleider) == world.home
    assert access.client_creation_municipality(world.foreign_klantmanager) == world.other
    for persona in ("beleidsmedewerker", "partnermedewerker", "beheerder"):
        assert access.client_creation_municipality(getattr(world, persona)) is None


def test_default_team_is_the_own_team_in_that_municipality(world):
    assert access.default_team(world.klantmanager, world.home) == world.team
    assert access.default_team(world.colleague_other_team, world.home) == world.other_team
    assert access.default_team(world.klantmanager, world.other) is None
    assert access.default_team(world.beheerder, world.home) is None


def test_assignable_teams_and_klantmanagers_stay_in_the_municipality(world):
    assert set(access.assignable_teams(world.home)) == {world.team, world.other_team}
    users = {m.user for m in access.assignable_klantmanager_memberships(world.home)}
    assert users == {world.klantmanager, world.colleague_other_team}
    assert world.teamleider not in users and world.foreign_klantmanager not in users


def test_an_inactive_klantmanager_cannot_be_assigned(world):
    world.colleague_other_team.memberships.update(active=False)
    users = {m.user for m in access.assignable_klantmanager_memberships(world.home)}
    assert users == {world.klantmanager}


def test_assignable_klantmanagers_are_loaded_in_one_query(world, django_assert_num_queries):
    for _ in range(5):
        user_with_role(Role.KLANTMANAGER, world.home, team=TeamFactory(municipality=world.home))
    with django_assert_num_queries(1):
        names = [(m.team.name, m.user.username) for m in access.assignable_klantmanager_memberships(world.home)]
    assert len(names) == 7


def test_find_client_by_bsn_finds_a_visible_client_and_records_only_found(world):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    assert access.find_client_by_bsn(_request(world.teamleider), BSN) == world.client
    event = AuditEvent.objects.get(action="client.searched_bsn")
    assert event.details == {"found": True}
    assert event.client_public_id == world.client.public_id
    assert event.municipality == world.home
    assert event.actor_role == Role.TEAMLEIDER


@pytest.mark.parametrize("persona", DENIED)
def test_find_client_by_bsn_does_not_reveal_other_clients(world, persona):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value=BSN)
    assert access.find_client_by_bsn(_request(getattr(world, persona)), BSN) is None
    event = AuditEvent.objects.get(action="client.searched_bsn")
    assert event.details == {"found": False}
    assert event.client_public_id is None


def test_bsn_reveal_is_recorded_for_those_who_may_change(world):
    assert access.get_client_for_bsn_reveal(_request(world.klantmanager), world.client.public_id) == world.client
    event = AuditEvent.objects.get(action="client.bsn_revealed")
    assert event.actor == world.klantmanager
    assert event.client_public_id == world.client.public_id


@pytest.mark.parametrize("persona", DENIED)
def test_bsn_reveal_is_a_404_for_those_who_may_not_open(world, persona):
    with pytest.raises(Http404):
        access.get_client_for_bsn_reveal(_request(getattr(world, persona)), world.client.public_id)
    assert not AuditEvent.objects.exists()


def test_bsn_reveal_is_a_403_for_a_reader_who_may_not_change(world, monkeypatch):
    # Today everyone who may open may change; if the rules diverge, a reader gets 403, not the number.
    monkeypatch.setattr(access, "changeable_clients", lambda user: access.visible_clients(user).none())
    with pytest.raises(PermissionDenied):
        access.get_client_for_bsn_reveal(_request(world.klantmanager), world.client.public_id)
    assert not AuditEvent.objects.exists()


def test_the_edit_form_read_is_recorded(world):
    assert access.get_client_for_edit(_request(world.teamleider), world.client.public_id) == world.client
    event = AuditEvent.objects.get(action="client.viewed")
    assert event.details == {"page": "edit"}


@pytest.mark.parametrize("persona", DENIED)
def test_the_edit_form_is_a_404_for_others(world, persona):
    with pytest.raises(Http404):
        access.get_client_for_edit(_request(getattr(world, persona)), world.client.public_id)
    assert not AuditEvent.objects.exists()
