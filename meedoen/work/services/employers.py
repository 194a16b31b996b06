"""Employers, their contact people and cooperation agreements, vacancies, and the bijstand norms of a
municipality. The only writer of these models (besides the demo seeder's bulk inserts).

Every change is one atomic function that records one audit event in the same transaction. The details hold
ids, codes, dates, numbers and the names of the changed fields, never names, KvK numbers or free text.
Bad input raises ``ValidationError`` with a Dutch message per field and saves nothing.

These are municipality data, not client data: reading them is not audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.work.models import (
    CooperationAgreement,
    Employer,
    EmployerContact,
    PlaceKind,
    Placement,
    Vacancy,
    VacancyStatus,
    WorkSettings,
)

EMPLOYER_FIELDS = ("name", "kvk_number", "sector", "city", "notes", "active")
CONTACT_FIELDS = ("name", "function", "phone", "email")
AGREEMENT_FIELDS = ("start", "end", "committed_jobs", "committed_work_experience", "committed_other",
                    "municipality_offers", "signed_on")
VACANCY_FIELDS = ("title", "occupation", "sector", "kind", "hours_per_week", "location", "start", "duration_weeks",
                  "capacity", "description", "required_reading", "required_listening", "required_writing",
                  "required_speaking", "language_reason", "requires_driving_licence")
SETTINGS_FIELDS = ("norm_single", "norm_couple", "norms_valid_from")

# Unpaid places that count against a commitment of work-experience places.
WORK_EXPERIENCE_KINDS = (PlaceKind.WORK_EXPERIENCE, PlaceKind.MAP_PRACTICAL)
MAX_HOURS = 40
MAX_DURATION_WEEKS = 260  # five years: anything longer is a typing error (leave empty for an open-ended job)
MAX_START_AHEAD_DAYS = 2 * 366
MAX_START_PAST_DAYS = 366


# --- Helpers -----------------------------------------------------------------------------------------------

def _check_municipality(obj, municipality) -> None:
    if obj.municipality_id != municipality.pk:
        raise ValidationError(_("Deze werkgever hoort bij een andere gemeente."))


def _validate(obj, errors: Mapping[str, Any], exclude: Iterable[str] = ()) -> None:
    """Run the model's field validation; the service's own (Dutch) messages win on the same field.
    Constraints are checked by the service itself, with clear messages (and by the database)."""
    collected: dict[str, list] = {name: list(msgs) if isinstance(msgs, list | tuple) else [msgs]
                                  for name, msgs in errors.items()}
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as exc:
        for name, msgs in exc.message_dict.items():
            collected.setdefault(name, msgs)
    if collected:
        raise ValidationError(collected)


def _detail_value(value):
    """Audit details take strings for dates and amounts."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _changed(obj, fields: Iterable[str], data: Mapping[str, Any]) -> list[str]:
    return [f for f in fields if f in data and getattr(obj, f) != data[f]]


# --- Employers ---------------------------------------------------------------------------------------------

def normalise_kvk(value: str | None) -> str:
    """A KvK number as typed, without spaces or dots (12 34 56 78 → 12345678)."""
    return "".join((value or "").split()).replace(".", "")


def _employer_errors(employer: Employer) -> dict[str, str]:
    errors: dict[str, str] = {}
    kvk = employer.kvk_number
    if not kvk:
        errors["kvk_number"] = _("Vul het KvK-nummer in.")
    elif not (len(kvk) == 8 and kvk.isascii() and kvk.isdigit()):
        errors["kvk_number"] = _("Een KvK-nummer bestaat uit precies 8 cijfers, zoals 12345678.")
    else:
        duplicate = (Employer.objects.filter(municipality_id=employer.municipality_id, kvk_number=kvk)
                     .exclude(pk=employer.pk).values_list("name", flat=True).first())
        if duplicate is not None:
            errors["kvk_number"] = _("Er is al een werkgever met dit KvK-nummer: %(name)s.") % {"name": duplicate}
    if not (employer.name or "").strip():
        errors["name"] = _("Vul de naam van de werkgever in.")
    return errors


@transaction.atomic
def create_employer(*, actor, municipality, data: Mapping[str, Any]) -> Employer:
    values = {f: data[f] for f in EMPLOYER_FIELDS if f in data}
    values["kvk_number"] = normalise_kvk(values.get("kvk_number"))
    employer = Employer(municipality=municipality, created_by=actor, **values)
    _validate(employer, _employer_errors(employer), exclude=["created_by"])
    employer.save()
    record(actor=actor, action="work.employer_created", obj=employer, municipality=municipality,
           details={"sector": employer.sector, "fields": list(values)})
    return employer


@transaction.atomic
def update_employer(*, actor, employer: Employer, data: Mapping[str, Any]) -> Employer:
    data = dict(data)
    if "kvk_number" in data:
        data["kvk_number"] = normalise_kvk(data["kvk_number"])
    changed = _changed(employer, EMPLOYER_FIELDS, data)
    if not changed:
        return employer
    for field in changed:
        setattr(employer, field, data[field])
    _validate(employer, _employer_errors(employer), exclude=["created_by"])
    employer.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.employer_updated", obj=employer, municipality=employer.municipality,
           details={"fields": changed})
    return employer


# --- Contact people ----------------------------------------------------------------------------------------

@transaction.atomic
def create_contact(*, actor, municipality, employer: Employer, data: Mapping[str, Any]) -> EmployerContact:
    _check_municipality(employer, municipality)
    values = {f: data[f] for f in CONTACT_FIELDS if f in data}
    contact = EmployerContact(employer=employer, municipality=municipality, **values)
    errors = {} if (contact.name or "").strip() else {"name": _("Vul de naam van de contactpersoon in.")}
    _validate(contact, errors)
    contact.save()
    record(actor=actor, action="work.employer_contact_created", obj=contact, municipality=municipality,
           details={"employer": employer.public_id, "fields": list(values)})
    return contact


@transaction.atomic
def update_contact(*, actor, contact: EmployerContact, data: Mapping[str, Any]) -> EmployerContact:
    changed = _changed(contact, CONTACT_FIELDS, data)
    if not changed:
        return contact
    for field in changed:
        setattr(contact, field, data[field])
    errors = {} if (contact.name or "").strip() else {"name": _("Vul de naam van de contactpersoon in.")}
    _validate(contact, errors)
    contact.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.employer_contact_updated", obj=contact, municipality=contact.municipality,
           details={"employer": contact.employer.public_id, "fields": changed})
    return contact


# --- Cooperation agreements --------------------------------------------------------------------------------

def _agreement_errors(agreement: CooperationAgreement) -> dict[str, str]:
    errors: dict[str, str] = {}
    if agreement.start and agreement.end and agreement.end < agreement.start:
        errors["end"] = _("De einddatum ligt vóór de ingangsdatum.")
    return errors


@transaction.atomic
def create_agreement(*, actor, municipality, employer: Employer, data: Mapping[str, Any]) -> CooperationAgreement:
    _check_municipality(employer, municipality)
    values = {f: data[f] for f in AGREEMENT_FIELDS if f in data}
    agreement = CooperationAgreement(employer=employer, municipality=municipality, **values)
    _validate(agreement, _agreement_errors(agreement))
    agreement.save()
    record(actor=actor, action="work.agreement_created", obj=agreement, municipality=municipality,
           details={"employer": employer.public_id, "start": _detail_value(agreement.start),
                    "end": _detail_value(agreement.end), "committed_jobs": agreement.committed_jobs,
                    "committed_work_experience": agreement.committed_work_experience})
    return agreement


@transaction.atomic
def update_agreement(*, actor, agreement: CooperationAgreement, data: Mapping[str, Any]) -> CooperationAgreement:
    changed = _changed(agreement, AGREEMENT_FIELDS, data)
    if not changed:
        return agreement
    for field in changed:
        setattr(agreement, field, data[field])
    _validate(agreement, _agreement_errors(agreement))
    agreement.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.agreement_updated", obj=agreement, municipality=agreement.municipality,
           details={"employer": agreement.employer.public_id, "fields": changed})
    return agreement


@dataclass(frozen=True)
class Line:
    """One commitment of an agreement: how many were promised and how many were realised."""

    committed: int
    delivered: int

    @property
    def missing(self) -> int:
        return max(self.committed - self.delivered, 0)

    @property
    def met(self) -> bool:
        return self.delivered >= self.committed


@dataclass(frozen=True)
class Delivery:
    """What an employer delivered against an agreement: placements that started within its period.
    ``jobs`` counts paid jobs; ``work_experience`` counts work-experience and MAP practical places."""

    jobs: Line
    work_experience: Line


def _placement_count(kinds: Iterable[str]) -> Coalesce:
    placements = (
        Placement.objects.filter(employer_id=OuterRef("employer_id"), start__gte=OuterRef("start"),
                                 start__lte=OuterRef("end"), kind__in=list(kinds))
        .order_by().values("employer_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(placements, output_field=IntegerField()), Value(0))


def with_delivery(agreements: QuerySet[CooperationAgreement]) -> QuerySet[CooperationAgreement]:
    """Annotate ``delivered_jobs`` and ``delivered_work_experience`` on agreements: still one query."""
    return agreements.annotate(delivered_jobs=_placement_count([PlaceKind.PAID_JOB]),
                               delivered_work_experience=_placement_count(WORK_EXPERIENCE_KINDS))


def _delivery_of(agreement: CooperationAgreement) -> Delivery:
    return Delivery(jobs=Line(agreement.committed_jobs, agreement.delivered_jobs),
                    work_experience=Line(agreement.committed_work_experience, agreement.delivered_work_experience))


def delivered(agreement: CooperationAgreement) -> Delivery:
    """Placements at the agreement's employer that started within its period (start and end included):
    paid jobs, and work-experience places (work experience and MAP practical places). One query."""
    if hasattr(agreement, "delivered_jobs") and hasattr(agreement, "delivered_work_experience"):
        return _delivery_of(agreement)
    counts = Placement.objects.filter(employer_id=agreement.employer_id, start__gte=agreement.start,
                                      start__lte=agreement.end).aggregate(
        jobs=Count("pk", filter=Q(kind=PlaceKind.PAID_JOB)),
        work_experience=Count("pk", filter=Q(kind__in=WORK_EXPERIENCE_KINDS)))
    return Delivery(jobs=Line(agreement.committed_jobs, counts["jobs"]),
                    work_experience=Line(agreement.committed_work_experience, counts["work_experience"]))


def delivered_for(agreements: Iterable[CooperationAgreement]) -> dict[int, Delivery]:
    """{agreement pk: Delivery} for a list of agreements in one query (none for an empty list)."""
    pks = [a.pk for a in agreements]
    if not pks:
        return {}
    return {a.pk: _delivery_of(a) for a in with_delivery(CooperationAgreement.objects.filter(pk__in=pks))}


def current_agreements(employer_ids: Iterable[int], on: dt.date | None = None) -> dict[int, CooperationAgreement]:
    """{employer pk: the agreement to show}: the one running on ``on`` (today), else the latest started one,
    else the next one; with delivery annotated. One query."""
    on = on or timezone.localdate()
    ids = list(employer_ids)
    if not ids:
        return {}
    chosen: dict[int, CooperationAgreement] = {}

    def rank(a: CooperationAgreement) -> tuple:
        if a.start <= on <= a.end:
            return (0, -a.start.toordinal())
        if a.start <= on:
            return (1, -a.end.toordinal())
        return (2, a.start.toordinal())

    for agreement in with_delivery(CooperationAgreement.objects.filter(employer_id__in=ids)):
        best = chosen.get(agreement.employer_id)
        if best is None or rank(agreement) < rank(best):
            chosen[agreement.employer_id] = agreement
    return chosen


# --- Reading employers -------------------------------------------------------------------------------------

def employer_overview(municipality_ids: Iterable[int], *, text: str = "", sector: str = "") -> QuerySet[Employer]:
    """Employers with their number of open vacancies (one query); search on name or KvK number."""
    employers = Employer.objects.filter(municipality_id__in=list(municipality_ids))
    text = (text or "").strip()
    if text:
        kvk = normalise_kvk(text)
        condition = Q(name__icontains=text)
        if kvk.isdigit():
            condition |= Q(kvk_number__startswith=kvk)
        employers = employers.filter(condition)
    if sector:
        employers = employers.filter(sector=sector)
    return employers.annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status=VacancyStatus.OPEN), distinct=True),
    ).order_by("name", "pk")


def placement_counts(employer: Employer) -> dict[str, int]:
    """How many placements this employer has had: in total, paid jobs, unpaid places, and still running."""
    today = timezone.localdate()
    return Placement.objects.filter(employer=employer).aggregate(
        total=Count("pk"),
        paid=Count("pk", filter=Q(kind=PlaceKind.PAID_JOB)),
        unpaid=Count("pk", filter=~Q(kind=PlaceKind.PAID_JOB)),
        running=Count("pk", filter=Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))),
    )


# --- Vacancies ---------------------------------------------------------------------------------------------

def _vacancy_errors(vacancy: Vacancy, *, start_changed: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    hours = vacancy.hours_per_week
    if hours is None:
        errors["hours_per_week"] = _("Vul het aantal uren per week in.")
    elif not 1 <= hours <= MAX_HOURS:
        errors["hours_per_week"] = _("Het aantal uren per week ligt tussen 1 en %(max)s.") % {"max": MAX_HOURS}
    if vacancy.capacity is None or vacancy.capacity < 1:
        errors["capacity"] = _("Een vacature heeft minstens 1 plaats.")
    duration = vacancy.duration_weeks
    if duration is not None and not 1 <= duration <= MAX_DURATION_WEEKS:
        errors["duration_weeks"] = _("De duur ligt tussen 1 en %(max)s weken. Laat het veld leeg bij onbepaalde "
                                     "tijd.") % {"max": MAX_DURATION_WEEKS}
    if vacancy.start is None:
        errors["start"] = _("Vul de startdatum in.")
    elif start_changed:
        today = timezone.localdate()
        if vacancy.start > today + dt.timedelta(days=MAX_START_AHEAD_DAYS):
            errors["start"] = _("De startdatum ligt meer dan twee jaar in de toekomst.")
        elif vacancy.start < today - dt.timedelta(days=MAX_START_PAST_DAYS):
            errors["start"] = _("De startdatum ligt meer dan een jaar in het verleden.")
    if vacancy.required_levels() and not (vacancy.language_reason or "").strip():
        errors["language_reason"] = _("Geef aan waarom dit taalniveau nodig is, bijvoorbeeld klantcontact of "
                                      "veiligheidsinstructies lezen.")
    return errors


def _check_employer_for_vacancy(employer: Employer, municipality) -> None:
    _check_municipality(employer, municipality)
    if not employer.active:
        raise ValidationError({"employer": _("Deze werkgever is niet actief; zet de werkgever eerst weer op "
                                             "actief.")})


@transaction.atomic
def create_vacancy(*, actor, municipality, employer: Employer, data: Mapping[str, Any]) -> Vacancy:
    _check_employer_for_vacancy(employer, municipality)
    values = {f: data[f] for f in VACANCY_FIELDS if f in data}
    if not values.get("sector"):
        values["sector"] = employer.sector
    vacancy = Vacancy(municipality=municipality, employer=employer, created_by=actor, **values)
    _validate(vacancy, _vacancy_errors(vacancy, start_changed=True), exclude=["created_by"])
    vacancy.save()
    certificates = list(data.get("certificates") or [])
    vacancy.certificates.set(certificates)
    record(actor=actor, action="work.vacancy_created", obj=vacancy, municipality=municipality,
           details={"employer": employer.public_id, "kind": vacancy.kind, "sector": vacancy.sector,
                    "hours_per_week": vacancy.hours_per_week, "capacity": vacancy.capacity,
                    "start": _detail_value(vacancy.start), "certificates": sorted(c.pk for c in certificates)})
    return vacancy


@transaction.atomic
def update_vacancy(*, actor, vacancy: Vacancy, data: Mapping[str, Any]) -> Vacancy:
    data = dict(data)
    if "sector" in data and not data["sector"]:
        data["sector"] = vacancy.employer.sector
    changed = _changed(vacancy, VACANCY_FIELDS, data)
    start_changed = "start" in changed
    for field in changed:
        setattr(vacancy, field, data[field])
    wanted = None
    if "certificates" in data:
        wanted = {c.pk for c in data["certificates"] or []}
        if wanted != set(vacancy.certificates.values_list("pk", flat=True)):
            changed.append("certificates")
    if not changed:
        return vacancy
    _validate(vacancy, _vacancy_errors(vacancy, start_changed=start_changed), exclude=["created_by"])
    model_fields = [f for f in changed if f != "certificates"]
    if model_fields:
        vacancy.save(update_fields=[*model_fields, "updated_at"])
    if "certificates" in changed:
        vacancy.certificates.set(wanted)
    record(actor=actor, action="work.vacancy_updated", obj=vacancy, municipality=vacancy.municipality,
           details={"employer": vacancy.employer.public_id, "fields": changed})
    return vacancy


@transaction.atomic
def change_vacancy_status(*, actor, vacancy: Vacancy, status: str) -> Vacancy:
    """Open, filled or closed; a filled or closed vacancy may be opened again."""
    if status not in VacancyStatus.values:
        raise ValidationError({"status": _("Kies open, vervuld of gesloten.")})
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == status:
        raise ValidationError({"status": _("De vacature heeft deze status al.")})
    old = vacancy.status
    vacancy.status = status
    vacancy.save(update_fields=["status", "updated_at"])
    record(actor=actor, action="work.vacancy_status_changed", obj=vacancy, municipality=vacancy.municipality,
           details={"from": old, "to": status})
    return vacancy


SKILL_ORDER = ("speaking", "listening", "reading", "writing")


def _skill_labels() -> dict[str, str]:
    return {"speaking": _("spreken"), "listening": _("luisteren"), "reading": _("lezen"), "writing": _("schrijven")}


def language_requirements(vacancy: Vacancy) -> list[tuple[str, str]]:
    """[(skill label, level label)] for the skills with a requirement, speaking first."""
    labels = _skill_labels()
    levels = vacancy.required_levels()
    field_levels = {skill: getattr(vacancy, f"get_required_{skill}_display")() for skill in levels}
    return [(labels[skill], field_levels[skill]) for skill in SKILL_ORDER if skill in levels]


def language_summary(vacancy: Vacancy) -> str:
    """Compact: "Spreken B1, lezen A2" ("" when there is no language requirement)."""
    text = ", ".join(f"{skill} {level}" for skill, level in language_requirements(vacancy))
    return text[:1].upper() + text[1:]


def vacancy_list(municipality_ids: Iterable[int], *, status: str = VacancyStatus.OPEN, kind: str = "",
                 sector: str = "", text: str = "") -> QuerySet[Vacancy]:
    """Vacancies of these municipalities with their employer, filtered; ``status`` "" means all."""
    vacancies = Vacancy.objects.filter(municipality_id__in=list(municipality_ids))
    if status:
        vacancies = vacancies.filter(status=status)
    if kind:
        vacancies = vacancies.filter(kind=kind)
    if sector:
        vacancies = vacancies.filter(sector=sector)
    text = (text or "").strip()
    if text:
        vacancies = vacancies.filter(Q(title__icontains=text) | Q(occupation__icontains=text)
                                     | Q(employer__name__icontains=text))
    return vacancies.select_related("employer").order_by("start", "title", "pk")


# --- Bijstand norms (functioneel beheerder) ----------------------------------------------------------------

def work_settings(municipality) -> WorkSettings:
    """The municipality's work settings (an unsaved empty row when none are set yet)."""
    found = WorkSettings.objects.filter(municipality=municipality).first()
    return found or WorkSettings(municipality=municipality)


def _settings_errors(settings: WorkSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("norm_single", "norm_couple"):
        value = getattr(settings, name)
        if value is None:
            errors[name] = _("Vul het bedrag per maand in.")
        elif value <= 0:
            errors[name] = _("Het bedrag moet groter zijn dan 0.")
    if not errors and settings.norm_couple < settings.norm_single:
        errors["norm_couple"] = _("De norm voor gehuwden en samenwonenden kan niet lager zijn dan "
                                  "die voor een alleenstaande.")
    if settings.norms_valid_from is None:
        errors["norms_valid_from"] = _("Vul de datum in vanaf wanneer de normen gelden.")
    return errors


@transaction.atomic
def update_work_settings(*, actor, municipality, data: Mapping[str, Any]) -> WorkSettings:
    """Set the bijstand norms per month (single, couple) and the date they apply from."""
    settings, _created = WorkSettings.objects.select_for_update().get_or_create(municipality=municipality)
    changed = _changed(settings, SETTINGS_FIELDS, data)
    for field in changed:
        setattr(settings, field, data[field])
    _validate(settings, _settings_errors(settings), exclude=["municipality"])
    if changed:
        settings.save(update_fields=changed)
        record(actor=actor, action="work.settings_updated", municipality=municipality,
               object_type="work.worksettings",
               details={name: _detail_value(getattr(settings, name)) for name in changed})
    return settings
