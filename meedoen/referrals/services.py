"""Changing referrals, consent, attendance, progress notes and signals. The only writer of these models
(the demo seeder may bulk-insert rows and then calls :func:`evaluate_signals`).

Every state change is one atomic function that records one audit event in the same transaction; the audit
details hold only codes, ids, dates and numbers (never reasons, notes or other free text). Bad input raises
``ValidationError`` with a Dutch message and saves nothing.

Who may do what:

* the klantmanager / teamleider who may change the client (``access.can_change_client``): record consent,
  refer, withdraw a referral, send a waiting referral when a place is free, handle a signal, record
  attendance and write progress notes;
* a partner user of the referral's partner, while the referral is in their scope
  (``scope.partner_referrals``): accept, reject, start, complete, stop, record attendance, write notes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meedoen.accounts import access
from meedoen.audit.services import record
from meedoen.partners.models import ActivityType, DataFlowBasis, LegalBasis, Offer
from meedoen.plans.models import PlanActivity, PlanSettings, PlanStatus
from meedoen.referrals.models import (
    OPEN_STATUSES,
    PLACE_STATUSES,
    TRANSITIONS,
    Attendance,
    Consent,
    ConsentDecision,
    ProgressNote,
    Referral,
    ReferralEvent,
    ReferralResult,
    ReferralStatus,
    Signal,
    SignalKind,
)
from meedoen.referrals.scope import partner_referrals, valid_on_q

MAX_WEEK_HOURS = Decimal("60")
MAX_NOTE_LENGTH = 2000
# Transitions a partner user makes, and the ones the municipality makes.
PARTNER_TARGETS = (ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.STARTED,
                   ReferralStatus.COMPLETED, ReferralStatus.STOPPED)
MUNICIPALITY_TARGETS = (ReferralStatus.WITHDRAWN, ReferralStatus.SENT)
REASON_REQUIRED = (ReferralStatus.REJECTED, ReferralStatus.STOPPED, ReferralStatus.WITHDRAWN)
RESULT_REQUIRED = (ReferralStatus.COMPLETED, ReferralStatus.STOPPED)
# Basis kinds in order of preference when a partner has several valid on the day.
BASIS_PREFERENCE = (LegalBasis.PROCESSOR_AGREEMENT, LegalBasis.LEGAL_TASK, LegalBasis.CONSENT)


def _d(day: dt.date) -> str:
    return date_format(day, "d-m-Y")


def _today(day: dt.date | None = None) -> dt.date:
    return day or timezone.localdate()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- Who may act ----------------------------------------------------------------------------------------

def may_manage(actor, client) -> bool:
    """The klantmanager or teamleider who may change the client."""
    return access.can_change_client(actor, client)


def is_partner_for(actor, referral: Referral) -> bool:
    """A partner user of the referral's partner, while the referral is in their scope."""
    return (referral.partner_id in access.partner_ids(actor)
            and partner_referrals(actor).filter(pk=referral.pk).exists())


def _require_manager(actor, client) -> None:
    if not may_manage(actor, client):
        raise ValidationError(_("Alleen de klantmanager of teamleider van deze cliënt kan dit doen."))


def _require_partner_or_manager(actor, referral: Referral) -> str:
    """``"partner"`` or ``"municipality"``: who acts; raises when neither may."""
    if access.partner_ids(actor) and is_partner_for(actor, referral):
        return "partner"
    if may_manage(actor, referral.client):
        return "municipality"
    raise ValidationError(_("U mag deze verwijzing niet bijwerken."))


def _check_date(day: dt.date | None, *, field: str, not_before: dt.date | None = None,
                not_before_message: str = "") -> None:
    if day is None:
        raise ValidationError({field: _("Vul een datum in.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("De datum ligt in de toekomst.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: not_before_message})


# --- Legal basis and consent ----------------------------------------------------------------------------

def valid_bases(partner_ids: Iterable[int], day: dt.date) -> dict[int, DataFlowBasis]:
    """The basis to use per partner on ``day`` (one query): processor agreement or legal task before consent;
    among equals the most recent."""
    chosen: dict[int, DataFlowBasis] = {}
    rank = {kind: i for i, kind in enumerate(BASIS_PREFERENCE)}
    for basis in (DataFlowBasis.objects.filter(valid_on_q(day), partner_id__in=list(partner_ids))
                  .order_by("-valid_from", "-id")):
        current = chosen.get(basis.partner_id)
        if current is None or rank.get(basis.basis, 9) < rank.get(current.basis, 9):
            chosen[basis.partner_id] = basis
    return chosen


def latest_consents(client, partner_ids: Iterable[int], day: dt.date | None = None) -> dict[int, Consent]:
    """The latest consent decision of the client per partner (one query)."""
    day = _today(day)
    latest: dict[int, Consent] = {}
    for consent in (Consent.objects.filter(client=client, partner_id__in=list(partner_ids), decided_on__lte=day)
                    .select_related("recorded_by").order_by("-decided_on", "-id")):
        latest.setdefault(consent.partner_id, consent)
    return latest


@dataclass(frozen=True)
class SharingState:
    """May data flow to the partner for this client, and why (for the referral pages)."""

    basis: DataFlowBasis | None
    consent: Consent | None

    @property
    def needs_consent(self) -> bool:
        return self.basis is not None and self.basis.basis == LegalBasis.CONSENT

    @property
    def allowed(self) -> bool:
        if self.basis is None:
            return False
        return not self.needs_consent or (self.consent is not None
                                          and self.consent.decision == ConsentDecision.GIVEN)

    @property
    def code(self) -> str:
        """``no_basis``, ``not_needed``, ``given``, ``missing``, ``refused`` or ``withdrawn``."""
        if self.basis is None:
            return "no_basis"
        if not self.needs_consent:
            return "not_needed"
        return self.consent.decision if self.consent is not None else "missing"


def sharing_state(client, partner, day: dt.date | None = None) -> SharingState:
    day = _today(day)
    basis = valid_bases([partner.pk], day).get(partner.pk)
    consent = latest_consents(client, [partner.pk], day).get(partner.pk)
    return SharingState(basis=basis, consent=consent)


def _sharing_error(state: SharingState, partner) -> ValidationError:
    name = str(partner)
    if state.basis is None:
        return ValidationError(_(
            "Er is vandaag geen geldige grondslag om gegevens te delen met %(partner)s. Vraag de functioneel "
            "beheerder om de verwerkersovereenkomst of een andere grondslag vast te leggen.") % {"partner": name})
    if state.consent is None:
        return ValidationError(_(
            "Voor het delen van gegevens met %(partner)s is toestemming van de cliënt nodig. Bespreek dit met de "
            "cliënt en leg de toestemming eerst vast.") % {"partner": name})
    if state.consent.decision == ConsentDecision.REFUSED:
        return ValidationError(_(
            "De cliënt heeft op %(date)s geen toestemming gegeven om gegevens te delen met %(partner)s. Zonder "
            "toestemming kunt u niet verwijzen. Geeft de cliënt alsnog toestemming, leg dan het nieuwe besluit "
            "vast.") % {"partner": name, "date": _d(state.consent.decided_on)})
    return ValidationError(_(
        "De cliënt heeft op %(date)s de toestemming om gegevens te delen met %(partner)s ingetrokken. Zonder "
        "toestemming kunt u niet verwijzen. Geeft de cliënt opnieuw toestemming, leg dan het nieuwe besluit "
        "vast.") % {"partner": name, "date": _d(state.consent.decided_on)})


@transaction.atomic
def record_consent(actor, client, partner, decision: str, scope: str, decided_on: dt.date) -> Consent:
    """Record the client's decision on sharing data with one partner. The latest decision counts."""
    _require_manager(actor, client)
    if partner.municipality_id != client.municipality_id:
        raise ValidationError({"partner": _("De partnerorganisatie hoort bij een andere gemeente.")})
    if decision not in ConsentDecision.values:
        raise ValidationError({"decision": _("Kies het besluit van de cliënt.")})
    scope = (scope or "").strip()
    if not scope:
        raise ValidationError({"scope": _("Beschrijf welke gegevens voor welk doel gedeeld mogen worden.")})
    _check_date(decided_on, field="decided_on")
    consent = Consent(client=client, municipality=client.municipality, partner=partner, decision=decision,
                      scope=scope, decided_on=decided_on, recorded_by=actor)
    consent.full_clean()
    consent.save()
    record(actor=actor, action="referrals.consent_recorded", obj=consent, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"partner": str(partner.public_id), "decision": decision, "decided_on": decided_on.isoformat()})
    return consent


# --- Capacity -------------------------------------------------------------------------------------------

def places_taken(offer, *, exclude: Referral | None = None) -> int:
    qs = Referral.objects.filter(offer=offer, status__in=PLACE_STATUSES)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def is_full(offer, *, exclude: Referral | None = None) -> bool:
    return places_taken(offer, exclude=exclude) >= offer.capacity


# --- Referrals ------------------------------------------------------------------------------------------

def activity_chain_ids(plan_activity: PlanActivity) -> list[int]:
    """The activity and the activities it continues from earlier plan versions (newest first)."""
    ids, current = [], plan_activity
    seen = set()
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        ids.append(current.pk)
        current = current.carried_from
    return ids


def _event(referral: Referral, status: str, day: dt.date, actor, reason: str = "") -> None:
    ReferralEvent.objects.create(referral=referral, status=status, occurred_on=day, reason=reason, actor=actor)


@transaction.atomic
def create_referral(actor, plan_activity: PlanActivity, offer: Offer, note_for_partner: str = "", *,
                    referred_on: dt.date | None = None) -> Referral:
    """Refer a plan activity to a partner's offer.

    The activity must belong to the client's plan in force (status set); the offer must be active, of the
    same municipality and of the activity's type. The partner needs a legal basis valid on the day (the
    processor agreement or legal task is preferred over consent); where the basis is consent, the client's
    latest consent for that partner must be "given". One open referral per activity (and the activities it
    continues) and offer. When the offer is full (accepted + started ≥ capacity) the referral goes on the
    waiting list (``WAITING``, ``waiting_since``) instead of being sent: check ``referral.status``.
    """
    day = referred_on or timezone.localdate()
    plan_activity = (PlanActivity.objects.select_related("plan__client__municipality", "carried_from")
                     .get(pk=plan_activity.pk))
    plan = plan_activity.plan
    client = plan.client
    _require_manager(actor, client)
    if plan.status != PlanStatus.SET:
        raise ValidationError(_("U kunt alleen verwijzen vanuit het vastgestelde plan dat nu geldt."))
    offer = Offer.objects.select_for_update().select_related("partner").get(pk=offer.pk)
    if offer.municipality_id != client.municipality_id:
        raise ValidationError({"offer": _("Dit aanbod hoort bij een andere gemeente.")})
    if not offer.active:
        raise ValidationError({"offer": _("Dit aanbod staat niet (meer) in de catalogus.")})
    if offer.activity_type != plan_activity.activity_type:
        activity_label = dict(ActivityType.choices).get(plan_activity.activity_type, plan_activity.activity_type)
        raise ValidationError({"offer": _(
            "Dit aanbod is %(offer_type)s, maar de activiteit in het plan is %(activity_type)s. Kies aanbod van "
            "dezelfde soort, of pas eerst het plan aan.") % {
            "offer_type": offer.get_activity_type_display().lower(), "activity_type": str(activity_label).lower()}})
    note_for_partner = (note_for_partner or "").strip()
    if len(note_for_partner) > 500:
        raise ValidationError({"note_for_partner": _("De toelichting is te lang (hoogstens 500 tekens).")})
    _check_date(day, field="referred_on")
    state = sharing_state(client, offer.partner, day)
    if not state.allowed:
        raise _sharing_error(state, offer.partner)
    existing = (Referral.objects.filter(plan_activity_id__in=activity_chain_ids(plan_activity), offer=offer,
                                        status__in=OPEN_STATUSES).first())
    if existing is not None:
        raise ValidationError(_("Deze activiteit is al naar dit aanbod verwezen (status: %(status)s).")
                              % {"status": existing.get_status_display().lower()})
    full = is_full(offer)
    referral = Referral(
        client=client, municipality=client.municipality, partner=offer.partner, offer=offer,
        plan_activity=plan_activity, basis=state.basis, consent=state.consent if state.needs_consent else None,
        status=ReferralStatus.WAITING if full else ReferralStatus.SENT, referred_on=day,
        waiting_since=day if full else None, sent_on=None if full else day,
        note_for_partner=note_for_partner, referred_by=actor)
    referral.full_clean()
    referral.save()
    _event(referral, referral.status, day, actor)
    record(actor=actor, action="referrals.referral_created", obj=referral, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"status": referral.status, "offer": str(offer.public_id), "partner": str(offer.partner.public_id),
                    "activity": str(plan_activity.public_id), "basis": state.basis.basis,
                    "referred_on": day.isoformat()})
    return referral


def _load(referral: Referral) -> Referral:
    return (Referral.objects.select_for_update()
            .select_related("client__municipality", "offer", "partner", "basis").get(pk=referral.pk))


@transaction.atomic
def transition(actor, referral: Referral, to_status: str, occurred_on: dt.date, reason: str = "",
               result: str = "") -> Referral:
    """Move a referral to ``to_status`` (``models.TRANSITIONS``) on ``occurred_on``.

    The partner accepts, rejects, starts, completes and stops; the klantmanager or teamleider withdraws, and
    sends a waiting referral once a place is free. A reason is required to reject, stop or withdraw; a result
    to complete or stop. The date may not lie in the future nor before the previous step.
    """
    referral = _load(referral)
    current = referral.status
    if to_status not in TRANSITIONS.get(current, ()):
        raise ValidationError(_("Een verwijzing met de status ‘%(current)s’ kan niet naar ‘%(target)s’.") % {
            "current": referral.get_status_display().lower(),
            "target": str(ReferralStatus(to_status).label).lower() if to_status in ReferralStatus.values
            else to_status})
    if to_status in PARTNER_TARGETS:
        if not (access.partner_ids(actor) and is_partner_for(actor, referral)):
            raise ValidationError(_("Alleen de partnerorganisatie kan de verwijzing accepteren, afwijzen, starten, "
                                    "afronden of stoppen."))
    else:
        _require_manager(actor, referral.client)
    reason = (reason or "").strip()
    if to_status in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Geef een reden op.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("De reden is te lang (hoogstens 300 tekens).")})
    result = result or ""
    if to_status in RESULT_REQUIRED:
        if result not in ReferralResult.values or not result:
            raise ValidationError({"result": _("Kies het resultaat.")})
    else:
        result = ""
    last = referral.events.order_by("-occurred_on", "-id").values_list("occurred_on", flat=True).first()
    not_before = max(d for d in (referral.referred_on, last) if d is not None)
    _check_date(occurred_on, field="occurred_on", not_before=not_before,
                not_before_message=_("De datum ligt vóór de vorige stap van deze verwijzing (%(date)s).")
                % {"date": _d(not_before)})
    if to_status == ReferralStatus.ACCEPTED and is_full(referral.offer, exclude=referral):
        raise ValidationError(_(
            "Het aanbod zit vol (%(taken)s van %(capacity)s plaatsen bezet). Accepteer de verwijzing als er een "
            "plaats vrij is; tot dan blijft ze verstuurd.") % {
            "taken": places_taken(referral.offer, exclude=referral), "capacity": referral.offer.capacity})
    if to_status == ReferralStatus.SENT:
        if is_full(referral.offer):
            raise ValidationError(_("Er is nog geen plaats vrij in dit aanbod (%(taken)s van %(capacity)s plaatsen "
                                    "bezet). De verwijzing blijft op de wachtlijst.") % {
                "taken": places_taken(referral.offer), "capacity": referral.offer.capacity})
        state = sharing_state(referral.client, referral.partner, occurred_on)
        if not state.allowed:
            raise _sharing_error(state, referral.partner)
        referral.basis = state.basis
        referral.consent = state.consent if state.needs_consent else None
        referral.sent_on = occurred_on
    elif to_status in (ReferralStatus.ACCEPTED, ReferralStatus.REJECTED):
        referral.decided_on = occurred_on
    elif to_status == ReferralStatus.STARTED:
        referral.started_on = occurred_on
    else:  # completed, stopped, withdrawn
        referral.ended_on = occurred_on
    if to_status in REASON_REQUIRED:
        referral.reason = reason
    referral.result = result if to_status in RESULT_REQUIRED else referral.result
    referral.status = to_status
    referral.full_clean()
    referral.save()
    _event(referral, to_status, occurred_on, actor, reason)
    details = {"from": current, "to": to_status, "date": occurred_on.isoformat()}
    if to_status in RESULT_REQUIRED:
        details["result"] = result
    record(actor=actor, action="referrals.status_changed", obj=referral, municipality=referral.municipality,
           client_public_id=referral.client.public_id, details=details)
    if to_status in (ReferralStatus.STOPPED, ReferralStatus.REJECTED):
        evaluate_signals([referral.pk])
    return referral


# --- Attendance and progress notes ----------------------------------------------------------------------

def _hours(value, field: str) -> Decimal:
    try:
        hours = Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        raise ValidationError({field: _("Vul een aantal uren in.")}) from None
    if not hours.is_finite() or hours < 0:
        raise ValidationError({field: _("Het aantal uren kan niet negatief zijn.")})
    if hours > MAX_WEEK_HOURS:
        raise ValidationError({field: _("Een week heeft hoogstens 60 uur aan activiteiten.")})
    if hours != hours.quantize(Decimal("0.1")):
        raise ValidationError({field: _("Vul de uren in met hoogstens één cijfer achter de komma.")})
    return hours


@transaction.atomic
def record_attendance(actor, referral: Referral, week_start: dt.date, hours_present, hours_absent_authorised,
                      hours_absent_unauthorised) -> Attendance:
    """Record (or correct) the attendance of one week of a started referral, then evaluate its signals.

    ``week_start`` may be any day of the week: it is stored as that week's Monday. The week may not lie in the
    future nor before the week the activity started; the hours of the week add up to at most 60 and more
    than 0.
    """
    referral = _load(referral)
    _require_partner_or_manager(actor, referral)
    if referral.status != ReferralStatus.STARTED:
        raise ValidationError(_("Aanwezigheid kunt u alleen bijhouden zolang de activiteit loopt (status "
                                "gestart)."))
    if week_start is None:
        raise ValidationError({"week_start": _("Vul een datum in.")})
    week = monday_of(week_start)
    if week > timezone.localdate():
        raise ValidationError({"week_start": _("Deze week is nog niet begonnen.")})
    if referral.started_on and week < monday_of(referral.started_on):
        raise ValidationError({"week_start": _("Deze week ligt vóór de start van de activiteit (%(date)s).")
                               % {"date": _d(referral.started_on)}})
    present = _hours(hours_present, "hours_present")
    authorised = _hours(hours_absent_authorised, "hours_absent_authorised")
    unauthorised = _hours(hours_absent_unauthorised, "hours_absent_unauthorised")
    total = present + authorised + unauthorised
    if total > MAX_WEEK_HOURS:
        raise ValidationError(_("Samen is dat %(total)s uur in één week; dat kan hoogstens 60 uur zijn.")
                              % {"total": f"{total:g}".replace(".", ",")})
    if total == 0:
        raise ValidationError(_("Vul ten minste één uur in: aanwezig, geoorloofd of ongeoorloofd afwezig. Was er "
                                "die week geen activiteit, dan hoeft u niets in te vullen."))
    attendance, created = Attendance.objects.update_or_create(
        referral=referral, week_start=week,
        defaults={"municipality": referral.municipality, "hours_present": present,
                  "hours_absent_authorised": authorised, "hours_absent_unauthorised": unauthorised,
                  "recorded_by": actor})
    record(actor=actor, action="referrals.attendance_recorded", obj=referral, municipality=referral.municipality,
           client_public_id=referral.client.public_id,
           details={"week": week.isoformat(), "present": float(present), "authorised": float(authorised),
                    "unauthorised": float(unauthorised), "corrected": not created})
    evaluate_signals([referral.pk])
    return attendance


@transaction.atomic
def add_progress_note(actor, referral: Referral, written_on: dt.date, text: str) -> ProgressNote:
    """A progress note on a referral, by the partner or by the klantmanager."""
    referral = _load(referral)
    who = _require_partner_or_manager(actor, referral)
    if who == "partner" and referral.status in (ReferralStatus.WAITING, ReferralStatus.WITHDRAWN):
        raise ValidationError(_("Bij een verwijzing op de wachtlijst of een ingetrokken verwijzing kunt u geen "
                                "voortgang vastleggen."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de voortgang op.")})
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError({"text": _("De notitie is te lang (hoogstens 2000 tekens).")})
    _check_date(written_on, field="written_on", not_before=referral.referred_on,
                not_before_message=_("De datum ligt vóór de verwijzing (%(date)s).")
                % {"date": _d(referral.referred_on)})
    note = ProgressNote(referral=referral, municipality=referral.municipality, written_on=written_on, text=text,
                        author=actor)
    note.full_clean()
    note.save()
    record(actor=actor, action="referrals.note_added", obj=referral, municipality=referral.municipality,
           client_public_id=referral.client.public_id,
           details={"written_on": written_on.isoformat(), "by": who})
    return note


# --- Early-warning signals ------------------------------------------------------------------------------

def _settings_for(municipality_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(threshold percent, window weeks) per municipality; the model defaults where no row exists."""
    threshold_default = PlanSettings._meta.get_field("attendance_threshold_percent").default
    window_default = PlanSettings._meta.get_field("attendance_window_weeks").default
    ids = set(municipality_ids)
    found = {row[0]: (row[1], row[2]) for row in PlanSettings.objects.filter(municipality_id__in=ids)
             .values_list("municipality_id", "attendance_threshold_percent", "attendance_window_weeks")}
    return {i: found.get(i, (threshold_default, window_default)) for i in ids}


def _referral_ids(referrals) -> list[int] | QuerySet:
    if isinstance(referrals, QuerySet):
        return referrals.values("pk")
    ids = []
    for item in referrals:
        ids.append(item.pk if isinstance(item, Referral) else int(item))
    return ids


def _floor1(value: float) -> float:
    return math.floor(value * 10) / 10


def attendance_rate(present, scheduled) -> float | None:
    """Present hours as a percentage of scheduled hours, one decimal, rounded down; None without hours."""
    if not scheduled:
        return None
    return _floor1(float(present) / float(scheduled) * 100)


@transaction.atomic
def evaluate_signals(referrals, today: dt.date | None = None) -> int:
    """Raise the early-warning signals these referrals call for; return how many new signals were raised.

    ``referrals``: a queryset of ``Referral``, or an iterable of referrals or referral ids. Idempotent and
    safe to call after bulk inserts (the demo seeder does): it runs a fixed number of queries for the whole
    batch (at most six, plus the savepoint of its atomic block), whatever its size.

    For each referral:

    * ``STARTED``: over the last ``PlanSettings.attendance_window_weeks`` recorded weeks (week starting on or
      before ``today``): attendance rate = present / (present + authorised + unauthorised absence); under
      ``attendance_threshold_percent`` → ``LOW_ATTENDANCE`` (facts: rate, weeks, threshold, present,
      scheduled, week = latest week in the window). Any unauthorised absence in the window →
      ``UNAUTHORISED_ABSENCE`` (facts: hours, weeks, absent_weeks, week = latest week with such absence).
    * ``STOPPED`` → ``STOPPED`` (facts: date); ``REJECTED`` → ``REJECTED`` (facts: date): once per referral.

    An open signal of the same kind is never duplicated (database constraint): its facts are brought up to
    date instead. A handled attendance signal is raised again only for a newer week, so re-running the
    evaluation on the same data raises nothing new.
    """
    today = _today(today)
    # Later queries select the batch again by the same condition (a subquery when a queryset was given), so
    # no query carries one parameter per referral.
    batch = Referral.objects.filter(pk__in=_referral_ids(referrals))
    rows = list(batch.values("pk", "status", "client_id", "municipality_id", "decided_on", "ended_on"))
    if not rows:
        return 0
    settings = _settings_for({r["municipality_id"] for r in rows})
    started = [r for r in rows if r["status"] == ReferralStatus.STARTED]
    weeks: dict[int, list[tuple]] = defaultdict(list)
    if started:
        windows = {r["pk"]: settings[r["municipality_id"]][1] for r in started}
        for referral_id, week, present, authorised, unauthorised in (
                Attendance.objects.filter(referral__in=batch.filter(status=ReferralStatus.STARTED),
                                          week_start__lte=today)
                .order_by("referral_id", "-week_start")
                .values_list("referral_id", "week_start", "hours_present", "hours_absent_authorised",
                             "hours_absent_unauthorised")):
            if referral_id in windows and len(weeks[referral_id]) < windows[referral_id]:
                weeks[referral_id].append((week, present, authorised, unauthorised))
    existing: dict[tuple[int, str], list[Signal]] = defaultdict(list)
    for signal in Signal.objects.filter(referral__in=batch):
        existing[(signal.referral_id, signal.kind)].append(signal)

    wanted: list[tuple[dict, str, dict, str]] = []  # (referral row, kind, facts, dedupe key)
    for r in rows:
        threshold, _window = settings[r["municipality_id"]]
        if r["status"] == ReferralStatus.STOPPED and r["ended_on"]:
            wanted.append((r, SignalKind.STOPPED, {"date": r["ended_on"].isoformat()}, ""))
        elif r["status"] == ReferralStatus.REJECTED and r["decided_on"]:
            wanted.append((r, SignalKind.REJECTED, {"date": r["decided_on"].isoformat()}, ""))
        elif r["status"] == ReferralStatus.STARTED and weeks.get(r["pk"]):
            window = weeks[r["pk"]]
            present = sum((w[1] for w in window), Decimal(0))
            unauthorised = sum((w[3] for w in window), Decimal(0))
            scheduled = present + sum((w[2] for w in window), Decimal(0)) + unauthorised
            rate = attendance_rate(present, scheduled)
            if rate is not None and rate < threshold:
                facts = {"rate": rate, "weeks": len(window), "threshold": threshold, "present": float(present),
                         "scheduled": float(scheduled), "week": window[0][0].isoformat()}
                wanted.append((r, SignalKind.LOW_ATTENDANCE, facts, facts["week"]))
            absent = [w for w in window if w[3] > 0]
            if absent:
                facts = {"hours": float(unauthorised), "weeks": len(window), "absent_weeks": len(absent),
                         "week": absent[0][0].isoformat()}
                wanted.append((r, SignalKind.UNAUTHORISED_ABSENCE, facts, facts["week"]))

    new, changed = [], []
    for r, kind, facts, key in wanted:
        signals = existing[(r["pk"], kind)]
        open_signal = next((s for s in signals if s.handled_on is None), None)
        if open_signal is not None:
            if key and open_signal.facts != facts:
                open_signal.facts = facts
                changed.append(open_signal)
            continue
        if not key and signals:
            continue  # a stop or rejection is signalled once
        if key and any(s.facts.get("week") == key for s in signals):
            continue  # handled already for this week
        new.append(Signal(client_id=r["client_id"], municipality_id=r["municipality_id"], referral_id=r["pk"],
                          kind=kind, raised_on=today, facts=facts))
    if new:
        Signal.objects.bulk_create(new)
    if changed:
        Signal.objects.bulk_update(changed, ["facts"])
    return len(new)


@transaction.atomic
def handle_signal(actor, signal: Signal, note: str, handled_on: dt.date | None = None) -> Signal:
    """Mark an open signal as handled, with a short note on what was done (klantmanager or teamleider)."""
    signal = Signal.objects.select_for_update().select_related("client").get(pk=signal.pk)
    _require_manager(actor, signal.client)
    if signal.handled_on is not None:
        raise ValidationError(_("Dit signaal is al afgehandeld."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"handled_note": _("Schrijf kort op wat u met het signaal hebt gedaan.")})
    if len(note) > 300:
        raise ValidationError({"handled_note": _("De notitie is te lang (hoogstens 300 tekens).")})
    day = _today(handled_on)
    _check_date(day, field="handled_on", not_before=signal.raised_on,
                not_before_message=_("De datum ligt vóór het signaal."))
    signal.handled_on = day
    signal.handled_by = actor
    signal.handled_note = note
    signal.full_clean()
    signal.save(update_fields=["handled_on", "handled_by", "handled_note", "updated_at"])
    record(actor=actor, action="referrals.signal_handled", obj=signal, municipality=signal.municipality,
           client_public_id=signal.client.public_id,
           details={"kind": signal.kind, "referral": str(signal.referral.public_id), "handled_on": day.isoformat()})
    return signal

