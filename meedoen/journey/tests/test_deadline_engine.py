"""Each deadline rule at its boundaries, leap days included (pure engine, no database)."""

import datetime as dt

import pytest

from meedoen.journey import deadlines as engine
from meedoen.journey.deadlines import Facts, Status, add_offset, compute, corresponding_date, status
from meedoen.journey.rules import DEFAULT_RULES, default_values

D = dt.date


def rules():
    out = []
    for r in DEFAULT_RULES:
        v = default_values(r)
        out.append(engine.Rule(code=r["code"], anchor=v["anchor"], offset_amount=v["offset_amount"],
                               offset_unit=v["offset_unit"], anchor_shift_days=v["anchor_shift_days"],
                               end_adjust_days=v["end_adjust_days"], is_window=v["is_window"],
                               regimes=tuple(v["regimes"]), target_groups=tuple(v["target_groups"]),
                               source=v["source"]))
    return out


def by_code(facts):
    return {d.code: d for d in compute(rules(), facts)}


@pytest.mark.parametrize("start,months,expected", [
    (D(2024, 3, 16), 36, D(2027, 3, 16)),
    (D(2024, 2, 29), 36, D(2027, 3, 1)),   # no 29 Feb in 2027: first of next month
    (D(2024, 2, 29), 48, D(2028, 2, 29)),  # leap year again
    (D(2023, 8, 31), 6, D(2024, 3, 1)),    # no 31 Feb
    (D(2024, 1, 31), 1, D(2024, 3, 1)),
    (D(2024, 12, 15), 1, D(2025, 1, 15)),
    (D(2024, 11, 30), 3, D(2025, 3, 1)),   # no 30 Feb
])
def test_corresponding_date(start, months, expected):
    assert corresponding_date(start, months) == expected


def test_add_offset_units():
    assert add_offset(D(2024, 1, 1), 10, "weeks") == D(2024, 3, 11)
    assert add_offset(D(2024, 1, 1), 3, "days") == D(2024, 1, 4)
    assert add_offset(D(2024, 1, 1), 2, "years") == D(2026, 1, 1)
    with pytest.raises(ValueError):
        add_offset(D(2024, 1, 1), 1, "fortnights")


def wi2021(**kwargs):
    return Facts(regime="wi2021", target_group="asielstatushouder", **kwargs)


def test_inburgering_term_example_from_the_issue():
    # PIP dated 2024-03-15 -> term 2024-03-16 up to and including 2027-03-15.
    d = by_code(wi2021(first_pip=D(2024, 3, 15)))["inburgering_term"]
    assert d.anchor_date == D(2024, 3, 15)
    assert d.due_date == D(2027, 3, 15)
    assert d.met_on is None


def test_inburgering_term_with_leap_day_start():
    # PIP dated 2024-02-28 -> starts 2024-02-29; no 29 Feb 2027, so the term ends on 28 Feb 2027.
    assert by_code(wi2021(first_pip=D(2024, 2, 28)))["inburgering_term"].due_date == D(2027, 2, 28)
    # PIP dated 2024-02-29 -> starts 1 March 2024 -> ends 28 Feb 2027 (day before 1 March 2027).
    assert by_code(wi2021(first_pip=D(2024, 2, 29)))["inburgering_term"].due_date == D(2027, 2, 28)
    # PIP dated 2027-02-28 -> starts 1 March 2027 -> ends the day before 1 March 2030: 28 Feb 2030.
    assert by_code(wi2021(first_pip=D(2027, 2, 28)))["inburgering_term"].due_date == D(2030, 2, 28)
    # PIP dated 2025-02-28 -> starts 1 March 2025 -> ends 29 Feb 2028 (leap year).
    assert by_code(wi2021(first_pip=D(2025, 2, 28)))["inburgering_term"].due_date == D(2028, 2, 29)


def test_extensions_move_the_term_by_whole_weeks():
    d = by_code(wi2021(first_pip=D(2024, 3, 15), extension_weeks=26))["inburgering_term"]
    assert d.due_date == D(2027, 3, 15) + dt.timedelta(weeks=26)


def test_term_met_by_fulfilment_or_exemption():
    d = by_code(wi2021(first_pip=D(2024, 3, 15), milestones={"duty_fulfilled": D(2026, 5, 1)}))
    assert d["inburgering_term"].met_on == D(2026, 5, 1)
    d = by_code(wi2021(first_pip=D(2024, 3, 15), milestones={"duty_exempted": D(2025, 1, 2)}))
    assert d["inburgering_term"].met_on == D(2025, 1, 2)


def test_route_switch_window_is_18_months_from_term_start():
    d = by_code(wi2021(first_pip=D(2024, 3, 15)))["route_switch"]
    # Term starts 2024-03-16; 18 months later 2025-09-16; last day 2025-09-15.
    assert d.due_date == D(2025, 9, 15)
    assert d.is_window


def test_housing_offer_and_move_from_the_link():
    d = by_code(wi2021(milestones={"linked": D(2024, 1, 1)}))
    assert d["housing_offer"].due_date == D(2024, 3, 11)   # + 10 weeks
    assert d["housing_move"].due_date == D(2024, 3, 25)    # + 12 weeks
    assert d["housing_offer"].met_on is None


def test_housing_offer_met_by_offer_or_by_housing():
    d = by_code(wi2021(milestones={"linked": D(2024, 1, 1), "housing_offered": D(2024, 3, 1)}))
    assert d["housing_offer"].met_on == D(2024, 3, 1)
    assert d["housing_move"].met_on is None
    d = by_code(wi2021(milestones={"linked": D(2024, 1, 1), "housed": D(2024, 4, 1)}))
    assert d["housing_offer"].met_on == D(2024, 4, 1)
    assert d["housing_move"].met_on == D(2024, 4, 1)


def test_pip_within_10_weeks_of_brp_registration_for_wi2021_only():
    d = by_code(wi2021(milestones={"brp_registered": D(2024, 2, 1)}))
    assert d["pip"].due_date == D(2024, 4, 11)
    assert "pip" not in by_code(Facts(regime="wi2013", milestones={"brp_registered": D(2024, 2, 1)}))
    assert "pip" not in by_code(Facts(regime="none", milestones={"brp_registered": D(2024, 2, 1)}))


def test_ontzorgen_six_months_for_wi2021_asielstatushouders_only():
    facts = wi2021(bijstand_episodes=[(D(2024, 8, 31), None)])
    d = by_code(facts)["ontzorgen"]
    assert d.due_date == D(2025, 2, 28)  # 31 Aug + 6 months -> 1 March -> last day 28 Feb
    assert d.met_on is None
    gezinsvormer = Facts(regime="wi2021", target_group="gezinsvormer", bijstand_episodes=[(D(2024, 8, 31), None)])
    assert "ontzorgen" not in by_code(gezinsvormer)
    assert "ontzorgen" not in by_code(Facts(regime="none", bijstand_episodes=[(D(2024, 8, 31), None)]))


def test_ontzorgen_ends_earlier_with_the_bijstand():
    d = by_code(wi2021(bijstand_episodes=[(D(2024, 1, 1), D(2024, 3, 1))]))["ontzorgen"]
    assert d.due_date == D(2024, 6, 30)
    assert d.met_on == D(2024, 3, 1)
    # Bijstand ending on or after the last day does not shorten it.
    d = by_code(wi2021(bijstand_episodes=[(D(2024, 1, 1), D(2024, 6, 30))]))["ontzorgen"]
    assert d.met_on is None


def test_follow_up_stops_when_the_file_is_no_longer_active():
    on_bijstand = Facts(regime="none", milestones={"intake_completed": D(2024, 1, 10)},
                        bijstand_episodes=[(D(2023, 12, 1), None)])
    assert {"progress_conversation", "ladder_measurement"} <= set(by_code(on_bijstand))
    left = Facts(regime="none", milestones={"intake_completed": D(2024, 1, 10)},
                 bijstand_episodes=[(D(2023, 12, 1), D(2024, 6, 1))])
    assert not {"progress_conversation", "ladder_measurement"} & set(by_code(left))
    # An inburgering duty keeps the follow-up going without bijstand, until it is fulfilled.
    duty = wi2021(milestones={"intake_completed": D(2024, 1, 10)})
    assert "progress_conversation" in by_code(duty)
    duty.milestones["duty_fulfilled"] = D(2025, 1, 1)
    assert "progress_conversation" not in by_code(duty)


def test_progress_conversation_counts_from_the_latest_anchor():
    f = Facts(regime="none", milestones={"intake_completed": D(2024, 1, 10)},
              bijstand_episodes=[(D(2024, 1, 1), None)])
    assert by_code(f)["progress_conversation"].due_date == D(2024, 4, 10)
    f.last_progress_contact = D(2024, 3, 31)
    assert by_code(f)["progress_conversation"].due_date == D(2024, 7, 1)  # 31 June does not exist
    assert "progress_conversation" not in by_code(Facts(regime="none"))


def test_ladder_measurement_twice_a_year():
    f = Facts(regime="none", milestones={"intake_completed": D(2024, 1, 10)},
              bijstand_episodes=[(D(2024, 1, 1), None)])
    assert by_code(f)["ladder_measurement"].due_date == D(2024, 7, 10)
    f.last_ladder_measurement = D(2024, 5, 1)
    assert by_code(f)["ladder_measurement"].due_date == D(2024, 11, 1)


def test_no_anchor_no_deadline():
    assert compute(rules(), wi2021()) == []


@pytest.mark.parametrize("today,expected", [
    (D(2024, 3, 1), Status.ON_TIME),      # 15 days before
    (D(2024, 3, 2), Status.DUE_SOON),     # exactly 14 days before
    (D(2024, 3, 16), Status.DUE_SOON),    # on the due date itself
    (D(2024, 3, 17), Status.OVERDUE),     # the day after
])
def test_status_boundaries(today, expected):
    assert status(D(2024, 3, 16), None, False, today, 14) == expected


def test_status_met_and_met_late():
    assert status(D(2024, 3, 16), D(2024, 3, 16), False, D(2024, 5, 1), 14) == Status.MET
    assert status(D(2024, 3, 16), D(2024, 3, 17), False, D(2024, 5, 1), 14) == Status.MET_LATE


def test_window_status():
    assert status(D(2024, 6, 30), None, True, D(2024, 1, 1), 14) == Status.OPEN
    assert status(D(2024, 6, 30), None, True, D(2024, 6, 16), 14) == Status.CLOSING
    assert status(D(2024, 6, 30), None, True, D(2024, 6, 30), 14) == Status.CLOSING
    assert status(D(2024, 6, 30), None, True, D(2024, 7, 1), 14) == Status.CLOSED
    assert status(D(2024, 6, 30), D(2024, 3, 1), True, D(2024, 4, 1), 14) == Status.CLOSED
