"""The access function the caseload pages add to the door: the team a team lead may look after."""

import uuid

import pytest
from django.http import Http404

from meedoen.accounts import access
from meedoen.accounts.models import Membership, Role
from meedoen.accounts.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_team_lead_gets_their_team_by_default_or_by_id(world):
    assert access.get_led_team(world.teamleider) == world.team
    assert access.get_led_team(world.teamleider, str(world.team.public_id)) == world.team
    assert access.get_led_team(world.teamleider, world.team.public_id) == world.team


def test_a_lead_of_two_teams_chooses(world):
    Membership.objects.create(user=world.teamleider, municipality=world.home, role=Role.TEAMLEIDER,
                              team=world.other_team)
    access.forget_memberships(world.teamleider)
    assert access.get_led_team(world.teamleider, str(world.other_team.public_id)) == world.other_team


@pytest.mark.parametrize("wanted", ["other_team", "foreign", "random", "garbage"])
def test_any_other_team_is_404(world, wanted):
    public_id = {
        "other_team": world.other_team.public_id,
        "foreign": world.foreign_client.team.public_id,
        "random": uuid.uuid4(),
        "garbage": "not-a-uuid",
    }[wanted]
    with pytest.raises(Http404):
        access.get_led_team(world.teamleider, public_id)


@pytest.mark.parametrize("persona", ["klantmanager", "beleidsmedewerker", "beheerder", "foreign_klantmanager"])
def test_who_leads_no_team_gets_404(world, persona):
    with pytest.raises(Http404):
        access.get_led_team(getattr(world, persona))


def test_a_foreign_team_lead_does_not_get_our_team(world):
    foreign_lead = user_with_role(Role.TEAMLEIDER, world.other, team=world.foreign_client.team, username="tl-md")
    assert access.get_led_team(foreign_lead) == world.foreign_client.team
    with pytest.raises(Http404):
        access.get_led_team(foreign_lead, world.team.public_id)
