"""Routing, capacity, assignment, overrides and segments: what changes, what the history and the audit trail keep."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.accounts.models import Membership, Role
from meedoen.accounts.tests.factories import TeamFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.caseload import services
from meedoen.caseload.models import AssignmentChange
from meedoen.caseload.tests.factories import milestone, segment
from meedoen.clients.models import Client
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import MilestoneKind

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def routed(world):
    services.ensure_default_routing(world.home)
    return world


def _events(action, client=None):
    qs = AuditEvent.objects.filter(action=action)
    if client is not None:
        qs = qs.filter(client_public_id=client.public_id)
    return list(qs.order_by("id"))


def _assert_no_client_data(event, client, *texts):
    flat = str(event.details)
    for text in (client.given_names, client.family_name, *texts):
        assert text not in flat


def _history(client):
    return list(AssignmentChange.objects.filter(client=client).order_by("id"))


# --- route_client --------------------------------------------------------------------------------------

def test_routing_places_a_new_client_and_puts_it_on_the_waiting_list(routed):
    w = routed
    today = timezone.localdate()
    client = ClientFactory(municipality=w.home, birth_date=today.replace(year=today.year - 24) - dt.timedelta(days=1))
    result = services.route_client(w.klantmanager, client)
    client.refresh_from_db()
    assert client.team == w.other_team
    assert client.routing_explanation == "leeftijd 24 < 27 → Jongerenpunt"
    assert (result.waiting, client.waiting_since, client.klantmanager) == (True, today, None)
    [change] = _history(client)
    assert (change.kind, change.automatic, change.to_label, change.to_public_id) == (
        "team", True, "Jongerenpunt", w.other_team.public_id)
    assert change.reason == "leeftijd 24 < 27 → Jongerenpunt"
    [event] = _events("caseload.client_routed", client)
    assert event.details["team"] == str(w.other_team.public_id)
    assert event.details["waiting"] is True
    _assert_no_client_data(event, client, "Jongerenpunt")


def test_routing_with_a_klantmanager_assigns_when_the_team_has_room(routed):
    w = routed
    client = ClientFactory(municipality=w.home, birth_date=D(1980, 1, 1))
    result = services.route_client(w.teamleider, client, klantmanager=w.klantmanager)
    client.refresh_from_db()
    assert (client.team, client.klantmanager, client.waiting_since) == (w.team, w.klantmanager, None)
    assert (result.waiting, result.at_capacity) == (False, False)
    assert [c.kind for c in _history(client)] == ["team", "klantmanager"]


def test_capacity_is_detected_and_a_full_team_makes_the_client_wait(routed):
    w = routed
    w.team.fte, w.team.caseload_norm = Decimal("1"), 2  # capacity 2; world.client already takes one place
    w.team.save()
    assert services.has_free_capacity(w.team)
    ClientFactory(municipality=w.home, team=w.team, klantmanager=w.klantmanager)
    assert services.team_occupancy(w.team) == 2
    assert not services.has_free_capacity(w.team)
    # Clients without a klantmanager take no capacity.
    ClientFactory(municipality=w.home, team=w.team)
    assert services.team_occupancy(w.team) == 2
    client = ClientFactory(municipality=w.home, birth_date=D(1980, 1, 1))
    result = services.route_client(w.teamleider, client, klantmanager=w.klantmanager)
    client.refresh_from_db()
    assert (result.at_capacity, result.waiting) == (True, True)
    assert client.klantmanager is None
    assert client.waiting_since == timezone.localdate()
    assert _events("caseload.client_routed", client)[0].details["at_capacity"] is True


def test_routing_again_keeps_the_place_on_the_waiting_list(routed):
    w = routed
    client = ClientFactory(municipality=w.home, birth_date=D(1980, 1, 1), team=w.team, waiting_since=D(2024, 1, 2))
    services.route_client(w.klantmanager, client)
    client.refresh_from_db()
    assert client.waiting_since == D(2024, 1, 2)
    assert _history(client) == []  # same team: nothing changed


def test_routing_to_another_team_releases_a_klantmanager_outside_it(routed):
    w = routed
    client = ClientFactory(municipality=w.home, birth_date=D(2005, 1, 1), team=w.team, klantmanager=w.klantmanager)
    services.route_client(w.teamleider, client)
    client.refresh_from_db()
    assert (client.team, client.klantmanager) == (w.other_team, None)
    assert client.waiting_since == timezone.localdate()
    team_change, km_change = _history(client)
    assert (km_change.kind, km_change.from_label, km_change.to_label, km_change.automatic) == (
        "klantmanager", str(w.klantmanager), "", True)
    assert km_change.from_public_id == Membership.objects.get(user=w.klantmanager).public_id


def test_routing_refuses_a_klantmanager_of_another_team(routed):
    w = routed
    client = ClientFactory(municipality=w.home, birth_date=D(1980, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.route_client(w.teamleider, client, klantmanager=w.colleague_other_team)
    assert "geen actieve klantmanager in het team" in exc.value.messages[0]
    client.refresh_from_db()
    assert client.team is None and not _history(client)  # nothing half-saved


# --- assign_klantmanager / bulk_reassign ----------------------------------------------------------------

def test_assigning_a_klantmanager_ends_the_wait(world):
    client = ClientFactory(municipality=world.home, team=world.team, waiting_since=timezone.localdate()
                           - dt.timedelta(days=34))
    services.assign_klantmanager(world.teamleider, client, world.klantmanager)
    client.refresh_from_db()
    assert (client.klantmanager, client.waiting_since) == (world.klantmanager, None)
    [change] = _history(client)
    assert (change.kind, change.automatic, change.to_label, change.actor) == (
        "klantmanager", False, str(world.klantmanager), world.teamleider)
    [event] = _events("caseload.klantmanager_assigned", client)
    assert event.details["waited_days"] == 34
    assert event.details["bulk"] is False
    _assert_no_client_data(event, client, str(world.klantmanager))


def test_an_inactive_klantmanager_or_one_of_another_team_cannot_be_assigned(world):
    client = ClientFactory(municipality=world.home, team=world.team)
    with pytest.raises(ValidationError):
        services.assign_klantmanager(world.teamleider, client, world.colleague_other_team)
    with pytest.raises(ValidationError):
        services.assign_klantmanager(world.teamleider, client, world.teamleider)  # a teamleider, not a klantmanager
    Membership.objects.filter(user=world.klantmanager).update(active=False)
    with pytest.raises(ValidationError):
        services.assign_klantmanager(world.teamleider, client, world.klantmanager)
    without_team = ClientFactory(municipality=world.home)
    with pytest.raises(ValidationError) as exc:
        services.assign_klantmanager(world.teamleider, without_team, world.klantmanager)
    assert exc.value.message_dict["klantmanager"] == ["Deze cliënt heeft nog geen team. Wijs eerst een team toe."]


def test_bulk_reassign_is_audited_per_client(world):
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km2")
    clients = [world.client] + [ClientFactory(municipality=world.home, team=world.team, waiting_since=D(2024, 5, 1))
                                for _ in range(3)]
    changed = services.bulk_reassign(world.teamleider, clients, colleague)
    assert changed == 4
    assert set(Client.objects.filter(pk__in=[c.pk for c in clients]).values_list("klantmanager", flat=True)) == {
        colleague.pk}
    assert not Client.objects.filter(pk__in=[c.pk for c in clients], waiting_since__isnull=False).exists()
    events = _events("caseload.klantmanager_assigned")
    assert sorted(e.client_public_id for e in events) == sorted(c.public_id for c in clients)
    assert all(e.details["bulk"] for e in events)
    assert AssignmentChange.objects.filter(kind="klantmanager", to_label=str(colleague)).count() == 4
    # The first client moved from the old klantmanager: the history says from whom.
    assert _history(world.client)[0].from_label == str(world.klantmanager)
    # Again: nothing to change.
    assert services.bulk_reassign(world.teamleider, clients, colleague) == 0


def test_bulk_reassign_across_teams_is_refused_as_a_whole(world):
    ours = ClientFactory(municipality=world.home, team=world.team)
    theirs = ClientFactory(municipality=world.home, team=world.other_team)
    with pytest.raises(ValidationError) as exc:
        services.bulk_reassign(world.teamleider, [ours, theirs], world.klantmanager)
    assert "Er is niets gewijzigd" in exc.value.messages[0]
    ours.refresh_from_db()
    assert ours.klantmanager is None
    assert not AssignmentChange.objects.exists()
    assert not _events("caseload.klantmanager_assigned")


def test_bulk_reassign_across_municipalities_is_refused(world):
    with pytest.raises(ValidationError):
        services.bulk_reassign(world.teamleider, [world.client, world.foreign_client], world.klantmanager)
    with pytest.raises(ValidationError):
        services.bulk_reassign(world.teamleider, [world.foreign_client], world.klantmanager)
    world.foreign_client.refresh_from_db()
    assert world.foreign_client.klantmanager == world.foreign_klantmanager


# --- Overrides -------------------------------------------------------------------------------------------

def test_a_team_override_needs_a_reason_and_keeps_it_in_the_history(world):
    client = world.client
    with pytest.raises(ValidationError) as exc:
        services.override_team(world.klantmanager, client, world.other_team, "   ")
    assert "Geef een reden op" in exc.value.message_dict["reason"][0]
    services.override_team(world.klantmanager, client, world.other_team, "Zit nog op school; hoort bij Jongerenpunt")
    client.refresh_from_db()
    assert client.team == world.other_team
    assert client.klantmanager is None  # the klantmanager is not in the new team
    assert client.waiting_since == timezone.localdate()
    assert client.routing_explanation == "Handmatig gewijzigd: Zit nog op school; hoort bij Jongerenpunt"
    team_change, km_change = _history(client)
    assert (team_change.kind, team_change.automatic, team_change.is_override) == ("team", False, True)
    assert team_change.reason == "Zit nog op school; hoort bij Jongerenpunt"
    assert (team_change.from_label, team_change.to_label) == (world.team.name, world.other_team.name)
    assert km_change.reason == team_change.reason
    [event] = _events("caseload.team_overridden", client)
    assert event.details["klantmanager_released"] is True
    _assert_no_client_data(event, client, "school")


def test_a_team_override_is_refused_for_a_foreign_or_the_same_team(world):
    foreign = TeamFactory(municipality=world.other)
    with pytest.raises(ValidationError):
        services.override_team(world.klantmanager, world.client, foreign, "reden")
    with pytest.raises(ValidationError):
        services.override_team(world.klantmanager, world.client, world.team, "reden")
    assert not AssignmentChange.objects.exists()


def test_a_klantmanager_who_is_also_in_the_new_team_stays(world):
    Membership.objects.create(user=world.klantmanager, municipality=world.home, role=Role.KLANTMANAGER,
                              team=world.other_team)
    services.override_team(world.teamleider, world.client, world.other_team, "Past beter")
    world.client.refresh_from_db()
    assert world.client.klantmanager == world.klantmanager
    assert world.client.waiting_since is None


def test_segment_is_determined_after_intake_only(world):
    services.ensure_default_segments(world.home)
    client = world.client
    client.low_literacy, client.has_work_experience = False, True
    client.save()
    with pytest.raises(ValidationError) as exc:
        services.determine_segment(world.klantmanager, client)
    assert "brede intake is nog niet afgerond" in exc.value.messages[0]
    milestone(client, MilestoneKind.INTAKE_STARTED, D(2024, 3, 1))
    milestone(client, MilestoneKind.INTAKE_COMPLETED, D(2024, 4, 1))
    services.determine_segment(world.klantmanager, client)
    client.refresh_from_db()
    assert client.segment.name == "Direct naar werk"
    assert client.segment_explanation == "werkervaring: ja; laaggeletterd: nee → Direct naar werk"
    [change] = _history(client)
    assert (change.kind, change.automatic, change.to_label) == ("segment", True, "Direct naar werk")
    [event] = _events("caseload.segment_determined", client)
    assert event.details == {"segment": str(client.segment.public_id), "changed": True}


def test_no_matching_segment_rule_is_a_clear_message(world):
    milestone(world.client, MilestoneKind.INTAKE_COMPLETED, D(2024, 4, 1))
    with pytest.raises(ValidationError) as exc:
        services.determine_segment(world.klantmanager, world.client)
    assert "Geen segmentregel past" in exc.value.messages[0]


def test_a_segment_override_needs_a_reason_and_is_shown_in_history(world):
    direct, intensive = segment(world.home, "Direct naar werk"), segment(world.home, "Intensieve begeleiding", 20)
    client = world.client
    with pytest.raises(ValidationError):
        services.override_segment(world.klantmanager, client, direct, "")
    services.override_segment(world.klantmanager, client, direct, "Heeft al een baan op het oog")
    services.override_segment(world.klantmanager, client, intensive, "Toch meer vragen tegelijk")
    client.refresh_from_db()
    assert client.segment == intensive
    assert client.segment_explanation == "Handmatig gekozen: Toch meer vragen tegelijk"
    first, second = _history(client)
    assert (first.from_label, first.to_label, first.reason) == ("", "Direct naar werk", "Heeft al een baan op het oog")
    assert (second.from_label, second.to_label) == ("Direct naar werk", "Intensieve begeleiding")
    with pytest.raises(ValidationError):
        services.override_segment(world.klantmanager, client, segment(world.other, "Elders"), "reden")
    events = _events("caseload.segment_overridden", client)
    assert len(events) == 2
    _assert_no_client_data(events[1], client, "vragen")
