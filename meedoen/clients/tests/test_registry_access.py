"""The access functions the registry added: number search, reveal, households, duplicate matches."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from meedoen.accounts import access
from meedoen.audit.models import AuditEvent
from meedoen.clients import services
from meedoen.clients.models import IdentifierKind
from meedoen.clients.tests.factories import ClientFactory, ClientIdentifierFactory

pytestmark = pytest.mark.django_db

V_NUMBER = "1234567890"
DENIED = ["colleague_other_team", "beleidsmedewerker", "partnermedewerker", "beheerder", "foreign_klantmanager"]


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_find_client_by_v_number_finds_a_visible_client_and_records_only_found(world):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    assert access.find_client_by_identifier(_request(world.klantmanager), "v_number", V_NUMBER) == world.client
    assert access.find_client_by_identifier(_request(world.klantmanager), "v_number", "1") is None
    found, missed = AuditEvent.objects.filter(action="client.searched_v_number").order_by("id")
    assert found.details == {"found": True} and found.client_public_id == world.client.public_id
    assert missed.details == {"found": False} and missed.municipality == world.home


@pytest.mark.parametrize("persona", DENIED)
def test_find_client_by_v_number_does_not_reveal_other_clients(world, persona):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.V_NUMBER, value=V_NUMBER)
    assert access.find_client_by_identifier(_request(getattr(world, persona)), "v_number", V_NUMBER) is None


def test_find_client_by_identifier_delegates_the_bsn_and_refuses_other_kinds(world):
    ClientIdentifierFactory(client=world.client, kind=IdentifierKind.BSN, value="111222333")
    assert access.find_client_by_identifier(_request(world.klantmanager), "bsn", "111222333") == world.client
    assert AuditEvent.objects.filter(action="client.searched_bsn").count() == 1
    with pytest.raises(ValueError):
        access.find_client_by_identifier(_request(world.klantmanager), "coa_number", "A1")


def test_revealing_a_v_number_is_recorded_with_its_kind(world):
    assert access.get_client_for_identifier_reveal(_request(world.klantmanager), world.client.public_id,
                                                   "v_number") == world.client
    [event] = AuditEvent.objects.filter(action="client.identifier_revealed")
    assert event.details == {"kind": "v_number"}
    access.get_client_for_identifier_reveal(_request(world.klantmanager), world.client.public_id, "bsn")
    assert AuditEvent.objects.filter(action="client.bsn_revealed").count() == 1


@pytest.mark.parametrize("persona", DENIED)
def test_revealing_is_a_404_for_everyone_else(world, persona):
    with pytest.raises(Http404):
        access.get_client_for_identifier_reveal(_request(getattr(world, persona)), world.client.public_id,
                                                "v_number")


def test_revealing_needs_the_right_to_change(world, monkeypatch):
    monkeypatch.setattr(access, "changeable_clients", lambda user: world.client.__class__.objects.none())
    with pytest.raises(PermissionDenied):
        access.get_client_for_identifier_reveal(_request(world.klantmanager), world.client.public_id, "coa_number")
    assert not AuditEvent.objects.exists()


def test_openable_client_ids(world, django_assert_num_queries):
    other_team = ClientFactory(municipality=world.home, team=world.other_team)
    access.memberships(world.klantmanager)  # cached as in a request
    with django_assert_num_queries(1):
        assert access.openable_client_ids(world.klantmanager, [world.client.pk, other_team.pk,
                                                               world.foreign_client.pk]) == {world.client.pk}
    with django_assert_num_queries(0):
        assert access.openable_client_ids(world.klantmanager, []) == set()
    assert access.openable_client_ids(world.beleidsmedewerker, [world.client.pk]) == set()


def test_household_members_hide_the_dossiers_the_user_may_not_open(world, django_assert_num_queries):
    partner = ClientFactory(municipality=world.home, team=world.team, given_names="Zichtbaar")
    child = ClientFactory(municipality=world.home, team=world.other_team, given_names="Verborgen")
    services.link_household(actor=world.klantmanager, client=world.client, member=partner)
    services.link_household(actor=world.klantmanager, client=world.client, member=child, member_role="child")
    world.client.refresh_from_db()
    access.memberships(world.klantmanager)  # cached as in a request
    with django_assert_num_queries(1):
        members = access.household_members(world.klantmanager, world.client)
    assert [(m.client, m.role) for m in members] == [(partner, ""), (None, "child")]  # by birth date, then pk
    assert {m.role_label for m in members} == {"", "Kind"}
    # The colleague of the other team sees the child, not the others.
    child.refresh_from_db()
    seen = access.household_members(world.colleague_other_team, child)
    assert [m.client for m in seen] == [None, None]
    assert [m.client for m in access.household_members(world.beleidsmedewerker, child)] == [None, None]
    with django_assert_num_queries(0):
        assert access.household_members(world.klantmanager, world.foreign_client) == []


def test_household_link_candidates_are_changeable_clients_of_the_same_municipality(world):
    same_team = ClientFactory(municipality=world.home, team=world.team)
    ClientFactory(municipality=world.home, team=world.other_team)
    assert set(access.household_link_candidates(world.klantmanager, world.client)) == {same_team}
    assert access.get_household_member_for_link(world.klantmanager, world.client, same_team.public_id) == same_team
    for public_id in (world.client.public_id, world.foreign_client.public_id, "not-a-uuid"):
        with pytest.raises(Http404):
            access.get_household_member_for_link(world.klantmanager, world.client, public_id)


def test_registration_matches_hide_clients_the_user_may_not_open(world):
    other_team = ClientFactory(municipality=world.home, team=world.other_team, klantmanager=world.colleague_other_team)
    no_team = ClientFactory(municipality=world.home)
    matches = access.registration_matches(_request(world.klantmanager),
                                          [("bsn", world.client), ("name", other_team), ("name", no_team)])
    assert [m.client for m in matches] == [world.client, None, None]
    assert matches[1].team_name == world.other_team.name
    assert matches[1].klantmanager_name == str(world.colleague_other_team)
    assert (matches[2].team_name, matches[2].klantmanager_name) == ("", "")
    events = AuditEvent.objects.filter(action="client.duplicate_shown").order_by("id")
    assert [(e.client_public_id, e.details) for e in events] == [
        (world.client.public_id, {"match": "bsn", "openable": True}),
        (other_team.public_id, {"match": "name", "openable": False}),
        (no_team.public_id, {"match": "name", "openable": False}),
    ]
