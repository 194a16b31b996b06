"""Kaplan–Meier cohort curves, checked against a calculation by hand."""

from __future__ import annotations

import datetime as dt
import math
from statistics import NormalDist

import pytest
from django.core.exceptions import ValidationError

from meedoen.monitoring import survival
from meedoen.monitoring.survival import DAYS_PER_MONTH, Duration, PersonRecord

# Eight people, time in days from the start event; True = the event happened, False = censored (still on
# their way at the end of observation).
FIXTURE = [(30, True), (60, True), (60, False), (90, True), (120, False), (150, True), (150, True), (200, False)]

# Product-limit estimate by hand: S(t) = Π over event times t_i ≤ t of (1 − d_i / n_i), where n_i is the
# number at risk just before t_i (a person censored at t_i still counts as at risk at t_i) and d_i the events.
#
#   t    n  d  c   factor     S(t)
#   30   8  1  0   7/8        7/8             = 0.875
#   60   7  1  1   6/7        0.875 · 6/7     = 0.75
#   90   5  1  0   4/5        0.75 · 4/5      = 0.6
#   120  4  0  1   1          0.6
#   150  3  2  0   1/3        0.6 · 1/3       = 0.2
#   200  1  0  1   1          0.2
#
# Median: the first time S(t) ≤ 0.5 → 150 days.
HAND_S = {0: 1.0, 30: 0.875, 60: 0.75, 90: 0.6, 120: 0.6, 150: 0.2, 200: 0.2}
HAND_AT_RISK = {0: 8, 30: 8, 60: 7, 90: 5, 120: 4, 150: 3, 200: 1}
HAND_EVENTS = {0: 0, 30: 1, 60: 1, 90: 1, 120: 0, 150: 2, 200: 0}
HAND_CENSORED = {0: 0, 30: 0, 60: 1, 90: 0, 120: 1, 150: 0, 200: 1}

# Greenwood at t = 90 by hand:
#   Σ d/(n(n−d)) = 1/(8·7) + 1/(7·6) + 1/(5·4) = 0.017857 + 0.023810 + 0.05 = 0.091667
#   Var S(90) = S² · Σ = 0.36 · 0.091667 = 0.033000          (SE 0.18166)
# Exponential Greenwood (the interval on log(−log S), lifelines' default):
#   V = Σ / (ln S)² = 0.091667 / (ln 0.6)² = 0.091667 / 0.260943 = 0.351292, √V = 0.592699
#   z √V = 1.959964 · 0.592699 = 1.161668
#   lower = S^exp(+z√V) = 0.6^3.19523 = 0.19550
#   upper = S^exp(−z√V) = 0.6^0.31297 = 0.85225
# and at t = 30: Σ = 1/56 = 0.017857, (ln 0.875)² = 0.017831, √V = 1.000737, z√V = 1.961390:
#   lower = 0.875^7.10920 = 0.38700, upper = 0.875^0.140664 = 0.98139
HAND_GREENWOOD_SUM_90 = 1 / 56 + 1 / 42 + 1 / 20
HAND_CI = {30: (0.38700, 0.98139), 90: (0.19550, 0.85225)}


def _durations(group: str = "") -> list[Duration]:
    return [Duration(days, observed, group) for days, observed in FIXTURE]


def _curve(**kwargs):
    return survival.kaplan_meier(_durations(), measure=survival.FIRST_JOB, min_size=1, **kwargs)


def _row(curve, days):
    return next(r for r in curve.rows if r.days == days)


def test_product_limit_estimate_equals_the_hand_calculation():
    curve = _curve()
    assert [r.days for r in curve.rows] == sorted(HAND_S)
    for days, expected in HAND_S.items():
        row = _row(curve, days)
        assert row.survival == pytest.approx(expected, abs=1e-12), days
        assert row.share == pytest.approx(100 * (1 - expected)), days
        assert row.at_risk == HAND_AT_RISK[days]
        assert row.events == HAND_EVENTS[days]
        assert row.censored == HAND_CENSORED[days]
        assert row.months == pytest.approx(days / DAYS_PER_MONTH)
    assert curve.n == 8 and curve.events == 5 and not curve.suppressed


def test_greenwood_variance_by_hand():
    s = HAND_S[90]
    variance = s**2 * HAND_GREENWOOD_SUM_90
    assert HAND_GREENWOOD_SUM_90 == pytest.approx(0.091667, abs=1e-6)
    assert variance == pytest.approx(0.033, abs=1e-6)
    # the same sum from the table rows (n at risk and d events per time)
    curve = _curve()
    total = sum(r.events / (r.at_risk * (r.at_risk - r.events)) for r in curve.rows if 0 < r.days <= 90)
    assert total == pytest.approx(HAND_GREENWOOD_SUM_90)


def test_confidence_interval_is_the_exponential_greenwood_interval():
    curve = _curve()
    # hand numbers (see the comment at the top), on the share with the event: 1 − upper(S) … 1 − lower(S)
    for days, (lower_s, upper_s) in HAND_CI.items():
        row = _row(curve, days)
        assert row.share_lower == pytest.approx(100 * (1 - upper_s), abs=1e-3)
        assert row.share_upper == pytest.approx(100 * (1 - lower_s), abs=1e-3)
    # and the formula at every event time with S strictly between 0 and 1
    z = NormalDist().inv_cdf(0.975)
    greenwood = 0.0
    for row in curve.rows:
        if row.events:
            greenwood += row.events / (row.at_risk * (row.at_risk - row.events))
        s = HAND_S[row.days]
        if not 0 < s < 1:
            continue
        spread = z * math.sqrt(greenwood / math.log(s) ** 2)
        lower, upper = s ** math.exp(spread), s ** math.exp(-spread)
        assert row.share_lower == pytest.approx(100 * (1 - upper), abs=1e-6)
        assert row.share_upper == pytest.approx(100 * (1 - lower), abs=1e-6)
    # before the first event the interval is the point itself
    first = _row(curve, 0)
    assert (first.share, first.share_lower, first.share_upper) == (0, 0, 0)


def test_median_is_the_first_time_half_has_the_event():
    assert _curve().median_months == pytest.approx(150 / DAYS_PER_MONTH)


def test_median_not_reached_is_none():
    durations = [Duration(30, True)] + [Duration(100 + i, False) for i in range(9)]
    curve = survival.kaplan_meier(durations, measure=survival.EXAM_PASSED)
    assert curve.median_months is None
    assert curve.rows[-1].share == pytest.approx(10.0)


def test_values_at_horizons():
    curve = _curve(horizons=(1, 3, 6, 7))
    one, three, six, seven = curve.horizons
    # 1 month = 30.44 days: the step at day 30 → 1 − 0.875
    assert (one.months, one.share, one.at_risk) == (1.0, pytest.approx(12.5), 7)
    # 3 months = 91.3 days: the step at day 90 → 1 − 0.6, with the interval of that step
    assert three.share == pytest.approx(40.0)
    assert three.share_lower == pytest.approx(100 * (1 - HAND_CI[90][1]), abs=1e-3)
    assert three.share_upper == pytest.approx(100 * (1 - HAND_CI[90][0]), abs=1e-3)
    assert three.at_risk == 4  # 120, 150, 150, 200
    # 6 months = 182.6 days: 1 − 0.2; one person still followed
    assert (six.share, six.at_risk) == (pytest.approx(80.0), 1)
    # 7 months = 213 days: past the longest follow-up (200 days) → unknown
    assert (seven.share, seven.share_lower, seven.share_upper, seven.at_risk) == (None, None, None, None)


def test_default_horizons():
    assert [h.months for h in _curve().horizons] == [6.0, 12.0, 24.0, 36.0]


def test_dates_become_durations_with_censoring():
    start = dt.date(2025, 1, 1)
    records = [
        PersonRecord(start, dt.date(2025, 3, 1), dt.date(2026, 1, 1), "2025"),  # event after 59 days
        PersonRecord(start, None, dt.date(2025, 7, 1), "2025"),  # still on the way: censored at 181 days
        PersonRecord(start, dt.date(2026, 2, 1), dt.date(2026, 1, 1), "2025"),  # event after the end of observation
        PersonRecord(start, start, dt.date(2026, 1, 1), "2025"),  # event on the start day
    ]
    assert survival.to_durations(records) == [
        Duration(59, True, "2025"), Duration(181, False, "2025"), Duration(365, False, "2025"),
        Duration(0, True, "2025"),
    ]
    assert Duration(365, False).months == pytest.approx(12.0, abs=0.01)


def test_negative_durations_are_refused_in_dutch():
    start = dt.date(2025, 6, 1)
    records = [PersonRecord(start, dt.date(2025, 5, 1), dt.date(2026, 1, 1)),
               PersonRecord(start, None, dt.date(2025, 1, 1))]
    with pytest.raises(ValidationError) as excinfo:
        survival.to_durations(records)
    messages = excinfo.value.messages
    assert messages == [
        "Persoon 1: de datum van de gebeurtenis (2025-05-01) ligt vóór de startdatum (2025-06-01).",
        "Persoon 2: het einde van de waarneming (2025-01-01) ligt vóór de startdatum (2025-06-01).",
    ]
    with pytest.raises(ValidationError, match="negatief"):
        survival.kaplan_meier([Duration(-1, True)], measure=survival.FIRST_JOB, min_size=1)


def test_curves_per_group_and_small_groups_get_only_a_note():
    big = [Duration(days, observed, "2024 · A") for days, observed in FIXTURE + FIXTURE[:4]]  # 12 people
    small = _durations("2025 · A")  # 8 people
    curves = survival.kaplan_meier_by_group(small + big, measure=survival.LEFT_BIJSTAND)
    assert [c.group for c in curves] == ["2024 · A", "2025 · A"]
    shown, hidden = curves
    assert shown.n == 12 and shown.rows and not shown.suppressed
    assert hidden.suppressed and hidden.rows == [] and hidden.n is None and hidden.events is None
    assert hidden.median_months is None and all(h.share is None for h in hidden.horizons)
    assert "minder dan 10" in hidden.note
    # the minimum is configurable
    curves = survival.kaplan_meier_by_group(small + big, measure=survival.LEFT_BIJSTAND, min_size=8,
                                            group_order=["2025 · A", "2024 · A", "2026 · A"])
    assert [(c.group, c.suppressed) for c in curves] == [("2025 · A", False), ("2024 · A", False),
                                                         ("2026 · A", True)]
    assert curves[0].rows[3].survival == pytest.approx(0.6)


def test_an_empty_group_gets_a_note_even_without_a_minimum():
    curve = survival.kaplan_meier([], measure=survival.FIRST_JOB, min_size=0)
    assert curve.suppressed and curve.rows == []


def test_events_on_the_start_day():
    durations = [Duration(0, True)] * 2 + [Duration(10, False)] * 8
    curve = survival.kaplan_meier(durations, measure=survival.FIRST_JOB)
    assert (curve.rows[0].days, curve.rows[0].events, curve.rows[0].share) == (0, 2, pytest.approx(20.0))


def test_groups_are_estimated_separately():
    quick = [Duration(10, True, "snel")] * 10
    slow = [Duration(400, True, "traag")] * 5 + [Duration(400, False, "traag")] * 5
    fast, late = survival.kaplan_meier_by_group(quick + slow, measure=survival.FIRST_JOB, horizons=(12,))
    assert fast.group == "snel" and fast.horizons[0].share == pytest.approx(100.0)
    assert late.horizons[0].share == pytest.approx(0.0)
    assert late.rows[-1].share == pytest.approx(50.0)
    assert late.median_months == pytest.approx(400 / DAYS_PER_MONTH)


def test_curves_for_records_and_group_labels():
    start = dt.date(2024, 1, 1)
    records = [PersonRecord(start, start + dt.timedelta(days=days) if observed else None,
                            start + dt.timedelta(days=days), survival.group_label(2024, "B"))
               for days, observed in FIXTURE]
    (curve,) = survival.curves_for_records(records, measure=survival.DUTY_FULFILLED, min_size=5)
    assert curve.group == "2024 · B"
    assert [r.survival for r in curve.rows] == pytest.approx([HAND_S[d] for d in sorted(HAND_S)])
    assert survival.group_label(2024) == "2024"
    assert survival.summary([curve])[0]["median_months"] == pytest.approx(150 / DAYS_PER_MONTH)


def test_measures_and_start_events_have_dutch_labels():
    assert set(survival.MEASURES) == {"first_job", "left_bijstand", "exam_passed", "duty_fulfilled"}
    assert set(survival.SHARE_LABELS) == set(survival.MEASURES)
    assert str(survival.MEASURES[survival.FIRST_JOB]) == "Eerste baan"
    assert set(survival.START_EVENTS) == {"linked", "brp_registered"}
    assert "gekoppeld" in str(survival.START_EVENTS[survival.LINKED])
