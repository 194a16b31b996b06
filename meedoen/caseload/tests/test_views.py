"""The caseload pages over HTTP, per persona: who may see what, what the audit trail records, and that each
list costs a fixed number of SQL queries however many clients there are."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.models import Membership, Role
from meedoen.accounts.tests.factories import TeamFactory, user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.caseload import services
from meedoen.caseload.models import AssignmentChange
from meedoen.caseload.tests.factories import contact, deadline, milestone, segment
from meedoen.clients.models import Client, Regime
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import MilestoneKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOT_TEAM_ROLES = ["beleidsmedewerker", "partnermedewerker", "beheerder"]


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _count_queries(http, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = http.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _full_client(world, i, *, klantmanager=None, team=None, **kwargs):
    """A client with a journey: milestones, open and overdue deadlines, contacts."""
    client = ClientFactory(municipality=world.home, team=team or world.team, klantmanager=klantmanager,
                           low_literacy=i % 2 == 0, has_work_experience=i % 3 == 0, **kwargs)
    milestone(client, MilestoneKind.LINKED, TODAY - dt.timedelta(days=200 + i))
    milestone(client, MilestoneKind.HOUSED, TODAY - dt.timedelta(days=100 + i))
    deadline(client, "pip", TODAY - dt.timedelta(days=i % 5))
    deadline(client, "progress_conversation", TODAY + dt.timedelta(days=10 + i))
    contact(client, TODAY - dt.timedelta(days=i))
    contact(client, TODAY - dt.timedelta(days=30 + i))
    return client


# --- Mijn caseload -------------------------------------------------------------------------------------------

def test_mine_anonymous_is_sent_to_login(client):
    response = client.get(reverse("caseload:mine"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["teamleider", *NOT_TEAM_ROLES])
def test_mine_is_for_klantmanagers_only(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("caseload:mine")).status_code == 403


def test_mine_lists_only_own_clients_and_records_one_list_view(world, login):
    own = _full_client(world, 1, klantmanager=world.klantmanager, given_names="Eigen")
    team_mate = ClientFactory(municipality=world.home, team=world.team, given_names="Teamgenoot")
    elsewhere = ClientFactory(municipality=world.home, team=world.other_team, klantmanager=world.colleague_other_team,
                              given_names="Ander team")
    response = login(world.klantmanager).get(reverse("caseload:mine"))
    assert response.status_code == 200
    shown = {row.client.pk for row in response.context["rows"]}
    assert shown == {world.client.pk, own.pk}
    assert team_mate.pk not in shown and elsewhere.pk not in shown and world.foreign_client.pk not in shown
    html = response.content.decode()
    assert reverse("clients:detail", args=[own.public_id]) in html
    assert "Gehuisvest" in html and "Aangemeld" in html  # stage, and the default stage without milestones
    assert "PIP vaststellen" in html
    [event] = _events("client.list_viewed")
    assert event.actor == world.klantmanager
    assert event.details["page"] == "caseload" and event.details["count"] == 2


def test_mine_shows_status_flags_and_last_contact(world, login):
    c = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager, low_literacy=True,
                      has_work_experience=False, segment=segment(world.home))
    deadline(c, "pip", TODAY - dt.timedelta(days=3))
    deadline(c, "housing_offer", TODAY - dt.timedelta(days=1))
    contact(c, TODAY - dt.timedelta(days=5))
    response = login(world.klantmanager).get(reverse("caseload:mine"), {"status": "te_laat"})
    [row] = response.context["rows"]
    assert (row.status_label, row.overdue_count, row.flags) == ("Te laat", 2, ["laaggeletterd", "geen werkervaring"])
    assert row.last_contact == TODAY - dt.timedelta(days=5)
    html = response.content.decode()
    assert "2 termijnen te laat" in html and "Direct naar werk" in html


def test_mine_filters_sorts_and_pages(world, login):
    km = world.klantmanager
    direct = segment(world.home)
    soon = ClientFactory(municipality=world.home, team=world.team, klantmanager=km, family_name="Bakker",
                         regime=Regime.WI2021, target_group="asielstatushouder", segment=direct)
    deadline(soon, "pip", TODAY + dt.timedelta(days=5))
    late = ClientFactory(municipality=world.home, team=world.team, klantmanager=km, family_name="Aziz")
    deadline(late, "pip", TODAY - dt.timedelta(days=5))
    contact(late, TODAY)
    http = login(km)

    def names(**params):
        return [r.client.family_name for r in http.get(reverse("caseload:mine"), params).context["rows"]]

    assert names(status="te_laat") == ["Aziz"]
    assert names(status="binnenkort") == ["Bakker"]
    assert names(regime="wi2021") == ["Bakker"]
    assert names(segment=str(direct.public_id)) == ["Bakker"]
    assert names(sorteer="termijn")[:2] == ["Aziz", "Bakker"]
    assert names(sorteer="contact")[-1] == "Aziz"  # most recent contact last
    assert names(sorteer="naam")[0] == "Aziz"
    assert names(status="onzin") == names()  # an invalid filter is ignored
    for _ in range(30):
        ClientFactory(municipality=world.home, team=world.team, klantmanager=km)
    first = http.get(reverse("caseload:mine"))
    assert len(first.context["rows"]) == 25 and first.context["page_obj"].paginator.count == 33
    assert len(http.get(reverse("caseload:mine"), {"page": 2}).context["rows"]) == 8


def test_mine_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    http = login(world.klantmanager)
    for i in range(2):
        _full_client(world, i, klantmanager=world.klantmanager)  # with world.client: 3 clients
    url = reverse("caseload:mine")
    http.get(url)  # warm-up: the first request of a session stores its two-factor state
    few = _count_queries(http, url)
    for i in range(37):
        _full_client(world, 10 + i, klantmanager=world.klantmanager)  # 40 clients
    assert Client.objects.filter(klantmanager=world.klantmanager).count() == 40
    assert _count_queries(http, url) == few
    assert _count_queries(http, url + "?status=binnenkort&sorteer=termijn&page=2") == few
    # 14 + 4: open signals (count and rows) and partner updates (attendance and notes) from referrals.
    with django_assert_max_num_queries(18):
        http.get(url)


# --- Team page -------------------------------------------------------------------------------------------------

@pytest.fixture
def waiting_team(world):
    """Waiting clients in the teamleider's team (and one elsewhere)."""
    made = [
        ClientFactory(municipality=world.home, team=world.team, family_name="Wachter", given_names="Lang",
                      waiting_since=TODAY - dt.timedelta(days=90)),
        ClientFactory(municipality=world.home, team=world.team, family_name="Wachter", given_names="Voorrang",
                      waiting_since=TODAY - dt.timedelta(days=34), low_literacy=True, has_work_experience=False),
    ]
    ClientFactory(municipality=world.home, team=world.other_team, family_name="Elders",
                  waiting_since=TODAY - dt.timedelta(days=300))
    return made


def test_team_anonymous_is_sent_to_login(client):
    response = client.get(reverse("caseload:team"))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["klantmanager", *NOT_TEAM_ROLES, "foreign_klantmanager"])
def test_team_is_for_team_leads_only(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("caseload:team")).status_code == 403


def test_team_of_another_team_or_municipality_is_404(world, login):
    http = login(world.teamleider)
    foreign_team = world.foreign_client.team
    for team in (world.other_team, foreign_team):
        assert http.get(reverse("caseload:team"), {"team": str(team.public_id)}).status_code == 404
    assert http.get(reverse("caseload:team"), {"team": "geen-uuid"}).status_code == 404


def test_team_shows_load_against_the_norm_and_the_waiting_list(world, login, waiting_team):
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km2")
    for _ in range(3):
        c = ClientFactory(municipality=world.home, team=world.team, klantmanager=colleague)
        deadline(c, "pip", TODAY - dt.timedelta(days=2))
    response = login(world.teamleider).get(reverse("caseload:team"))
    assert response.status_code == 200
    load = response.context["load"]
    assert load.capacity == 240  # 4 fte × 60
    by_name = {k.membership.user: k for k in load.klantmanagers}
    assert by_name[world.klantmanager].clients == 1
    assert (by_name[colleague].clients, by_name[colleague].overdue) == (3, 3)
    assert by_name[colleague].share == 120  # 240 / 2 klantmanagers
    assert (load.clients, load.assigned, load.unassigned) == (6, 4, 2)
    waiting = response.context["waiting"]
    assert [r.client.given_names for r in waiting] == ["Voorrang", "Lang"]
    assert waiting[0].reason == "laaggeletterd · geen werkervaring · wacht 34 dagen"
    summary = response.context["summary"]
    assert (summary.length, summary.median_days, summary.longest_days) == (2, 62, 90)
    html = response.content.decode()
    assert "Elders" not in html  # another team's waiting list
    assert "laaggeletterd · geen werkervaring · wacht 34 dagen" in html
    [event] = _events("client.list_viewed")
    assert event.details["page"] == "team"


def test_team_shows_a_klantmanagers_clients_for_reassignment(world, login):
    response = login(world.teamleider).get(reverse("caseload:team"), {
        "klantmanager": str(Membership.objects.get(user=world.klantmanager).public_id)})
    assert [c.pk for c in response.context["selected_clients"]] == [world.client.pk]


def test_team_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    others = [user_with_role(Role.KLANTMANAGER, world.home, team=world.team) for _ in range(2)]
    km_membership = Membership.objects.get(user=world.klantmanager)
    url = reverse("caseload:team") + f"?klantmanager={km_membership.public_id}"
    http = login(world.teamleider)
    _full_client(world, 1, klantmanager=world.klantmanager)
    _full_client(world, 2, waiting_since=TODAY - dt.timedelta(days=5))
    http.get(url)
    few = _count_queries(http, url)
    for i in range(40):
        _full_client(world, 10 + i, klantmanager=[world.klantmanager, *others][i % 3])
        _full_client(world, 100 + i, waiting_since=TODAY - dt.timedelta(days=i))
        ClientFactory(municipality=world.home, team=world.team)  # unassigned, not waiting
    assert _count_queries(http, url) == few
    # 18 + 1: open signals per klantmanager (referrals).
    with django_assert_max_num_queries(19):
        http.get(url)


# --- Team assignment (POST) -----------------------------------------------------------------------------------

def _assign(http, team, clients, klantmanager, **extra):
    membership = Membership.objects.get(user=klantmanager, role=Role.KLANTMANAGER, team=team)
    return http.post(reverse("caseload:team_assign"), {
        "team": str(team.public_id), "clients": [str(c.public_id) for c in clients],
        "klantmanager": str(membership.public_id), **extra})


def test_team_lead_assigns_from_the_waiting_list(world, login, waiting_team):
    http = login(world.teamleider)
    response = _assign(http, world.team, waiting_team, world.klantmanager)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("caseload:team"))
    for c in waiting_team:
        c.refresh_from_db()
        assert (c.klantmanager, c.waiting_since) == (world.klantmanager, None)
    assert len(_events("caseload.klantmanager_assigned")) == 2
    page = http.get(response["Location"])
    assert "2 cliënten zijn toegewezen aan" in page.content.decode()


def test_team_assign_refuses_clients_of_another_team_or_municipality(world, login, waiting_team):
    http = login(world.teamleider)
    elsewhere = ClientFactory(municipality=world.home, team=world.other_team)
    for intruder in (elsewhere, world.foreign_client):
        response = _assign(http, world.team, [waiting_team[0], intruder], world.klantmanager)
        assert response.status_code == 302
        waiting_team[0].refresh_from_db()
        assert waiting_team[0].klantmanager is None
    assert not _events("caseload.klantmanager_assigned")
    page = http.get(reverse("caseload:team"))
    assert "horen niet (meer) bij dit team" in page.content.decode()


def test_team_assign_refuses_a_klantmanager_of_another_team(world, login, waiting_team):
    http = login(world.teamleider)
    membership = Membership.objects.get(user=world.colleague_other_team)
    response = http.post(reverse("caseload:team_assign"), {
        "team": str(world.team.public_id), "clients": [str(waiting_team[0].public_id)],
        "klantmanager": str(membership.public_id)}, follow=True)
    assert "Kies een klantmanager van dit team." in response.content.decode()
    waiting_team[0].refresh_from_db()
    assert waiting_team[0].klantmanager is None


def test_team_assign_without_clients_says_so(world, login):
    http = login(world.teamleider)
    membership = Membership.objects.get(user=world.klantmanager)
    response = http.post(reverse("caseload:team_assign"), {
        "team": str(world.team.public_id), "klantmanager": str(membership.public_id)}, follow=True)
    assert "Kies ten minste één cliënt." in response.content.decode()


def test_team_assign_denied_cases(world, login, client, waiting_team):
    url = reverse("caseload:team_assign")
    assert client.post(url, {}).status_code == 302  # anonymous → login
    assert login(world.klantmanager).post(url, {}).status_code == 403
    other_lead = user_with_role(Role.TEAMLEIDER, world.home, team=world.other_team, username="tl2")
    assert _assign(login(other_lead), world.team, waiting_team, world.klantmanager).status_code == 404
    assert login(world.teamleider).get(url).status_code == 405


# --- Client assignment page -------------------------------------------------------------------------------------

def _page(world):
    return reverse("caseload:client_assignment", args=[world.client.public_id])


def test_client_assignment_anonymous_is_sent_to_login(world, client):
    assert client.get(_page(world)).status_code == 302


@pytest.mark.parametrize("persona", NOT_TEAM_ROLES)
def test_client_assignment_wrong_role_is_403(world, login, persona):
    assert login(getattr(world, persona)).get(_page(world)).status_code == 403


@pytest.mark.parametrize("persona", ["colleague_other_team", "foreign_klantmanager"])
def test_client_assignment_of_another_team_or_municipality_is_404(world, login, persona):
    http = login(getattr(world, persona))
    assert http.get(_page(world)).status_code == 404
    for name in ("client_route", "client_override_team", "client_assign", "client_override_segment",
                 "client_determine_segment"):
        url = reverse(f"caseload:{name}", args=[world.client.public_id])
        assert http.post(url, {"team-team": str(world.other_team.public_id), "team-reason": "x"}).status_code == 404
    assert not AssignmentChange.objects.exists()


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider"])
def test_client_assignment_shows_explanations_and_records_the_read(world, login, persona):
    services.ensure_default_routing(world.home)
    services.route_client(world.klantmanager, world.client)
    response = login(getattr(world, persona)).get(_page(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "leeftijd" in html and "Re-integratie 27+" in html
    assert "Team bepalen volgens de regels" in html
    [event] = AuditEvent.objects.filter(action="client.viewed", client_public_id=world.client.public_id)
    assert event.actor == getattr(world, persona)


def test_team_override_needs_a_reason_on_the_page_too(world, login):
    http = login(world.klantmanager)
    url = reverse("caseload:client_override_team", args=[world.client.public_id])
    response = http.post(url, {"team-team": str(world.other_team.public_id), "team-reason": ""})
    assert response.status_code == 400
    assert "Dit veld is verplicht." in response.content.decode()
    world.client.refresh_from_db()
    assert world.client.team == world.team
    response = http.post(url, {"team-team": str(world.other_team.public_id), "team-reason": "Nog op school"})
    # The klantmanager is not in the new team: the dossier leaves their view.
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:list")
    world.client.refresh_from_db()
    assert world.client.team == world.other_team
    change = AssignmentChange.objects.get(kind="team")
    assert change.reason == "Nog op school"


def test_a_foreign_team_cannot_be_chosen(world, login):
    foreign_team = TeamFactory(municipality=world.other)
    response = login(world.klantmanager).post(
        reverse("caseload:client_override_team", args=[world.client.public_id]),
        {"team-team": str(foreign_team.public_id), "team-reason": "x"})
    assert response.status_code == 400
    assert not AssignmentChange.objects.exists()


def test_segment_override_and_determination_from_the_page(world, login):
    services.ensure_default_segments(world.home)
    http = login(world.teamleider)
    page = http.get(_page(world)).content.decode()
    assert "Het segment volgt na de brede intake" in page
    determine = reverse("caseload:client_determine_segment", args=[world.client.public_id])
    response = http.post(determine, follow=True)
    assert "brede intake is nog niet afgerond" in response.content.decode()
    milestone(world.client, MilestoneKind.INTAKE_COMPLETED, TODAY)
    world.client.has_work_experience, world.client.low_literacy = True, False
    world.client.save()
    assert "Bepaal nu het segment" in http.get(_page(world)).content.decode()
    response = http.post(determine, follow=True)
    html = response.content.decode()
    assert "werkervaring: ja; laaggeletterd: nee → Direct naar werk" in html
    intensive = world.home.segments.get(name="Intensieve begeleiding")
    response = http.post(reverse("caseload:client_override_segment", args=[world.client.public_id]),
                         {"segment-segment": str(intensive.public_id), "segment-reason": "Meer vragen tegelijk"},
                         follow=True)
    html = response.content.decode()
    assert "Meer vragen tegelijk" in html and "Handmatig (afwijking)" in html
    world.client.refresh_from_db()
    assert world.client.segment == intensive


def test_assign_a_klantmanager_from_the_page(world, login):
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km2")
    membership = Membership.objects.get(user=colleague)
    response = login(world.klantmanager).post(reverse("caseload:client_assign", args=[world.client.public_id]),
                                              {"assign-klantmanager": str(membership.public_id)})
    assert response.status_code == 302
    world.client.refresh_from_db()
    assert world.client.klantmanager == colleague


def test_route_from_the_page(world, login):
    services.ensure_default_routing(world.home)
    young = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                          birth_date=TODAY.replace(year=TODAY.year - 20))
    response = login(world.klantmanager).post(reverse("caseload:client_route", args=[young.public_id]))
    assert response.status_code == 302
    young.refresh_from_db()
    assert young.team == world.other_team and young.waiting_since == TODAY
