"""Pages of matching: allowed and denied, audit events, fixed query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.intake.models import BroadIntake
from meedoen.work.models import Proposal, ProposalStatus, ShareBasis, VacancyStatus, WorkProfile
from meedoen.work.services import matching as services
from meedoen.work.tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def vacancy(world):
    return VacancyFactory(employer__municipality=world.home, required_speaking="b1", title="Orderpicker Noord")


def candidates_url(vacancy):
    return reverse("work:vacancy_candidates", args=[vacancy.public_id])


def add_clients(world, n, level="b1"):
    clients = [ClientFactory(municipality=world.home, team=world.team) for _ in range(n)]
    for c in clients:
        BroadIntake.objects.create(client=c, municipality=world.home, started_on=TODAY, dutch_speaking=level)
    return clients


# --- Candidates of a vacancy -----------------------------------------------------------------------

def test_candidates_ranked_and_explained(world, login, vacancy):
    BroadIntake.objects.create(client=world.client, municipality=world.home, started_on=TODAY, dutch_speaking="a2")
    (good,) = add_clients(world, 1)
    response = login(world.klantmanager).get(candidates_url(vacancy))
    assert response.status_code == 200
    html = response.content.decode()
    assert good.full_name in html and world.client.full_name in html
    assert html.index(good.full_name) < html.index(world.client.full_name)  # unmet hard requirement last
    assert "Spreken: A2, gevraagd B1" in html
    assert "Voldoet niet aan:" in html  # in words, not only a colour
    assert reverse("work:propose", args=[vacancy.public_id, good.public_id]) in html
    assert reverse("clients:detail", args=[good.public_id]) in html
    (event,) = AuditEvent.objects.filter(action="work.candidates_viewed")
    assert event.details == {"shown": 2, "meeting": 1, "not_meeting": 1}


def test_filter_hides_candidates_with_unmet_hard_requirements(world, login, vacancy):
    (good,) = add_clients(world, 1)
    response = login(world.klantmanager).get(candidates_url(vacancy) + "?alleen_passend=on")
    html = response.content.decode()
    assert good.full_name in html
    assert world.client.full_name not in html


def test_candidates_only_visible_clients(world, login, vacancy):
    response = login(world.colleague_other_team).get(candidates_url(vacancy))
    assert response.status_code == 200
    assert world.client.full_name not in response.content.decode()


def test_candidates_query_count_is_fixed(world, login, vacancy, django_assert_max_num_queries):
    http = login(world.klantmanager)
    add_clients(world, 2)
    http.get(candidates_url(vacancy))  # builds the profiles
    with django_assert_max_num_queries(20) as small:
        http.get(candidates_url(vacancy))
    add_clients(world, 15, level="a1")
    http.get(candidates_url(vacancy))
    with django_assert_max_num_queries(20) as large:
        response = http.get(candidates_url(vacancy))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.context["result"].shown == 18


@pytest.mark.parametrize("persona", ["beleidsmedewerker", "partnermedewerker", "beheerder"])
def test_candidates_denied_for_other_roles(world, login, vacancy, persona):
    assert login(getattr(world, persona)).get(candidates_url(vacancy)).status_code == 403


def test_foreign_vacancy_is_404(world, login):
    foreign = VacancyFactory(employer__municipality=world.other)
    assert login(world.klantmanager).get(candidates_url(foreign)).status_code == 404
    assert login(world.klantmanager).get(
        reverse("work:propose", args=[foreign.public_id, world.client.public_id])).status_code == 404


# --- Vacancies of a client -------------------------------------------------------------------------

def test_client_matches(world, login, vacancy):
    VacancyFactory(employer=vacancy.employer, title="Gesloten plek", status=VacancyStatus.CLOSED)
    VacancyFactory(employer__municipality=world.other, title="Elders")
    response = login(world.klantmanager).get(reverse("work:client_matches", args=[world.client.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Orderpicker Noord" in html and "Gesloten plek" not in html and "Elders" not in html
    assert "Spreken: niveau onbekend, gevraagd B1" in html
    assert AuditEvent.objects.filter(action="work.match_viewed", client_public_id=world.client.public_id).count() == 1


def test_client_matches_query_count_is_fixed(world, login, vacancy, django_assert_max_num_queries):
    http = login(world.klantmanager)
    url = reverse("work:client_matches", args=[world.client.public_id])
    http.get(url)
    with django_assert_max_num_queries(20) as few:
        http.get(url)
    for _ in range(5):
        VacancyFactory(employer=vacancy.employer, required_reading="a2")
    with django_assert_max_num_queries(20) as many:
        http.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


@pytest.mark.parametrize("persona, status", [
    ("colleague_other_team", 404), ("foreign_klantmanager", 404), ("beleidsmedewerker", 403),
    ("partnermedewerker", 403), ("beheerder", 403),
])
def test_client_pages_denied(world, login, vacancy, persona, status):
    http = login(getattr(world, persona))
    for url in (reverse("work:client_matches", args=[world.client.public_id]),
                reverse("work:profile_edit", args=[world.client.public_id]),
                reverse("work:propose", args=[vacancy.public_id, world.client.public_id])):
        assert http.get(url).status_code == status, url
    assert not AuditEvent.objects.filter(action="work.match_viewed").exists()


# --- Work profile ----------------------------------------------------------------------------------

def test_profile_edit(world, login):
    http = login(world.klantmanager)
    url = reverse("work:profile_edit", args=[world.client.public_id])
    assert http.get(url).status_code == 200
    response = http.post(url, {"experience_occupation": "Kok", "experience_sectors": ["hospitality"],
                               "desired_kinds": ["paid_job", "volunteer"], "preferred_locations": "Zwolle",
                               "driving_licence": "on"})
    assert response.status_code == 302
    profile = WorkProfile.objects.get(client=world.client)
    assert (profile.experience_occupation, profile.driving_licence) == ("Kok", True)
    assert http.post(url, {"desired_hours": "80"}).status_code == 400


# --- Proposing and following up --------------------------------------------------------------------

def test_propose_page_and_post(world, login, vacancy):
    http = login(world.klantmanager)
    url = reverse("work:propose", args=[vacancy.public_id, world.client.public_id])
    response = http.get(url)
    assert response.status_code == 200
    assert "Spreken: niveau onbekend, gevraagd B1" in response.content.decode()
    bad = http.post(url, {"share_basis": "consent", "shared_data": "naam"})
    assert bad.status_code == 400
    assert "toestemming" in bad.content.decode()
    response = http.post(url, {"share_basis": "consent", "consent_on": TODAY.isoformat(), "shared_data": "naam, cv"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("work:proposal_detail", args=[proposal.public_id])


def test_propose_client_outside_visible_clients_is_404(world, login, vacancy):
    http = login(world.colleague_other_team)
    url = reverse("work:propose", args=[vacancy.public_id, world.client.public_id])
    assert http.post(url, {"share_basis": "client_applies"}).status_code == 404
    assert not Proposal.objects.exists()


@pytest.fixture
def proposal(world, vacancy):
    return services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CLIENT_APPLIES,
                            on=TODAY - dt.timedelta(days=7))


def test_proposal_detail_and_steps(world, login, proposal):
    http = login(world.klantmanager)
    detail = reverse("work:proposal_detail", args=[proposal.public_id])
    response = http.get(detail)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="work.proposal_viewed").count() == 1
    update = reverse("work:proposal_update", args=[proposal.public_id])
    assert http.post(update, {"interview-step": "interview", "interview-on": TODAY.isoformat()}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    bad = http.post(update, {"not_hired-step": "not_hired", "not_hired-on": TODAY.isoformat()})
    assert bad.status_code == 400
    response = http.post(update, {"hired-step": "hired", "hired-on": TODAY.isoformat()})
    assert response.status_code == 302
    try:
        placement = reverse("work:placement_create", args=[world.client.public_id])
        expected = f"{placement}?voordracht={proposal.public_id}"
    except NoReverseMatch:
        expected = detail
    assert response["Location"] == expected
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.HIRED


def test_withdraw(world, login, proposal):
    http = login(world.teamleider)
    update = reverse("work:proposal_update", args=[proposal.public_id])
    assert http.post(update, {"withdraw-step": "withdraw"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


@pytest.mark.parametrize("persona, status", [
    ("colleague_other_team", 404), ("foreign_klantmanager", 404), ("beleidsmedewerker", 403),
    ("partnermedewerker", 403), ("beheerder", 403),
])
def test_proposal_pages_denied(world, login, proposal, persona, status):
    http = login(getattr(world, persona))
    assert http.get(reverse("work:proposal_detail", args=[proposal.public_id])).status_code == status
    assert http.post(reverse("work:proposal_update", args=[proposal.public_id]),
                     {"withdraw-step": "withdraw"}).status_code == status
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
