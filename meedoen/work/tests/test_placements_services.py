"""Placements: outflow (full, partial, none), the bijstand ended in the same transaction, the norm from the
settings by household, the ladder rung, the milestone, validation that saves nothing, and the proposal link."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Household, HouseholdRole
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey import services as journey
from meedoen.journey.models import BijstandEpisode, LadderMeasurement, Milestone, MilestoneKind
from meedoen.work.models import (
    ContractType,
    Outflow,
    PlaceKind,
    Placement,
    PlacementEndReason,
    ProposalStatus,
    WorkSettings,
)
from meedoen.work.services import placements as services
from meedoen.work.tests.factories import EmployerFactory, ProposalFactory, VacancyFactory

pytestmark = pytest.mark.django_db

START = dt.date(2026, 6, 1)


@pytest.fixture
def setup(world):
    WorkSettings.objects.create(municipality=world.home, norm_single=Decimal("1401.00"),
                                norm_couple=Decimal("2001.00"), norms_valid_from=dt.date(2026, 1, 1))
    employer = EmployerFactory(municipality=world.home)
    episode = journey.start_bijstand(actor=world.klantmanager, client=world.client, start=dt.date(2025, 3, 1))
    return employer, episode


def _paid(world, employer, **kwargs):
    values = {"kind": PlaceKind.PAID_JOB, "employer": employer, "start": START, "hours_per_week": 32,
              "contract_type": ContractType.FIXED_TERM, "monthly_wage": Decimal("1500.00")}
    values.update(kwargs)
    return services.record_placement(world.klantmanager, world.client, **values)


def test_full_outflow_ends_the_bijstand_the_day_before_the_job(world, setup):
    employer, episode = setup
    placement = _paid(world, employer)
    assert placement.outflow == Outflow.FULL
    assert placement.bijstand_norm == Decimal("1401.00")
    episode.refresh_from_db()
    assert (episode.end, episode.end_reason) == (dt.date(2026, 5, 31), "work")
    assert list(LadderMeasurement.objects.filter(client=world.client).values_list("measured_on", "rung")) == [
        (START, 6)]
    [milestone] = Milestone.objects.filter(client=world.client, kind=MilestoneKind.WORK_STARTED)
    assert milestone.date == START
    actions = list(AuditEvent.objects.filter(client_public_id=world.client.public_id).order_by("id")
                   .values_list("action", flat=True))
    assert actions[-4:] == ["journey.bijstand_ended", "journey.ladder_measured", "journey.milestone_recorded",
                            "work.placement_recorded"]
    event = AuditEvent.objects.get(action="work.placement_recorded")
    assert event.details["outflow"] == "full" and event.details["bijstand_ended"] is True
    assert "monthly_wage" not in event.details


def test_full_outflow_on_the_day_the_bijstand_began_ends_it_that_day(world, setup):
    employer, episode = setup
    services.record_placement(world.klantmanager, world.client, kind=PlaceKind.PAID_JOB, employer=employer,
                              start=dt.date(2025, 3, 1), hours_per_week=36, contract_type=ContractType.PERMANENT,
                              monthly_wage=Decimal("1401.00"))
    episode.refresh_from_db()
    assert episode.end == dt.date(2025, 3, 1)


def test_a_job_that_began_before_the_bijstand_cannot_end_it(world, setup):
    employer, episode = setup
    with pytest.raises(ValidationError) as exc:
        _paid(world, employer, start=dt.date(2025, 1, 1))
    assert "start" in exc.value.message_dict
    assert not Placement.objects.exists()
    episode.refresh_from_db()
    assert episode.end is None


def test_partial_outflow_keeps_the_bijstand_open(world, setup):
    employer, episode = setup
    placement = _paid(world, employer, monthly_wage=Decimal("1100.00"))
    assert placement.outflow == Outflow.PARTIAL
    episode.refresh_from_db()
    assert episode.end is None
    text = services.outflow_text(placement.outflow, placement.monthly_wage, placement.bijstand_norm)
    assert text == "Loon € 1.100 < norm € 1.401: gedeeltelijke uitstroom, aanvullende bijstand blijft"


def test_no_outflow_without_bijstand_and_for_unpaid_places(world, setup):
    employer, _episode = setup
    other = ClientFactory(municipality=world.home, team=world.team)
    paid = services.record_placement(world.klantmanager, other, kind=PlaceKind.PAID_JOB, employer=employer,
                                     start=START, hours_per_week=20, contract_type=ContractType.ON_CALL,
                                     monthly_wage=Decimal("3000.00"))
    assert paid.outflow == Outflow.NONE
    unpaid = services.record_placement(world.klantmanager, world.client, kind=PlaceKind.WORK_EXPERIENCE,
                                       employer=employer, start=START, hours_per_week=16)
    assert unpaid.outflow == Outflow.NONE and unpaid.bijstand_norm is None
    assert BijstandEpisode.objects.get(client=world.client).end is None
    assert LadderMeasurement.objects.get(client=world.client).rung == 4
    assert not Milestone.objects.filter(client=world.client, kind=MilestoneKind.WORK_STARTED).exists()


def test_the_couple_norm_applies_when_the_household_has_a_partner(world, setup):
    employer, _episode = setup
    household = Household.objects.create(municipality=world.home)
    world.client.household, world.client.household_role = household, HouseholdRole.REFERENT
    world.client.save()
    ClientFactory(municipality=world.home, household=household, household_role=HouseholdRole.PARTNER)
    placement = _paid(world, employer, monthly_wage=Decimal("1500.00"))
    assert placement.bijstand_norm == Decimal("2001.00")
    assert placement.outflow == Outflow.PARTIAL


def test_a_given_norm_wins_over_the_settings(world, setup):
    employer, _episode = setup
    placement = _paid(world, employer, monthly_wage=Decimal("1500.00"), bijstand_norm=Decimal("1600.00"))
    assert (placement.bijstand_norm, placement.outflow) == (Decimal("1600.00"), Outflow.PARTIAL)


def test_the_norm_must_be_known_for_a_paid_job_in_bijstand(world, setup):
    employer, _episode = setup
    WorkSettings.objects.filter(municipality=world.home).update(norm_single=None)
    with pytest.raises(ValidationError) as exc:
        _paid(world, employer)
    assert "bijstand_norm" in exc.value.message_dict
    assert not Placement.objects.exists()


@pytest.mark.parametrize(("extra", "rung"), [
    ({}, 6),
    ({"job_coach": True}, 5),
    ({"wage_cost_subsidy": True, "wage_value_percent": 60}, 5),
    ({"contract_type": ContractType.SHELTERED}, 5),
])
def test_ladder_rung_of_a_paid_job(world, setup, extra, rung):
    employer, _episode = setup
    _paid(world, employer, monthly_wage=Decimal("1000.00"), **extra)
    assert LadderMeasurement.objects.get(client=world.client).rung == rung


def test_no_new_measurement_when_the_latest_has_that_rung(world, setup):
    employer, _episode = setup
    journey.record_ladder_measurement(actor=world.klantmanager, client=world.client, measured_on=dt.date(2026, 5, 1),
                                      rung=4)
    services.record_placement(world.klantmanager, world.client, kind=PlaceKind.VOLUNTEER, employer=employer,
                              start=START, hours_per_week=8)
    assert LadderMeasurement.objects.filter(client=world.client).count() == 1


def test_two_paid_jobs_record_two_work_milestones_in_any_order(world, setup):
    employer, _episode = setup
    _paid(world, employer, monthly_wage=Decimal("500.00"))
    _paid(world, employer, monthly_wage=Decimal("500.00"), start=dt.date(2026, 3, 1))
    assert sorted(Milestone.objects.filter(client=world.client, kind=MilestoneKind.WORK_STARTED)
                  .values_list("version", flat=True)) == [1, 2]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"contract_type": ""}, "contract_type"),
    ({"monthly_wage": None}, "monthly_wage"),
    ({"monthly_wage": Decimal("0")}, "monthly_wage"),
    ({"wage_value_percent": 50}, "wage_value_percent"),
    ({"wage_cost_subsidy": True}, "wage_value_percent"),
    ({"start": dt.date(2099, 1, 1)}, "start"),
    ({"end": dt.date(2026, 1, 1)}, "end"),
    ({"hours_per_week": 0}, "hours_per_week"),
    ({"kind": PlaceKind.VOLUNTEER}, "contract_type"),
])
def test_bad_input_saves_nothing(world, setup, kwargs, field):
    employer, episode = setup
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        _paid(world, employer, **kwargs)
    assert field in exc.value.message_dict
    assert not Placement.objects.exists()
    assert not LadderMeasurement.objects.exists()
    assert not Milestone.objects.filter(kind=MilestoneKind.WORK_STARTED).exists()
    assert AuditEvent.objects.count() == before
    episode.refresh_from_db()
    assert episode.end is None


def test_an_employer_of_another_municipality_is_refused(world, setup):
    foreign = EmployerFactory(municipality=world.other)
    with pytest.raises(ValidationError):
        _paid(world, foreign)


def test_a_failure_after_the_episode_ended_rolls_everything_back(world, setup, monkeypatch):
    employer, episode = setup

    def boom(**kwargs):
        raise ValidationError("kapot")

    monkeypatch.setattr(services.journey, "record_milestone", boom)
    with pytest.raises(ValidationError):
        _paid(world, employer)
    episode.refresh_from_db()
    assert episode.end is None
    assert not Placement.objects.exists() and not LadderMeasurement.objects.exists()


def test_a_placement_from_a_hired_proposal_takes_its_vacancy_and_employer(world, setup):
    _employer, _episode = setup
    vacancy = VacancyFactory(employer=EmployerFactory(municipality=world.home), kind=PlaceKind.PAID_JOB,
                             occupation="Magazijnmedewerker")
    proposal = ProposalFactory(vacancy=vacancy, client=world.client, status=ProposalStatus.HIRED,
                               decided_on=dt.date(2026, 5, 20))
    placement = _paid(world, None, proposal=proposal)
    assert (placement.vacancy, placement.employer, placement.proposal) == (vacancy, vacancy.employer, proposal)
    assert placement.occupation == "Magazijnmedewerker"
    with pytest.raises(ValidationError):
        _paid(world, None, proposal=proposal)  # one placement per proposal


def test_a_proposal_must_be_hired_and_of_this_client(world, setup):
    employer, _episode = setup
    open_proposal = ProposalFactory(vacancy=VacancyFactory(employer=employer), client=world.client)
    with pytest.raises(ValidationError):
        _paid(world, employer, proposal=open_proposal)
    other_client = ClientFactory(municipality=world.home, team=world.team)
    foreign = ProposalFactory(vacancy=VacancyFactory(employer=employer), client=other_client,
                              status=ProposalStatus.HIRED)
    with pytest.raises(ValidationError):
        _paid(world, employer, proposal=foreign)
    assert not Placement.objects.exists()


def test_raising_the_wage_above_the_norm_ends_the_bijstand(world, setup):
    employer, episode = setup
    placement = _paid(world, employer, monthly_wage=Decimal("1100.00"))
    services.update_placement(world.klantmanager, placement, monthly_wage=Decimal("1450.00"))
    placement.refresh_from_db()
    episode.refresh_from_db()
    assert placement.outflow == Outflow.FULL
    assert (episode.end, episode.end_reason) == (dt.date(2026, 5, 31), "work")
    assert AuditEvent.objects.filter(action="work.placement_updated").count() == 1


def test_a_job_that_ended_the_bijstand_cannot_drop_below_the_norm(world, setup):
    employer, _episode = setup
    placement = _paid(world, employer)
    with pytest.raises(ValidationError):
        services.update_placement(world.klantmanager, placement, monthly_wage=Decimal("900.00"))
    placement.refresh_from_db()
    assert placement.monthly_wage == Decimal("1500.00")


def test_end_placement(world, setup):
    employer, _episode = setup
    placement = _paid(world, employer)
    with pytest.raises(ValidationError):
        services.end_placement(world.klantmanager, placement, dt.date(2026, 1, 1), PlacementEndReason.DISMISSED)
    services.end_placement(world.klantmanager, placement, dt.date(2026, 9, 30), PlacementEndReason.DISMISSED)
    placement.refresh_from_db()
    assert (placement.end, placement.end_reason) == (dt.date(2026, 9, 30), "dismissed")
    with pytest.raises(ValidationError):
        services.end_placement(world.klantmanager, placement, dt.date(2026, 9, 30), PlacementEndReason.OTHER)


def test_a_new_episode_after_the_job_is_a_return(world, setup):
    """Done when: the client's bijstand ends with full outflow; a later new episode is flagged as a return."""
    from meedoen.journey.returns import latest_return

    employer, _episode = setup
    placement = _paid(world, employer)
    services.end_placement(world.klantmanager, placement, dt.date(2026, 9, 30), PlacementEndReason.DISMISSED)
    journey.start_bijstand(actor=world.klantmanager, client=world.client, start=dt.date(2026, 10, 1))
    back = latest_return(world.client.bijstand_episodes.all())
    assert back.exit_date == dt.date(2026, 5, 31)
    assert (back.gap_months, back.window) == (4, 6)


def test_money_is_written_the_dutch_way():
    assert services.money(Decimal("1401")) == "€ 1.401"
    assert services.money(Decimal("1400.60")) == "€ 1.400,60"
    assert services.money(Decimal("950.00")) == "€ 950"
