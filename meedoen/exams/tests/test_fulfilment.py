"""Fulfilment of the inburgering duty per route, from hand-made fixtures (domain.md, Learning routes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from meedoen.exams import services
from meedoen.exams.fulfilment import fulfilment_for
from meedoen.exams.models import MapTheme
from meedoen.plans.models import PlanSettings

from .conftest import attend, days_ago, monday, set_plan


def _pass(km, client, component, level="", days=50):
    attempt = services.record_exam_attempt(actor=km, client=client, component=component, level=level,
                                           taken_on=days_ago(days + 20))
    services.set_exam_result(actor=km, attempt=attempt, result="passed", result_on=days_ago(days))
    return attempt


def _fail(km, client, component, level="", days=50):
    services.record_exam_attempt(actor=km, client=client, component=component, level=level,
                                 taken_on=days_ago(days + 20), result="failed", result_on=days_ago(days))


def _pvt(km, client, *, hours=12, signed=90):
    services.save_module_progress(actor=km, client=client, pvt_hours=hours,
                                  pvt_signed_on=days_ago(signed) if signed is not None else None)


def _map(km, client, *, themes=MapTheme.values, hours=40, final=10):
    services.save_module_progress(actor=km, client=client, map_themes_done=list(themes), map_practical_hours=hours,
                                  map_final_conversation_on=days_ago(final) if final is not None else None)


def _missing(result) -> list[str]:
    return [r.code for r in result.missing]


# --- Not applicable / no plan ---------------------------------------------------------------------------------

def test_no_duty_no_checklist(world):
    result = fulfilment_for(world.client)  # regime "none"
    assert not result.applicable and not result.requirements and not result.fulfilled
    assert "geen inburgeringsplicht" in result.note


def test_without_a_set_plan_only_the_plan_is_missing(world, inburgeraar):
    _pass(world.klantmanager, inburgeraar, "knm")
    result = fulfilment_for(inburgeraar)
    assert result.applicable and not result.fulfilled
    assert _missing(result) == ["plan"]
    assert result.summary == "vastgesteld PIP met leerroute"


def test_a_draft_plan_does_not_count(world, inburgeraar):
    from meedoen.plans.tests.factories import PlanFactory

    PlanFactory(client=inburgeraar, route="b1")  # draft
    assert _missing(fulfilment_for(inburgeraar)) == ["plan"]


# --- B1-route ------------------------------------------------------------------------------------------------

def _b1_complete(km, client, *, level="b1"):
    for component, days in (("reading", 200), ("listening", 180), ("writing", 160), ("speaking", 30)):
        _pass(km, client, component, level, days=days)
    _pass(km, client, "knm", days=150)
    _pvt(km, client, signed=120)
    _map(km, client, final=40)


def test_b1_route_fulfilled_on_the_date_of_the_last_requirement(world, inburgeraar):
    set_plan(inburgeraar, route="b1")
    _b1_complete(world.klantmanager, inburgeraar)
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and not result.missing
    assert result.fulfilled_on == days_ago(30)  # speaking, the last one passed
    assert [r.code for r in result.requirements] == [
        "plan", "exam_reading", "exam_listening", "exam_writing", "exam_speaking", "exam_knm", "pvt_hours",
        "pvt_signed", "map_themes", "map_hours", "map_final"]


def test_b1_route_lists_what_is_missing(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    for component in ("reading", "listening", "writing"):
        _pass(km, inburgeraar, component, "b1")
    _fail(km, inburgeraar, "speaking", "b1")
    _pass(km, inburgeraar, "knm")
    _pvt(km, inburgeraar)
    _map(km, inburgeraar, final=None)
    result = fulfilment_for(inburgeraar)
    assert not result.fulfilled and result.fulfilled_on is None
    assert result.summary == "spreken B1, MAP-eindgesprek"


def test_a2_passes_do_not_count_for_the_b1_route(world, inburgeraar):
    set_plan(inburgeraar, route="b1")
    _b1_complete(world.klantmanager, inburgeraar, level="a2")
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["exam_reading", "exam_listening", "exam_writing", "exam_speaking"]
    assert result.summary.startswith("lezen B1, luisteren B1")


def test_stepped_down_to_a2_lowers_the_language_requirement(world, inburgeraar):
    set_plan(inburgeraar, route="b1", stepped_down=True)
    _b1_complete(world.klantmanager, inburgeraar, level="a2")
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and result.stepped_down and result.language_level == "a2"
    assert "afgeschaald naar A2" in result.route_label
    assert "op niveau A2 of hoger" in result.requirements[1].label


def test_a_higher_level_counts_too(world, inburgeraar):
    set_plan(inburgeraar, route="b1", stepped_down=True)
    _b1_complete(world.klantmanager, inburgeraar, level="b2")
    assert fulfilment_for(inburgeraar).fulfilled


def test_a_staatsexamen_counts_for_the_four_skills(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    _pass(km, inburgeraar, "staatsexamen_1", days=70)
    _pass(km, inburgeraar, "knm")
    _pvt(km, inburgeraar)
    _map(km, inburgeraar)
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled
    assert {r.met_on for r in result.requirements if r.code.startswith("exam_") and r.code != "exam_knm"} == {
        days_ago(70)}


def test_pvt_needs_the_hours_and_the_signature(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    _b1_complete(km, inburgeraar)
    _pvt(km, inburgeraar, hours=11, signed=None)
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["pvt_hours", "pvt_signed"]
    assert result.missing[0].detail == "11 van 12 uur"


def test_map_needs_all_eight_themes_and_the_practical_hours(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="b1")
    _b1_complete(km, inburgeraar)
    _map(km, inburgeraar, themes=MapTheme.values[:7], hours=39)
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["map_themes", "map_hours"]
    assert result.summary == "MAP-thema's, MAP-praktijkuren"


def test_municipal_norms_apply(world, inburgeraar):
    PlanSettings.objects.create(municipality=world.home, pvt_minimum_hours=16, map_practical_hours=60)
    set_plan(inburgeraar, route="b1")
    _b1_complete(world.klantmanager, inburgeraar)  # 12 PVT hours, 40 MAP hours
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["pvt_hours", "map_hours"]
    assert "ten minste 16 uur" in result.missing[0].label


def test_fulfilment_is_never_dated_before_the_first_pip(world, inburgeraar):
    set_plan(inburgeraar, route="b1", dagtekening=days_ago(10))
    _b1_complete(world.klantmanager, inburgeraar)  # all passed 30+ days ago
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and result.fulfilled_on == days_ago(10)


# --- Onderwijsroute --------------------------------------------------------------------------------------------

def test_onderwijsroute_needs_a_staatsexamen_knm_and_pvt_but_no_map(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="education")
    _pass(km, inburgeraar, "knm", days=100)
    _pvt(km, inburgeraar, signed=80)
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["staatsexamen"]
    assert not any(r.code.startswith("map") for r in result.requirements)
    _fail(km, inburgeraar, "staatsexamen_2")
    assert _missing(fulfilment_for(inburgeraar)) == ["staatsexamen"]
    _pass(km, inburgeraar, "staatsexamen_2", days=20)
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and result.fulfilled_on == days_ago(20)
    assert [h.code for h in result.hours] == ["pvt"]


def test_onderwijsroute_language_exams_alone_are_not_enough(world, inburgeraar):
    km = world.klantmanager
    set_plan(inburgeraar, route="education")
    for component in ("reading", "listening", "writing", "speaking"):
        _pass(km, inburgeraar, component, "b2")
    _pass(km, inburgeraar, "knm")
    _pvt(km, inburgeraar)
    assert _missing(fulfilment_for(inburgeraar)) == ["staatsexamen"]


# --- Z-route ---------------------------------------------------------------------------------------------------

def test_z_route_counts_attended_hours_per_group(world, inburgeraar):
    km = world.klantmanager
    PlanSettings.objects.create(municipality=world.home, z_route_language_hours=100,
                                z_route_participation_hours=60)
    plan = set_plan(inburgeraar, route="z", dagtekening=days_ago(500))
    # language: a course (40 + 40 + 30 = 110 h) and KNM lessons (5 h); participation: volunteering 25 + 25 h
    attend(plan, "language_course", [40, 40, 30], first_week_ago=30, user=km)
    attend(plan, "knm", [5], first_week_ago=29, user=km)
    attend(plan, "volunteering", [25, 25], first_week_ago=20, user=km)
    attend(plan, "buddy", [60], first_week_ago=20, user=km)  # support: counts for neither
    _pvt(km, inburgeraar, signed=200)
    _map(km, inburgeraar, final=100)
    result = fulfilment_for(inburgeraar)
    assert _missing(result) == ["z_participation_hours", "z_final"]
    language = next(r for r in result.requirements if r.code == "z_language_hours")
    # 40 + 5 (KNM, same week) + 40 = 85 < 100; + 30 in the third week = 115 → reached at the end of that week
    assert language.met and language.met_on == monday(28) + dt.timedelta(days=6)
    assert language.detail == "115 van 100 uur"
    participation = next(r for r in result.requirements if r.code == "z_participation_hours")
    assert participation.detail == "50 van 60 uur"
    hours = {h.code: h for h in result.hours}
    assert hours["language"].done == Decimal("115") and hours["language"].norm == 100 and hours["language"].met
    assert hours["participation"].done == Decimal("50") and hours["participation"].percent == 83
    # planned: two language activities (course and KNM) of 281 days at 20 h a week: 2 × 802,9 h
    assert hours["language"].planned == Decimal("1605.8")


def test_z_route_fulfilled_with_hours_and_final_conversation(world, inburgeraar):
    km = world.klantmanager
    plan = set_plan(inburgeraar, route="z", dagtekening=days_ago(700))
    attend(plan, "language_course", [400, 400], first_week_ago=60, user=km)  # 800 h reached in week 59
    attend(plan, "paid_work", [500, 300], first_week_ago=50, user=km)  # 800 h reached in week 49
    _pvt(km, inburgeraar, signed=300)
    _map(km, inburgeraar, final=250)
    services.save_module_progress(actor=km, client=inburgeraar, z_final_conversation_on=days_ago(5))
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and result.fulfilled_on == days_ago(5)
    assert not any(r.code.startswith("exam") for r in result.requirements)  # exams are optional


def test_attendance_of_other_clients_does_not_count(world, inburgeraar):
    from meedoen.clients.tests.factories import ClientFactory

    other = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager,
                          regime="wi2021", target_group="asielstatushouder")
    other_plan = set_plan(other, route="z")
    attend(other_plan, "language_course", [800], first_week_ago=10, user=world.klantmanager)
    set_plan(inburgeraar, route="z")
    hours = {h.code: h for h in fulfilment_for(inburgeraar).hours}
    assert hours["language"].done == 0


# --- Wi2013 ----------------------------------------------------------------------------------------------------

def test_wi2013_needs_a2_exams_knm_ona_and_pvt(world, inburgeraar):
    km = world.klantmanager
    inburgeraar.regime = "wi2013"
    inburgeraar.save(update_fields=["regime"])
    for component in ("reading", "listening", "writing", "speaking"):
        _pass(km, inburgeraar, component, "a2", days=100)
    _pass(km, inburgeraar, "knm", days=90)
    _pvt(km, inburgeraar, signed=80)
    result = fulfilment_for(inburgeraar)
    assert result.route == "wi2013" and _missing(result) == ["exam_ona"]
    assert result.summary == "ONA-examen"
    _pass(km, inburgeraar, "ona", days=15)
    result = fulfilment_for(inburgeraar)
    assert result.fulfilled and result.fulfilled_on == days_ago(15)
    assert not any(r.code.startswith("map") for r in result.requirements)


@pytest.mark.parametrize("route", ["b1", "education", "z"])
def test_query_count_is_fixed(world, inburgeraar, route, django_assert_num_queries):
    km = world.klantmanager
    plan = set_plan(inburgeraar, route=route)
    attend(plan, "language_course", [10] * 8, first_week_ago=20, user=km)
    for _ in range(4):
        _fail(km, inburgeraar, "reading", "b1")
    _pvt(km, inburgeraar)
    with django_assert_num_queries(7):
        fulfilment_for(inburgeraar)
