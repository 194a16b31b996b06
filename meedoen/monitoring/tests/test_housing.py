"""The housing task per half year, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from meedoen.monitoring.housing import HalfYear, HousingPeriod, housing_periods, province_ranking


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- half years ---------------------------------------------------------------------------------


def test_half_years_and_their_lengths():
    first, second = HalfYear.parse("2026-1"), HalfYear.parse("2026-2")
    assert (first.start, first.end, first.last_day) == (d("2026-01-01"), d("2026-07-01"), d("2026-06-30"))
    assert (second.start, second.end, second.last_day) == (d("2026-07-01"), d("2027-01-01"), d("2026-12-31"))
    # Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181; in 2028 February has 29 days: 182.
    assert first.days == 181
    assert HalfYear(2028, 1).days == 182
    assert second.days == 184  # Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31
    assert first.next() == second and second.next() == HalfYear(2027, 1)
    assert str(second) == "2026-2"
    assert HalfYear.containing(d("2026-06-30")) == first
    assert HalfYear.containing(d("2026-07-01")) == second
    assert first.label == "1e halfjaar 2026" and second.label == "2e halfjaar 2026"
    assert HalfYear.parse(first) is first
    for bad in ("2026", "2026-3", "2026-x", "H1-2026"):
        with pytest.raises(ValueError):
            HalfYear.parse(bad)


# --- one half year ------------------------------------------------------------------------------


def test_pace_months_and_projection_worked_by_hand():
    # Task 30, 12 housed by 31 March 2026 (a day counts in full, so 31 March included).
    (period,) = housing_periods({"2026-1": 30}, {"2026-1": 12}, as_of=d("2026-03-31"))
    # Elapsed: 31 + 28 + 31 = 90 days; left: 181 - 90 = 91 days.
    assert (period.days_elapsed, period.days_left) == (90, 91)
    # A month is 181 / 6 days: elapsed 90 * 6 / 181 = 540/181 (2.98), left 546/181 (3.02); together 6.
    assert period.months_elapsed == Fraction(540, 181)
    assert period.months_left == Fraction(546, 181)
    # Pace: 12 / (540/181) = 181/45 = 4.02 per month.
    assert period.pace_per_month == Fraction(181, 45)
    assert (period.to_house, period.remaining, period.percent_realised) == (30, 18, 40.0)
    # 18 more at 12 per 90 days: 18 * 90 / 12 = 135 days after 31 March:
    # April 30 (30), May 31 (61), June 30 (91), July 31 (122), then 13 more: 13 August.
    assert period.projected_date == d("2026-08-13")
    assert not period.on_track and not period.reached and not period.closed
    assert period.status == "niet op schema"


def test_leap_year():
    # 2028 is a leap year: the first half has 182 days. As of 29 February: 31 + 29 = 60 days elapsed.
    (period,) = housing_periods({"2028-1": 20}, {"2028-1": 10}, as_of=d("2028-02-29"))
    assert (period.days_elapsed, period.days_left) == (60, 122)
    assert period.months_elapsed == Fraction(60 * 6, 182)  # 180/91 = 1.98
    assert period.months_left == Fraction(122 * 6, 182)  # 366/91 = 4.02
    assert period.pace_per_month == Fraction(91, 18)  # 10 / (180/91)
    # 10 more at 10 per 60 days: 60 days after 29 February: 31 March (31 days), then 29: 29 April.
    assert period.projected_date == d("2028-04-29")
    assert period.on_track and period.status == "op schema"


def test_projection_rounds_up_to_a_whole_day():
    # 3 housed in the first 10 days, task 10: 7 more take 7 * 10 / 3 = 23.3 days, so day 24 after
    # 10 January: 3 February (at 0.3 a day, day 33 of the half year gives 9.9, day 34 gives 10.2).
    (period,) = housing_periods({"2026-1": 10}, {"2026-1": 3}, as_of=d("2026-01-10"))
    assert period.projected_date == d("2026-02-03")


def test_projection_on_the_last_day_is_on_track_and_one_day_later_is_not():
    # 31 housed in 31 days (one a day): 150 more end on 31 January + 150 days = 30 June.
    (just,) = housing_periods({"2026-1": 181}, {"2026-1": 31}, as_of=d("2026-01-31"))
    assert just.projected_date == d("2026-06-30") and just.on_track
    (late,) = housing_periods({"2026-1": 182}, {"2026-1": 31}, as_of=d("2026-01-31"))
    assert late.projected_date == d("2026-07-01") and not late.on_track


def test_period_boundaries():
    # First day: 1 day elapsed, 180 left.
    (first_day,) = housing_periods({"2026-1": 10}, {"2026-1": 1}, as_of=d("2026-01-01"))
    assert (first_day.days_elapsed, first_day.days_left) == (1, 180)
    # Last day: the whole half year elapsed, nothing left: the half year is over at the end of the day.
    (last_day,) = housing_periods({"2026-1": 10}, {"2026-1": 4}, as_of=d("2026-06-30"))
    assert (last_day.days_elapsed, last_day.days_left, last_day.months_left) == (181, 0, 0)
    assert last_day.closed and last_day.projected_date is None and not last_day.on_track
    assert last_day.status == "niet gehaald"
    assert last_day.pace_per_month == Fraction(4, 6)
    # 1 July: the second half year has started (day 1 of 184); the first is closed.
    first, second = housing_periods({"2026-1": 10, "2026-2": 10}, {"2026-1": 4}, as_of=d("2026-07-01"))
    assert first.closed and (first.days_elapsed, first.as_of) == (181, d("2026-06-30"))
    assert (second.days_elapsed, second.days_left) == (1, 183)


def test_no_pace_and_reached():
    (idle,) = housing_periods({"2026-2": 10}, {}, as_of=d("2026-09-30"))
    assert idle.pace_per_month == 0
    assert idle.projected_date is None and not idle.on_track
    assert idle.status == "bij het huidige tempo niet gehaald"
    (done,) = housing_periods({"2026-2": 10}, {"2026-2": 13}, as_of=d("2026-09-30"))
    assert done.reached and done.on_track and done.projected_date is None
    assert (done.remaining, done.percent_realised, done.status) == (-3, 130.0, "gehaald")


# --- carry-over ---------------------------------------------------------------------------------


def test_backlog_carries_over():
    periods = housing_periods({"2025-2": 40, "2026-1": 30}, {"2025-2": 34, "2026-1": 20}, as_of=d("2026-05-15"))
    closed, current = periods
    # 2025-2: 40 to house, 34 housed: a backlog of 6 goes into 2026-1.
    assert (closed.to_house, closed.housed, closed.remaining, closed.closed) == (40, 34, 6, True)
    assert closed.pace_per_month == Fraction(34, 6)
    # 2026-1: 30 + 6 = 36 to house, 20 housed, 16 left.
    assert (current.task, current.carried_in, current.to_house, current.remaining) == (30, 6, 36, 16)
    # Elapsed to 15 May: 31 + 28 + 31 + 30 + 15 = 135 days; 16 more at 20 per 135 days: 108 days:
    # May 31 (16), June 30 (46), July 31 (77), August 31 (108).
    assert current.days_elapsed == 135
    assert current.projected_date == d("2026-08-31")
    assert current.percent_realised == 55.6  # 20 / 36


def test_surplus_carries_over_and_missing_half_years_count_as_zero():
    _closed, current = housing_periods({"2025-2": 10, "2026-1": 30}, {"2025-2": 14}, as_of=d("2026-02-01"))
    assert (current.carried_in, current.to_house) == (-4, 26)
    # 2025-1 has a task and nothing housed; 2025-2 has neither: the 10 carries through it.
    periods = housing_periods({"2025-1": 10, "2026-1": 10}, {}, as_of=d("2026-03-01"))
    assert [str(p.period) for p in periods] == ["2025-1", "2025-2", "2026-1"]
    assert [p.to_house for p in periods] == [10, 10, 20]
    # A balance from before the data.
    (only,) = housing_periods({"2026-1": 10}, {}, as_of=d("2026-03-01"), carried_into_first=5)
    assert only.to_house == 15


def test_future_half_years_are_left_out_and_bad_counts_refused():
    periods = housing_periods({"2026-1": 10, "2026-2": 10}, {}, as_of=d("2026-03-01"))
    assert [str(p.period) for p in periods] == ["2026-1"]
    assert housing_periods({}, {}, as_of=d("2026-03-01")) == []
    with pytest.raises(ValueError):
        housing_periods({"2026-1": -1}, {}, as_of=d("2026-03-01"))


# --- ranking ------------------------------------------------------------------------------------


def period_of(task: int, housed: int) -> HousingPeriod:
    return housing_periods({"2026-1": task}, {"2026-1": housed}, as_of=d("2026-04-30"))[-1]


def test_province_ranking():
    ranking = province_ranking([
        ("Emmen", period_of(40, 20)),          # 50 %
        ("Coevorden", period_of(0, 0)),         # nothing to house: no percentage, last
        ("Assen", period_of(20, 10)),           # 50 %: tie with Emmen, Assen first by name
        ("Borger-Odoorn", period_of(30, 6)),    # 20 %
        ("Hoogeveen", period_of(10, 12)),       # 120 %
    ])
    assert [(row.rank, row.municipality, row.percent_realised) for row in ranking] == [
        (1, "Hoogeveen", 120.0),
        (2, "Assen", 50.0),
        (2, "Emmen", 50.0),
        (4, "Borger-Odoorn", 20.0),
        (None, "Coevorden", None),
    ]
    assert (ranking[3].to_house, ranking[3].housed, ranking[3].remaining) == (30, 6, 24)


def test_ranking_uses_exact_shares_and_one_half_year():
    # 1/3 and 333/1000 both round to 33.3 %, but 1/3 is more.
    ranking = province_ranking([("B", period_of(1000, 333)), ("A", period_of(3, 1))])
    assert [(r.rank, r.municipality) for r in ranking] == [(1, "A"), (2, "B")]
    other = housing_periods({"2025-2": 5}, {}, as_of=d("2025-09-01"))[-1]
    with pytest.raises(ValueError):
        province_ranking([("A", period_of(3, 1)), ("B", other)])
