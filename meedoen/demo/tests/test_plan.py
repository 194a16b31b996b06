"""The in-memory demo plan: deterministic, plausible, and complete enough for later issues."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest

from meedoen.accounts.models import Role
from meedoen.clients.models import Regime, validate_bsn
from meedoen.demo.data import (
    DEMO_USERNAMES,
    JONGERENPUNT,
    MIDDEN_DRENTHE,
    MUNICIPALITIES,
    REINTEGRATIE,
    ZWOLLE,
)
from meedoen.demo.identifiers import IdentifierGenerator, bsn_check_digit
from meedoen.demo.names import NAMES, ORIGINS_ABROAD
from meedoen.demo.plan import BIJSTAND, STATUSHOUDER, WI2021_START, Sizes, build_plan, digest, plan_records

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def plan():
    return build_plan(today=TODAY)


def test_same_seed_same_plan(plan):
    again = build_plan(today=TODAY)
    assert digest(plan_records(again)) == digest(plan_records(plan))
    assert list(again.people()) == list(plan.people())


def test_another_seed_gives_other_people(plan):
    other = build_plan(seed=plan.seed + 1, today=TODAY)
    assert digest(plan_records(other)) != digest(plan_records(plan))


def test_parts_are_independent(plan):
    """Changing the number of bijstand clients leaves the statushouders as they were."""
    smaller = build_plan(Sizes(zwolle_bijstand=10), today=TODAY)
    statushouders = [p for p in plan.municipality(ZWOLLE).people if p.group == STATUSHOUDER]
    assert [p for p in smaller.municipality(ZWOLLE).people if p.group == STATUSHOUDER] == statushouders


def test_sizes(plan):
    zwolle = plan.municipality(ZWOLLE).people
    assert sum(p.group == STATUSHOUDER for p in zwolle) == 600
    assert sum(p.group == BIJSTAND for p in zwolle) == 2700
    assert len(plan.municipality(MIDDEN_DRENTHE).people) == 100
    assert len({p.key for p in plan.people()}) == 3400
    assert len({p.public_id for p in plan.people()}) == 3400


def test_all_eight_origins_are_represented(plan):
    for municipality in (ZWOLLE,):
        statushouders = {p.origin for p in plan.municipality(municipality).people if p.group == STATUSHOUDER}
        assert set(ORIGINS_ABROAD) <= statushouders
    bijstand = {p.origin for p in plan.people() if p.group == BIJSTAND}
    assert "NL" in bijstand and len(bijstand) >= 5
    # Second generation: Dutch given names with a family name from abroad.
    assert any(p.origin == "NL" and p.name_origin != "NL" for p in plan.people())


def test_names_come_from_the_list_of_the_origin(plan):
    for p in plan.people():
        assert p.family_name in NAMES[p.name_origin].family
        assert p.given_names.split(" ")[0] in {*NAMES[p.origin].male, *NAMES[p.origin].female} or p.origin == "NL"


def test_households_share_a_family_name_and_an_origin(plan):
    households = defaultdict(list)
    for p in plan.people():
        households[p.household].append(p)
    assert any(len(members) >= 3 for members in households.values())
    for members in households.values():
        assert len({m.family_name for m in members}) == 1
        assert len({m.origin for m in members}) == 1
        assert len({m.link_date for m in members}) == 1
        assert len({m.given_names for m in members}) == len(members)


def test_link_cohorts_and_regimes(plan):
    statushouders = [p for p in plan.people() if p.group == STATUSHOUDER]
    assert {p.link_date.year for p in statushouders} == set(range(2019, 2027))
    for p in statushouders:
        assert p.regime == (Regime.WI2021 if p.link_date >= WI2021_START else Regime.WI2013)
        assert p.link_date <= plan.reference_date
        assert 18 <= p.age_on(p.link_date) <= 60
    for p in plan.people():
        if p.group == BIJSTAND:
            assert p.regime == Regime.NONE and p.link_date is None and not p.in_azc


def test_some_young_adults_for_the_youth_desk(plan):
    young = [p for p in plan.municipality(ZWOLLE).people if p.group == STATUSHOUDER and p.age_on(TODAY) < 27]
    assert len(young) >= 60


def test_identifiers(plan):
    statushouders = [p for p in plan.people() if p.group == STATUSHOUDER]
    azc = [p for p in statushouders if p.in_azc]
    assert azc and all(p.link_date.year == 2026 for p in azc)
    assert any(not p.bsn and p.v_number for p in azc)
    assert any(not p.bsn and not p.v_number and p.coa_number for p in azc)
    for p in plan.people():
        assert p.identifiers(), p.key
        if not p.in_azc:
            assert p.bsn
        if p.bsn:
            assert validate_bsn(p.bsn) == p.bsn
        if p.v_number:
            assert len(p.v_number) == 10 and p.v_number.isdigit()
    bsns = [p.bsn for p in plan.people() if p.bsn]
    assert len(bsns) == len(set(bsns))  # unique across both municipalities, so per municipality too


def test_caseloads_stay_within_team_and_near_the_target(plan):
    staff = {s.username: s for m in MUNICIPALITIES for s in m.staff}
    for mplan in plan.municipalities:
        loads = defaultdict(int)
        for key, assignment in mplan.assignments.items():
            if assignment.klantmanager:
                assert staff[assignment.klantmanager].team == assignment.team, key
                loads[assignment.klantmanager] += 1
        for username, load in loads.items():
            assert staff[username].caseload - 4 <= load <= staff[username].caseload + 2
    assert 240 <= sum(1 for a in plan.municipality(ZWOLLE).assignments.values() if a.klantmanager == "km-zwolle") <= 262


def test_zwolle_has_twelve_klantmanagers_at_about_the_norm_and_a_waiting_list(plan):
    """The issue's 12 klantmanagers (8 in Re-integratie 27+, 4 at the Jongerenpunt), one fte each, with a
    'regie' caseload of about the norm; the clients beyond capacity wait."""
    zwolle = plan.municipality(ZWOLLE)
    klantmanagers = [s for s in zwolle.spec.staff if s.role == Role.KLANTMANAGER]
    assert [s.username for s in klantmanagers] == ["km-zwolle", *(f"km-zwolle-{n:02d}" for n in range(2, 13))]
    per_team = Counter(s.team for s in klantmanagers)
    assert per_team == {REINTEGRATIE: 8, JONGERENPUNT: 4}
    for team in zwolle.spec.teams:
        assert team.fte == per_team[team.name]
        capacity = int(team.fte * team.caseload_norm)
        assignments = [a for a in zwolle.assignments.values() if a.team == team.name]
        assigned = sum(a.klantmanager is not None for a in assignments)
        assert 0.9 * capacity <= assigned <= 1.3 * capacity, team.name
        assert any(a.klantmanager is None for a in assignments), team.name  # a waiting list in each team
    waiting = sum(a.klantmanager is None for a in zwolle.assignments.values())
    assert 300 <= waiting <= 0.4 * len(zwolle.people)


def test_usernames_are_unique():
    assert len(DEMO_USERNAMES) == len(set(DEMO_USERNAMES))


def test_bsn_check_digit():
    assert bsn_check_digit("12345678") == 2  # 123456782 is valid (domain.md)
    assert bsn_check_digit("24956675") == 8
    generator = IdentifierGenerator(random.Random(7))
    numbers = [generator.bsn() for _ in range(2000)]
    assert len(set(numbers)) == 2000
    for number in numbers:
        assert validate_bsn(number) == number
    assert "123456782" not in numbers


def test_name_lists_are_long_enough():
    for origin, names in NAMES.items():
        assert len(names.male) >= 30 and len(names.female) >= 30 and len(names.family) >= 30, origin
        assert len(set(names.male)) == len(names.male), origin
        assert len(set(names.female)) == len(names.female), origin
        assert len(set(names.family)) == len(names.family), origin
