"""The demo journeys, checked on the in-memory plan (no database): plausible, in order, complete.

The plan is built for a fixed 'today', so these figures do not drift with the calendar.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections import Counter, defaultdict

import pytest

from meedoen.clients.models import HouseholdRole, Regime, TargetGroup
from meedoen.demo.data import MIDDEN_DRENTHE, REFERENCE_DATE, ZWOLLE
from meedoen.demo.journeys import _adult_from
from meedoen.demo.plan import BIJSTAND, STATUSHOUDER, Sizes, build_plan
from meedoen.journey import deadlines as engine
from meedoen.journey.models import MILESTONE_ORDER, MILESTONE_PREREQUISITES, MilestoneKind
from meedoen.journey.rules import DEFAULT_RULES, default_values

TODAY = dt.date(2026, 11, 23)
K = MilestoneKind
LANGUAGE_CODES = {code for code, _ in importlib.import_module("meedoen.clients.migrations.0003_languages").LANGUAGES}
ORIGINS = {"SY", "ER", "AF", "TR", "IQ", "YE", "UA", "SO"}


@pytest.fixture(scope="module")
def plan():
    return build_plan(today=TODAY)


def people(plan, group=None):
    for mplan in plan.municipalities:
        for p in mplan.people:
            if group is None or p.group == group:
                yield mplan, p, mplan.journeys.people[p.key]


def first_dates(journey) -> dict[str, dt.date]:
    dates: dict[str, dt.date] = {}
    for m in journey.milestones:
        dates[m.kind] = min(dates.get(m.kind, m.date), m.date)
    return dates


def order_violations(journey) -> list[tuple[str, str]]:
    """Pairs that break the journey order (the same checks the services make), as (earlier, later)."""
    dates = first_dates(journey)
    problems = [(earlier, later) for earlier, later in MILESTONE_ORDER
                if earlier in dates and later in dates and dates[earlier] > dates[later]]
    problems += [(earlier, kind) for kind, earlier_kinds in MILESTONE_PREREQUISITES.items() if kind in dates
                 for earlier in earlier_kinds if earlier not in dates]
    return problems


def test_every_person_has_a_journey(plan):
    for mplan in plan.municipalities:
        assert set(mplan.journeys.people) == {p.key for p in mplan.people}


def test_target_group_fits_the_regime(plan):
    groups = Counter()
    for _, p, j in people(plan):
        groups[j.target_group] += 1
        if p.regime == Regime.NONE:
            assert j.target_group == "", p.key
        else:
            assert j.target_group in TargetGroup.values, p.key
    statushouders = sum(1 for _ in people(plan, STATUSHOUDER))
    assert groups[TargetGroup.ASIELSTATUSHOUDER] >= 0.85 * statushouders
    assert groups[TargetGroup.GEZINSHERENIGER_ASIEL] > 5
    assert groups[TargetGroup.GEZINSVORMER_ASIEL] > 0


def test_family_members_who_came_later_join_an_existing_household(plan):
    found = 0
    for mplan, p, j in people(plan, STATUSHOUDER):
        if j.target_group == TargetGroup.ASIELSTATUSHOUDER:
            continue
        found += 1
        assert j.household_role == HouseholdRole.PARTNER
        referent = next(q for q in mplan.people if q.household == p.household and q.household_role == "head")
        rj = mplan.journeys.people[referent.key]
        assert rj.target_group == TargetGroup.ASIELSTATUSHOUDER and rj.address == j.address
        mine, theirs = first_dates(j), first_dates(rj)
        assert K.LINKED not in mine and K.HOUSED not in mine  # not linked by COA: they arrive at the home
        assert mine[K.BRP_REGISTERED] > theirs[K.HOUSED]
        assert j.coa_profile is None and j.handover is None
    assert found > 5


def test_cohorts_spread_over_2019_to_2026(plan):
    links = Counter(p.link_date.year for _, p, _ in people(plan, STATUSHOUDER))
    assert set(links) == set(range(2019, 2027))
    assert all(n >= 20 for n in links.values())
    starts = Counter(j.episodes[0].start.year for _, _, j in people(plan, BIJSTAND))
    assert set(starts) == set(range(2015, 2027))


def test_countries_and_languages(plan):
    for _, p, j in people(plan):
        assert j.country_of_origin == p.origin
        assert j.languages and set(j.languages) <= LANGUAGE_CODES, p.key
        assert len(set(j.languages)) == len(j.languages)
        if p.group == STATUSHOUDER:
            assert j.country_of_origin in ORIGINS
        elif p.origin == "NL":
            assert "nld" in j.languages
    bijstand_countries = Counter(j.country_of_origin for _, _, j in people(plan, BIJSTAND))
    assert bijstand_countries["NL"] > 0.5 * sum(bijstand_countries.values()) and len(bijstand_countries) >= 6


def test_households_and_roles(plan):
    for mplan in plan.municipalities:
        members = defaultdict(list)
        for p in mplan.people:
            members[p.household].append(mplan.journeys.people[p.key])
        for household, journeys in members.items():
            if len(journeys) >= 2:
                assert household in mplan.journeys.households
                roles = Counter(j.household_role for j in journeys)
                assert roles[HouseholdRole.REFERENT] == 1, household
                assert len({j.address for j in journeys}) == 1  # one home (none yet while in the AZC)
            else:
                assert household not in mplan.journeys.households
                assert journeys[0].household_role == ""


def test_addresses(plan):
    postcode = re.compile(r"^[1-9][0-9]{3} [A-Z]{2}$")
    for mplan, p, j in people(plan):
        housed = K.HOUSED in first_dates(j) or p.group == BIJSTAND or j.target_group != TargetGroup.ASIELSTATUSHOUDER
        if not housed:
            assert j.address is None, p.key
            continue
        a = j.address
        assert a is not None and postcode.match(a.postcode), p.key
        assert a.postcode[:2] == ("94" if mplan.cbs_code == MIDDEN_DRENTHE else "80")
        assert a.city == "Zwolle" if mplan.cbs_code == ZWOLLE else a.city != "Zwolle"
        assert a.postcode[5:] not in ("SA", "SD", "SS")
    for mplan in plan.municipalities:
        households = defaultdict(set)
        for p in mplan.people:
            a = mplan.journeys.people[p.key].address
            if a:
                households[(a.street, a.house_number, a.city)].add(p.household)
        assert all(len(h) == 1 for h in households.values())  # one household per address


def test_in_the_azc_means_linked_but_not_housed(plan):
    azc = [(p, j) for _, p, j in people(plan, STATUSHOUDER) if p.in_azc]
    assert len(azc) > 20
    for _p, j in azc:
        dates = first_dates(j)
        assert K.LINKED in dates and K.HOUSED not in dates and K.BRP_REGISTERED not in dates
        assert not j.episodes and K.PIP_SET not in dates and j.address is None
    assert any(K.HOUSING_OFFERED in first_dates(j) for _, j in azc)  # offered, move still ahead


def test_milestones_follow_the_order_except_documented_exceptions(plan):
    exceptions = 0
    for _, p, j in people(plan):
        violations = order_violations(j)
        reasons = {m.kind for m in j.milestones if m.exception_reason}
        for earlier, later in violations:
            assert earlier in reasons or later in reasons, (p.key, earlier, later)
        if reasons:
            exceptions += 1
            assert violations, p.key  # no reason without a deviation
    assert 1 <= exceptions <= 0.03 * sum(1 for _ in people(plan, STATUSHOUDER))


def test_the_usual_gaps(plan):
    offers, on_time = 0, 0
    for _, _p, j in people(plan, STATUSHOUDER):
        d = first_dates(j)
        if K.LINKED in d:
            assert 7 <= (d[K.LINKED] - d[K.PERMIT]).days <= 28
        if K.HOUSING_OFFERED in d and K.LINKED in d:
            offers += 1
            on_time += (d[K.HOUSING_OFFERED] - d[K.LINKED]).days <= 70
        if K.HOUSED in d and K.HOUSING_OFFERED in d:
            assert (d[K.HOUSED] - d[K.HOUSING_OFFERED]).days <= 35
        if K.HOUSED in d:
            assert 0 <= (d[K.BRP_REGISTERED] - d[K.HOUSED]).days <= 6
            assert j.episodes[0].start >= d[K.HOUSED]
        if K.INTAKE_COMPLETED in d:
            assert 21 <= (d[K.INTAKE_COMPLETED] - d[K.INTAKE_STARTED]).days <= 56
    assert 0.55 <= on_time / offers <= 0.85  # about 30% of housing offers come late


def test_pip_only_under_wi2021_with_versions_in_order(plan):
    pip_on_time = pips = 0
    for _, p, j in people(plan):
        versions = [m for m in j.milestones if m.kind == K.PIP_SET]
        if p.regime != Regime.WI2021:
            assert not versions, p.key
            assert not j.extensions
            continue
        assert [m.version for m in versions] == list(range(1, len(versions) + 1))
        assert [m.date for m in versions] == sorted(m.date for m in versions)
        if versions:
            pips += 1
            brp = first_dates(j)[K.BRP_REGISTERED]
            pip_on_time += (versions[0].date - brp).days <= 70
            assert j.extensions == () or all(x.decided_on >= versions[0].date for x in j.extensions)
    assert 0.3 <= pip_on_time / pips <= 0.8


def test_counts_per_milestone_kind_are_plausible(plan):
    counts = Counter()
    for _, p, j in people(plan):
        for m in j.milestones:
            counts[(p.group, m.kind if m.version == 1 else f"{m.kind}:later")] += 1
    n_stat = sum(1 for _ in people(plan, STATUSHOUDER))
    n_bij = sum(1 for _ in people(plan, BIJSTAND))
    old_cohorts = sum(1 for _, p, _ in people(plan, STATUSHOUDER) if p.link_date.year <= 2022)
    wi2021 = sum(1 for _, p, _ in people(plan, STATUSHOUDER) if p.regime == Regime.WI2021)
    s = {kind: counts[(STATUSHOUDER, kind)] for kind in K.values}
    assert s[K.PERMIT] == n_stat
    assert 0.9 * n_stat <= s[K.LINKED] < n_stat
    assert 0.8 * s[K.LINKED] <= s[K.HOUSED] <= s[K.LINKED]
    assert s[K.HOUSED] <= s[K.BRP_REGISTERED] <= n_stat
    assert 0.8 * s[K.HOUSED] <= s[K.HOUSING_OFFERED] <= s[K.LINKED]
    assert 0.85 * s[K.BRP_REGISTERED] <= s[K.INTAKE_STARTED] <= n_stat
    assert 0.6 * wi2021 <= s[K.PIP_SET] <= wi2021
    assert 0.05 * s[K.PIP_SET] <= counts[(STATUSHOUDER, "pip_set:later")] <= 0.3 * s[K.PIP_SET]
    assert 0.3 * old_cohorts <= s[K.DUTY_FULFILLED] <= 0.65 * old_cohorts
    assert 0.02 * old_cohorts <= s[K.DUTY_EXEMPTED] <= 0.1 * old_cohorts
    assert 20 <= s[K.HANDOVER] <= 0.3 * n_stat
    assert counts[(BIJSTAND, K.INTAKE_STARTED)] >= 0.95 * n_bij
    assert counts[(BIJSTAND, K.INTAKE_COMPLETED)] >= 0.95 * n_bij
    assert not {kind for group, kind in counts if group == BIJSTAND} - {K.INTAKE_STARTED, K.INTAKE_COMPLETED}


def test_facts_follow_education_and_age_with_plausible_shares(plan):
    low = [j.low_literacy for _, _, j in people(plan, STATUSHOUDER) if j.low_literacy is not None]
    work = [j.has_work_experience for _, _, j in people(plan, STATUSHOUDER) if j.has_work_experience is not None]
    assert 0.18 <= sum(low) / len(low) <= 0.32
    assert 0.3 <= work.count(False) / len(work) <= 0.5
    for _, p, j in people(plan):
        if K.INTAKE_COMPLETED not in first_dates(j):
            assert j.low_literacy is None  # known from the intake
        if j.coa_profile:
            assert j.coa_profile.received_on >= p.link_date
            assert (j.coa_profile.work_experience_years > 0) == j.has_work_experience


def test_coa_profiles_from_2022_and_handovers_for_recent_links(plan):
    for _, p, j in people(plan, STATUSHOUDER):
        linked = K.LINKED in first_dates(j)
        assert (j.coa_profile is not None) == (linked and p.link_date >= dt.date(2022, 1, 1)), p.key
        if j.handover:
            assert linked and p.regime == Regime.WI2021 and p.link_date >= REFERENCE_DATE - dt.timedelta(days=548)
    assert sum(1 for _, _, j in people(plan) if j.handover) >= 50


def test_bijstand_episodes(plan):
    ended, returned = Counter(), 0
    for _, p, j in people(plan):
        for earlier, later in zip(j.episodes, j.episodes[1:], strict=False):
            assert earlier.end is not None and earlier.end < later.start
        for e in j.episodes:
            assert (e.end is None) == (e.end_reason == "")
            if e.end:
                assert e.end >= e.start
                ended[e.end_reason] += 1
        returned += len(j.episodes) == 2
        if p.group == BIJSTAND:
            assert j.episodes and j.episodes[0].start >= _adult_from(p)
    assert {"work", "education", "moved", "other"} <= set(ended)
    assert ended["work"] == max(ended.values())
    assert returned >= 50


def test_contacts_and_ladder(plan):
    interpreted = sum(1 for _, _, j in people(plan, STATUSHOUDER) if any(c.interpreter_language for c in j.contacts))
    assert interpreted >= 0.5 * sum(1 for _ in people(plan, STATUSHOUDER))
    for _, _p, j in people(plan):
        for c in j.contacts:
            assert c.summary
            assert c.interpreter_language == "" or c.interpreter_language in j.languages
            if c.next_appointment:
                assert c.next_appointment.date() > c.occurred_on
        assert all(1 <= m.rung <= 6 for m in j.ladder)
        if j.waiting_since:
            assert all(c.occurred_on <= j.waiting_since for c in j.contacts)


def test_nothing_after_today_and_life_events_by_the_reference_date(plan):
    last = min(REFERENCE_DATE, TODAY)
    for _, p, j in people(plan):
        assert all(m.date <= last for m in j.milestones), p.key
        assert all(e.start <= last and (e.end is None or e.end <= last) for e in j.episodes)
        assert all(x.decided_on <= last for x in j.extensions)
        assert all(c.occurred_on <= TODAY for c in j.contacts)
        assert all(m.measured_on <= TODAY for m in j.ladder)
        assert j.waiting_since is None or j.waiting_since <= TODAY


def test_nothing_after_an_earlier_today():
    today = dt.date(2026, 6, 30)  # before the reference date: everything is cut off at today
    early = build_plan(Sizes(60, 100, 20), today=today)
    for _, _, j in people(early):
        assert all(m.date <= today for m in j.milestones)
        assert all(c.occurred_on <= today for c in j.contacts)
        assert all(e.start <= today for e in j.episodes)


def test_waiting_list(plan):
    waiting = Counter()
    for mplan, p, j in people(plan):
        assert (j.waiting_since is None) == (mplan.assignments[p.key].klantmanager is not None), p.key
        if j.waiting_since:
            waiting[(mplan.cbs_code, (TODAY - j.waiting_since).days // 90)] += 1
    zwolle = sum(n for (code, _), n in waiting.items() if code == ZWOLLE)
    assert 0.15 * 3300 <= zwolle <= 0.4 * 3300
    assert len({quarter for code, quarter in waiting if code == ZWOLLE}) >= 4  # spread over the past months


def test_the_newest_statushouders_wait_most(plan):
    zwolle = plan.municipality(ZWOLLE)
    recent = [p for p in zwolle.people if p.group == STATUSHOUDER and p.link_date >= dt.date(2026, 3, 1)]
    older = [p for p in zwolle.people if p.group == STATUSHOUDER and p.link_date < dt.date(2025, 1, 1)]

    def share(group):
        return sum(zwolle.assignments[p.key].klantmanager is None for p in group) / len(group)

    assert share(recent) > 2 * share(older)
    mine = [p for p in zwolle.people if zwolle.assignments[p.key].klantmanager == "km-zwolle"]
    assert any(p.in_azc for p in mine)  # the demo klantmanager has someone still in the AZC


def _rules() -> list[engine.Rule]:
    rules = []
    for rule in DEFAULT_RULES:
        v = default_values(rule)
        rules.append(engine.Rule(code=rule["code"], anchor=v["anchor"], offset_amount=v["offset_amount"],
                                 offset_unit=v["offset_unit"], anchor_shift_days=v["anchor_shift_days"],
                                 end_adjust_days=v["end_adjust_days"], is_window=v["is_window"],
                                 regimes=tuple(v["regimes"]), target_groups=tuple(v["target_groups"])))
    return rules


def test_deadlines_of_every_status(plan):
    """The engine over the plan, as of TODAY: overdue, due soon and on time all occur, in each demo team."""
    rules = _rules()
    statuses: Counter = Counter()
    by_team = defaultdict(Counter)
    for mplan, p, j in people(plan):
        facts = engine.Facts(regime=p.regime, target_group=j.target_group, milestones=first_dates(j))
        facts.first_pip = facts.milestones.get(K.PIP_SET)
        facts.bijstand_episodes = [(e.start, e.end) for e in j.episodes]
        facts.extension_weeks = sum(x.weeks for x in j.extensions)
        progress = [c.occurred_on for c in j.contacts if c.kind == "progress"]
        facts.last_progress_contact = max(progress) if progress else None
        facts.last_ladder_measurement = max((m.measured_on for m in j.ladder), default=None)
        for d in engine.compute(rules, facts):
            status = engine.status(d.due_date, d.met_on, d.is_window, TODAY, 14)
            statuses[(d.code, status)] += 1
            by_team[mplan.assignments[p.key].team][status] += 1
    every = {status for _, status in statuses}
    assert every == set(engine.Status)
    for team, counts in by_team.items():
        for status in (engine.Status.OVERDUE, engine.Status.DUE_SOON, engine.Status.ON_TIME):
            assert counts[status] > 0, (team, status)
    for code in ("housing_offer", "pip", "progress_conversation", "ladder_measurement", "inburgering_term"):
        assert statuses[(code, engine.Status.OVERDUE)] > 0, code
    progress = {s: n for (code, s), n in statuses.items() if code == "progress_conversation"}
    assert progress[engine.Status.OVERDUE] < progress[engine.Status.ON_TIME]


def test_journeys_are_deterministic(plan):
    again = build_plan(today=TODAY)
    for a, b in zip(plan.municipalities, again.municipalities, strict=True):
        assert a.journeys == b.journeys


def test_a_made_up_municipality_of_any_size():
    """The path benchmarks/generate.py takes: another spec, another seed, the same plan and journeys."""
    from decimal import Decimal

    from meedoen.accounts.models import Province, Role, TeamKind
    from meedoen.demo.data import JONGERENPUNT, REINTEGRATIE, MunicipalitySpec, StaffSpec, TeamSpec
    from meedoen.demo.plan import build_municipality_plan

    spec = MunicipalitySpec(
        cbs_code="GM9001", name="Benchstad", province=Province.OVERIJSSEL, theme_primary_colour="#5A3E85",
        teams=(TeamSpec(JONGERENPUNT, TeamKind.YOUTH_DESK, Decimal("1.0"), 55, max_age=27),
               TeamSpec(REINTEGRATIE, TeamKind.REINTEGRATION, Decimal("2.0"), 75, min_age=27)),
        partners=(), staff=(
            StaffSpec("b-km-1", "K", "M", Role.KLANTMANAGER, team=REINTEGRATIE, caseload=70, featured=True),
            StaffSpec("b-km-2", "K", "M", Role.KLANTMANAGER, team=REINTEGRATIE, caseload=70, statushouder_share=0),
            StaffSpec("b-km-3", "K", "M", Role.KLANTMANAGER, team=JONGERENPUNT, caseload=50),
        ))
    mplan = build_municipality_plan(spec, 90, 410, seed=99, today=TODAY, reference_date=REFERENCE_DATE)
    assert len(mplan.people) == 500 and set(mplan.journeys.people) == {p.key for p in mplan.people}
    assert {a.klantmanager for a in mplan.assignments.values()} == {"b-km-1", "b-km-2", "b-km-3", None}
    for j in mplan.journeys.people.values():
        assert j.address is None or j.address.city == "Benchstad"  # Zwolle-style streets in its own name
