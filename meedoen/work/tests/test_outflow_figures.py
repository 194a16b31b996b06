"""The outflow figures against a hand count on a small fixture, the small-number suppression for the policy
officer, and who may see the page (teamleider, beleidsmedewerker, functioneel beheerder of the municipality)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import BijstandEpisode
from meedoen.work import outflow as figures_module
from meedoen.work.models import Outflow
from meedoen.work.tests.factories import EmployerFactory, PlacementFactory
from meedoen.work.views import placements as views

pytestmark = pytest.mark.django_db

REFERENCE = dt.date(2026, 7, 1)
D = dt.date


def _episode(client, start, end=None, reason=""):
    BijstandEpisode.objects.create(client=client, municipality=client.municipality, start=start, end=end,
                                   end_reason=reason)


@pytest.fixture
def fixture(world):
    """Hand count with reference 1 July 2026 (years shown: 2021–2026).

    A: 2019-01-01–2020-03-31 work; 2020-06-01–2021-12-31 work; 2024-02-01 open (25 months after the 2021 exit).
    B: 2022-01-01–2025-02-28 work; 2025-06-01 open (3 months: within 6).
    C: 2021-01-01–2025-09-30 moved.
    D: 2023-05-01–2026-03-31 work; no return (6-month window still open).
    E: 2024-01-01–2026-01-15 other.
    F: 2020-01-01–2021-03-31 work; 2023-01-01 open (21 months: within 60, not within 12).
    Foreign: 2025-01-01–2025-06-30 work (other municipality: never counted).
    Placements: B full 2025-03-01; E partial 2026-02-01; D full 2026-04-01; C none 2025-05-01.
    """
    home = world.home
    clients = {key: ClientFactory(municipality=home, team=world.team, family_name=f"Naam{key}")
               for key in "ABCDEF"}
    a, b, c, d, e, f = (clients[k] for k in "ABCDEF")
    _episode(a, D(2019, 1, 1), D(2020, 3, 31), "work")
    _episode(a, D(2020, 6, 1), D(2021, 12, 31), "work")
    _episode(a, D(2024, 2, 1))
    _episode(b, D(2022, 1, 1), D(2025, 2, 28), "work")
    _episode(b, D(2025, 6, 1))
    _episode(c, D(2021, 1, 1), D(2025, 9, 30), "moved")
    _episode(d, D(2023, 5, 1), D(2026, 3, 31), "work")
    _episode(e, D(2024, 1, 1), D(2026, 1, 15), "other")
    _episode(f, D(2020, 1, 1), D(2021, 3, 31), "work")
    _episode(f, D(2023, 1, 1))
    _episode(world.foreign_client, D(2025, 1, 1), D(2025, 6, 30), "work")
    employer = EmployerFactory(municipality=home)
    PlacementFactory(employer=employer, client=b, start=D(2025, 3, 1), outflow=Outflow.FULL)
    PlacementFactory(employer=employer, client=e, start=D(2026, 2, 1), outflow=Outflow.PARTIAL)
    PlacementFactory(employer=employer, client=d, start=D(2026, 4, 1), outflow=Outflow.FULL)
    PlacementFactory(employer=employer, client=c, start=D(2025, 5, 1), outflow=Outflow.NONE)
    foreign_employer = EmployerFactory(municipality=world.other)
    PlacementFactory(employer=foreign_employer, client=world.foreign_client, start=D(2025, 7, 1),
                     outflow=Outflow.FULL)
    return clients


def _values(row):
    return (row.ended.value, row.to_work.value, row.full.value, row.partial.value)


def test_outflow_per_year_and_quarter(world, fixture, django_assert_num_queries):
    with django_assert_num_queries(2):
        figures = figures_module.outflow_figures(world.home, year=2026, reference=REFERENCE)
    assert figures.years == [2021, 2022, 2023, 2024, 2025, 2026]
    per_year = {row.label: _values(row) for row in figures.per_year}
    assert per_year == {
        "2026": (2, 1, 1, 1),   # D (work), E (other); D full, E partial
        "2025": (2, 1, 1, 0),   # B (work), C (moved); B full (C's placement had no outflow)
        "2024": (0, 0, 0, 0),
        "2023": (0, 0, 0, 0),
        "2022": (0, 0, 0, 0),
        "2021": (2, 2, 0, 0),   # A and F, both to work
    }
    per_quarter = [_values(row) for row in figures.per_quarter]
    assert per_quarter == [(2, 1, 0, 1), (0, 0, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0)]
    assert figures.per_quarter[0].label == "1e kwartaal 2026"


def _rates(row):
    return {rate.months: (rate.returned.value, rate.denominator.value) for rate in row.rates}


def test_return_rates_per_year_of_exit_with_their_own_denominators(world, fixture):
    figures = figures_module.outflow_figures(world.home, reference=REFERENCE)
    rows = {row.label: row for row in figures.returns_per_year}
    # 2021: F (2021-03-31, back after 21 months) and A (2021-12-31, back after 25 months). The 60-month window
    # of A closes on 31 December 2026, after the reference date: only F counts there.
    assert rows["2021"].exits.value == 2
    assert _rates(rows["2021"]) == {6: (0, 2), 12: (0, 2), 60: (1, 1)}
    # 2025: B (2025-02-28, back on 2025-06-01).
    assert _rates(rows["2025"]) == {6: (1, 1), 12: (1, 1), 60: (0, 0)}
    # 2026: D (2026-03-31): no window has closed yet.
    assert _rates(rows["2026"]) == {6: (0, 0), 12: (0, 0), 60: (0, 0)}
    total = figures.returns_total
    assert total.exits.value == 4
    assert _rates(total) == {6: (1, 3), 12: (1, 3), 60: (1, 1)}
    assert [round(rate.percent, 1) for rate in total.rates] == [33.3, 33.3, 100.0]
    assert [rate.reference_percent for rate in total.rates] == [14, 20, 35]


def test_small_counts_are_hidden_for_the_policy_officer(world, fixture):
    figures = figures_module.outflow_figures(world.home, reference=REFERENCE, suppress=True)
    total = figures.returns_total
    assert str(total.exits) == "<5"
    assert all(rate.percent is None for rate in total.rates)
    assert str(figures.per_year[-3].ended) == "0"  # zero points to nobody


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: REFERENCE)


URL = reverse("work:outflow")


@pytest.mark.parametrize("persona", ["teamleider", "beheerder"])
def test_teamleider_and_beheerder_see_the_numbers(world, fixture, frozen, login, persona):
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 van 3 (33%)" in html and "14%" in html and "35%" in html
    assert "NaamA" not in html and fixture["A"].given_names not in html


def test_the_policy_officer_sees_small_counts_hidden(world, fixture, frozen, login):
    response = login(world.beleidsmedewerker).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5 van &lt;5" in html
    assert "(33%)" not in html


@pytest.mark.parametrize("persona", ["klantmanager", "partnermedewerker", "foreign_klantmanager"])
def test_who_may_not_see_the_figures(world, login, persona):
    assert login(getattr(world, persona)).get(URL).status_code == 403


def test_another_municipality_is_not_shown(world, fixture, frozen, login):
    response = login(world.teamleider).get(URL, {"gemeente": str(world.other.public_id)})
    assert response.status_code == 404
    response = login(world.teamleider).get(URL, {"jaar": "1999"})
    assert response.status_code == 200 and response.context["figures"].year == REFERENCE.year
