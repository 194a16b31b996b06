"""Provider performance against a hand count on a small fixture.

Every expected figure below is counted by hand in the comments; the 95 % Wilson interval is computed here
from its formula, independently of statsmodels.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from meedoen.accounts.tests.factories import MunicipalityFactory
from meedoen.clients.tests.factories import ClientFactory
from meedoen.work import performance
from meedoen.work.models import Trajectory, TrajectoryResult, TrajectoryType
from meedoen.work.reference import reintegration_trajectory_reference
from meedoen.work.tests.factories import ProcurementContractFactory, ProviderFactory

TODAY = dt.date(2026, 6, 1)
WORK, EDUCATION, NONE, PENDING = (TrajectoryResult.WORK, TrajectoryResult.EDUCATION, TrajectoryResult.NONE,
                                  TrajectoryResult.PENDING)


def wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval in percent, from the formula:
    (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (centre - half) * 100, (centre + half) * 100


def _add(contract, rows):
    """rows: (start, result, result_on) per trajectory, each for its own client."""
    clients = ClientFactory.create_batch(len(rows), municipality=contract.municipality)
    Trajectory.objects.bulk_create([
        Trajectory(municipality=contract.municipality, contract=contract, client=client, start=start,
                   result=result, result_on=result_on)
        for client, (start, result, result_on) in zip(clients, rows, strict=True)
    ])


@pytest.fixture
def fixture(db):
    home = MunicipalityFactory()
    other = MunicipalityFactory()

    # Provider "Alfa", contract A: 2025-01-01 .. 2026-12-31, € 3500, promise 30 %, window 12 months.
    alfa = ProviderFactory(municipality=home, name="Alfa Re-integratie")
    a = ProcurementContractFactory(provider=alfa, reference="A", start=dt.date(2025, 1, 1),
                                   end=dt.date(2026, 12, 31), price=Decimal("3500.00"),
                                   promised_success_percent=30, success_window_months=12,
                                   trajectory_type=TrajectoryType.TO_WORK)
    _add(a, [
        # 3 × work within the window (start 1-2-2025, window ends 1-2-2026; work on 1-9-2025): successes
        *[(dt.date(2025, 2, 1), WORK, dt.date(2025, 9, 1))] * 3,
        # 1 × education after the window (reached 1-3-2026 > 1-2-2026): decided, no success
        (dt.date(2025, 2, 1), EDUCATION, dt.date(2026, 3, 1)),
        # 4 × no result: decided, no success
        *[(dt.date(2025, 3, 1), NONE, dt.date(2025, 10, 1))] * 4,
        # 2 × pending, started 15-1-2026, window ends 15-1-2027 > today 1-6-2026: not decided
        *[(dt.date(2026, 1, 15), PENDING, None)] * 2,
    ])
    # Contract A: started 10, decided 3 + 1 + 4 = 8, successes 3, pending 2, rate 3/8 = 37.5 %.
    # Cost 10 × 3500 = 35 000; cost of decided 8 × 3500 = 28 000; per success 28 000 / 3 = 9 333.33.

    # Contract B of Alfa: 2025-06-01 .. 2026-12-31, € 5000, promise 50 %, window 6 months.
    b = ProcurementContractFactory(provider=alfa, reference="B", start=dt.date(2025, 6, 1),
                                   end=dt.date(2026, 12, 31), price=Decimal("5000.00"),
                                   promised_success_percent=50, success_window_months=6,
                                   trajectory_type=TrajectoryType.JOB_COACHING)
    _add(b, [
        # work on the last day of the window (start 1-7-2025 + 6 months = 1-1-2026): success
        (dt.date(2025, 7, 1), WORK, dt.date(2026, 1, 1)),
        # work well inside the window: success
        (dt.date(2025, 7, 1), WORK, dt.date(2025, 9, 1)),
        # no result recorded, window ended 1-1-2026 < today: decided, no success
        (dt.date(2025, 7, 1), PENDING, None),
        # started 1-3-2026, window ends 1-9-2026 > today: pending
        (dt.date(2026, 3, 1), PENDING, None),
    ])
    # Contract B: started 4, decided 3, successes 2, pending 1, rate 2/3 = 66.67 %.
    # Cost 4 × 5000 = 20 000; decided 3 × 5000 = 15 000; per success 15 000 / 2 = 7 500.
    # Alfa over A and B: started 14, decided 11, successes 5, pending 3, rate 5/11 = 45.45 %.
    # Cost 55 000; decided 28 000 + 15 000 = 43 000; per success 43 000 / 5 = 8 600.
    # Promise weighted by decided: (8 × 30 + 3 × 50) / 11 = 390 / 11 = 35.45 %.

    # Provider "Beta": 20 decided, 0 successes, promise 40 %: interval (0, 16.1) lies below promise and reference.
    beta = ProviderFactory(municipality=home, name="Beta Werkt")
    c = ProcurementContractFactory(provider=beta, reference="C", start=dt.date(2024, 1, 1),
                                   end=dt.date(2024, 12, 31), price=Decimal("2000.00"),
                                   promised_success_percent=40, success_window_months=6,
                                   trajectory_type=TrajectoryType.WORK_FIT)
    _add(c, [(dt.date(2024, 2, 1), NONE, dt.date(2024, 5, 1))] * 20)

    # Provider "Gamma": 18 of 20 succeed, promise 30 %: interval (69.9, 97.2) lies above both.
    gamma = ProviderFactory(municipality=home, name="Gamma Banen")
    d = ProcurementContractFactory(provider=gamma, reference="D", start=dt.date(2025, 1, 1),
                                   end=dt.date(2025, 12, 31), price=Decimal("4000.00"),
                                   promised_success_percent=30, success_window_months=12,
                                   trajectory_type=TrajectoryType.TO_WORK)
    _add(d, [(dt.date(2025, 1, 15), WORK, dt.date(2025, 4, 1))] * 18
         + [(dt.date(2025, 1, 15), NONE, dt.date(2025, 4, 1))] * 2)

    # Provider "Delta": a contract without trajectories.
    delta = ProviderFactory(municipality=home, name="Delta Coaching")
    ProcurementContractFactory(provider=delta, reference="E", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
                               price=Decimal("1500.00"), promised_success_percent=25,
                               success_window_months=3, trajectory_type=TrajectoryType.JOB_COACHING)

    # Another municipality: never counted.
    foreign = ProcurementContractFactory(provider=ProviderFactory(municipality=other), reference="A")
    _add(foreign, [(dt.date(2025, 2, 1), WORK, dt.date(2025, 3, 1))] * 3)
    return {"home": home, "alfa": alfa, "beta": beta, "gamma": gamma, "delta": delta, "a": a, "b": b}


def _by_provider(overview):
    return {p.provider.name: p for p in overview.providers}


def test_contract_figures_match_hand_count(fixture, django_assert_num_queries):
    with django_assert_num_queries(2):
        overview = performance.provider_performance(fixture["home"], today=TODAY)
    alfa = _by_provider(overview)["Alfa Re-integratie"]
    contracts = {c.contract.reference: c.figures for c in alfa.contracts}

    a = contracts["A"]
    assert (a.started, a.decided, a.successes, a.pending) == (10, 8, 3, 2)
    assert a.rate == pytest.approx(37.5)
    low, high = wilson(3, 8)
    assert a.interval_low == pytest.approx(low, abs=1e-9)
    assert a.interval_high == pytest.approx(high, abs=1e-9)
    assert (round(low, 1), round(high, 1)) == (13.7, 69.4)
    assert a.cost == Decimal("35000.00")
    assert a.cost_decided == Decimal("28000.00")
    assert a.cost_per_success == Decimal("9333.33")
    assert a.promised_percent == 30
    assert a.against_promise == performance.WITHIN  # 30 lies inside (13.7, 69.4)
    assert a.against_reference == performance.WITHIN  # 20-30 overlaps the interval

    b = contracts["B"]
    assert (b.started, b.decided, b.successes, b.pending) == (4, 3, 2, 1)
    assert b.rate == pytest.approx(200 / 3)
    assert b.interval == pytest.approx(wilson(2, 3))
    assert b.cost == Decimal("20000.00")
    assert b.cost_decided == Decimal("15000.00")
    assert b.cost_per_success == Decimal("7500.00")


def test_provider_adds_up_its_contracts(fixture):
    overview = performance.provider_performance(fixture["home"], today=TODAY)
    alfa = _by_provider(overview)["Alfa Re-integratie"]
    f = alfa.figures
    assert (f.started, f.decided, f.successes, f.pending) == (14, 11, 5, 3)
    assert f.rate == pytest.approx(500 / 11)
    assert f.interval == pytest.approx(wilson(5, 11))
    assert f.cost == Decimal("55000.00")
    assert f.cost_decided == Decimal("43000.00")
    assert f.cost_per_success == Decimal("8600.00")
    assert f.promised_percent == pytest.approx(390 / 11)
    assert alfa.promises_differ


def test_below_and_above_promise_and_reference(fixture):
    providers = _by_provider(performance.provider_performance(fixture["home"], today=TODAY))
    beta = providers["Beta Werkt"].figures
    assert (beta.decided, beta.successes, beta.rate) == (20, 0, 0)
    assert beta.interval == pytest.approx(wilson(0, 20))
    assert beta.interval_high == pytest.approx(16.1, abs=0.05)
    assert beta.against_promise == performance.BELOW
    assert beta.against_reference == performance.BELOW
    assert beta.cost_per_success is None  # no successes: no cost per success

    gamma = providers["Gamma Banen"].figures
    assert (gamma.decided, gamma.successes) == (20, 18)
    assert gamma.interval == pytest.approx(wilson(18, 20))
    assert gamma.interval_low == pytest.approx(69.9, abs=0.05)
    assert gamma.against_promise == performance.ABOVE
    assert gamma.against_reference == performance.ABOVE
    assert gamma.cost_per_success == Decimal("4444.44")  # 20 × 4000 / 18


def test_contract_without_trajectories_and_totals(fixture):
    overview = performance.provider_performance(fixture["home"], today=TODAY)
    delta = _by_provider(overview)["Delta Coaching"].figures
    assert (delta.started, delta.decided, delta.successes) == (0, 0, 0)
    assert delta.rate is None and delta.interval is None and delta.cost_per_success is None
    assert delta.against_promise == "" and delta.against_reference == ""
    assert delta.promised_percent == 25

    # All providers of the municipality (the other municipality's three successes never count):
    # started 14 + 20 + 20 + 0 = 54, decided 11 + 20 + 20 = 51, successes 5 + 0 + 18 = 23.
    total = overview.total
    assert (total.started, total.decided, total.successes) == (54, 51, 23)
    # Cost 55 000 + 40 000 + 80 000 = 175 000; decided 43 000 + 40 000 + 80 000 = 163 000.
    assert total.cost == Decimal("175000.00")
    assert total.cost_decided == Decimal("163000.00")
    assert [p.provider.name for p in overview.providers] == ["Alfa Re-integratie", "Beta Werkt", "Delta Coaching",
                                                             "Gamma Banen"]


def test_filters_by_year_and_type(fixture):
    # Contracts running in 2024: only C (Beta).
    overview = performance.provider_performance(fixture["home"], today=TODAY, year=2024)
    assert [p.provider.name for p in overview.providers] == ["Beta Werkt"]
    # Job coaching: B (Alfa) and E (Delta); Alfa's figures are then B's alone.
    overview = performance.provider_performance(fixture["home"], today=TODAY,
                                                trajectory_type=TrajectoryType.JOB_COACHING)
    providers = _by_provider(overview)
    assert set(providers) == {"Alfa Re-integratie", "Delta Coaching"}
    alfa = providers["Alfa Re-integratie"].figures
    assert (alfa.started, alfa.successes) == (4, 2)


def test_pending_becomes_decided_when_the_window_passes(fixture):
    # On 16-1-2027 contract A's two pending trajectories (window ended 15-1-2027) are decided, no success;
    # contract B's pending one (window ended 1-9-2026) too.
    overview = performance.provider_performance(fixture["home"], today=dt.date(2027, 1, 16))
    f = _by_provider(overview)["Alfa Re-integratie"].figures
    assert (f.decided, f.successes, f.pending) == (14, 5, 0)
    # Still inside the window on its last day.
    overview = performance.provider_performance(fixture["home"], today=dt.date(2027, 1, 15))
    assert _by_provider(overview)["Alfa Re-integratie"].figures.pending == 2


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 11, 15), 3, dt.date(2026, 2, 15)),
    (dt.date(2025, 3, 1), 12, dt.date(2026, 3, 1)),
    (dt.date(2025, 8, 31), 60, dt.date(2030, 8, 31)),
])
def test_add_months(day, months, expected):
    assert performance.add_months(day, months) == expected


def test_outcome_rules():
    start = dt.date(2025, 1, 1)
    # Window of 6 months ends 1-7-2025.
    assert performance.outcome(start, WORK, dt.date(2025, 7, 1), 6, TODAY) == performance.SUCCESS
    assert performance.outcome(start, EDUCATION, dt.date(2025, 7, 2), 6, TODAY) == performance.NO_SUCCESS
    assert performance.outcome(start, NONE, dt.date(2025, 2, 1), 6, dt.date(2025, 3, 1)) == performance.NO_SUCCESS
    assert performance.outcome(start, PENDING, None, 6, dt.date(2025, 7, 1)) == performance.PENDING
    assert performance.outcome(start, PENDING, None, 6, dt.date(2025, 7, 2)) == performance.NO_SUCCESS


def test_reference_comes_from_the_csv_with_its_source():
    reference = reintegration_trajectory_reference()
    assert (reference.low, reference.high) == (20, 30)
    assert "re-integration policy" in reference.source
    assert reference.position(31, 40) == "above"
    assert reference.position(5, 19.9) == "below"
    assert reference.position(10, 25) == "within"
