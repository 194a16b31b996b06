"""Changing the broad intake and recording ZRM measurements.

Every function is atomic and records an audit event in the same transaction; the details hold field
names, codes and dates only, never the values typed in. The health part (special category) has its own
functions; callers check ``access.can_view_special_category`` first, and every read is audited here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.clients.models import Client
from meedoen.clients.services import update_client
from meedoen.intake.models import (
    NO_SHOW_AMOUNT,
    NO_SHOW_SEQUENCE,
    ZRM_DOMAINS,
    ZRM_SPECIAL_DOMAINS,
    BroadIntake,
    IntakeHealth,
    IntakeStatus,
    LearnabilityTest,
    Literacy,
    NoShowSanction,
    OriginBackground,
    PersonalCircumstances,
    ZrmMeasurement,
)
from meedoen.journey import services as journey
from meedoen.journey.models import Milestone, MilestoneKind

# Part code → (model, related name on BroadIntake, editable fields)
PARTS = {
    "learnability": (LearnabilityTest, "learnability",
                     ("tested_on", "result", "provider", "exemption", "deviation_reason")),
    "origin": (OriginBackground, "origin",
               ("education_level", "education_years", "has_diploma", "recognition_requested", "occupation",
                "sector", "work_years")),
    "circumstances": (PersonalCircumstances, "circumstances",
                      ("childcare_needs", "has_debts", "debts_note", "hours_available", "motivation")),
}
GENERAL_FIELDS = ("mother_tongue", "dutch_reading", "dutch_listening", "dutch_writing", "dutch_speaking",
                  "literacy_own_script", "literacy_latin_script", "vve_informed_on", "conversation_offered_on")
HEALTH_FIELDS = ("health", "care_needs")


def _today() -> dt.date:
    return timezone.localdate()


def _audit(actor, action: str, obj, client: Client, **details) -> None:
    record(actor=actor, action=action, obj=obj, municipality=client.municipality,
           client_public_id=client.public_id, details=details)


def intake_of(client: Client) -> BroadIntake | None:
    return BroadIntake.objects.filter(client=client).first()


@transaction.atomic
def start_intake(*, actor, client: Client, started_on: dt.date | None = None) -> BroadIntake:
    """The client's intake, created when missing; records the milestone INTAKE_STARTED when not there yet."""
    started_on = started_on or _today()
    intake = BroadIntake.objects.select_for_update().filter(client=client).first()
    if intake is None:
        intake = BroadIntake.objects.create(client=client, municipality=client.municipality, started_on=started_on,
                                            updated_by=actor)
        _audit(actor, "intake.started", intake, client, date=started_on.isoformat())
    if not Milestone.objects.filter(client=client, kind=MilestoneKind.INTAKE_STARTED).exists():
        journey.record_milestone(actor=actor, client=client, kind=MilestoneKind.INTAKE_STARTED,
                                 date=intake.started_on)
    return intake


def _apply(obj, fields: tuple[str, ...], data: dict) -> list[str]:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    changed = [name for name, value in data.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, data[name])
    return changed


def _full_clean(obj, exclude=("intake",)) -> None:
    obj.full_clean(exclude=list(exclude), validate_unique=False)


@transaction.atomic
def save_part(*, actor, client: Client, part: str, **data):
    """Save one part of the intake as a draft (starting the intake when needed)."""
    model, related, fields = PARTS[part]
    intake = start_intake(actor=actor, client=client)
    obj = model.objects.filter(intake=intake).first()
    created = obj is None
    if created:
        obj = model(intake=intake)
    changed = _apply(obj, fields, data)
    _full_clean(obj)
    if created:
        obj.save()
    elif changed:
        obj.save(update_fields=[*changed, "updated_at"])
    if created or changed:
        intake.updated_by = actor
        intake.save(update_fields=["updated_by", "updated_at"])
        _audit(actor, "intake.part_saved", intake, client, part=part, fields=sorted(changed))
    return obj


@transaction.atomic
def save_general(*, actor, client: Client, **data) -> BroadIntake:
    """Mother tongue, Dutch level per skill, literacy, VVE information and the individual conversation."""
    intake = start_intake(actor=actor, client=client)
    for name in ("vve_informed_on", "conversation_offered_on"):
        if data.get(name) and data[name] > _today():
            raise ValidationError({name: _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})
    changed = _apply(intake, GENERAL_FIELDS, data)
    if changed:
        intake.full_clean(exclude=["client", "municipality", "updated_by"], validate_unique=False)
        intake.updated_by = actor
        intake.save(update_fields=[*changed, "updated_by", "updated_at"])
        _audit(actor, "intake.part_saved", intake, client, part="general", fields=sorted(changed))
    return intake


@transaction.atomic
def save_health(*, actor, client: Client, **data) -> IntakeHealth:
    """Special category: the caller has checked ``access.can_view_special_category``."""
    intake = start_intake(actor=actor, client=client)
    health = IntakeHealth.objects.filter(intake=intake).first()
    created = health is None
    if created:
        health = IntakeHealth(intake=intake)
    changed = _apply(health, HEALTH_FIELDS, data)
    if created:
        health.save()
    elif changed:
        health.save(update_fields=[*changed, "updated_at"])
    if created or changed:
        _audit(actor, "intake.health_saved", intake, client, fields=sorted(changed))
    return health


def read_health(*, actor, client: Client, intake: BroadIntake | None) -> IntakeHealth | None:
    """The health part, its read recorded (``intake.health_viewed``). Caller checks the access rule first."""
    if intake is None:
        return None
    health = IntakeHealth.objects.filter(intake=intake).first()
    _audit(actor, "intake.health_viewed", intake, client, found=health is not None)
    return health


def missing_parts(intake: BroadIntake | None) -> list[str]:
    """Dutch names of the parts that still need filling in before the intake can be completed."""
    names = {"learnability": _("Leerbaarheidstoets (datum en uitslag, of een vrijstelling)"),
             "origin": _("Opleiding en werk in het land van herkomst (ten minste het opleidingsniveau)"),
             "circumstances": _("Persoonlijke omstandigheden (ten minste beschikbaarheid en schulden)")}
    missing = []
    for part, (model, _related, _fields) in PARTS.items():
        obj = model.objects.filter(intake=intake).first() if intake else None
        if obj is None or not obj.is_complete:
            missing.append(names[part])
    return missing


@transaction.atomic
def complete_intake(*, actor, client: Client, completed_on: dt.date | None = None) -> BroadIntake:
    """Complete the intake: needs the three parts; records INTAKE_COMPLETED with the completion date."""
    completed_on = completed_on or _today()
    if completed_on > _today():
        raise ValidationError({"completed_on": _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})
    intake = BroadIntake.objects.select_for_update().filter(client=client).first()
    if intake is not None and intake.status == IntakeStatus.COMPLETED:
        raise ValidationError(_("Deze brede intake is al afgerond."))
    missing = missing_parts(intake)
    if missing:
        raise ValidationError(_("De brede intake kan nog niet worden afgerond. Nog in te vullen: %(parts)s.")
                              % {"parts": "; ".join(missing)})
    if completed_on < intake.started_on:
        raise ValidationError({"completed_on": _("De intake kan niet eerder afgerond zijn dan hij begon (%(date)s).")
                               % {"date": f"{intake.started_on:%d-%m-%Y}"}})
    start_intake(actor=actor, client=client)  # makes sure INTAKE_STARTED is there
    intake.status = IntakeStatus.COMPLETED
    intake.completed_on = completed_on
    intake.updated_by = actor
    intake.save(update_fields=["status", "completed_on", "updated_by", "updated_at"])
    _audit(actor, "intake.completed", intake, client, date=completed_on.isoformat())
    journey.record_milestone(actor=actor, client=client, kind=MilestoneKind.INTAKE_COMPLETED, date=completed_on)
    facts = stated_facts(intake)
    if facts:
        update_client(actor=actor, client=client, **facts)
    return intake


def stated_facts(intake: BroadIntake) -> dict[str, bool]:
    """The priority facts the intake establishes (only those it knows):

    * low literacy — not (fully) literate in the own script (the priority group of low-literate
      newcomers: domain.md, 'Before arrival' / product.md);
    * work experience — any years of work, or an occupation, in the country of origin.
    """
    facts: dict[str, bool] = {}
    if intake.literacy_own_script:
        facts["low_literacy"] = intake.literacy_own_script != Literacy.YES
    origin = getattr(intake, "origin", None)
    if origin is not None and (origin.work_years is not None or origin.occupation):
        facts["has_work_experience"] = bool(origin.work_years) or bool(origin.occupation)
    return facts


@transaction.atomic
def record_no_show(*, actor, client: Client, decided_on: dt.date | None = None) -> NoShowSanction:
    """The next step after a call was not answered: warning, first fine, second fine; never a third fine."""
    decided_on = decided_on or _today()
    if decided_on > _today():
        raise ValidationError({"decided_on": _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})
    intake = start_intake(actor=actor, client=client)
    done = set(NoShowSanction.objects.filter(intake=intake).values_list("step", flat=True))
    step = next((s for s in NO_SHOW_SEQUENCE if s not in done), None)
    if step is None:
        raise ValidationError(_("Er zijn al twee boetes van € 250 opgelegd. Een derde boete is niet toegestaan; "
                                "het PIP wordt zonder medewerking van de cliënt vastgesteld."))
    sanction = NoShowSanction.objects.create(intake=intake, step=step, decided_on=decided_on,
                                             amount=NO_SHOW_AMOUNT[step], recorded_by=actor)
    _audit(actor, "intake.no_show_recorded", sanction, client, step=step, date=decided_on.isoformat())
    return sanction


@transaction.atomic
def record_zrm(*, actor, client: Client, measured_on: dt.date, scores: dict[str, int]) -> ZrmMeasurement:
    """A ZRM 2017 measurement: the 13 domains scored 1–5. The three special-category domains (mental and
    physical health, substance use) may be left out: only users passing ``can_view_special_category`` score them."""
    if measured_on > _today():
        raise ValidationError({"measured_on": _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})
    required = {name for name, _label in ZRM_DOMAINS} - ZRM_SPECIAL_DOMAINS
    unknown = set(scores) - {name for name, _label in ZRM_DOMAINS}
    if unknown:
        raise ValueError(f"unknown ZRM domains {sorted(unknown)}")
    if any(scores.get(name) is None for name in required):
        raise ValidationError(_("Geef voor elk domein een score van 1 tot en met 5."))
    measurement = ZrmMeasurement(client=client, municipality=client.municipality, measured_on=measured_on,
                                 recorded_by=actor, **scores)
    measurement.full_clean(exclude=["client", "municipality", "recorded_by"])
    measurement.save()
    _audit(actor, "intake.zrm_measured", measurement, client, date=measured_on.isoformat(),
           special=any(scores.get(name) is not None for name in ZRM_SPECIAL_DOMAINS))
    return measurement
