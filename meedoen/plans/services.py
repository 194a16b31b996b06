"""Use cases of the plan: the personal plan (PIP) of a client under the Wet inburgering 2021, and the plan van aanpak
of every other client (Wet inburgering 2013, or regime "none", bijstand only). One atomic function per state change,
audited in the same transaction.

Two kinds of plan, one model (``is_pip(client)`` tells which):

* **PIP** (Wi2021 only; art. 15 Wi2021): learning route, stepping down to A2, PVT and MAP intensity, ontzorgen, route
  norms; the first set version starts the inburgering term (journey milestone PIP_SET).
* **Plan van aanpak** (Wi2013 and regime "none"): the Participatiewet plan (re-integration, art. 7 and 10;
  tegenprestatie, art. 9). None of the inburgering parts apply (``INBURGERING_FIELDS``, activity types
  ``INBURGERING_TYPES``): the services refuse a value for them (the forms do not show them) and clear what a draft
  still holds (after a change of regime). Setting needs no route and records no journey milestone (the plan starts no
  inburgering term). The Participatiewet obligations are *required* to set it when the client has (or had) bijstand:
  they are what the plan is for, and a benefit can only be reduced (art. 18) for an obligation the client was told
  about; without bijstand they are optional. The Wet inburgering 2013 has no PIP: its inburgering runs through DUO, on
  the client's own responsibility (course with a DUO loan), so a Wi2013 client's plan with the municipality is a plan
  van aanpak (work, participation, a language course or exam training as an ordinary activity) and moves no term.
  Versions, the load check, the diff, immutability and the PDF work the same for both.

Public API (stable: the views, the demo seeder and the referrals app call these):

State changes (each ``@transaction.atomic``; bad input raises ``ValidationError`` with a Dutch message, keyed
by field where there is one, and nothing is saved):

* ``create_draft(actor, client) -> Plan`` — a new draft: version 1, or the next version number. Prefilled
  from the broad intake (hours available; childcare needed when the intake names childcare needs) and with
  the client's klantmanager as contact person. When a set version exists the draft points to it as
  ``previous`` (use ``revise_plan`` to start from its contents instead). Refused when a draft exists.
* ``update_draft(actor, plan, **fields) -> Plan`` — change the fields in ``PLAN_FIELDS`` of a draft.
  Stepping down to A2 only in the B1-route and with date and reason; ontzorgen needs an end date; the
  contact person must work as klantmanager or teamleider in the municipality. For a plan van aanpak a value
  for an inburgering field is refused (keyed by field) and what the draft still holds of them is cleared.
* ``add_activity(actor, plan, *, start, offer=None, activity_type=None, description=None,
  hours_per_week=None, end=None) -> PlanActivity`` — from an active offer of the municipality's catalogue
  (type from the offer; description, hours and end default to the offer's name, hours per week and
  ``start + duration_weeks`` weeks − 1 day, i.e. the Sunday of its last week when it starts on a Monday) or
  a free activity (type one of ``partners.ActivityType``). A plan van aanpak refuses PVT and MAP.
* ``update_activity(actor, activity, **fields) -> PlanActivity`` — same fields; an empty value next to an
  offer takes the offer's value again.
* ``remove_activity(actor, activity) -> None``
* ``set_plan(actor, plan, dagtekening, override_reason="") -> Plan`` — vaststellen. Needs at least one activity
  and, for a PIP, a route (for a plan van aanpak: the Participatiewet obligations when the client has
  bijstand, and no PVT or MAP activity), a dagtekening not in the future; when the weekly load check finds
  problems, a reason of at least 10 characters (stored in ``load_override_reason``). The previous set
  version becomes REVISED.
  A PIP records the journey milestone PIP_SET on the dagtekening (the first one starts the inburgering term;
  the journey recomputes the deadlines); when the journey refuses (e.g. the intake has not started), that
  refusal is the error and nothing is saved. A plan van aanpak records no milestone.
* ``revise_plan(actor, plan) -> Plan`` — from the set version: a new draft with all its contents and copies
  of its activities (``carried_from`` points to the originals, so referrals can follow them).
* ``discard_draft(actor, plan) -> None`` — delete a draft (never a set version).
* ``update_settings(actor, municipality, **values) -> PlanSettings`` — the municipality's norms.

A set or revised version is immutable: every function above refuses it (and ``Plan.save`` guards too).

Reading (no audit; the views record reads through the access door):

* ``plan_settings(municipality) -> PlanSettings`` (created with the defaults when missing)
* ``versions_of(client)``, ``current_plan(client)``, ``draft_of(client)``
* ``load_check(plan, activities=None) -> load.LoadCheck`` and
  ``hours_summary(plan, activities=None, settings=None) -> load.HoursSummary``
* ``diff(old, new) -> PlanDiff`` — changed fields and activities added / removed / changed (matched through
  ``carried_from``, also across several versions)
* ``is_pip(client)``, ``is_wi2013(client)``, ``has_bijstand(client)``, ``obligations_required(client)``,
  ``contact_person_choices(municipality)``,
  ``first_dagtekening(client)``, ``set_requirements(plan, activities)`` (what setting still needs, as the set page
  lists it)
* ``is_special(activity)`` — a health activity (``SPECIAL_TYPES``): pages show it only to users passing
  ``access.can_view_special_category`` (``load_check(..., mask_special=True)`` names it "zorg (afgeschermd)"),
  and the PDF for the client leaves it out.

Weekly load and planned hours are computed by the pure functions in ``plans.load`` (``LoadItem``, ``check_load``,
``planned_hours``), which the demo seeder may use directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.accounts.models import Membership, Role
from meedoen.audit.services import record
from meedoen.clients.models import Client, Regime
from meedoen.journey import services as journey
from meedoen.journey.models import BijstandEpisode, MilestoneKind
from meedoen.partners.models import ActivityType, Offer
from meedoen.plans import load
from meedoen.plans.models import (
    FROZEN_STATUSES,
    LearningRoute,
    Plan,
    PlanActivity,
    PlanSettings,
    PlanStatus,
)

# Fields of a plan version a klantmanager fills in (copied by revise_plan; compared by diff).
PLAN_FIELDS = (
    "route", "stepped_down_to_a2", "stepped_down_on", "stepped_down_reason",
    "main_goal", "goal_language", "goal_work", "goal_finance",
    "pvt_intensity", "map_intensity",
    "ontzorgen", "ontzorgen_until", "ontzorgen_note",
    "progress_agreements", "contact_person", "participatiewet_obligations",
    "hours_available", "needs_childcare",
)
ACTIVITY_FIELDS = ("offer", "activity_type", "description", "hours_per_week", "start", "end")
SETTINGS_FIELDS = ("z_route_language_hours", "z_route_participation_hours", "pvt_minimum_hours",
                   "map_practical_hours", "attendance_threshold_percent", "attendance_window_weeks")

# What belongs to the PIP (Wi2021) only: not part of a plan van aanpak (Wi2013, or no inburgering duty).
INBURGERING_FIELDS = ("route", "stepped_down_to_a2", "stepped_down_on", "stepped_down_reason", "pvt_intensity",
                      "map_intensity", "ontzorgen", "ontzorgen_until", "ontzorgen_note")
INBURGERING_TYPES = frozenset({"pvt", "map_practice"})

# Activity types that are special-category data (health, addiction; GDPR art. 9): shown only to users passing
# ``access.can_view_special_category`` (others see "afgeschermd"), never in the PDF for the client to sign.
SPECIAL_TYPES = frozenset({"mental_health_addiction"})

MIN_OVERRIDE_REASON = 10
MAX_ACTIVITY_DAYS = 5 * 366
EARLIEST = dt.date(2000, 1, 1)


def _today() -> dt.date:
    return timezone.localdate()


def _audit(actor, action: str, obj, client, **details) -> None:
    record(actor=actor, action=action, obj=obj, municipality=client.municipality, client_public_id=client.public_id,
           details=details)


def _immutable_message() -> str:
    return _("Een vastgesteld plan kan niet meer worden gewijzigd. Herzie het plan om een nieuwe versie te maken.")


def _locked(plan: Plan) -> Plan:
    """A fresh copy of the plan, locked for this transaction."""
    return Plan.objects.select_for_update().select_related("client", "municipality").get(pk=plan.pk)


def _locked_draft(plan: Plan) -> Plan:
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_immutable_message(), code="immutable")
    return locked


def _sync(target: Plan, source: Plan) -> Plan:
    """Copy the saved state onto the caller's instance (only after success: on an error it stays as it was)."""
    if target is not source:
        for f in Plan._meta.concrete_fields:
            setattr(target, f.attname, getattr(source, f.attname))
        target._stored_status = source.status
    return target


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- Reading ----------------------------------------------------------------------------------------------

def plan_settings(municipality) -> PlanSettings:
    """The municipality's norms; the row is created with the defaults the first time it is asked for."""
    settings, _created = PlanSettings.objects.get_or_create(municipality=municipality)
    return settings


def versions_of(client: Client):
    return Plan.objects.filter(client=client).order_by("-version")


def current_plan(client: Client) -> Plan | None:
    """The version in force (status SET), or None."""
    return Plan.objects.filter(client=client, status=PlanStatus.SET).first()


def draft_of(client: Client) -> Plan | None:
    return Plan.objects.filter(client=client, status=PlanStatus.DRAFT).first()


def first_dagtekening(client: Client) -> dt.date | None:
    """The dagtekening of the first set plan: the inburgering term starts the day after."""
    return (Plan.objects.filter(client=client, status__in=FROZEN_STATUSES).order_by("version")
            .values_list("dagtekening", flat=True).first())


def is_pip(client: Client) -> bool:
    """True for a client under the Wet inburgering 2021 (the plan is a PIP, art. 15 Wi2021); False otherwise: the
    Wet inburgering 2013 has no PIP (DUO, the client's own responsibility) and a client without an inburgering duty
    (regime "none") has none either: their plan is a plan van aanpak under the Participatiewet."""
    return client.regime == Regime.WI2021


def is_wi2013(client: Client) -> bool:
    """Whether the client's inburgering runs under the Wet inburgering 2013 (the plan van aanpak says so)."""
    return client.regime == Regime.WI2013


def obligations_required(client: Client) -> bool:
    """Whether setting a plan van aanpak needs the Participatiewet obligations: only when the client has (or had)
    bijstand, whatever the regime."""
    return not is_pip(client) and has_bijstand(client)


def plan_fields(client: Client) -> tuple[str, ...]:
    """The fields of ``PLAN_FIELDS`` that apply to the client's kind of plan."""
    if is_pip(client):
        return PLAN_FIELDS
    return tuple(name for name in PLAN_FIELDS if name not in INBURGERING_FIELDS)


def not_applicable_message() -> str:
    return _("Geldt niet voor een plan van aanpak: dat heeft geen leerroute, afschalen naar A2, PVT, MAP of "
             "ontzorgen. Die horen bij het persoonlijk plan (PIP) van de Wet inburgering 2021.")


def inburgering_type_message() -> str:
    return _("PVT en MAP horen bij het persoonlijk plan (PIP) van de Wet inburgering 2021, niet bij een plan van "
             "aanpak.")


def has_bijstand(client: Client) -> bool:
    """Whether the client has (or had) bijstand: only then the Participatiewet obligations are shown."""
    return BijstandEpisode.objects.filter(client=client).exists()


def contact_person_choices(municipality):
    """Users who may be the municipality's contact person: active klantmanagers and teamleiders."""
    from django.contrib.auth import get_user_model

    ids = (Membership.objects.active().filter(municipality=municipality, role__in=(Role.KLANTMANAGER, Role.TEAMLEIDER))
           .values("user_id"))
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def is_special(activity) -> bool:
    return activity.activity_type in SPECIAL_TYPES


def masked_label() -> str:
    return _("zorg (afgeschermd)")


def _items(plan: Plan, activities: Iterable[PlanActivity] | None, mask_special: bool = False) -> list[load.LoadItem]:
    if activities is None:
        activities = plan.activities.all()
    items = []
    for a in activities:
        item = load.LoadItem.of(a)
        if mask_special and is_special(a):
            item = load.LoadItem(activity_type=item.activity_type, description=masked_label(),
                                 hours_per_week=item.hours_per_week, start=item.start, end=item.end)
        items.append(item)
    return items


def load_check(plan: Plan, activities: Iterable[PlanActivity] | None = None, *,
               mask_special: bool = False) -> load.LoadCheck:
    """The weekly load check of a version (pass its activities when already loaded). With ``mask_special`` the
    problem sentences name health activities only as "zorg (afgeschermd)"."""
    return load.check_load(_items(plan, activities, mask_special), plan.hours_available, plan.needs_childcare)


def hours_summary(plan: Plan, activities: Iterable[PlanActivity] | None = None,
                  settings: PlanSettings | None = None) -> load.HoursSummary:
    """Planned hours per group against the municipality's norms (warnings only)."""
    settings = settings or plan_settings(plan.municipality)
    return load.planned_hours(_items(plan, activities), plan.route, load.Norms.of(settings))


# --- Drafts -----------------------------------------------------------------------------------------------

@transaction.atomic
def create_draft(actor, client: Client) -> Plan:
    client = Client.objects.select_for_update().select_related("municipality").get(pk=client.pk)
    existing = Plan.objects.filter(client=client, status=PlanStatus.DRAFT).first()
    if existing is not None:
        raise ValidationError(_("Er is al een concept van het plan (versie %(version)s). Werk dat concept bij of "
                                "verwijder het eerst.") % {"version": existing.version}, code="draft_exists")
    last = Plan.objects.filter(client=client).order_by("-version").first()
    version = last.version + 1 if last else 1
    hours_available, needs_childcare = _from_intake(client)
    plan = Plan(client=client, municipality=client.municipality, version=version, status=PlanStatus.DRAFT,
                previous=current_plan(client), contact_person_id=client.klantmanager_id,
                hours_available=hours_available, needs_childcare=needs_childcare, created_by=actor)
    plan.save()
    _audit(actor, "plans.draft_created", plan, client, version=version,
           prefilled=hours_available is not None or needs_childcare)
    return plan


def _from_intake(client: Client) -> tuple[int | None, bool]:
    from meedoen.intake.models import PersonalCircumstances

    circumstances = PersonalCircumstances.objects.filter(intake__client=client).first()
    if circumstances is None:
        return None, False
    return circumstances.hours_available, bool(circumstances.childcare_needs.strip())


@transaction.atomic
def update_draft(actor, plan: Plan, **fields) -> Plan:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on a plan")
    locked = _locked_draft(plan)
    attnames = {name: Plan._meta.get_field(name).attname for name in PLAN_FIELDS}
    before = {name: getattr(locked, attname) for name, attname in attnames.items()}
    refused = {}
    if not is_pip(locked.client):
        refused = {name: [not_applicable_message()] for name in INBURGERING_FIELDS
                   if fields.get(name) not in (None, "", False)}
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _normalise(locked)
    errors = _plan_errors(locked, check_contact=locked.contact_person_id != before["contact_person"])
    errors.update(refused)
    try:
        locked.full_clean(exclude=["client", "municipality", "previous", "contact_person", "set_by", "created_by",
                                   "version"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages)
    _raise(errors)
    changed = sorted(name for name, attname in attnames.items() if getattr(locked, attname) != before[name])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
        _audit(actor, "plans.draft_updated", locked, locked.client, version=locked.version, fields=changed)
    return _sync(plan, locked)


def _clear_inburgering(plan: Plan) -> list[str]:
    """Empty the inburgering fields of a plan van aanpak (left from before a change of regime); the names changed."""
    cleared = []
    for name in INBURGERING_FIELDS:
        empty = False if isinstance(Plan._meta.get_field(name), BooleanField) else (
            None if Plan._meta.get_field(name).null else "")
        if getattr(plan, name) != empty:
            setattr(plan, name, empty)
            cleared.append(name)
    return cleared


def _normalise(plan: Plan) -> None:
    """Dependent fields that no longer apply are cleared (unticking 'afgeschaald' clears its date and reason); a
    plan van aanpak keeps none of the inburgering fields."""
    if not is_pip(plan.client):
        _clear_inburgering(plan)
    if not plan.stepped_down_to_a2:
        plan.stepped_down_on, plan.stepped_down_reason = None, ""
    if not plan.ontzorgen:
        plan.ontzorgen_until, plan.ontzorgen_note = None, ""


def _plan_errors(plan: Plan, *, check_contact: bool = True) -> dict:
    errors: dict[str, list] = {}
    if plan.stepped_down_to_a2:
        if plan.route != LearningRoute.B1:
            errors["stepped_down_to_a2"] = [_("Afschalen naar A2 kan alleen in de B1-route.")]
        if plan.stepped_down_on is None:
            errors["stepped_down_on"] = [_("Vul in wanneer de cliënt is afgeschaald naar A2.")]
        elif plan.stepped_down_on > _today():
            errors["stepped_down_on"] = [_("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")]
        if not plan.stepped_down_reason:
            errors["stepped_down_reason"] = [_("Vul de reden van het afschalen in.")]
    if plan.ontzorgen and plan.ontzorgen_until is None:
        errors["ontzorgen_until"] = [_("Vul in tot en met wanneer het ontzorgen loopt.")]
    if check_contact and plan.contact_person_id and not Membership.objects.active().filter(
            user_id=plan.contact_person_id, municipality_id=plan.municipality_id,
            role__in=(Role.KLANTMANAGER, Role.TEAMLEIDER)).exists():
        errors["contact_person"] = [_("Kies een klantmanager of teamleider van de gemeente.")]
    return errors


@transaction.atomic
def discard_draft(actor, plan: Plan) -> None:
    """Delete a draft and its activities. Set versions are never deleted."""
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Een vastgesteld plan kan niet worden verwijderd."), code="immutable")
    count = locked.activities.count()
    public_id, version, client = locked.public_id, locked.version, locked.client
    try:
        locked.delete()
    except ProtectedError:
        raise ValidationError(_("Vanuit een activiteit in dit concept is al verwezen naar een partner. Trek die "
                                "verwijzing eerst in."), code="protected") from None
    record(actor=actor, action="plans.draft_discarded", object_type="plans.plan", object_public_id=public_id,
           municipality=client.municipality, client_public_id=client.public_id,
           details={"version": version, "activities": count})


# --- Activities -------------------------------------------------------------------------------------------

def _offer_end(offer: Offer, start: dt.date) -> dt.date:
    return start + dt.timedelta(weeks=offer.duration_weeks, days=-1)


def _resolve_activity(plan: Plan, values: dict, *, keep_offer_id: int | None = None) -> dict:
    """Check and complete an activity's values; an offer fills what is left empty. Raises ValidationError."""
    errors: dict[str, list] = {}
    offer = values.get("offer")
    pip = is_pip(plan.client)
    start = values.get("start")
    if start is None:
        errors["start"] = [_("Vul de startdatum in.")]
    elif start < EARLIEST:
        errors["start"] = [_("Deze datum ligt te ver terug. Controleer het jaartal.")]
    if offer is not None:
        if offer.municipality_id != plan.municipality_id:
            errors["offer"] = [_("Dit aanbod hoort bij een andere gemeente.")]
        elif not offer.active and offer.pk != keep_offer_id:
            errors["offer"] = [_("Dit aanbod staat niet meer in de catalogus.")]
        values["activity_type"] = offer.activity_type
        if not pip and offer.activity_type in INBURGERING_TYPES:
            errors["offer"] = [inburgering_type_message()]
        if not values.get("description"):
            values["description"] = offer.name
        if values.get("hours_per_week") in (None, ""):
            values["hours_per_week"] = offer.hours_per_week
        if values.get("end") is None and start is not None:
            values["end"] = _offer_end(offer, start)
    else:
        if values.get("activity_type") not in ActivityType.values:
            errors["activity_type"] = [_("Kies een aanbod uit de catalogus of de soort activiteit.")]
        elif not pip and values["activity_type"] in INBURGERING_TYPES:
            errors["activity_type"] = [inburgering_type_message()]
        elif not values.get("description"):
            values["description"] = str(ActivityType(values["activity_type"]).label)
        if values.get("hours_per_week") in (None, ""):
            errors["hours_per_week"] = [_("Vul het aantal uren per week in.")]
        if values.get("end") is None:
            errors["end"] = [_("Vul de einddatum in.")]
    hours = values.get("hours_per_week")
    if hours not in (None, ""):
        try:
            values["hours_per_week"] = hours = Decimal(str(hours))
        except ArithmeticError:
            errors["hours_per_week"] = [_("Vul het aantal uren per week in als getal, bijvoorbeeld 12,5.")]
        else:
            if not (0 <= hours <= 40):
                errors["hours_per_week"] = [_("Een activiteit duurt 0 tot 40 uur per week.")]
    end = values.get("end")
    if start is not None and end is not None and "start" not in errors:
        if end < start:
            errors["end"] = [_("De einddatum ligt vóór de startdatum.")]
        elif (end - start).days > MAX_ACTIVITY_DAYS:
            errors["end"] = [_("Een activiteit in het plan duurt hoogstens vijf jaar.")]
    _raise(errors)
    values["description"] = values["description"].strip()[:200]
    return values


def _clean_activity(activity: PlanActivity) -> None:
    activity.full_clean(exclude=["plan", "municipality", "offer", "carried_from"], validate_unique=False,
                        validate_constraints=False)


def _activity_details(activity: PlanActivity, plan: Plan) -> dict:
    return {"version": plan.version, "activity": activity.public_id, "activity_type": activity.activity_type,
            "hours_per_week": str(activity.hours_per_week), "start": activity.start.isoformat(),
            "end": activity.end.isoformat(), "offer": activity.offer.public_id if activity.offer_id else None}


@transaction.atomic
def add_activity(actor, plan: Plan, *, start: dt.date, offer: Offer | None = None, activity_type: str | None = None,
                 description: str | None = None, hours_per_week=None, end: dt.date | None = None) -> PlanActivity:
    locked = _locked_draft(plan)
    values = _resolve_activity(locked, {"offer": offer, "activity_type": activity_type,
                                        "description": (description or "").strip(), "hours_per_week": hours_per_week,
                                        "start": start, "end": end})
    activity = PlanActivity(plan=locked, municipality=locked.municipality, **values)
    _clean_activity(activity)
    activity.save()
    _audit(actor, "plans.activity_added", activity, locked.client, **_activity_details(activity, locked))
    return activity


@transaction.atomic
def update_activity(actor, activity: PlanActivity, **fields) -> PlanActivity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on an activity")
    locked_plan = _locked_draft(activity.plan)
    stored = PlanActivity.objects.select_related("offer").get(pk=activity.pk)
    values = {name: getattr(stored, name) for name in ACTIVITY_FIELDS}
    for name, value in fields.items():
        values[name] = value.strip() if isinstance(value, str) else value
    values = _resolve_activity(locked_plan, values, keep_offer_id=stored.offer_id)
    changed = sorted(name for name in ACTIVITY_FIELDS if getattr(stored, name) != values[name])
    for name in ACTIVITY_FIELDS:
        setattr(stored, name, values[name])
    _clean_activity(stored)
    if changed:
        stored.save(update_fields=[*changed, "updated_at"])
        _audit(actor, "plans.activity_updated", stored, locked_plan.client,
               **_activity_details(stored, locked_plan), fields=changed)
    for f in PlanActivity._meta.concrete_fields:
        setattr(activity, f.attname, getattr(stored, f.attname))
    return activity


@transaction.atomic
def remove_activity(actor, activity: PlanActivity) -> None:
    locked_plan = _locked_draft(activity.plan)
    stored = PlanActivity.objects.get(pk=activity.pk)
    details = _activity_details(stored, locked_plan)
    try:
        stored.delete()
    except ProtectedError:
        raise ValidationError(_("Vanuit deze activiteit is al verwezen naar een partner. Trek die verwijzing eerst "
                                "in."), code="protected") from None
    _audit(actor, "plans.activity_removed", locked_plan, locked_plan.client, **details)


# --- Setting and revising ---------------------------------------------------------------------------------

def set_requirements(plan: Plan, activities: list[PlanActivity]) -> list[str]:
    """What the draft still needs before it can be set (empty: nothing), in the words of the set page."""
    missing = []
    if is_pip(plan.client):
        if not plan.route:
            missing.append(_("Kies eerst een leerroute."))
    else:
        if not plan.participatiewet_obligations.strip() and obligations_required(plan.client):
            missing.append(_("Vul eerst de verplichtingen uit de Participatiewet in."))
        if any(a.activity_type in INBURGERING_TYPES for a in activities):
            missing.append(_("Haal PVT en MAP uit het plan: die horen bij het persoonlijk plan (PIP) van de Wet "
                             "inburgering 2021, niet bij een plan van aanpak."))
    if not activities:
        missing.append(_("Voeg eerst minstens één activiteit toe."))
    return missing


@transaction.atomic
def set_plan(actor, plan: Plan, dagtekening: dt.date | None, override_reason: str = "") -> Plan:
    locked = _locked(plan)
    if locked.status != PlanStatus.DRAFT:
        raise ValidationError(_("Deze versie is al vastgesteld."), code="immutable")
    pip = is_pip(locked.client)
    activities = list(locked.activities.all())
    errors: dict[str, list] = {}
    if dagtekening is None:
        errors["dagtekening"] = [_("Vul de dagtekening in.")]
    elif dagtekening > _today():
        errors["dagtekening"] = [_("De dagtekening kan niet in de toekomst liggen.")]
    in_force = Plan.objects.select_for_update().filter(client=locked.client, status=PlanStatus.SET).first()
    if dagtekening and in_force is not None and dagtekening < in_force.dagtekening:
        errors["dagtekening"] = [_("De dagtekening ligt vóór die van de vorige versie (%(date)s).")
                                 % {"date": f"{in_force.dagtekening:%d-%m-%Y}"}]
    missing = set_requirements(locked, activities)
    if missing:
        errors["__all__"] = missing
    _raise(errors)
    check = load_check(locked, activities)
    reason = (override_reason or "").strip()
    if check.ok:
        reason = ""
    elif len(reason) < MIN_OVERRIDE_REASON:
        raise ValidationError({"override_reason": _(
            "De weekbelasting past niet (%(weeks)s weken). Vul de reden in om het plan toch vast te stellen "
            "(minstens %(min)s tekens).") % {"weeks": check.problem_weeks, "min": MIN_OVERRIDE_REASON}})
    elif len(reason) > 300:
        raise ValidationError({"override_reason": _("De reden is te lang (maximaal 300 tekens).")})
    if in_force is not None:
        in_force.status = PlanStatus.REVISED
        in_force.save(update_fields=["status", "updated_at"])
    cleared = [] if pip else _clear_inburgering(locked)  # left from before a change of regime: not part of it
    locked.status = PlanStatus.SET
    locked.dagtekening = dagtekening
    locked.set_on = timezone.now()
    locked.set_by = actor
    locked.load_override_reason = reason
    locked.save(update_fields=["status", "dagtekening", "set_on", "set_by", "load_override_reason", *cleared,
                               "updated_at"])
    milestone = None
    if pip:  # only a PIP starts (or continues) the inburgering term
        try:
            milestone = journey.record_milestone(actor=actor, client=locked.client, kind=MilestoneKind.PIP_SET,
                                                 date=dagtekening)
        except ValidationError as exc:
            raise ValidationError([_("Het plan is niet vastgesteld:"), *exc.messages], code="milestone") from exc
    _audit(actor, "plans.plan_set", locked, locked.client, version=locked.version,
           dagtekening=dagtekening.isoformat(), overridden=bool(reason), problem_weeks=check.problem_weeks,
           activities=len(activities), milestone_version=milestone.version if milestone else None,
           revised_version=in_force.version if in_force else None)
    return _sync(plan, locked)


@transaction.atomic
def revise_plan(actor, plan: Plan) -> Plan:
    """A new draft version with the contents and activities of the set version."""
    locked = _locked(plan)
    if locked.status != PlanStatus.SET:
        if locked.status == PlanStatus.REVISED:
            raise ValidationError(_("Deze versie is al vervangen door een nieuwere versie."), code="not_in_force")
        raise ValidationError(_("Alleen een vastgesteld plan kan worden herzien."), code="not_in_force")
    draft = Plan.objects.filter(client=locked.client, status=PlanStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError(_("Er is al een concept van het plan (versie %(version)s). Werk dat concept bij of "
                                "verwijder het eerst.") % {"version": draft.version}, code="draft_exists")
    last_version = Plan.objects.filter(client=locked.client).order_by("-version").values_list("version",
                                                                                              flat=True).first()
    new = Plan(client=locked.client, municipality=locked.municipality, version=last_version + 1,
               status=PlanStatus.DRAFT, previous=locked, created_by=actor)
    for name in PLAN_FIELDS:
        attname = Plan._meta.get_field(name).attname
        setattr(new, attname, getattr(locked, attname))
    new.save()
    copies = [PlanActivity(plan=new, municipality=new.municipality, activity_type=a.activity_type, offer_id=a.offer_id,
                           description=a.description, hours_per_week=a.hours_per_week, start=a.start, end=a.end,
                           carried_from=a)
              for a in locked.activities.all()]
    PlanActivity.objects.bulk_create(copies)
    _audit(actor, "plans.plan_revised", new, new.client, from_version=locked.version, version=new.version,
           activities=len(copies))
    return new


# --- Settings ---------------------------------------------------------------------------------------------

@transaction.atomic
def update_settings(actor, municipality, **values) -> PlanSettings:
    """Change the municipality's norms (functioneel beheerder). The audit row holds the new numbers."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on the plan settings")
    settings, _created = PlanSettings.objects.select_for_update().get_or_create(municipality=municipality)
    changed = sorted(name for name, value in values.items() if getattr(settings, name) != value)
    for name in changed:
        setattr(settings, name, values[name])
    settings.full_clean(exclude=["municipality"], validate_unique=False)
    if changed:
        settings.save(update_fields=changed)
        record(actor=actor, action="plans.settings_changed", municipality=municipality,
               object_type="plans.plansettings", details={name: getattr(settings, name) for name in changed})
    return settings


# --- Differences between versions ------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class ActivityChange:
    old: PlanActivity
    new: PlanActivity
    changes: list[FieldChange]


@dataclass
class PlanDiff:
    old: Plan
    new: Plan
    fields: list[FieldChange] = field(default_factory=list)
    added: list[PlanActivity] = field(default_factory=list)
    removed: list[PlanActivity] = field(default_factory=list)
    changed: list[ActivityChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


DIFF_FIELDS = ("dagtekening", *PLAN_FIELDS)


def _empty() -> str:
    return "—"


def display_value(obj, name: str) -> str:
    """A field's value as the pages show it: choice labels, ja/nee, dd-mm-jjjj, names; '—' when empty."""
    model_field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if name == "activity_type":
        return load.type_label(value)
    if name == "hours_per_week":
        return load.hours_unit(value)
    if model_field.choices:
        return str(getattr(obj, f"get_{name}_display")()) or _empty()
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if value is None or value == "":
        return _empty()
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def _field_changes(old, new, names: Iterable[str], labels: dict | None = None) -> list[FieldChange]:
    changes = []
    for name in names:
        attname = old._meta.get_field(name).attname
        if getattr(old, attname) != getattr(new, attname):
            label = (labels or {}).get(name) or str(old._meta.get_field(name).verbose_name).capitalize()
            changes.append(FieldChange(name=name, label=str(label), old=display_value(old, name),
                                       new=display_value(new, name)))
    return changes


# Labels that differ in a plan van aanpak (no "inburgering" in them).
PVA_LABELS = {"goal_language": gettext_lazy("Doel taal")}


ACTIVITY_DIFF_FIELDS = ("activity_type", "offer", "description", "hours_per_week", "start", "end")


def diff(old: Plan, new: Plan, *, pip: bool | None = None) -> PlanDiff:
    """What changed from version ``old`` to version ``new`` of the same client (either order). For a plan van
    aanpak (``pip=False``; looked up from the client when not given) the inburgering fields are left out."""
    if old.client_id != new.client_id:
        raise ValueError("versions of different clients")
    if pip is None:
        pip = is_pip(new.client)
    names = DIFF_FIELDS if pip else tuple(n for n in DIFF_FIELDS if n not in INBURGERING_FIELDS)
    result = PlanDiff(old=old, new=new, fields=_field_changes(old, new, names, labels=None if pip else PVA_LABELS))
    old_acts = list(old.activities.select_related("offer"))
    new_acts = list(new.activities.select_related("offer"))
    earlier, later = (old_acts, new_acts) if old.version <= new.version else (new_acts, old_acts)
    low, high = sorted((old.version, new.version))
    parent = dict(PlanActivity.objects.filter(plan__client_id=old.client_id, plan__version__gt=low,
                                              plan__version__lte=high).values_list("pk", "carried_from_id"))
    earlier_ids = {a.pk: a for a in earlier}
    pairs: dict[int, int] = {}  # later pk -> earlier pk
    for activity in later:
        ancestor, steps = activity.carried_from_id, 0
        while ancestor is not None and ancestor not in earlier_ids and steps < high - low:
            ancestor, steps = parent.get(ancestor), steps + 1
        if ancestor in earlier_ids and ancestor not in pairs.values():
            pairs[activity.pk] = ancestor
    if old.version <= new.version:
        matched = [(earlier_ids[e], la) for la in later for lp, e in pairs.items() if lp == la.pk]
        result.added = [a for a in later if a.pk not in pairs]
        result.removed = [a for a in earlier if a.pk not in pairs.values()]
    else:
        later_by_pk = {a.pk: a for a in later}
        matched = [(later_by_pk[lp], earlier_ids[e]) for lp, e in pairs.items()]
        result.added = [a for a in earlier if a.pk not in pairs.values()]
        result.removed = [a for a in later if a.pk not in pairs]
    for before, after in matched:
        changes = _field_changes(before, after, ACTIVITY_DIFF_FIELDS)
        if changes:
            result.changed.append(ActivityChange(old=before, new=after, changes=changes))
    return result
