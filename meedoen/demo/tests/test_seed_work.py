"""The seeded work data (issue 5, item 7): employers, vacancies, profiles, proposals, placements that agree with
the bijstand episodes (full outflow ends an episode, partial outflow keeps it open), returns, two providers with
different results, the pair of the work demo, and determinism."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from meedoen.clients.models import Client
from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, ZWOLLE
from meedoen.demo.plan import Sizes, build_plan
from meedoen.demo.seeding import demo_work_pair
from meedoen.demo.work import NORM_COUPLE, NORM_SINGLE, work_rows
from meedoen.journey.models import BijstandEndReason, BijstandEpisode, LadderMeasurement
from meedoen.work import matching
from meedoen.work.models import (
    CooperationAgreement,
    Employer,
    EmployerContact,
    MatchProfile,
    PlaceKind,
    Placement,
    Proposal,
    ProposalStatus,
    Trajectory,
    Vacancy,
    VacancyStatus,
    WorkProfile,
    WorkSettings,
)

SMALL = ["--zwolle-statushouders", "60", "--zwolle-bijstand", "200", "--middendrenthe", "20"]
DAY = dt.timedelta(days=1)


@pytest.fixture(scope="module")
def full_plan():
    """The full-size demo plan in memory (no database): for the shares that need its size."""
    return build_plan(today=timezone.localdate())


@pytest.fixture
def seeded(db) -> str:
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out)
    return out.getvalue()


# --- The full plan: sizes and shares ---------------------------------------------------------------------

def test_zwolle_has_about_thirty_employers_and_sixty_vacancies_of_every_kind(full_plan):
    work = full_plan.municipality(ZWOLLE).work
    assert 28 <= len(work.employers) <= 36
    assert {e.sector for e in work.employers} >= {"logistics", "care", "construction", "hospitality", "retail",
                                                  "technical", "cleaning", "agriculture"}
    assert len({e.kvk_number for e in work.employers}) == len(work.employers)
    assert all(len(e.kvk_number) == 8 and e.kvk_number.isdigit() for e in work.employers)
    assert 55 <= len(work.vacancies) <= 65
    kinds = Counter(v.kind for v in work.vacancies)
    assert set(kinds) == set(PlaceKind.values)
    statuses = Counter(v.status for v in work.vacancies)
    assert statuses["open"] > statuses["filled"] > 0 and statuses["closed"] > 0
    assert statuses["open"] >= 0.6 * len(work.vacancies)
    assert any(v.required_speaking == "b1" and v.language_reason for v in work.vacancies)
    assert any(v.required_reading == "a2" for v in work.vacancies)
    assert any(v.certificates for v in work.vacancies) and any(v.requires_driving_licence for v in work.vacancies)
    assert 8 <= len(work.agreements) <= 13


def test_proposals_in_every_state(full_plan):
    work = full_plan.municipality(ZWOLLE).work
    statuses = Counter(p.status for p in work.proposals)
    assert set(statuses) == set(ProposalStatus.values)
    assert all(p.not_hired_reason for p in work.proposals if p.status == "not_hired")
    assert all(p.consent_on is not None for p in work.proposals if p.share_basis == "consent")
    hired = {p.public_id for p in work.proposals if p.status == "hired"}
    assert hired == {p.proposal for p in work.placements if p.proposal}
    pairs = [(p.vacancy, p.client) for p in work.proposals]
    assert len(pairs) == len(set(pairs))


def test_placements_follow_the_bijstand_episodes(full_plan):
    mplan = full_plan.municipality(ZWOLLE)
    work, journeys = mplan.work, mplan.journeys.people
    full = [p for p in work.placements if p.outflow == "full"]
    exits = [(key, e) for key, j in journeys.items() for e in j.episodes if e.end_reason == BijstandEndReason.WORK]
    assert len(full) == len(exits) > 100
    starts = {(p.client, p.start) for p in full}
    assert all((key, e.end + DAY) in starts for key, e in exits)
    assert all(p.monthly_wage >= p.bijstand_norm for p in full)
    partial = [p for p in work.placements if p.outflow == "partial"]
    on_bijstand = [k for k, j in journeys.items() if j.episodes and j.episodes[-1].end is None]
    assert 0.07 * len(on_bijstand) <= len(partial) <= 0.11 * len(on_bijstand)
    for p in partial:
        assert p.monthly_wage < p.bijstand_norm and p.end is None
        assert journeys[p.client].episodes[-1].end is None
    assert any(p.job_coach for p in partial) and any(p.contract_type == "sheltered" for p in partial)
    subsidised = [p for p in partial if p.wage_cost_subsidy]
    assert subsidised and all(50 <= p.wage_value_percent <= 80 for p in subsidised)
    assert {p.kind for p in work.placements if p.outflow == "none"} == {"work_experience", "map_practical",
                                                                          "volunteer"}
    assert {p.bijstand_norm for p in full + partial} <= {NORM_SINGLE, NORM_COUPLE}


def test_returns_after_work_within_six_twelve_and_sixty_months(full_plan):
    mplan = full_plan.municipality(ZWOLLE)
    journeys = mplan.journeys.people
    by_client: dict[str, list] = {}
    for p in mplan.work.placements:
        by_client.setdefault(p.client, []).append(p)
    exits = returns = 0
    within = Counter()
    for key, j in journeys.items():
        for i, e in enumerate(j.episodes):
            if e.end_reason != BijstandEndReason.WORK:
                continue
            exits += 1
            if i + 1 == len(j.episodes):
                continue
            back = j.episodes[i + 1].start
            returns += 1
            months = (back - e.end).days / 30.44
            within.update({6: months <= 6, 12: months <= 12, 60: months <= 60})
            job = next(p for p in by_client[key] if p.start == e.end + DAY)
            assert job.end is not None and job.end < back and job.end_reason
    assert returns and within[6] > 0 and within[12] > within[6] and within[60] >= within[12]
    # Divosa: 14 % back within 6 months, 20 % within a year, 35 % within five years.
    assert 0.10 <= within[6] / exits <= 0.18 and 0.15 <= within[12] / exits <= 0.25
    assert 0.28 <= within[60] / exits <= 0.42


def test_two_providers_with_clearly_different_results(full_plan):
    work = full_plan.municipality(ZWOLLE).work
    assert len(work.providers) == 2
    rates = {}
    for contract in work.contracts:
        rows = [t for t in work.trajectories if t.contract == contract.public_id]
        assert 100 <= len(rows) <= 140
        window = contract.success_window_months * 30.44
        decided = [t for t in rows if t.result != "pending"]
        success = [t for t in decided if t.result in ("work", "education") and (t.result_on - t.start).days <= window]
        late = [t for t in decided if t.result == "work" and (t.result_on - t.start).days > window]
        assert late and any(t.result == "pending" for t in rows)
        rates[contract.promised_success_percent] = len(success) / len(decided)
    assert 0.25 <= rates[30] <= 0.35 and 0.1 <= rates[25] <= 0.2
    assert {c.price for c in work.contracts} == {Decimal("3200.00"), Decimal("4100.00")}


def test_work_data_is_deterministic():
    today = timezone.localdate()
    first = build_plan(Sizes(40, 120, 10), today=today)
    second = build_plan(Sizes(40, 120, 10), today=today)
    for a, b in zip(first.municipalities, second.municipalities, strict=True):
        ids = {p.key: p.public_id for p in a.people}
        assert work_rows(a.cbs_code, a.work, ids) == work_rows(b.cbs_code, b.work, ids)


# --- The seeded database ---------------------------------------------------------------------------------

def test_seeded_work_rows_are_valid_and_consistent(seeded):
    assert "    work: " in seeded
    for model in (Employer, EmployerContact, CooperationAgreement, Vacancy, WorkProfile, Proposal, Placement,
                  Trajectory, WorkSettings):
        assert model.objects.exists(), model.__name__
    for model in (EmployerContact, Vacancy, WorkProfile, Proposal, Placement, Trajectory):
        client_or_employer = "client__municipality" if hasattr(model, "client") else "employer__municipality"
        if model in (EmployerContact, Vacancy):
            client_or_employer = "employer__municipality"
        assert not model.objects.exclude(municipality=F(client_or_employer)).exists(), model.__name__
    for obj in (*Employer.objects.all()[:5], *Vacancy.objects.all()[:10], *Placement.objects.all()[:10],
                *Proposal.objects.all()[:10]):
        obj.full_clean()
    today = timezone.localdate()
    assert not LadderMeasurement.objects.filter(measured_on__gt=today).exists()
    # Full outflow: the episode ended with reason work the day before; partial: the episode is open.
    for p in Placement.objects.filter(outflow="full"):
        assert BijstandEpisode.objects.filter(client=p.client_id, end=p.start - DAY,
                                              end_reason=BijstandEndReason.WORK).exists()
        assert p.monthly_wage >= p.bijstand_norm
        if p.start <= today:
            assert LadderMeasurement.objects.filter(client=p.client_id, measured_on=p.start, rung__in=(5, 6)).exists()
    for p in Placement.objects.filter(outflow="partial"):
        assert BijstandEpisode.objects.filter(client=p.client_id, start__lte=p.start, end__isnull=True).exists()
        assert p.monthly_wage < p.bijstand_norm
    for p in Placement.objects.filter(outflow="none"):
        assert LadderMeasurement.objects.filter(client=p.client_id, measured_on=p.start, rung=4).exists()
    # The matching read-model was rebuilt after the load.
    assert MatchProfile.objects.count() >= WorkProfile.objects.count() > 0


def test_the_work_demo_pair_has_exactly_one_unmet_requirement(seeded):
    line = next(line for line in seeded.splitlines() if line.startswith("Voor de demo van werk: "))
    client, vacancy = demo_work_pair()
    assert client.full_name in line and vacancy.title in line and vacancy.employer.name in line
    assert f"(klantmanager {DEMO_FLOW_KLANTMANAGER})" in line
    assert client.klantmanager.username == DEMO_FLOW_KLANTMANAGER
    assert vacancy.status == VacancyStatus.OPEN and vacancy.kind == PlaceKind.PAID_JOB
    assert vacancy.employer.sector == "logistics" and vacancy.location == "Zwolle"
    assert BijstandEpisode.objects.filter(client=client, end__isnull=True).exists()
    assert not Proposal.objects.filter(client=client, vacancy=vacancy).exists()
    profile = MatchProfile.objects.get(client=client)
    row = MatchProfile.objects.filter(pk=profile.pk).values_list(*matching.DETAIL_FIELDS).get()
    result = matching.evaluate(matching.Requirements.from_vacancy(vacancy), matching.Candidate.from_row(row))
    assert len(result.unmet) == 1, result.unmet
    assert "spreken" in result.unmet[0].lower()
    experience = next(t for t in result.terms if t.key == "experience")
    hours = next(t for t in result.terms if t.key == "hours")
    assert experience.points == experience.maximum and hours.points == hours.maximum
    # The same pair when the demo is already present.
    out = StringIO()
    call_command("seed_demo", *SMALL, stdout=out)
    assert line in out.getvalue()


def test_seeded_clients_keep_their_own_municipality(seeded):
    assert not Client.objects.filter(work_profile__isnull=False).exclude(
        work_profile__municipality=F("municipality")).exists()
