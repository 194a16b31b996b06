"""Services of matching: the work profile, proposing a candidate with a legal basis, and the result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.intake.models import BroadIntake
from meedoen.work.models import (
    Certificate,
    MatchProfile,
    NotHiredReason,
    Proposal,
    ProposalStatus,
    ShareBasis,
    VacancyStatus,
    WorkProfile,
)
from meedoen.work.services import matching as services
from meedoen.work.tests.factories import ProposalFactory, VacancyFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def vacancy(world):
    return VacancyFactory(employer__municipality=world.home, required_speaking="b1", capacity=1)


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- Work profile ---------------------------------------------------------------------------------

def test_update_work_profile_creates_validates_and_audits(world):
    vca = Certificate.objects.get(name="VCA Basis")
    profile = services.update_work_profile(
        world.klantmanager, world.client, experience_occupation="  Orderpicker  ",
        experience_sectors=["logistics", "logistics"], desired_kinds=["paid_job"], certificates=[vca],
        preferred_locations="Zwolle ,  Kampen")
    assert profile.experience_occupation == "Orderpicker"
    assert profile.experience_sectors == ["logistics"]
    assert list(profile.certificates.all()) == [vca]
    (event,) = events("work.profile_updated")
    assert event.details["created"] is True
    assert "Orderpicker" not in str(event.details)
    assert MatchProfile.objects.filter(client=world.client).count() == 0  # built lazily, before matching

    services.update_work_profile(world.klantmanager, world.client, desired_hours=20)
    assert WorkProfile.objects.get(client=world.client).desired_hours == 20
    assert events("work.profile_updated")[-1].details["created"] is False


@pytest.mark.parametrize("values", [
    {"experience_sectors": ["space"]}, {"desired_sectors": ["care", "nope"]}, {"desired_kinds": ["job"]},
    {"desired_hours": 41}, {"experience_years": 61},
])
def test_update_work_profile_rejects_unknown_codes_and_bad_numbers(world, values):
    with pytest.raises(ValidationError):
        services.update_work_profile(world.klantmanager, world.client, **values)
    assert not WorkProfile.objects.exists()
    assert not events("work.profile_updated")


def test_update_work_profile_needs_a_manager_of_the_client(world):
    with pytest.raises(ValidationError):
        services.update_work_profile(world.colleague_other_team, world.client, desired_hours=20)
    with pytest.raises(ValidationError):
        services.update_work_profile(world.foreign_klantmanager, world.client, desired_hours=20)


# --- Proposing ------------------------------------------------------------------------------------

def test_propose_with_consent_stores_basis_and_score(world, vacancy):
    BroadIntake.objects.create(client=world.client, municipality=world.home, started_on=TODAY,
                               dutch_speaking="b1")
    proposal = services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CONSENT,
                                TODAY - dt.timedelta(days=1), "naam, telefoon, taalniveau", "Sterke kandidaat")
    assert proposal.status == ProposalStatus.PROPOSED
    assert proposal.consent_on == TODAY - dt.timedelta(days=1)
    assert proposal.score == services.match_for(vacancy, world.client).total > 0
    (event,) = events("work.proposal_created")
    assert event.details == {"vacancy": str(vacancy.public_id), "share_basis": "consent", "score": proposal.score,
                             "consent_on": (TODAY - dt.timedelta(days=1)).isoformat()}
    assert event.client_public_id == world.client.public_id


def test_propose_when_the_client_applies_shares_nothing(world, vacancy):
    proposal = services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CLIENT_APPLIES,
                                TODAY, "")
    assert proposal.consent_on is None


@pytest.mark.parametrize("consent_on, shared, field", [
    (None, "naam", "consent_on"),
    (TODAY + dt.timedelta(days=1), "naam", "consent_on"),
    (TODAY, "", "shared_data"),
])
def test_propose_with_consent_needs_a_date_and_the_data(world, vacancy, consent_on, shared, field):
    with pytest.raises(ValidationError) as exc:
        services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CONSENT, consent_on, shared)
    assert field in exc.value.error_dict
    assert not Proposal.objects.exists()


def test_propose_refuses_closed_vacancy_duplicates_and_foreign_or_invisible_clients(world, vacancy):
    services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CLIENT_APPLIES)
    with pytest.raises(ValidationError, match="al voorgedragen"):
        services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CLIENT_APPLIES)
    with pytest.raises(ValidationError):
        services.propose(world.foreign_klantmanager, vacancy, world.foreign_client, ShareBasis.CLIENT_APPLIES)
    with pytest.raises(ValidationError):
        services.propose(world.colleague_other_team, vacancy, world.client, ShareBasis.CLIENT_APPLIES)
    closed = VacancyFactory(employer=vacancy.employer, status=VacancyStatus.CLOSED)
    with pytest.raises(ValidationError, match="niet meer open"):
        services.propose(world.klantmanager, closed, world.client, ShareBasis.CLIENT_APPLIES)
    assert Proposal.objects.count() == 1


# --- Following up ---------------------------------------------------------------------------------

@pytest.fixture
def proposal(world, vacancy):
    return services.propose(world.klantmanager, vacancy, world.client, ShareBasis.CLIENT_APPLIES,
                            on=TODAY - dt.timedelta(days=10))


def test_interview_then_hired_fills_the_vacancy(world, proposal):
    services.record_interview(world.klantmanager, proposal, TODAY - dt.timedelta(days=5))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    services.mark_hired(world.teamleider, proposal, TODAY)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_on) == (ProposalStatus.HIRED, TODAY)
    proposal.vacancy.refresh_from_db()
    assert proposal.vacancy.status == VacancyStatus.FILLED
    updates = events("work.proposal_updated")
    assert [(e.details["from"], e.details["to"]) for e in updates] == [("proposed", "interview"),
                                                                      ("interview", "hired")]
    assert updates[-1].details["vacancy_filled"] is True


def test_vacancy_stays_open_until_capacity_is_reached(world, proposal):
    vacancy = proposal.vacancy
    vacancy.capacity = 2
    vacancy.save()
    services.mark_hired(world.klantmanager, proposal, TODAY)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    other = ClientFactory(municipality=world.home, team=world.team)
    second = services.propose(world.klantmanager, vacancy, other, ShareBasis.CLIENT_APPLIES)
    services.mark_hired(world.klantmanager, second, TODAY)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.FILLED


def test_not_hired_needs_a_reason_and_keeps_the_note(world, proposal):
    with pytest.raises(ValidationError):
        services.mark_not_hired(world.klantmanager, proposal, TODAY, "", "")
    services.mark_not_hired(world.klantmanager, proposal, TODAY, NotHiredReason.LANGUAGE, "Spreken nog te zwak")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.not_hired_reason) == (ProposalStatus.NOT_HIRED, "language")
    assert "Spreken nog te zwak" in proposal.note
    event = events("work.proposal_updated")[-1]
    assert event.details["reason"] == "language"
    assert "Spreken" not in str(event.details)


def test_dates_are_checked(world, proposal):
    with pytest.raises(ValidationError):
        services.mark_hired(world.klantmanager, proposal, TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.mark_hired(world.klantmanager, proposal, TODAY - dt.timedelta(days=30))
    with pytest.raises(ValidationError):
        services.record_interview(world.klantmanager, proposal, TODAY - dt.timedelta(days=30))


def test_transitions_follow_the_table(world, proposal):
    services.withdraw(world.klantmanager, proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    for call in (lambda: services.record_interview(world.klantmanager, proposal, TODAY),
                 lambda: services.mark_hired(world.klantmanager, proposal, TODAY),
                 lambda: services.withdraw(world.klantmanager, proposal)):
        with pytest.raises(ValidationError):
            call()
    # A new proposal is possible once the earlier one is closed.
    services.propose(world.klantmanager, proposal.vacancy, world.client, ShareBasis.CLIENT_APPLIES)


def test_only_a_manager_of_the_client_follows_up(world):
    proposal = ProposalFactory(vacancy__employer__municipality=world.home, client=world.client)
    with pytest.raises(ValidationError):
        services.withdraw(world.colleague_other_team, proposal)
    with pytest.raises(ValidationError):
        services.mark_hired(world.foreign_klantmanager, proposal, TODAY)
