"""Read models: the waiting list in policy order with reasons and figures; caseload annotations."""

import datetime as dt

import pytest

from meedoen.caseload import queries
from meedoen.caseload.models import WaitingListPolicy
from meedoen.caseload.tests.factories import contact, deadline, milestone
from meedoen.clients.models import Client
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import JourneySettings, MilestoneKind

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2024, 4, 1)


@pytest.fixture
def waiting(world):
    """Five people waiting in one team, with known facts (None = not known)."""
    people = {
        "A": (D(2024, 1, 10), False, True),
        "B": (D(2024, 2, 1), True, True),
        "C": (D(2024, 3, 1), True, False),
        "D": (D(2024, 1, 1), None, False),
        "E": (D(2024, 1, 5), False, True),
    }
    made = {}
    for name, (since, low_literacy, work) in people.items():
        made[name] = ClientFactory(municipality=world.home, team=world.team, given_names=name, waiting_since=since,
                                   low_literacy=low_literacy, has_work_experience=work)
    ClientFactory(municipality=world.home, team=world.team)  # not waiting
    ClientFactory(municipality=world.home, team=world.other_team, waiting_since=D(2023, 1, 1))  # another team
    return made


def _order(world, criteria=None):
    return [row.client.given_names for row in queries.waiting_list(team=world.team, today=TODAY, criteria=criteria)]


def test_default_policy_low_literacy_then_no_work_experience_then_waiting_time(world, waiting):
    assert _order(world) == ["C", "B", "D", "E", "A"]


@pytest.mark.parametrize(("criteria", "expected"), [
    (["longest_waiting_first"], ["D", "E", "A", "B", "C"]),
    (["no_work_experience_first", "low_literacy_first"], ["C", "D", "B", "E", "A"]),
    (["no_work_experience_first", "longest_waiting_first"], ["D", "C", "E", "A", "B"]),
])
def test_the_policy_decides_the_order(world, waiting, criteria, expected):
    WaitingListPolicy.objects.create(municipality=world.home, criteria=criteria)
    assert _order(world) == expected


def test_each_row_says_why(world, waiting):
    rows = {r.client.given_names: r for r in queries.waiting_list(team=world.team, today=TODAY)}
    assert rows["C"].reason == "laaggeletterd · geen werkervaring · wacht 31 dagen"
    assert rows["B"].reason == "laaggeletterd · wacht 60 dagen"
    assert rows["D"].reason == "geen werkervaring · wacht 91 dagen"
    assert rows["A"].reason == "wacht 82 dagen"
    assert [r.position for r in queries.waiting_list(team=world.team, today=TODAY)] == [1, 2, 3, 4, 5]
    # A policy on waiting time alone shows only the waiting time.
    WaitingListPolicy.objects.create(municipality=world.home, criteria=["longest_waiting_first"])
    rows = {r.client.given_names: r for r in queries.waiting_list(team=world.team, today=TODAY)}
    assert rows["C"].reason == "wacht 31 dagen"
    one_day = ClientFactory(municipality=world.home, team=world.team, waiting_since=TODAY - dt.timedelta(days=1))
    assert queries.waiting_reason(one_day, ["longest_waiting_first"], TODAY) == "wacht 1 dag"


def test_the_municipality_list_covers_every_team(world, waiting):
    names = [r.client.given_names for r in queries.waiting_list(municipality=world.home, today=TODAY)]
    assert len(names) == 6 and names[-1] != "C"


def test_summary_length_median_and_longest_per_team(world, waiting):
    overall, per_team = queries.waiting_summary(Client.objects.filter(municipality=world.home), TODAY)
    team = per_team[world.team.pk]
    # waits: A 82, B 60, C 31, D 91, E 87
    assert (team.length, team.median_days, team.longest_days) == (5, 82, 91)
    assert per_team[world.other_team.pk].length == 1
    assert overall.length == 6
    empty, _ = queries.waiting_summary(Client.objects.none(), TODAY)
    assert (empty.length, empty.median_days, empty.longest_days) == (0, None, None)


def test_caseload_annotations(world):
    client = world.client
    today = TODAY
    milestone(client, MilestoneKind.LINKED, D(2024, 1, 2))
    milestone(client, MilestoneKind.HOUSED, D(2024, 3, 1))
    deadline(client, "housing_offer", D(2024, 3, 12), met_on=D(2024, 3, 1))  # met
    deadline(client, "pip", D(2024, 3, 20))  # overdue
    deadline(client, "progress_conversation", D(2024, 3, 25))  # overdue
    deadline(client, "ladder_measurement", D(2024, 4, 10))  # open, later
    deadline(client, "ontzorgen", D(2024, 2, 1), is_window=True)  # a window: never the "next deadline"
    contact(client, D(2024, 2, 1))
    contact(client, D(2024, 3, 15))
    bare = ClientFactory(municipality=world.home, team=world.team)
    rows = {c.pk: c for c in queries.with_caseload_facts(Client.objects.filter(pk__in=[client.pk, bare.pk]), today)}
    annotated = rows[client.pk]
    assert annotated.stage_kind == MilestoneKind.HOUSED
    assert (annotated.next_due, annotated.next_code) == (D(2024, 3, 20), "pip")
    assert annotated.overdue_count == 2
    assert annotated.last_contact == D(2024, 3, 15)
    assert (rows[bare.pk].stage_kind, rows[bare.pk].next_due, rows[bare.pk].overdue_count) == (None, None, 0)
    [row, bare_row] = sorted(queries.caseload_rows(rows.values(), today, {world.home.pk: 14}),
                             key=lambda r: r.client.pk)
    assert (row.stage, row.next_deadline, row.status, row.status_label) == (
        "Gehuisvest", "PIP vaststellen", "overdue", "Te laat")
    assert bare_row.stage == "Aangemeld"


def test_due_soon_uses_the_municipality_setting(world):
    deadline(world.client, "pip", TODAY + dt.timedelta(days=20))
    assert queries.due_soon_days([world.home.pk]) == {world.home.pk: 14}
    qs = queries.with_caseload_facts(Client.objects.filter(pk=world.client.pk), TODAY)
    assert not queries.filter_deadline_status(qs, "binnenkort", TODAY, queries.due_soon_days([world.home.pk]))
    JourneySettings.objects.create(municipality=world.home, due_soon_days=21)
    horizons = queries.due_soon_days([world.home.pk])
    assert horizons == {world.home.pk: 21}
    assert queries.filter_deadline_status(qs, "binnenkort", TODAY, horizons).get() == world.client
    assert not queries.filter_deadline_status(qs, "te_laat", TODAY, horizons)
