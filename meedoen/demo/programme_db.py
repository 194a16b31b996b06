"""Writing a municipality's programme (``demo.programme``) to the database in bulk, and reading it back in
the canonical rows of ``programme.programme_rows`` (the digest that proves the database holds the plan).

Rows are dated in the past like the events they stand for (``created_at``/``updated_at`` on the day of the
intake, the referral, the attendance week...), so "updated in the last 14 days" means what it says.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable

from django.utils import timezone

from meedoen.accounts.models import Municipality, PartnerOrganisation, User
from meedoen.clients.models import Language
from meedoen.demo.bulk import insert_rows
from meedoen.demo.programme import Programme, row
from meedoen.exams.models import ExamAttempt, ModuleProgress
from meedoen.intake.models import (
    ZRM_DOMAINS,
    BroadIntake,
    IntakeHealth,
    LearnabilityTest,
    OriginBackground,
    PersonalCircumstances,
    ZrmMeasurement,
)
from meedoen.partners.models import Covenant, DataFlowBasis, Offer, PartnerContact
from meedoen.plans.models import Plan, PlanActivity
from meedoen.referrals.models import Attendance, Consent, ProgressNote, Referral, ReferralEvent

STAMPS = ("created_at", "updated_at")
ZRM_FIELDS = tuple(name for name, _label in ZRM_DOMAINS)


@functools.lru_cache(maxsize=20000)
def _moment(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))  # noqa: DTZ001


def _at(day: dt.date | None, hour: int = 10, minute: int = 0, now: dt.datetime | None = None) -> dt.datetime | None:
    """An aware moment on ``day`` (never after now)."""
    if day is None:
        return None
    moment = _moment(day, hour, minute)
    return min(moment, now) if now is not None else moment


def _ids(model, municipality: Municipality) -> dict[uuid.UUID, int]:
    return dict(model.objects.filter(municipality=municipality).values_list("public_id", "id"))


def write_programme(programme: Programme, municipality: Municipality, client_of: dict[str, int],
                    users: dict[str, User], partners: dict[str, PartnerOrganisation], today: dt.date) -> dict[str, int]:
    """Bulk-write one municipality's programme; returns the number of rows by kind."""
    now = timezone.now()
    _moment.cache_clear()  # moments in the time zone of this run
    mid = municipality.pk
    languages = dict(Language.objects.values_list("code", "id"))

    def user(username: str) -> int | None:
        return users[username].pk if username else None

    def pid(name: str) -> int:
        return partners[name].pk

    counts: dict[str, int] = {}
    # Partners: covenants, contacts, bases, offers.
    counts["covenants"] = insert_rows(Covenant, ("public_id", "municipality_id", "partner_id", "start", "end",
                                                 "delivers", "signed_on"), [
        (c.public_id, mid, pid(c.partner), c.start, c.end, c.delivers, c.signed_on) for c in programme.covenants])
    counts["partner_contacts"] = insert_rows(PartnerContact, ("public_id", "municipality_id", "partner_id", "name",
                                                              "function", "phone", "email"), [
        (c.public_id, mid, pid(c.partner), c.name, c.function, c.phone, c.email) for c in programme.contacts])
    counts["data_flow_bases"] = insert_rows(DataFlowBasis, (
        "public_id", "municipality_id", "partner_id", "basis", "shared_data", "valid_from", "valid_until",
        "document_reference"), [(b.public_id, mid, pid(b.partner), b.basis, b.shared_data, b.valid_from, b.valid_until,
                                 b.document_reference) for b in programme.bases])
    counts["offers"] = insert_rows(Offer, ("public_id", "municipality_id", "partner_id", "name", "activity_type",
                                           "hours_per_week", "duration_weeks", "location", "capacity", "price",
                                           "active"), [
        (o.public_id, mid, pid(o.partner), o.name, o.activity_type, o.hours_per_week, o.duration_weeks, o.location,
         o.capacity, o.price, True) for o in programme.offers])
    offer_ids = _ids(Offer, municipality)
    basis_ids = _ids(DataFlowBasis, municipality)
    insert_rows(Offer.languages.through, ("offer_id", "language_id"), [
        (offer_ids[o.public_id], languages[code]) for o in programme.offers for code in o.languages])

    # Broad intakes and their parts.
    counts["intakes"] = insert_rows(BroadIntake, (
        "public_id", "client_id", "municipality_id", "status", "started_on", "completed_on", "mother_tongue_id",
        "dutch_reading", "dutch_listening", "dutch_writing", "dutch_speaking", "literacy_own_script",
        "literacy_latin_script", "vve_informed_on", "conversation_offered_on", "updated_by_id", *STAMPS), [
        (i.public_id, client_of[i.client], mid, i.status, i.started_on, i.completed_on,
         languages.get(i.mother_tongue), i.dutch_reading, i.dutch_listening, i.dutch_writing, i.dutch_speaking,
         i.literacy_own_script, i.literacy_latin_script, i.vve_informed_on, i.conversation_offered_on,
         user(i.updated_by), _at(i.started_on, 10, 0, now), _at(i.touched_on, 16, 0, now))
        for i in programme.intakes])
    intake_ids = _ids(BroadIntake, municipality)
    parts = {"learnability": [], "origin": [], "circumstances": [], "health": []}
    for i in programme.intakes:
        iid = intake_ids[i.public_id]
        stamps = (_at(i.started_on, 10, 30, now), _at(i.touched_on, 16, 0, now))
        if i.learnability:
            t = i.learnability
            parts["learnability"].append((t.public_id, iid, t.tested_on, t.result, t.provider, t.exemption,
                                          t.deviation_reason, *stamps))
        if i.origin:
            o = i.origin
            parts["origin"].append((o.public_id, iid, o.education_level, o.education_years, o.has_diploma,
                                    o.recognition_requested, o.occupation, o.sector, o.work_years, *stamps))
        if i.circumstances:
            c = i.circumstances
            parts["circumstances"].append((c.public_id, iid, c.childcare_needs, c.has_debts, c.debts_note,
                                           c.hours_available, c.motivation, *stamps))
        if i.health:
            parts["health"].append((i.health.public_id, iid, i.health.health, i.health.care_needs, *stamps))
    insert_rows(LearnabilityTest, ("public_id", "intake_id", "tested_on", "result", "provider", "exemption",
                                   "deviation_reason", *STAMPS), parts["learnability"])
    insert_rows(OriginBackground, ("public_id", "intake_id", "education_level", "education_years", "has_diploma",
                                   "recognition_requested", "occupation", "sector", "work_years", *STAMPS),
                parts["origin"])
    insert_rows(PersonalCircumstances, ("public_id", "intake_id", "childcare_needs", "has_debts", "debts_note",
                                        "hours_available", "motivation", *STAMPS), parts["circumstances"])
    counts["intake_health"] = insert_rows(IntakeHealth, ("public_id", "intake_id", "health", "care_needs", *STAMPS),
                                          parts["health"])
    counts["zrm_measurements"] = insert_rows(ZrmMeasurement, (
        "public_id", "client_id", "municipality_id", "measured_on", *ZRM_FIELDS, "recorded_by_id", *STAMPS), [
        (z.public_id, client_of[z.client], mid, z.measured_on, *z.scores, user(z.recorded_by),
         *(_at(z.measured_on, 14, 0, now),) * 2)
        for z in programme.zrm])

    # Plans, version by version (a version points to the previous one, an activity to the one it continues).
    plan_ids: dict[uuid.UUID, int] = {}
    activity_ids: dict[uuid.UUID, int] = {}
    counts["plans"] = counts["plan_activities"] = 0
    for version in sorted({p.version for p in programme.plans}):
        plans = [p for p in programme.plans if p.version == version]
        counts["plans"] += insert_rows(Plan, (
            "public_id", "client_id", "municipality_id", "version", "status", "previous_id", "dagtekening", "route",
            "stepped_down_to_a2", "stepped_down_on", "stepped_down_reason", "main_goal", "goal_language",
            "goal_work", "goal_finance", "pvt_intensity", "map_intensity", "ontzorgen", "ontzorgen_until",
            "ontzorgen_note", "progress_agreements", "contact_person_id", "participatiewet_obligations",
            "hours_available", "needs_childcare", "load_override_reason", "set_on", "set_by_id", "created_by_id",
            *STAMPS), [
            (p.public_id, client_of[p.client], mid, p.version, p.status, plan_ids[p.previous] if p.previous else None,
             p.dagtekening, p.route, p.stepped_down_to_a2, p.stepped_down_on, p.stepped_down_reason, p.main_goal,
             p.goal_language, p.goal_work, p.goal_finance, p.pvt_intensity, p.map_intensity, p.ontzorgen,
             p.ontzorgen_until, p.ontzorgen_note, p.progress_agreements, user(p.contact_person),
             p.participatiewet_obligations, p.hours_available, p.needs_childcare, p.load_override_reason,
             _at(p.dagtekening, 11, 0, now), user(p.set_by), user(p.created_by), _at(p.created_on, 9, 0, now),
             _at(p.dagtekening or p.created_on, 11, 0, now))
            for p in plans])
        plan_ids.update(Plan.objects.filter(municipality=municipality, version=version)
                        .values_list("public_id", "id"))
        counts["plan_activities"] += insert_rows(PlanActivity, (
            "public_id", "plan_id", "municipality_id", "activity_type", "offer_id", "description", "hours_per_week",
            "start", "end", "carried_from_id", *STAMPS), [
            (a.public_id, plan_ids[p.public_id], mid, a.activity_type, offer_ids[a.offer] if a.offer else None,
             a.description, a.hours_per_week, a.start, a.end,
             activity_ids[a.carried_from] if a.carried_from else None, _at(p.created_on, 9, 0, now),
             _at(p.dagtekening or p.created_on, 11, 0, now))
            for p in plans for a in p.activities])
        activity_ids.update(PlanActivity.objects.filter(municipality=municipality, plan__version=version)
                            .values_list("public_id", "id"))

    # Consents, referrals and what the partners report.
    counts["consents"] = insert_rows(Consent, ("public_id", "client_id", "municipality_id", "partner_id", "decision",
                                               "scope", "decided_on", "recorded_by_id", *STAMPS), [
        (c.public_id, client_of[c.client], mid, pid(c.partner), c.decision, c.scope, c.decided_on,
         user(c.recorded_by), _at(c.decided_on, 10, 0, now), _at(c.decided_on, 10, 0, now))
        for c in programme.consents])
    consent_ids = _ids(Consent, municipality)
    counts["referrals"] = insert_rows(Referral, (
        "public_id", "client_id", "municipality_id", "partner_id", "offer_id", "plan_activity_id", "basis_id",
        "consent_id", "status", "referred_on", "waiting_since", "sent_on", "decided_on", "started_on", "ended_on",
        "reason", "result", "note_for_partner", "referred_by_id", *STAMPS), [
        (r.public_id, client_of[r.client], mid, pid(r.partner), offer_ids[r.offer], activity_ids[r.plan_activity],
         basis_ids[r.basis], consent_ids[r.consent] if r.consent else None, r.status, r.referred_on, r.waiting_since,
         r.sent_on, r.decided_on, r.started_on, r.ended_on, r.reason, r.result, r.note_for_partner,
         user(r.referred_by), _at(r.referred_on, 10, 0, now), _at(r.events[-1].occurred_on, 16, 0, now))
        for r in programme.referrals])
    referral_ids = _ids(Referral, municipality)
    counts["referral_events"] = insert_rows(ReferralEvent, ("referral_id", "status", "occurred_on", "reason",
                                                            "actor_id", "recorded_at"), [
        (referral_ids[r.public_id], e.status, e.occurred_on, e.reason, user(e.actor), _at(e.occurred_on, 16, 0, now))
        for r in programme.referrals for e in r.events])
    counts["attendance"] = insert_rows(Attendance, (
        "public_id", "referral_id", "municipality_id", "week_start", "hours_present", "hours_absent_authorised",
        "hours_absent_unauthorised", "recorded_by_id", *STAMPS), [
        (a.public_id, referral_ids[r.public_id], mid, a.week_start, a.hours_present, a.hours_absent_authorised,
         a.hours_absent_unauthorised, user(a.recorded_by), *(_at(a.week_start + dt.timedelta(days=4), 16, 0, now),) * 2)
        for r in programme.referrals for a in r.attendance])
    counts["progress_notes"] = insert_rows(ProgressNote, ("public_id", "referral_id", "municipality_id", "written_on",
                                                          "text", "author_id", *STAMPS), [
        (n.public_id, referral_ids[r.public_id], mid, n.written_on, n.text, user(n.author),
         *(_at(n.written_on, 15, 0, now),) * 2)
        for r in programme.referrals for n in r.notes])

    # Exams and modules.
    counts["exam_attempts"] = insert_rows(ExamAttempt, (
        "public_id", "client_id", "municipality_id", "component", "level", "taken_on", "result", "result_on",
        "attempt", "free", "recorded_by_id", *STAMPS), [
        (e.public_id, client_of[e.client], mid, e.component, e.level, e.taken_on, e.result, e.result_on, e.attempt,
         e.free, user(e.recorded_by), _at(e.taken_on, 12, 0, now), _at(e.result_on or e.taken_on, 12, 0, now))
        for e in programme.exams])
    counts["module_progress"] = insert_rows(ModuleProgress, (
        "public_id", "client_id", "municipality_id", "pvt_hours", "pvt_signed_on", "map_themes_done",
        "map_practical_hours", "map_final_conversation_on", "z_final_conversation_on", "updated_by_id", *STAMPS), [
        (m.public_id, client_of[m.client], mid, m.pvt_hours, m.pvt_signed_on, list(m.map_themes_done),
         m.map_practical_hours, m.map_final_conversation_on, m.z_final_conversation_on, user(m.updated_by),
         *(_at(_last_day(m.pvt_signed_on, m.map_final_conversation_on, m.z_final_conversation_on) or today, 12, 0,
               now),) * 2)
        for m in programme.modules])
    return counts


def _last_day(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def _username(value: str | None) -> str:
    return value or ""


def programme_records(municipalities: Iterable[Municipality]) -> list[list]:
    """The programme rows as they stand in the database, in the form of ``programme.programme_rows``."""
    of = {"municipality__in": list(municipalities)}
    rows: list[list] = []
    for values in Covenant.objects.filter(**of).values_list("municipality__cbs_code", "partner__name", "start", "end",
                                                          "delivers", "signed_on"):
        rows.append(row("covenant", *values))
    for values in PartnerContact.objects.filter(**of).values_list("municipality__cbs_code", "partner__name", "name",
                                                                "function", "phone", "email"):
        rows.append(row("partner_contact", *values))
    for values in DataFlowBasis.objects.filter(**of).values_list(
            "public_id", "municipality__cbs_code", "partner__name", "basis", "shared_data", "valid_from",
            "valid_until", "document_reference"):
        rows.append(row("basis", *values))
    languages: dict[int, list[str]] = {}
    for offer_id, code in Offer.languages.through.objects.filter(offer__municipality__in=of["municipality__in"]) \
            .values_list("offer_id", "language__code"):
        languages.setdefault(offer_id, []).append(code)
    for oid, *values, capacity, price in Offer.objects.filter(**of).values_list(
            "id", "public_id", "municipality__cbs_code", "partner__name", "name", "activity_type", "hours_per_week",
            "duration_weeks", "location", "capacity", "price"):
        rows.append(row("offer", *values, sorted(languages.get(oid, [])), capacity, price))
    for *values, by in BroadIntake.objects.filter(**of).values_list(
            "client__public_id", "status", "started_on", "completed_on", "mother_tongue__code", "dutch_reading",
            "dutch_listening", "dutch_writing", "dutch_speaking", "literacy_own_script", "literacy_latin_script",
            "vve_informed_on", "conversation_offered_on", "updated_by__username"):
        values[4] = values[4] or ""
        rows.append(row("intake", *values, _username(by)))
    intake_of = {"intake__municipality__in": of["municipality__in"]}
    for values in LearnabilityTest.objects.filter(**intake_of).values_list(
            "intake__client__public_id", "tested_on", "result", "provider", "exemption", "deviation_reason"):
        rows.append(row("intake_lbt", *values))
    for values in OriginBackground.objects.filter(**intake_of).values_list(
            "intake__client__public_id", "education_level", "education_years", "has_diploma", "recognition_requested",
            "occupation", "sector", "work_years"):
        rows.append(row("intake_origin", *values))
    for values in PersonalCircumstances.objects.filter(**intake_of).values_list(
            "intake__client__public_id", "childcare_needs", "has_debts", "debts_note", "hours_available",
            "motivation"):
        rows.append(row("intake_circumstances", *values))
    for values in IntakeHealth.objects.filter(**intake_of).values_list("intake__client__public_id", "health",
                                                                       "care_needs"):
        rows.append(row("intake_health", *values))
    for *values, contact, pw, hours, childcare, override, set_by, created_by in Plan.objects.filter(**of).values_list(
            "public_id", "client__public_id", "version", "status", "previous__public_id", "dagtekening", "route",
            "stepped_down_to_a2", "stepped_down_on", "stepped_down_reason", "main_goal", "goal_language", "goal_work",
            "goal_finance", "pvt_intensity", "map_intensity", "ontzorgen", "ontzorgen_until", "ontzorgen_note",
            "progress_agreements", "contact_person__username", "participatiewet_obligations", "hours_available",
            "needs_childcare", "load_override_reason", "set_by__username", "created_by__username"):
        rows.append(row("plan", *values, _username(contact), pw, hours, childcare, override, _username(set_by),
                        _username(created_by)))
    for *values, by in ZrmMeasurement.objects.filter(**of).values_list(
            "client__public_id", "measured_on", *ZRM_FIELDS, "recorded_by__username"):
        rows.append(row("zrm", *values, _username(by)))
    for values in PlanActivity.objects.filter(**of).values_list(
            "public_id", "plan__public_id", "activity_type", "offer__public_id", "description", "hours_per_week",
            "start", "end", "carried_from__public_id"):
        rows.append(row("activity", *values))
    for values in Consent.objects.filter(**of).values_list("client__public_id", "partner__name", "decision", "scope",
                                                         "decided_on", "recorded_by__username"):
        rows.append(row("consent", *values))
    for values in Referral.objects.filter(**of).values_list(
            "public_id", "client__public_id", "partner__name", "offer__public_id", "plan_activity__public_id",
            "basis__public_id", "consent__public_id", "status", "referred_on", "waiting_since", "sent_on",
            "decided_on", "started_on", "ended_on", "reason", "result", "note_for_partner", "referred_by__username"):
        rows.append(row("referral", *values))
    referral_of = {"referral__municipality__in": of["municipality__in"]}
    for values in ReferralEvent.objects.filter(**referral_of).values_list(
            "referral__public_id", "status", "occurred_on", "reason", "actor__username"):
        rows.append(row("referral_event", *values))
    for values in Attendance.objects.filter(**of).values_list(
            "referral__public_id", "week_start", "hours_present", "hours_absent_authorised",
            "hours_absent_unauthorised", "recorded_by__username"):
        rows.append(row("attendance", *values))
    for values in ProgressNote.objects.filter(**of).values_list("referral__public_id", "written_on", "text",
                                                              "author__username"):
        rows.append(row("progress_note", *values))
    for values in ExamAttempt.objects.filter(**of).values_list(
            "client__public_id", "component", "level", "taken_on", "result", "result_on", "attempt", "free",
            "recorded_by__username"):
        rows.append(row("exam", *values))
    for *values, by in ModuleProgress.objects.filter(**of).values_list(
            "client__public_id", "pvt_hours", "pvt_signed_on", "map_themes_done", "map_practical_hours",
            "map_final_conversation_on", "z_final_conversation_on", "updated_by__username"):
        rows.append(row("module_progress", *values, _username(by)))
    return rows


HANDLED_NOTES = ("Besproken in het voortgangsgesprek; het plan is aangepast.",
                 "Contact gehad met de cliënt en de partner; nieuwe afspraken gemaakt.",
                 "Andere activiteit gezocht en opnieuw verwezen.",
                 "Cliënt gebeld; de reden is bekend en vastgelegd in het dossier.")
HISTORY_DAYS = 28
"""Signals about a stop or a rejection longer ago than this were raised and handled back then."""


def raise_signals(municipality: Municipality, today: dt.date, seed: int) -> dict[str, int]:
    """The early warnings the seeded referrals call for, raised by the referrals app's own rules
    (``referrals.services.evaluate_signals``) as of the demo's today. Stops and rejections of long ago were
    signalled and handled at the time: those signals get the day of the event and a short handling note by
    the klantmanager who referred. Returns the number of open and handled signals."""
    from meedoen.demo.plan import _rng
    from meedoen.referrals.models import ReferralStatus, Signal, SignalKind
    from meedoen.referrals.services import evaluate_signals

    evaluate_signals(Referral.objects.filter(municipality=municipality), today=today)
    past = []
    for signal in (Signal.objects.filter(municipality=municipality, kind__in=(SignalKind.STOPPED, SignalKind.REJECTED))
                   .select_related("referral")):
        referral = signal.referral
        day = referral.ended_on if referral.status == ReferralStatus.STOPPED else referral.decided_on
        if day is None or day >= today - dt.timedelta(days=HISTORY_DAYS):
            continue
        rng = _rng(seed, "signal", str(referral.public_id), signal.kind)
        signal.raised_on = day
        signal.handled_on = min(today, day + dt.timedelta(days=rng.randint(1, 12)))
        signal.handled_by_id = referral.referred_by_id
        signal.handled_note = rng.choice(HANDLED_NOTES)
        past.append(signal)
    Signal.objects.bulk_update(past, ["raised_on", "handled_on", "handled_by", "handled_note"], batch_size=500)
    signals = Signal.objects.filter(municipality=municipality)
    return {"signals_open": signals.filter(handled_on__isnull=True).count(),
            "signals_handled": signals.filter(handled_on__isnull=False).count()}
