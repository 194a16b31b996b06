"""Bijstand caseload figures counted by hand: monthly stock and flows (episodes spanning months, ending on a month
end, starting and ending on the same day, still open), the quarterly series, return rates and caseload per FTE."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey import returns
from meedoen.journey.models import BijstandEpisode
from meedoen.monitoring import caseload, forecast
from meedoen.monitoring.caseload import EpisodeRow, TeamRow

D = dt.date
AS_OF = D(2026, 3, 15)  # last complete month: February 2026

# client, team, start, end, reason
HAND = [
    EpisodeRow(1, 10, D(2025, 11, 10), D(2026, 1, 31), "work"),  # ends on a month end
    EpisodeRow(1, 10, D(2026, 2, 10), None, ""),  # back after work, still open
    EpisodeRow(2, 20, D(2025, 12, 1), None, ""),  # open
    EpisodeRow(3, 10, D(2025, 10, 15), D(2025, 12, 15), "moved"),  # spans three months
    EpisodeRow(4, 20, D(2026, 1, 1), D(2026, 1, 1), "other"),  # one day
    EpisodeRow(5, 10, D(2025, 9, 30), D(2026, 2, 28), "work"),  # ends on the last day of February
    EpisodeRow(6, None, D(2026, 3, 1), None, ""),  # current month: not yet in the months, open on AS_OF
]
TEAMS = [TeamRow(10, "Team A", Decimal("2.00"), 40), TeamRow(20, "Team B", Decimal("0.50"), 30)]

# month: (stock at the close of the last day, inflow, outflow, outflow to work), counted by hand
EXPECTED_MONTHS = {
    D(2025, 7, 1): (0, 0, 0, 0),
    D(2025, 8, 1): (0, 0, 0, 0),
    D(2025, 9, 1): (1, 1, 0, 0),  # client 5 from the 30th
    D(2025, 10, 1): (2, 1, 0, 0),  # + client 3
    D(2025, 11, 1): (3, 1, 0, 0),  # + client 1
    D(2025, 12, 1): (3, 1, 1, 0),  # + client 2, − client 3 (moved)
    D(2026, 1, 1): (2, 1, 2, 1),  # + and − client 4 (one day), − client 1 on the 31st (work): 2 and 5 left
    D(2026, 2, 1): (2, 1, 1, 1),  # + client 1 again, − client 5 on the 28th (work): 1 and 2 left
}


def test_month_helpers():
    assert caseload.last_complete_month(D(2026, 3, 15)) == D(2026, 2, 1)
    assert caseload.last_complete_month(D(2026, 3, 31)) == D(2026, 3, 1)
    assert caseload.add_months(D(2025, 11, 1), 3) == D(2026, 2, 1)
    assert caseload.month_end(D(2024, 2, 1)) == D(2024, 2, 29)
    assert caseload.quarter_end(forecast.Quarter(2025, 4)) == D(2025, 12, 31)


def test_monthly_flows_counted_by_hand():
    data = caseload.figures_from_rows(HAND, TEAMS, AS_OF)
    got = {m.month: (m.stock, m.inflow, m.outflow, m.outflow_work) for m in data.months}
    assert got == EXPECTED_MONTHS  # from the first day of the first episode's quarter up to February 2026
    assert data.last_data_date == D(2026, 2, 28)


def test_stock_balances_and_equals_open_episodes_at_each_month_end():
    months = caseload.monthly_flows(HAND, first=D(2025, 7, 1), last=D(2026, 2, 1))
    previous = 0
    for m in months:
        assert m.stock == previous + m.inflow - m.outflow
        assert m.stock == sum(1 for e in HAND if caseload.is_open(e, m.last_day))
        previous = m.stock


def test_monthly_flows_from_a_later_first_month_start_with_the_running_stock():
    months = caseload.monthly_flows(HAND, first=D(2026, 1, 1), last=D(2026, 2, 1))
    assert [(m.stock, m.inflow, m.outflow) for m in months] == [(2, 1, 2), (2, 1, 1)]


def test_quarterly_series_derived_from_the_months():
    data = caseload.figures_from_rows(HAND, TEAMS, AS_OF)
    # 2026Q1 is not complete on 15 March: left out.
    assert [(str(q.quarter), q.stock, q.inflow, q.outflow, q.outflow_work) for q in data.quarters] == [
        ("2025Q3", 1, 1, 0, 0),
        ("2025Q4", 3, 3, 1, 0),
    ]
    rows = caseload.series_rows(data.quarters)
    assert rows[1] == forecast.SeriesRow(line=2, period="2025Q4", value="3", inflow="3", outflow="1")


def test_quarterly_series_too_short_gives_the_dutch_error():
    data = caseload.figures_from_rows(HAND, TEAMS, AS_OF)
    with pytest.raises(forecast.SeriesError) as exc:
        caseload.quarterly_series(data.quarters)
    assert exc.value.messages == ["Te weinig kwartalen: er zijn er 2, er zijn er minstens 8 nodig."]
    with pytest.raises(forecast.SeriesError):
        caseload.quarterly_series([])


def test_quarterly_series_for_the_forecast():
    # Eight full years of a steady pattern: one start per month, each lasting 100 days.
    rows = [EpisodeRow(i, None, caseload.add_months(D(2018, 1, 1), i) + dt.timedelta(days=4),
                       caseload.add_months(D(2018, 1, 1), i) + dt.timedelta(days=104), "work") for i in range(96)]
    data = caseload.figures_from_rows(rows, [], D(2026, 1, 1))
    series = caseload.quarterly_series(data.quarters)
    assert series.start == forecast.Quarter(2018, 1)
    assert series.end == forecast.Quarter(2025, 4)
    assert len(series) == 32
    assert series.inflow[1:4] == (3.0, 3.0, 3.0)
    months = {m.month: m for m in data.months}
    for i, quarter in enumerate(series.periods):
        last = caseload.add_months(caseload.quarter_first_month(quarter), 2)
        assert series.values[i] == months[last].stock
        assert series.outflow[i] == sum(months[caseload.add_months(last, -k)].outflow for k in range(3))


def test_caseload_per_fte_by_hand():
    load = caseload.caseload_per_fte(HAND, TEAMS, AS_OF)
    # Open on 15 March: client 1 (team A), client 2 (team B), client 6 (no team).
    assert load.open == 3
    assert load.fte == Decimal("2.50")
    assert load.per_fte == pytest.approx(3 / 2.5)
    assert [(t.name, t.open, t.per_fte) for t in load.teams] == [("Team A", 1, 0.5), ("Team B", 1, 2.0)]
    assert load.without_team == 1
    # On a month end the open episodes are that month's stock.
    assert caseload.caseload_per_fte(HAND, TEAMS, D(2026, 2, 28)).open == EXPECTED_MONTHS[D(2026, 2, 1)][0]


def test_caseload_per_fte_without_formation():
    load = caseload.caseload_per_fte(HAND, [TeamRow(10, "Team A", Decimal("0"), 0)], AS_OF)
    assert load.per_fte is None
    assert load.teams[0].per_fte is None
    assert load.without_team == 2


def test_return_rates_by_hand_reuse_journey_returns():
    rows = [
        EpisodeRow(7, None, D(2019, 1, 1), D(2019, 6, 30), "work"),
        EpisodeRow(7, None, D(2019, 9, 1), D(2020, 1, 31), "work"),  # back after 2 months; left again for work
        EpisodeRow(8, None, D(2019, 2, 1), D(2019, 3, 31), "work"),
        EpisodeRow(8, None, D(2020, 3, 1), None, ""),  # back after 11 months
        EpisodeRow(9, None, D(2019, 2, 1), D(2019, 5, 31), "moved"),  # not an exit to work
        *HAND,  # exits to work on 31 Jan and 28 Feb 2026: no window has closed by 15 March
    ]
    rates = caseload.return_figures(rows, AS_OF)
    # Exits to work with a closed window: 2019-06-30 (back), 2019-03-31 (back after 11 months), 2020-01-31 (not).
    assert (rates[6].returned, rates[6].denominator) == (1, 3)
    assert (rates[12].returned, rates[12].denominator) == (2, 3)
    assert (rates[60].returned, rates[60].denominator) == (2, 3)
    assert rates[12].reference_percent == returns.DIVOSA_REFERENCE[12] == 20


def test_compute_forecast_with_a_short_series_gives_messages():
    data = caseload.figures_from_rows(HAND, TEAMS, AS_OF)
    result = caseload.compute_forecast(data.quarters, 8)
    assert result.report is None
    assert result.errors == ("Te weinig kwartalen: er zijn er 2, er zijn er minstens 8 nodig.",)


def test_compute_forecast_uses_at_most_four_origins():
    rows = [EpisodeRow(i, None, caseload.add_months(D(2018, 1, 1), i) + dt.timedelta(days=4 + i % 7),
                       caseload.add_months(D(2018, 1, 1), i) + dt.timedelta(days=70 + 13 * (i % 5)),
                       "work" if i % 2 else "other") for i in range(96)]
    data = caseload.figures_from_rows(rows, [], D(2026, 1, 1))
    result = caseload.compute_forecast(data.quarters, 4)
    assert not result.errors and not result.backtest_errors
    assert len(result.backtest.origins) == 4
    assert {f.method for f in result.report.forecasts} == {forecast.SEASONAL_NAIVE, forecast.ETS, forecast.STOCK_FLOW}
    assert all(len(f.point) == 4 for f in result.report.forecasts)


def test_cache_key_changes_with_the_data():
    data = caseload.figures_from_rows(HAND, TEAMS, AS_OF)
    key = caseload.cache_key(1, data.last_data_date, 8, data.quarters)
    assert key == caseload.cache_key(1, data.last_data_date, 8, data.quarters)
    assert key != caseload.cache_key(2, data.last_data_date, 8, data.quarters)
    assert key != caseload.cache_key(1, data.last_data_date, 6, data.quarters)
    assert key != caseload.cache_key(1, data.last_data_date, 8, data.quarters[:1])


def _episode(client, start, end=None, reason=""):
    return BijstandEpisode.objects.create(client=client, municipality=client.municipality, start=start, end=end,
                                          end_reason=reason)


def test_figures_from_the_database_per_municipality_in_two_queries(world):
    world.team.fte, world.team.caseload_norm = Decimal("2.00"), 40
    world.team.save()
    a = ClientFactory(municipality=world.home, team=world.team)
    b = ClientFactory(municipality=world.home, team=world.other_team)
    _episode(a, D(2025, 11, 10), D(2026, 1, 31), "work")
    _episode(a, D(2026, 2, 10))
    _episode(b, D(2025, 12, 1))
    _episode(world.foreign_client, D(2025, 12, 1))  # another municipality: never counted
    with CaptureQueriesContext(connection) as queries:
        data = caseload.figures(world.home.pk, AS_OF)
    assert len(queries) == 2
    assert data.episodes == 3
    assert data.months[-1].stock == 2
    assert data.load.open == 2
    assert [(t.name, t.open) for t in data.load.teams] == [("Jongerenpunt", 1), ("Re-integratie 27+", 1)]
