"""Return into bijstand after an exit to work: hand-computed cases (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from meedoen.journey.returns import (
    DIVOSA_REFERENCE,
    Episode,
    latest_return,
    return_rates,
    returns,
    whole_months,
    work_exits,
)

D = dt.date


@pytest.mark.parametrize(("start", "end", "months"), [
    (D(2024, 1, 15), D(2024, 1, 31), 0),
    (D(2024, 1, 15), D(2024, 2, 14), 0),
    (D(2024, 1, 15), D(2024, 2, 15), 1),
    (D(2024, 1, 31), D(2024, 2, 29), 0),   # 31 February does not exist: the month is full on 1 March
    (D(2024, 1, 31), D(2024, 3, 1), 1),
    (D(2024, 3, 31), D(2024, 7, 30), 3),
    (D(2020, 6, 30), D(2025, 6, 30), 60),
])
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


def test_a_new_episode_after_an_exit_to_work_is_a_return_with_its_gap_and_windows():
    episodes = [Episode(D(2023, 1, 1), D(2024, 2, 29), "work"), Episode(D(2024, 6, 15))]
    [back] = returns(episodes)
    assert back.exit_date == D(2024, 2, 29)
    assert back.episode_start == D(2024, 6, 15)
    assert back.gap_months == 3
    assert (back.within_6, back.within_12, back.within_60) == (True, True, True)
    assert back.window == 6


def test_the_window_edges_are_inclusive_of_the_corresponding_day():
    exit_ = Episode(D(2023, 1, 1), D(2024, 1, 10), "work")
    on_the_day = returns([exit_, Episode(D(2024, 7, 10))])[0]
    assert on_the_day.gap_months == 6 and on_the_day.within_6
    day_after = returns([exit_, Episode(D(2024, 7, 11))])[0]
    assert not day_after.within_6 and day_after.within_12 and day_after.window == 12
    two_years = returns([exit_, Episode(D(2026, 1, 11))])[0]
    assert (two_years.within_12, two_years.within_60, two_years.window, two_years.gap_months) == (False, True, 60, 24)
    late = returns([exit_, Episode(D(2029, 1, 11))])[0]
    assert late.window is None and late.gap_months == 60


def test_only_an_exit_to_work_right_before_the_episode_counts():
    episodes = [
        Episode(D(2018, 1, 1), D(2019, 1, 1), "work"),
        Episode(D(2019, 3, 1), D(2020, 1, 1), "moved"),   # a return (2 months after work)
        Episode(D(2020, 5, 1), D(2021, 1, 1), "other"),   # after a move: not a return
        Episode(D(2021, 2, 1)),                           # after "other": not a return
    ]
    found = returns(list(reversed(episodes)))  # order of the input does not matter
    assert [(r.episode_start, r.gap_months) for r in found] == [(D(2019, 3, 1), 2)]
    assert latest_return(episodes) is None
    assert latest_return(episodes[:2]).exit_date == D(2019, 1, 1)
    assert latest_return(episodes[:1]) is None
    assert latest_return([]) is None


def test_work_exits_in_a_period():
    by_client = {
        "a": [Episode(D(2022, 1, 1), D(2023, 3, 31), "work"), Episode(D(2023, 6, 1))],
        "b": [Episode(D(2022, 1, 1), D(2023, 12, 31), "moved")],
        "c": [Episode(D(2021, 1, 1), D(2022, 12, 31), "work")],
    }
    assert work_exits(by_client) == [("a", D(2023, 3, 31)), ("c", D(2022, 12, 31))]
    assert work_exits(by_client, start=D(2023, 1, 1), end=D(2023, 12, 31)) == [("a", D(2023, 3, 31))]


def test_return_rates_use_only_exits_whose_window_has_closed():
    """Reference date 1 July 2025. Hand count:

    exit        client  returned on   6 mo window closes  12 mo closes  60 mo closes
    2019-06-30  p       —             2019-12-30 ✓        2020-06-30 ✓  2024-06-30 ✓
    2020-01-15  q       2020-05-01    2020-07-15 ✓ (ret)  2021-01-15 ✓  2025-01-15 ✓ (ret)
    2023-01-31  r       2023-11-01    2023-07-31 ✓ (no)   2024-01-31 ✓ (ret)  2028 ✗
    2024-06-30  s       2024-08-01    2024-12-30 ✓ (ret)  2025-06-30 ✓ (ret)  ✗
    2025-03-01  t       2025-04-01    2025-09-01 ✗        ✗             ✗
    q's and r's earlier episode starts lie before their exits and never count.

    6 months:  p, q, r, s in the denominator (4); q and s returned → 2/4.
    12 months: p, q, r, s (s's window closes on 30 June 2025, before the reference) → q, r, s → 3/4.
    60 months: p, q → q → 1/2. t is too recent for every rate (censored).
    """
    exits = [("p", D(2019, 6, 30)), ("q", D(2020, 1, 15)), ("r", D(2023, 1, 31)), ("s", D(2024, 6, 30)),
             ("t", D(2025, 3, 1))]
    starts = {"p": [D(2015, 1, 1)], "q": [D(2018, 1, 1), D(2020, 5, 1)], "r": [D(2020, 1, 1), D(2023, 11, 1)],
              "s": [D(2024, 8, 1)], "t": [D(2025, 4, 1)]}
    rates = return_rates(exits, starts, reference=D(2025, 7, 1))
    assert [(n, r.returned, r.denominator) for n, r in rates.items()] == [(6, 2, 4), (12, 3, 4), (60, 1, 2)]
    assert rates[6].percent == 50.0
    assert rates[60].reference_percent == 35
    assert DIVOSA_REFERENCE == {6: 14, 12: 20, 60: 35}


def test_a_rate_without_closed_windows_has_no_percent():
    rates = return_rates([("x", D(2025, 6, 1))], {"x": []}, reference=D(2025, 7, 1))
    assert rates[6].denominator == 0 and rates[6].percent is None and rates[6].fraction is None


def test_several_exits_of_one_client_each_count():
    # Left for work twice; came back 3 months after the first exit and 20 months after the second.
    exits = [("k", D(2019, 1, 31)), ("k", D(2020, 2, 29))]
    starts = {"k": [D(2018, 1, 1), D(2019, 4, 30), D(2021, 10, 29)]}
    rates = return_rates(exits, starts, reference=D(2026, 1, 1))
    assert (rates[6].returned, rates[6].denominator) == (1, 2)
    assert (rates[12].returned, rates[12].denominator) == (1, 2)
    # Both 60-month windows have closed (2020-02-29 + 60 months = 2025-03-01); both exits were followed by a
    # new episode within 60 months.
    assert (rates[60].returned, rates[60].denominator) == (2, 2)
