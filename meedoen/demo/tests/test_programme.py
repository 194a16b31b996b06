"""The demo programme (issue 4, item 11), checked on the in-memory plan: partners in detail, intakes that fit
the people, plans that match the journey's PIP milestones, referrals only on a valid basis, attendance and
notes from the Taalhuis, exams that agree with the journey.

The plan is built for a fixed 'today', so these figures do not drift with the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from meedoen.clients.models import Regime
from meedoen.demo.catalogue import CATALOGUES
from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, MUNICIPALITIES, TAALHUIS_ZWOLLE, ZWOLLE
from meedoen.demo.plan import STATUSHOUDER, build_plan
from meedoen.demo.programme import ATTENDANCE_WEEKS, over_limit
from meedoen.exams.models import FREE_ATTEMPTS, ExamResult
from meedoen.intake.models import IntakeStatus, Literacy
from meedoen.journey.models import MilestoneKind
from meedoen.partners.models import ActivityType, LegalBasis
from meedoen.plans.load import LoadItem, check_load
from meedoen.plans.models import ACTIVITY_GROUP, LearningRoute, LoadGroup, PlanStatus
from meedoen.referrals.models import TRANSITIONS, ConsentDecision, ReferralStatus

TODAY = dt.date(2026, 11, 23)
K = MilestoneKind
S = ReferralStatus


@pytest.fixture(scope="module")
def plan():
    return build_plan(today=TODAY)


def municipalities(plan):
    for mplan in plan.municipalities:
        people = {p.key: p for p in mplan.people}
        yield mplan, mplan.programme, people


def first(journey, kind):
    return next((m.date for m in journey.milestones if m.kind == kind), None)


def items(plan_rec):
    return [LoadItem(a.activity_type, a.description, a.hours_per_week, a.start, a.end) for a in plan_rec.activities]


def test_every_partner_has_its_details(plan):
    for spec in MUNICIPALITIES:
        assert {p.name for p in CATALOGUES[spec.cbs_code]} == set(spec.partners), spec.name
    for mplan, programme, _ in municipalities(plan):
        partners = set(mplan.spec.partners)
        assert {c.partner for c in programme.covenants} == partners
        assert {b.partner for b in programme.bases} == partners
        assert {o.partner for o in programme.offers} == partners
        contacts = Counter(c.partner for c in programme.contacts)
        assert set(contacts) == partners and set(contacts.values()) <= {1, 2}
        for o in programme.offers:
            assert o.activity_type in ActivityType.values
            assert 0 < o.hours_per_week <= 40 and o.duration_weeks >= 1 and o.capacity >= 1 and o.price >= 0
            assert o.languages and o.location
    zwolle = next(p for m, p, _ in municipalities(plan) if m.cbs_code == ZWOLLE)
    kinds = Counter(b.basis for b in zwolle.bases)
    assert kinds[LegalBasis.PROCESSOR_AGREEMENT] + kinds[LegalBasis.LEGAL_TASK] > kinds[LegalBasis.CONSENT] > 3
    assert any(b.valid_until and b.valid_until < TODAY for b in zwolle.bases)  # an expired basis shows the rule
    types = {o.activity_type for o in zwolle.offers}
    assert types == set(ActivityType.values)  # the whole catalogue is covered in Zwolle


def test_every_intake_milestone_has_an_intake_that_fits_the_person(plan):
    for mplan, programme, _ in municipalities(plan):
        intakes = {i.client: i for i in programme.intakes}
        for p in mplan.people:
            j = mplan.journeys.people[p.key]
            started, completed = first(j, K.INTAKE_STARTED), first(j, K.INTAKE_COMPLETED)
            if started is None:
                assert p.key not in intakes, p.key
                continue
            i = intakes[p.key]
            assert (i.started_on, i.completed_on) == (started, completed), p.key
            assert i.status == (IntakeStatus.COMPLETED if completed else IntakeStatus.DRAFT)
            assert i.mother_tongue == j.languages[0]
            if completed:
                assert i.origin and i.circumstances, p.key
                # The facts the completed intake states are the ones the client record holds.
                assert (i.literacy_own_script != Literacy.YES) == j.low_literacy, p.key
                assert (bool(i.origin.work_years) or bool(i.origin.occupation)) == j.has_work_experience, p.key
                assert i.circumstances.hours_available is not None and i.circumstances.has_debts is not None
                if p.regime == Regime.WI2021:
                    lbt = i.learnability
                    assert lbt and (lbt.exemption or (lbt.tested_on and lbt.result)), p.key
                    assert started <= (lbt.tested_on or started) <= completed
            if j.low_literate and p.group == STATUSHOUDER:
                assert i.literacy_latin_script == Literacy.NO
            assert not i.health or i.circumstances, p.key  # health is asked with the personal circumstances
        assert sum(1 for i in programme.intakes if i.health) < 0.3 * len(programme.intakes)
        assert any(i.status == IntakeStatus.DRAFT for i in programme.intakes) or mplan.cbs_code != ZWOLLE


def test_the_demo_flow_client_has_no_intake_yet(plan):
    zwolle = plan.municipality(ZWOLLE)
    key = zwolle.programme.demo_flow
    person = next(p for p in zwolle.people if p.key == key)
    j = zwolle.journeys.people[key]
    assert zwolle.assignments[key].klantmanager == DEMO_FLOW_KLANTMANAGER
    assert person.regime == Regime.WI2021 and j.address is not None  # housed: ready for the intake
    assert first(j, K.LINKED) and not first(j, K.INTAKE_STARTED) and not first(j, K.PIP_SET)
    assert all(i.client != key for i in zwolle.programme.intakes)
    assert all(p.client != key for p in zwolle.programme.plans)


def test_plan_versions_match_the_pip_milestones(plan):
    drafts = []
    for mplan, programme, _ in municipalities(plan):
        plans = defaultdict(list)
        for p in programme.plans:
            plans[p.client].append(p)
        for person in mplan.people:
            j = mplan.journeys.people[person.key]
            pips = sorted((m.version, m.date) for m in j.milestones if m.kind == K.PIP_SET)
            versions = sorted(plans.get(person.key, []), key=lambda p: p.version)
            set_versions = [(p.version, p.dagtekening) for p in versions if p.status != PlanStatus.DRAFT]
            if person.regime != Regime.WI2021:  # a plan van aanpak: no PIP milestone; set versions in date order
                assert not pips and [d for _, d in set_versions] == sorted({d for _, d in set_versions}), person.key
                pips = set_versions
            assert set_versions == pips, person.key
            statuses = [p.status for p in versions]
            if pips:
                assert statuses[:len(pips)] == [PlanStatus.REVISED] * (len(pips) - 1) + [PlanStatus.SET]
            assert statuses.count(PlanStatus.DRAFT) <= 1 and statuses[len(pips):] in ([], [PlanStatus.DRAFT])
            for earlier, later in zip(versions, versions[1:], strict=False):
                assert later.previous == earlier.public_id
            if versions:
                assert first(j, K.INTAKE_STARTED), person.key
        drafts += [p for p in programme.plans if p.status == PlanStatus.DRAFT]
    # Drafts of a first plan (intake done, plan not set yet) and of a next version.
    assert any(p.version == 1 for p in drafts) and any(p.version > 1 for p in drafts)


def test_plans_follow_the_intake_and_the_rules(plan):
    routes = Counter()
    for mplan, programme, people in municipalities(plan):
        intakes = {i.client: i for i in programme.intakes}
        for p in programme.plans:
            person, j = people[p.client], mplan.journeys.people[p.client]
            if person.regime != Regime.WI2021:
                continue  # the plan van aanpak: test_plans_van_aanpak_follow_the_participatiewet and _wi2013
            routes[p.route] += 1
            assert (p.route == LearningRoute.Z) == j.low_literate, p.client
            if p.route == LearningRoute.EDUCATION:
                assert person.age_on(p.dagtekening or p.created_on) < 29
            assert p.contact_person == (mplan.assignments[p.client].klantmanager or "")
            assert p.main_goal and p.goal_language and p.goal_work and p.goal_finance and p.progress_agreements
            assert bool(p.map_intensity) == (p.route != LearningRoute.EDUCATION)
            assert p.ontzorgen == (p.ontzorgen_until is not None)
            if p.ontzorgen:
                start = j.episodes[0].start
                assert start < p.ontzorgen_until <= start + dt.timedelta(days=184)
            if p.stepped_down_to_a2:
                assert p.route == LearningRoute.B1 and p.stepped_down_on and p.stepped_down_reason
            intake = intakes.get(p.client)
            if intake and intake.circumstances:
                assert p.hours_available == intake.circumstances.hours_available
                assert p.needs_childcare == bool(intake.circumstances.childcare_needs)
            if p.participatiewet_obligations:
                day = p.dagtekening or p.created_on
                assert any(e.start <= day and (e.end is None or e.end >= day) for e in j.episodes)
            for a in p.activities:
                assert a.start <= a.end and 0 <= a.hours_per_week <= 40
    assert min(routes.values()) > 10 and set(routes) == {LearningRoute.B1, LearningRoute.Z, LearningRoute.EDUCATION}
    assert any(p.stepped_down_to_a2 for _, programme, _ in municipalities(plan) for p in programme.plans)
    assert any(p.participatiewet_obligations for _, programme, _ in municipalities(plan) for p in programme.plans)


def test_infeasible_weeks_only_with_a_reason(plan):
    overridden = 0
    for _, programme, _ in municipalities(plan):
        for p in programme.plans:
            check = check_load(items(p), p.hours_available, p.needs_childcare)
            assert over_limit(items(p), p.hours_available, p.needs_childcare) == (not check.ok), p.public_id
            if p.status == PlanStatus.DRAFT:
                assert not p.load_override_reason
                continue
            assert bool(p.load_override_reason) == (not check.ok), p.public_id
            overridden += not check.ok
    sets = sum(1 for _, programme, _ in municipalities(plan) for p in programme.plans if p.status != PlanStatus.DRAFT)
    assert 10 <= overridden <= 0.15 * sets


def test_referrals_go_to_the_own_catalogue_on_a_valid_basis(plan):
    for mplan, programme, _ in municipalities(plan):
        offers = {o.public_id: o for o in programme.offers}
        bases = {b.public_id: b for b in programme.bases}
        consents = {c.public_id: c for c in programme.consents}
        activities = {a.public_id: (p, a) for p in programme.plans for a in p.activities}
        refused = {(c.client, c.partner) for c in programme.consents if c.decision == ConsentDecision.REFUSED}
        assert refused or mplan.cbs_code != ZWOLLE
        for r in programme.referrals:
            offer, basis = offers[r.offer], bases[r.basis]  # KeyError: an offer of another municipality
            assert offer.partner == r.partner == basis.partner
            assert basis.valid_on(r.referred_on), r.public_id
            if basis.basis == LegalBasis.CONSENT:
                consent = consents[r.consent]
                assert (consent.client, consent.partner, consent.decision) == (r.client, r.partner,
                                                                               ConsentDecision.GIVEN)
                assert consent.decided_on <= r.referred_on
            else:
                assert r.consent is None
            assert (r.client, r.partner) not in refused
            plan_rec, activity = activities[r.plan_activity]
            assert plan_rec.client == r.client and plan_rec.status != PlanStatus.DRAFT
            assert activity.offer == r.offer and activity.activity_type == offer.activity_type
            assert r.referred_on <= TODAY and r.referred_by


def test_referral_history_follows_the_transitions(plan):
    statuses = Counter()
    for _, programme, _ in municipalities(plan):
        for r in programme.referrals:
            statuses[r.status] += 1
            events = r.events
            assert events[0].status in (S.SENT, S.WAITING)
            for before, after in zip(events, events[1:], strict=False):
                assert after.status in TRANSITIONS[S(before.status)], r.public_id
                assert before.occurred_on <= after.occurred_on <= TODAY
            assert events[-1].status == r.status
            assert (r.status in (S.REJECTED, S.STOPPED)) == bool(r.reason)
            assert (r.status in (S.COMPLETED, S.STOPPED)) == bool(r.result)
            assert (r.waiting_since is not None) == (r.status == S.WAITING)
            assert (r.started_on is not None) == (r.status in (S.STARTED, S.COMPLETED, S.STOPPED))
            assert (r.ended_on is not None) == (r.status in (S.COMPLETED, S.STOPPED))
    for status in (S.WAITING, S.SENT, S.ACCEPTED, S.REJECTED, S.STARTED, S.COMPLETED, S.STOPPED):
        assert statuses[status] > 0, status
    total = sum(statuses.values())
    assert statuses[S.STARTED] + statuses[S.COMPLETED] > 0.6 * total
    assert 0.03 * total < statuses[S.STOPPED] < 0.15 * total


def test_full_offers_have_a_waiting_list(plan):
    waiting = 0
    for _, programme, _ in municipalities(plan):
        placed = Counter(r.offer for r in programme.referrals if r.status in (S.ACCEPTED, S.STARTED))
        for o in programme.offers:
            if o.full:
                assert o.capacity == max(placed[o.public_id], 1)
            else:
                assert o.capacity > placed[o.public_id]
        full = {o.public_id for o in programme.offers if o.full}
        waits = [r for r in programme.referrals if r.status == S.WAITING]
        assert all(r.offer in full for r in waits)
        waiting += len(waits)
    assert waiting >= 3


def test_attendance_and_notes(plan):
    zwolle = plan.municipality(ZWOLLE).programme
    window = TODAY - dt.timedelta(days=TODAY.weekday()) - dt.timedelta(weeks=ATTENDANCE_WEEKS)
    z_clients = {p.client for p in zwolle.plans if p.route == LearningRoute.Z}
    activities = {a.public_id: a for p in zwolle.plans for a in p.activities}
    for r in zwolle.referrals:
        if r.status not in (S.STARTED, S.COMPLETED, S.STOPPED):
            assert not r.attendance and not r.notes
            continue
        activity = activities[r.plan_activity]
        for a in r.attendance:
            assert a.week_start.weekday() == 0 and a.week_start + dt.timedelta(days=4) < TODAY
            assert r.started_on - dt.timedelta(days=6) <= a.week_start <= (r.ended_on or TODAY)
            assert a.hours_present + a.hours_absent_authorised + a.hours_absent_unauthorised \
                == activity.hours_per_week
            assert min(a.hours_present, a.hours_absent_authorised, a.hours_absent_unauthorised) >= 0
            if r.partner != TAALHUIS_ZWOLLE and r.client not in z_clients:
                assert a.week_start >= window
        if r.partner == TAALHUIS_ZWOLLE:
            assert all(n.author == "partner-taalhuis" for n in r.notes)
            if (r.ended_on or TODAY) - r.started_on > dt.timedelta(weeks=8):
                assert r.attendance and r.attendance[0].week_start <= r.started_on + dt.timedelta(weeks=8)  # holidays
        else:
            assert not r.notes
    taalhuis = [r for r in zwolle.referrals if r.partner == TAALHUIS_ZWOLLE and r.attendance]
    assert len(taalhuis) > 100 and sum(len(r.notes) for r in taalhuis) > 200
    unauthorised = [r for r in zwolle.referrals if any(a.hours_absent_unauthorised for a in r.attendance)]
    assert len(unauthorised) > 20


def test_the_featured_klantmanager_has_signals_and_recent_updates(plan):
    zwolle = plan.municipality(ZWOLLE)
    mine = {k for k, a in zwolle.assignments.items() if a.klantmanager == DEMO_FLOW_KLANTMANAGER}
    recent = TODAY - dt.timedelta(days=14)
    low = absent = updated = 0
    for r in zwolle.programme.referrals:
        if r.client not in mine:
            continue
        last_weeks = [a for a in r.attendance if a.week_start > TODAY - dt.timedelta(weeks=5)]
        if r.status == S.STARTED and last_weeks:
            present = sum((a.hours_present for a in last_weeks), Decimal(0))
            scheduled = sum((a.hours_present + a.hours_absent_authorised + a.hours_absent_unauthorised
                             for a in last_weeks), Decimal(0))
            low += present < Decimal("0.8") * scheduled
            absent += any(a.hours_absent_unauthorised for a in last_weeks)
        updated += any(a.week_start + dt.timedelta(days=4) >= recent for a in r.attendance) or any(
            n.written_on >= recent for n in r.notes)
    assert low >= 1 and absent >= 1 and updated >= 5


def test_exams_and_modules_agree_with_the_journey(plan):
    for mplan, programme, _ in municipalities(plan):
        attempts = defaultdict(list)
        for e in programme.exams:
            attempts[e.client].append(e)
        modules = {m.client: m for m in programme.modules}
        for key, rows in attempts.items():
            j = mplan.journeys.people[key]
            fulfilled = first(j, K.DUTY_FULFILLED)
            by_component = defaultdict(list)
            for e in sorted(rows, key=lambda e: e.attempt):
                by_component[e.component].append(e)
                assert e.taken_on <= TODAY and (e.result_on is None or e.taken_on <= e.result_on <= TODAY)
                assert (e.result_on is None) == (e.result == ExamResult.PENDING)
                assert e.result != ExamResult.PENDING or e.taken_on >= TODAY - dt.timedelta(days=56)
                assert e.free == (j.target_group in ("asielstatushouder", "gezinsvormer_asiel",
                                                     "gezinshereniger_asiel") and e.attempt <= FREE_ATTEMPTS)
                if fulfilled:
                    assert (e.result_on or e.taken_on) <= fulfilled
            for component, tries in by_component.items():
                assert [e.attempt for e in tries] == list(range(1, len(tries) + 1)), (key, component)
                assert all(e.result != ExamResult.PASSED for e in tries[:-1])
        for person in mplan.people:
            j = mplan.journeys.people[person.key]
            fulfilled = first(j, K.DUTY_FULFILLED)
            if fulfilled:
                m = modules[person.key]
                assert m.pvt_hours >= 12 and m.pvt_signed_on and m.pvt_signed_on <= fulfilled, person.key
                passed = {e.component for e in attempts[person.key] if e.result == ExamResult.PASSED}
                assert passed or person.regime == Regime.WI2021, person.key
    # A fulfilled Z-route has the hours attended: 800 language and 800 participation before the fulfilment date.
    for mplan, programme, _ in municipalities(plan):
        current = {p.client: p for p in programme.plans if p.status == PlanStatus.SET}
        types = {a.public_id: a.activity_type for p in programme.plans for a in p.activities}
        for person in mplan.people:
            fulfilled = first(mplan.journeys.people[person.key], K.DUTY_FULFILLED)
            if not fulfilled or person.key not in current or current[person.key].route != LearningRoute.Z:
                continue
            hours = Counter()
            for r in programme.referrals:
                if r.client == person.key:
                    group = ACTIVITY_GROUP[types[r.plan_activity]]
                    hours[group] += sum(a.hours_present for a in r.attendance if a.week_start < fulfilled)
            assert hours[LoadGroup.LANGUAGE] >= 800 and hours[LoadGroup.PARTICIPATION] >= 800, person.key
    fulfilled_clients = sum(1 for _, programme, _ in municipalities(plan) for m in programme.modules if m.pvt_signed_on)
    assert fulfilled_clients > 100  # PVT done for many
    assert any(m.map_themes_done and len(m.map_themes_done) < 8 for _, p, _ in municipalities(plan) for m in p.modules)
    assert any(e.component.startswith("staatsexamen") for _, p, _ in municipalities(plan) for e in p.exams)
    assert any(e.result == ExamResult.FAILED and e.attempt == 1 for _, p, _ in municipalities(plan) for e in p.exams)


def test_nothing_of_the_programme_happens_after_today(plan):
    for _, programme, _ in municipalities(plan):
        assert all(i.started_on <= TODAY and (i.completed_on or TODAY) <= TODAY for i in programme.intakes)
        assert all((p.dagtekening or p.created_on) <= TODAY and p.created_on <= TODAY for p in programme.plans)
        assert all(c.decided_on <= TODAY for c in programme.consents)
        for r in programme.referrals:
            for day in (r.referred_on, r.sent_on, r.decided_on, r.started_on, r.ended_on, r.waiting_since):
                assert day is None or day <= TODAY
            assert all(n.written_on <= TODAY for n in r.notes)


def test_the_programme_is_deterministic(plan):
    again = build_plan(today=TODAY)
    for a, b in zip(plan.municipalities, again.municipalities, strict=True):
        assert a.programme == b.programme


PVA_TYPES = {"work_experience", "skills_training", "volunteering", "paid_work", "debt_assistance",
             "mental_health_addiction", "childcare", "buddy"}


def test_every_client_with_an_intake_has_a_plan_with_activities(plan):
    """Issue 4, item 11: every demo client with an intake has a plan and activities (statushouders under the Wet
    inburgering 2021 a PIP; bijstand clients and Wi2013 clients, who have no PIP, a plan van aanpak)."""
    checked = Counter()
    for mplan, programme, _ in municipalities(plan):
        planned = {p.client for p in programme.plans}
        for i in programme.intakes:
            person = next(p for p in mplan.people if p.key == i.client)
            assert i.client in planned, i.client
            checked[person.regime] += 1
        for p in programme.plans:
            assert any(a.activity_type != "childcare" for a in p.activities), p.public_id
    assert checked[Regime.NONE] > 2000 and checked[Regime.WI2021] > 400 and checked[Regime.WI2013] > 100


def test_plans_van_aanpak_follow_the_participatiewet(plan):
    zwolle = plan.municipality(ZWOLLE)
    people = {p.key: p for p in zwolle.people}
    intakes = {i.client: i for i in zwolle.programme.intakes}
    plans = [p for p in zwolle.programme.plans if people[p.client].regime == Regime.NONE]
    types, statuses, versions = Counter(), Counter(), Counter()
    for p in plans:
        j = zwolle.journeys.people[p.client]
        statuses[p.status] += 1
        versions[p.version] += 1
        assert (p.route, p.stepped_down_to_a2, p.pvt_intensity, p.map_intensity, p.ontzorgen) == ("", False, "", "",
                                                                                                   False)
        assert p.main_goal and p.goal_work and p.goal_finance and p.progress_agreements
        assert p.contact_person == (zwolle.assignments[p.client].klantmanager or "")
        day = p.dagtekening or p.created_on
        on_bijstand = any(e.start <= day and (e.end is None or e.end >= day) for e in j.episodes)
        if p.status != PlanStatus.DRAFT:  # set only with a klantmanager, on bijstand, with the obligations
            assert p.contact_person and on_bijstand and p.participatiewet_obligations, p.public_id
            assert p.set_by == p.contact_person
        assert bool(p.participatiewet_obligations) == on_bijstand
        intake = intakes[p.client]
        assert intake.started_on <= p.created_on
        if intake.circumstances:
            assert p.hours_available == intake.circumstances.hours_available
            assert p.needs_childcare == bool(intake.circumstances.childcare_needs)
        for a in p.activities:
            assert a.activity_type not in ("pvt", "map_practice", "knm"), p.public_id
            types[a.activity_type] += 1
    assert PVA_TYPES <= set(types), types
    assert types["language_course"] + types["literacy"] > 10  # the taaleis, reading and writing: for some
    assert statuses[PlanStatus.SET] > 1500 and statuses[PlanStatus.REVISED] > 300 and statuses[PlanStatus.DRAFT] > 300
    assert versions[3] > 0
    overridden = [p for p in plans if p.load_override_reason]
    assert 10 <= len(overridden) <= 0.15 * (statuses[PlanStatus.SET] + statuses[PlanStatus.REVISED])
    # Referred, attended and signalled like the statushouders, with a sane amount of attendance.
    bijstand = {p.client for p in plans}
    referrals = [r for r in zwolle.programme.referrals if r.client in bijstand]
    assert len(referrals) > 2000
    assert Counter(r.status for r in referrals)[S.STARTED] > 300
    assert any(a.hours_absent_unauthorised for r in referrals for a in r.attendance)
    window = TODAY - dt.timedelta(days=TODAY.weekday()) - dt.timedelta(weeks=8)
    for r in referrals:
        if r.partner != TAALHUIS_ZWOLLE:
            assert all(a.week_start >= window for a in r.attendance), r.public_id
    assert sum(len(r.attendance) for r in referrals) < 10 * len(bijstand)


def test_wi2013_clients_get_a_plan_van_aanpak(plan):
    """No PIP under the Wet inburgering 2013: a plan van aanpak without route, PVT, MAP or PIP milestone; the A2
    course (own, via DUO) or exam training while the duty runs; the Participatiewet obligations on bijstand only, and
    set versions of a client who has had bijstand only on bijstand (what plans.services asks of them)."""
    zwolle = plan.municipality(ZWOLLE)
    people = {p.key: p for p in zwolle.people}
    plans = [p for p in zwolle.programme.plans if people[p.client].regime == Regime.WI2013]
    types, statuses = Counter(), Counter()
    for p in plans:
        j = zwolle.journeys.people[p.client]
        statuses[p.status] += 1
        assert not any(m.kind == K.PIP_SET for m in j.milestones), p.client
        assert (p.route, p.stepped_down_to_a2, p.pvt_intensity, p.map_intensity, p.ontzorgen) == ("", False, "", "",
                                                                                                   False)
        assert p.main_goal and p.goal_work and p.progress_agreements
        day = p.dagtekening or p.created_on
        on_bijstand = any(e.start <= day and (e.end is None or e.end >= day) for e in j.episodes)
        assert bool(p.participatiewet_obligations) == on_bijstand, p.public_id
        ended = first(j, K.DUTY_FULFILLED) or first(j, K.DUTY_EXEMPTED)
        if p.status != PlanStatus.DRAFT:
            assert p.contact_person and p.set_by == p.contact_person
            assert on_bijstand if j.episodes else (ended is None or day < ended), p.public_id
        if p.goal_language:
            assert "DUO" in p.goal_language and (ended is None or day < ended)
        for a in p.activities:
            assert a.activity_type not in ("pvt", "map_practice", "knm"), p.public_id
            types[a.activity_type] += 1
    assert statuses[PlanStatus.SET] > 5 and statuses[PlanStatus.REVISED] > 0 and statuses[PlanStatus.DRAFT] > 50
    assert types["language_course"] > 30 and {"work_experience", "volunteering", "paid_work"} <= set(types), types
    exam_training = [a for p in plans for a in p.activities if a.description.startswith("Examentraining")]
    assert exam_training and all(a.offer is None for a in exam_training)
    referrals = [r for r in zwolle.programme.referrals if people[r.client].regime == Regime.WI2013]
    assert any(r.attendance for r in referrals)


def test_zrm_measurements_fit_the_people(plan):
    from meedoen.intake.models import ZRM_DOMAINS, ZRM_SPECIAL_DOMAINS

    names = [name for name, _ in ZRM_DOMAINS]
    special = [names.index(n) for n in ZRM_SPECIAL_DOMAINS]
    finance, instrumental = names.index("financien"), names.index("instrumentele_adl")
    measured = Counter()
    improved = declined = with_special = 0
    for mplan, programme, people in municipalities(plan):
        intakes = {i.client: i for i in programme.intakes}
        series = defaultdict(list)
        for z in programme.zrm:
            series[z.client].append(z)
        for key, rows in series.items():
            person, j, intake = people[key], mplan.journeys.people[key], intakes[key]
            measured[person.group] += 1
            facts = intake.circumstances
            assert intake.completed_on and intake.completed_on <= rows[0].measured_on <= TODAY
            for before, after in zip(rows, rows[1:], strict=False):  # every six to twelve months
                gap = (after.measured_on - before.measured_on).days
                assert gap >= 182 and (gap <= 365 or person.group == "bijstand"), key  # not while off bijstand
            if person.group == "bijstand":  # measured while on bijstand
                assert all(any(e.start <= z.measured_on <= (e.end or TODAY) for e in j.episodes) for z in rows), key
            for z in rows:
                assert len(z.scores) == 13
                assert all(z.scores[i] is None for i in special) or all(z.scores[i] is not None for i in special)
                assert all(1 <= v <= 5 for v in z.scores if v is not None), z.public_id
                assert z.recorded_by == (mplan.assignments[key].klantmanager or z.recorded_by) and z.recorded_by
            with_special += rows[0].scores[special[0]] is not None
            if intake.health:
                assert rows[0].scores[special[0]] is not None
            if facts.has_debts:
                assert rows[0].scores[finance] <= 2, key
            if j.low_literate:
                assert rows[0].scores[instrumental] == 2
            if len(rows) >= 2:
                total = [sum(v for v in z.scores if v is not None) for z in (rows[0], rows[-1])]
                improved += total[1] > total[0]
                declined += total[1] < total[0]
    assert measured["bijstand"] > 1500 and measured["statushouder"] > 200
    assert improved > 3 * declined and declined > 0  # most improve; some relapse
    assert 0 < with_special < sum(measured.values())


def test_offers_for_women_only_go_to_women(plan):
    for mplan, programme, people in municipalities(plan):
        spec = {o.name for partner in CATALOGUES[mplan.cbs_code] for o in partner.offers if o.women_only}
        women_only = {o.public_id for o in programme.offers if o.name in spec}
        for p in programme.plans:
            for a in p.activities:
                assert a.offer not in women_only or people[p.client].sex == "v", p.client
        assert mplan.cbs_code != ZWOLLE or women_only

