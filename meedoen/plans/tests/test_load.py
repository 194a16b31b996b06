"""The weekly load check and the planned hours: pure functions, weeks computed by hand.

Calendar used below (2026): Mon 5 Jan is ISO week 2; Mon 29 Dec 2025 is ISO week 1 of 2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from meedoen.plans.load import (
    AVAILABLE,
    CHILDCARE,
    MEETS,
    NO_NORM,
    NOT_IN_ROUTE,
    SHORT,
    LoadItem,
    Norms,
    check_load,
    format_hours,
    planned_hours,
    week_span,
)

D = dt.date


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def item(description, hours, start, end, activity_type="language_course"):
    return LoadItem(activity_type=activity_type, description=description, hours_per_week=Decimal(hours),
                    start=start, end=end)


def test_the_example_sentence():
    check = check_load([item("taalles", 24, D(2026, 1, 5), D(2026, 1, 11)),
                        item("werk", 24, D(2026, 1, 5), D(2026, 1, 11), "paid_work")], 36, False)
    assert check.messages() == ["Week 2 (5 jan – 11 jan 2026): taalles 24 u + werk 24 u = 48 u > 36 u beschikbaar"]
    assert check.problem_weeks == 1 and not check.ok
    [week] = check.weeks
    assert (week.monday, week.sunday, week.iso_week, week.total) == (D(2026, 1, 5), D(2026, 1, 11), 2, 48)


def test_a_plan_that_fits_has_no_problems_and_exactly_36_hours_is_fine():
    check = check_load([item("taalles", 12, D(2026, 1, 5), D(2026, 3, 1)),
                        item("werk", 24, D(2026, 1, 5), D(2026, 3, 1), "paid_work")], 36, False)
    assert check.ok and check.problems == ()
    assert len(check.weeks) == 8 and {w.total for w in check.weeks} == {36}


def test_partial_weeks_overlap_counts_in_full():
    # Taalles Wed 7 Jan – Tue 20 Jan touches three ISO weeks (2, 3, 4); werk runs Mon 19 Jan – Sun 1 Feb (4, 5).
    check = check_load([item("taalles", 20, D(2026, 1, 7), D(2026, 1, 20)),
                        item("werk", 20, D(2026, 1, 19), D(2026, 2, 1), "paid_work")], 36, False)
    assert [w.monday for w in check.weeks] == [D(2026, 1, 5), D(2026, 1, 12), D(2026, 1, 19), D(2026, 1, 26)]
    assert [w.total for w in check.weeks] == [20, 20, 40, 20]
    assert check.messages() == ["Week 4 (19 jan – 25 jan 2026): taalles 20 u + werk 20 u = 40 u > 36 u beschikbaar"]


def test_an_activity_ending_on_a_monday_still_runs_that_week_and_one_starting_on_sunday_too():
    check = check_load([item("a", 10, D(2026, 1, 4), D(2026, 1, 12))], 36, False)  # Sun of wk 1 .. Mon of wk 3
    assert [w.iso_week for w in check.weeks] == [1, 2, 3]
    assert all(w.total == 10 for w in check.weeks)


def test_consecutive_identical_weeks_collapse_into_one_line():
    # 40 weeks of 48 hours: one line with the range, not 40 lines.
    start = D(2026, 1, 5)
    end = start + dt.timedelta(weeks=40, days=-1)  # Sun 11 Oct 2026, ISO week 41
    check = check_load([item("taalles", 24, start, end), item("werk", 24, start, end, "paid_work")], 36, False)
    assert len(check.weeks) == 40 and check.problem_weeks == 40
    assert check.messages() == [
        "Week 2 t/m 41 (5 jan – 11 okt 2026): taalles 24 u + werk 24 u = 48 u > 36 u beschikbaar"]
    assert check.problems[0].weeks == 40
    assert len(check.periods) == 1 and check.periods[0].weeks == 40


def test_different_sums_make_separate_lines_and_a_gap_breaks_a_run():
    check = check_load([
        item("taalles", 24, D(2026, 1, 5), D(2026, 1, 25)),          # weeks 2–4
        item("werk", 24, D(2026, 1, 5), D(2026, 1, 18), "paid_work"),  # weeks 2–3
        item("werk", 30, D(2026, 1, 19), D(2026, 1, 25), "paid_work"),  # week 4 (different sum)
        item("taalles", 40, D(2026, 2, 9), D(2026, 2, 15)),           # week 7 after a gap (weeks 5, 6 empty)
    ], 36, False)
    assert check.messages() == [
        "Week 2 t/m 3 (5 jan – 18 jan 2026): taalles 24 u + werk 24 u = 48 u > 36 u beschikbaar",
        "Week 4 (19 jan – 25 jan 2026): taalles 24 u + werk 30 u = 54 u > 36 u beschikbaar",
        "Week 7 (9 feb – 15 feb 2026): taalles 40 u > 36 u beschikbaar",
    ]
    assert [w.total for w in check.weeks] == [48, 48, 54, 0, 0, 40]
    assert check.problem_weeks == 4


def test_childcare_must_cover_the_hours_and_is_not_a_load():
    check = check_load([
        item("taalles", 12, D(2026, 1, 5), D(2026, 1, 25)),
        item("vrijwilligerswerk", 18, D(2026, 1, 12), D(2026, 1, 25), "volunteering"),
        item("kinderopvang", 20, D(2026, 1, 5), D(2026, 1, 18), "childcare"),  # weeks 2–3 only
    ], 36, True)
    assert [(w.total, w.childcare) for w in check.weeks] == [(12, 20), (30, 20), (30, 0)]
    assert check.messages() == [
        "Week 3 (12 jan – 18 jan 2026): taalles 12 u + vrijwilligerswerk 18 u = 30 u > 20 u kinderopvang",
        "Week 4 (19 jan – 25 jan 2026): taalles 12 u + vrijwilligerswerk 18 u = 30 u > 0 u kinderopvang",
    ]
    assert {p.kind for p in check.problems} == {CHILDCARE}


def test_childcare_is_not_checked_when_not_needed():
    check = check_load([item("taalles", 12, D(2026, 1, 5), D(2026, 1, 11))], 36, False)
    assert check.ok


def test_both_limits_in_one_week_and_runs_of_each_kind_collapse_separately():
    check = check_load([
        item("taalles", 24, D(2026, 1, 5), D(2026, 1, 18)),
        item("werk", 16, D(2026, 1, 5), D(2026, 1, 18), "paid_work"),
        item("opvang", 32, D(2026, 1, 5), D(2026, 1, 18), "childcare"),
    ], 36, True)
    assert [p.kind for p in check.problems] == [AVAILABLE, CHILDCARE]
    assert check.messages() == [
        "Week 2 t/m 3 (5 jan – 18 jan 2026): taalles 24 u + werk 16 u = 40 u > 36 u beschikbaar",
        "Week 2 t/m 3 (5 jan – 18 jan 2026): taalles 24 u + werk 16 u = 40 u > 32 u kinderopvang",
    ]
    assert check.problem_weeks == 2


def test_unknown_availability_checks_only_childcare():
    check = check_load([item("taalles", 50, D(2026, 1, 5), D(2026, 1, 11))], None, False)
    assert check.ok
    check = check_load([item("taalles", 10, D(2026, 1, 5), D(2026, 1, 11))], None, True)
    assert check.messages() == ["Week 2 (5 jan – 11 jan 2026): taalles 10 u > 0 u kinderopvang"]


def test_half_hours_use_a_dutch_comma_and_zero_hour_activities_are_left_out():
    check = check_load([item("taalles", "12.5", D(2026, 1, 5), D(2026, 1, 11)),
                        item("werk", "24", D(2026, 1, 5), D(2026, 1, 11), "paid_work"),
                        item("maatje", "0", D(2026, 1, 5), D(2026, 1, 11), "buddy")], 36, False)
    assert check.messages() == [
        "Week 2 (5 jan – 11 jan 2026): taalles 12,5 u + werk 24 u = 36,5 u > 36 u beschikbaar"]


def test_description_falls_back_to_the_type_label():
    check = check_load([item("", 40, D(2026, 1, 5), D(2026, 1, 11), "paid_work")], 36, False)
    assert check.messages() == ["Week 2 (5 jan – 11 jan 2026): betaald werk 40 u > 36 u beschikbaar"]


def test_weeks_across_the_new_year():
    check = check_load([item("taalles", 40, D(2025, 12, 22), D(2026, 1, 4))], 36, False)
    assert check.messages() == [
        "Week 52 t/m 1 (22 dec 2025 – 4 jan 2026): taalles 40 u > 36 u beschikbaar"]
    assert week_span(D(2025, 12, 29), D(2025, 12, 29)) == "Week 1 (29 dec 2025 – 4 jan 2026)"


def test_no_activities_no_weeks():
    check = check_load([], 36, True)
    assert check.ok and check.weeks == () and check.periods == () and check.max_total == 0


def test_periods_group_equal_weeks_for_the_table():
    check = check_load([item("taalles", 12, D(2026, 1, 5), D(2026, 2, 1)),
                        item("werk", 30, D(2026, 1, 19), D(2026, 1, 25), "paid_work")], 36, False)
    assert [(p.label, p.total, p.has_problem) for p in check.periods] == [
        ("Week 2 t/m 3 (5 jan – 18 jan 2026)", 12, False),
        ("Week 4 (19 jan – 25 jan 2026)", 42, True),
        ("Week 5 (26 jan – 1 feb 2026)", 12, False),
    ]
    assert check.max_total == 42


def test_english_formatting():
    with translation.override("en"):
        assert format_hours(Decimal("12.5")) == "12.5"
    assert format_hours(Decimal("12.5")) == "12,5"
    assert format_hours(Decimal("1600"), grouping=True) == "1.600"


# --- Planned hours ---------------------------------------------------------------------------------------

def test_z_route_planned_hours_against_the_norms():
    items = [
        item("taalles", 20, D(2026, 1, 5), D(2026, 1, 5) + dt.timedelta(weeks=40, days=-1)),  # 800 h
        item("vrijwilligerswerk", 10, D(2026, 1, 5), D(2026, 1, 5) + dt.timedelta(weeks=40, days=-1),
             "volunteering"),  # 400 h
        item("PVT", 3, D(2026, 1, 5), D(2026, 2, 1), "pvt"),  # 4 weeks × 3 = 12 h
        item("MAP", 2, D(2026, 1, 5), D(2026, 3, 1), "map_practice"),  # 8 weeks × 2 = 16 h
        item("opvang", 30, D(2026, 1, 5), D(2026, 12, 31), "childcare"),  # never counted
    ]
    summary = planned_hours(items, "z", Norms())
    rows = {row.group: (row.planned, row.norm, row.status) for row in summary.rows}
    assert rows == {"language": (800, 800, MEETS), "participation": (400, 800, SHORT), "pvt": (12, 12, MEETS),
                    "map": (16, 40, SHORT)}
    assert summary.warnings == ("Participatie: 400 u gepland, de Z-route vraagt 800 u.",
                                "MAP-praktijk: 16 u gepland, de norm is 40 u.")


def test_b1_route_has_no_hour_norm_for_language_and_partial_weeks_count_by_days():
    # Wed 7 Jan – Tue 13 Jan is exactly one week: 7 days / 7 × 10 h.
    summary = planned_hours([item("taalles", 10, D(2026, 1, 7), D(2026, 1, 13))], "b1",
                            Norms(pvt_minimum_hours=12, map_practical_hours=60))
    rows = {row.group: (row.planned, row.norm, row.status) for row in summary.rows}
    assert rows == {"language": (10, None, NO_NORM), "pvt": (0, 12, SHORT), "map": (0, 60, SHORT)}
    assert summary.warnings == ("PVT: 0 u gepland, het minimum is 12 u.", "MAP-praktijk: 0 u gepland, de norm is 60 u.")


def test_education_route_has_no_map():
    summary = planned_hours([item("PVT", 12, D(2026, 1, 5), D(2026, 1, 11), "pvt"),
                             item("MAP", 5, D(2026, 1, 5), D(2026, 1, 11), "map_practice")], "education", Norms())
    rows = {row.group: row.status for row in summary.rows}
    assert rows == {"pvt": MEETS, "map": NOT_IN_ROUTE}
    assert summary.warnings == ("De onderwijsroute kent geen MAP, maar het plan heeft 5 u MAP-praktijk.",)


def test_without_a_route_only_the_hours_are_shown():
    summary = planned_hours([item("schuldhulp", 2, D(2026, 1, 5), D(2026, 1, 18), "debt_assistance")], "", Norms())
    assert [(r.group, r.planned, r.status) for r in summary.rows] == [("support", 4, NO_NORM)]
    assert summary.warnings == () and summary.total == 4
