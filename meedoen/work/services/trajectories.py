"""Procured re-integration trajectories: providers, their contracts from a procurement, and the trajectories of
clients at a contract with their result. The only writer of ``Provider``, ``ProcurementContract`` and
``Trajectory`` (the demo seeder may bulk-insert).

Every function is atomic and records one audit event in the same transaction. Details hold codes, ids, dates,
numbers and the names of changed fields only (never names or free text); trajectory events carry the client's
public id. Bad input raises ``ValidationError`` with a Dutch message and saves nothing.

Who may do what:

* functioneel beheerder of the municipality: create and change providers and contracts;
* the klantmanager / teamleider who may change the client (``access.can_change_client``): start a trajectory,
  change its dates, record its result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.work.models import (
    ProcurementContract,
    Provider,
    Trajectory,
    TrajectoryResult,
    TrajectoryType,
    kvk_validator,
)

PROVIDER_FIELDS = ("name", "kvk_number")
CONTRACT_FIELDS = ("reference", "trajectory_type", "start", "end", "price", "promised_success_percent",
                   "success_window_months")
MAX_WINDOW_MONTHS = 60
RESULTS = (TrajectoryResult.WORK, TrajectoryResult.EDUCATION, TrajectoryResult.NONE)


def _d(day: dt.date) -> str:
    return date_format(day, "d-m-Y")


# --- Who may act ---------------------------------------------------------------------------------------------

def _require_beheer(actor, municipality) -> None:
    if municipality is None or municipality.pk not in {
            m.pk for m in access.municipalities(actor, Role.FUNCTIONEEL_BEHEERDER)}:
        raise ValidationError(_("Alleen de functioneel beheerder van de gemeente kan re-integratiebedrijven en "
                                "contracten vastleggen."))


def _require_manager(actor, client) -> None:
    if not access.can_change_client(actor, client):
        raise ValidationError(_("Alleen de klantmanager of teamleider van deze cliënt kan dit doen."))


# --- Providers -----------------------------------------------------------------------------------------------

def _clean_provider(municipality, data: Mapping[str, Any], *, instance: Provider | None = None) -> dict:
    name = (data.get("name") or "").strip()
    kvk = (data.get("kvk_number") or "").strip().replace(" ", "")
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Vul de naam van het re-integratiebedrijf in.")
    try:
        kvk_validator(kvk)
    except ValidationError:
        errors["kvk_number"] = _("Een KvK-nummer bestaat uit 8 cijfers.")
    else:
        taken = Provider.objects.filter(municipality=municipality, kvk_number=kvk)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["kvk_number"] = _("Er is al een re-integratiebedrijf met dit KvK-nummer in uw gemeente.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "kvk_number": kvk}


@transaction.atomic
def create_provider(actor, municipality, data: Mapping[str, Any]) -> Provider:
    """A new re-integration company the municipality buys trajectories from."""
    _require_beheer(actor, municipality)
    values = _clean_provider(municipality, data)
    provider = Provider(municipality=municipality, **values)
    provider.full_clean()
    provider.save()
    record(actor=actor, action="work.provider_created", obj=provider, municipality=municipality,
           details={"fields": list(PROVIDER_FIELDS)})
    return provider


@transaction.atomic
def update_provider(actor, provider: Provider, data: Mapping[str, Any]) -> Provider:
    provider = Provider.objects.select_for_update().select_related("municipality").get(pk=provider.pk)
    _require_beheer(actor, provider.municipality)
    values = _clean_provider(provider.municipality, data, instance=provider)
    changed = [f for f in PROVIDER_FIELDS if getattr(provider, f) != values[f]]
    if not changed:
        return provider
    for name in changed:
        setattr(provider, name, values[name])
    provider.full_clean()
    provider.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.provider_updated", obj=provider, municipality=provider.municipality,
           details={"fields": changed})
    return provider


# --- Contracts -----------------------------------------------------------------------------------------------

def _int(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _reference_taken(provider: Provider, reference: str, instance: ProcurementContract | None) -> bool:
    taken = ProcurementContract.objects.filter(municipality_id=provider.municipality_id, provider=provider,
                                               reference=reference)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    return taken.exists()


def _clean_contract(provider: Provider, data: Mapping[str, Any], *,
                    instance: ProcurementContract | None = None) -> dict:
    errors: dict[str, str] = {}
    reference = (data.get("reference") or "").strip()
    if not reference:
        errors["reference"] = _("Vul het kenmerk van de aanbesteding in.")
    elif _reference_taken(provider, reference, instance):
        errors["reference"] = _("Dit re-integratiebedrijf heeft al een contract met dit kenmerk.")
    trajectory_type = data.get("trajectory_type") or ""
    if trajectory_type not in TrajectoryType.values:
        errors["trajectory_type"] = _("Kies de soort traject.")
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, dt.date):
        errors["start"] = _("Vul de ingangsdatum in.")
    if not isinstance(end, dt.date):
        errors["end"] = _("Vul de einddatum in.")
    elif isinstance(start, dt.date) and end < start:
        errors["end"] = _("De einddatum ligt vóór de ingangsdatum.")
    try:
        price = Decimal(str(data.get("price"))) if data.get("price") not in (None, "") else None
    except InvalidOperation:
        price = None
    if price is None or not price.is_finite():
        errors["price"] = _("Vul de prijs per traject in euro's in.")
    elif price < 0:
        errors["price"] = _("De prijs kan niet negatief zijn.")
    promised = _int(data.get("promised_success_percent"))
    if promised is None or not 0 <= promised <= 100:
        errors["promised_success_percent"] = _("Het beloofde succespercentage ligt tussen 0 en 100.")
    window = _int(data.get("success_window_months"))
    if window is None or not 1 <= window <= MAX_WINDOW_MONTHS:
        errors["success_window_months"] = _("Het aantal maanden waarbinnen een resultaat telt ligt tussen 1 en "
                                            "%(max)s.") % {"max": MAX_WINDOW_MONTHS}
    if not errors and instance is not None:
        # The contract's period must keep covering the trajectories already started under it.
        outside = instance.trajectories.exclude(start__gte=start, start__lte=end).order_by("start").first()
        if outside is not None:
            errors["start"] = _("Er is al een traject gestart op %(date)s onder dit contract; de looptijd moet die "
                                "datum blijven bevatten.") % {"date": _d(outside.start)}
    if errors:
        raise ValidationError(errors)
    return {"reference": reference, "trajectory_type": trajectory_type, "start": start, "end": end,
            "price": price, "promised_success_percent": promised, "success_window_months": window}


@transaction.atomic
def create_contract(actor, provider: Provider, data: Mapping[str, Any]) -> ProcurementContract:
    """A contract from a procurement: period, trajectory type, price, promised success rate and the number of
    months within which work or education counts as a success."""
    provider = Provider.objects.select_related("municipality").get(pk=provider.pk)
    _require_beheer(actor, provider.municipality)
    values = _clean_contract(provider, data)
    contract = ProcurementContract(municipality=provider.municipality, provider=provider, **values)
    contract.full_clean()
    contract.save()
    record(actor=actor, action="work.contract_created", obj=contract, municipality=provider.municipality,
           details={"provider": str(provider.public_id), "trajectory_type": contract.trajectory_type,
                    "start": contract.start.isoformat(), "end": contract.end.isoformat(),
                    "fields": list(CONTRACT_FIELDS)})
    return contract


@transaction.atomic
def update_contract(actor, contract: ProcurementContract, data: Mapping[str, Any]) -> ProcurementContract:
    contract = (ProcurementContract.objects.select_for_update().select_related("provider", "municipality")
                .get(pk=contract.pk))
    _require_beheer(actor, contract.municipality)
    values = _clean_contract(contract.provider, data, instance=contract)
    changed = [f for f in CONTRACT_FIELDS if getattr(contract, f) != values[f]]
    if not changed:
        return contract
    for name in changed:
        setattr(contract, name, values[name])
    contract.full_clean()
    contract.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.contract_updated", obj=contract, municipality=contract.municipality,
           details={"provider": str(contract.provider.public_id), "fields": changed})
    return contract


def running_contracts(municipality, day: dt.date | None = None):
    """Contracts of the municipality running on ``day`` (today by default), with their provider."""
    day = day or timezone.localdate()
    return (ProcurementContract.objects.for_municipality(municipality).filter(start__lte=day, end__gte=day)
            .select_related("provider").order_by("provider__name", "reference"))


# --- Trajectories --------------------------------------------------------------------------------------------

def _check_start(contract: ProcurementContract, start, *, today: dt.date) -> None:
    if not isinstance(start, dt.date):
        raise ValidationError({"start": _("Vul de startdatum in.")})
    if start > today:
        raise ValidationError({"start": _("De startdatum ligt in de toekomst. Leg het traject vast als het is "
                                          "gestart.")})
    if not contract.start <= start <= contract.end:
        raise ValidationError({"start": _(
            "Het contract %(reference)s loopt van %(start)s tot en met %(end)s; de startdatum valt daarbuiten.")
            % {"reference": contract.reference, "start": _d(contract.start), "end": _d(contract.end)}})


def _check_end(trajectory_start: dt.date, end, *, today: dt.date) -> None:
    if end is None:
        return
    if end < trajectory_start:
        raise ValidationError({"end": _("De einddatum ligt vóór de startdatum van het traject (%(date)s).")
                               % {"date": _d(trajectory_start)}})
    if end > today:
        raise ValidationError({"end": _("De einddatum ligt in de toekomst.")})


def _trajectory_details(trajectory: Trajectory, **extra) -> dict:
    return {"contract": str(trajectory.contract.public_id), "start": trajectory.start.isoformat(), **extra}


@transaction.atomic
def start_trajectory(actor, client, contract: ProcurementContract, start: dt.date) -> Trajectory:
    """Start a client's trajectory at a contract running on the start date. One open trajectory per client and
    contract."""
    _require_manager(actor, client)
    if contract.municipality_id != client.municipality_id:
        raise ValidationError({"contract": _("Dit contract hoort bij een andere gemeente.")})
    contract = ProcurementContract.objects.select_related("provider").get(pk=contract.pk)
    _check_start(contract, start, today=timezone.localdate())
    open_one = (Trajectory.objects.select_for_update()
                .filter(client=client, contract=contract, result=TrajectoryResult.PENDING).first())
    if open_one is not None:
        raise ValidationError({"contract": _(
            "De cliënt heeft al een lopend traject onder dit contract (gestart op %(date)s). Leg eerst het "
            "resultaat daarvan vast.") % {"date": _d(open_one.start)}})
    trajectory = Trajectory(municipality=client.municipality, contract=contract, client=client, start=start,
                            recorded_by=actor)
    trajectory.full_clean(exclude=["municipality", "contract", "client", "recorded_by"])
    trajectory.save()
    record(actor=actor, action="work.trajectory_started", obj=trajectory, municipality=client.municipality,
           client_public_id=client.public_id,
           details=_trajectory_details(trajectory, provider=str(contract.provider.public_id),
                                       trajectory_type=contract.trajectory_type))
    return trajectory


def _locked(trajectory: Trajectory) -> Trajectory:
    return (Trajectory.objects.select_for_update().select_related("contract", "client", "municipality")
            .get(pk=trajectory.pk))


@transaction.atomic
def update_trajectory(actor, trajectory: Trajectory, start: dt.date, end: dt.date | None) -> Trajectory:
    """Correct the start date or set the end date of a trajectory."""
    trajectory = _locked(trajectory)
    _require_manager(actor, trajectory.client)
    today = timezone.localdate()
    _check_start(trajectory.contract, start, today=today)
    if trajectory.result_on is not None and trajectory.result_on < start:
        raise ValidationError({"start": _("Het resultaat is bereikt op %(date)s; de startdatum kan niet later "
                                          "liggen.") % {"date": _d(trajectory.result_on)}})
    _check_end(start, end, today=today)
    changed = [name for name, value in (("start", start), ("end", end)) if getattr(trajectory, name) != value]
    if not changed:
        return trajectory
    trajectory.start, trajectory.end = start, end
    trajectory.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action="work.trajectory_updated", obj=trajectory, municipality=trajectory.municipality,
           client_public_id=trajectory.client.public_id,
           details=_trajectory_details(trajectory, fields=changed,
                                       end=trajectory.end.isoformat() if trajectory.end else None))
    return trajectory


@transaction.atomic
def record_result(actor, trajectory: Trajectory, result: str, result_on: dt.date,
                  end: dt.date | None = None) -> Trajectory:
    """Record (or correct) the result of a trajectory: work, education or none, the day it was reached and the
    day the trajectory ended (optional)."""
    trajectory = _locked(trajectory)
    _require_manager(actor, trajectory.client)
    today = timezone.localdate()
    if result not in RESULTS:
        raise ValidationError({"result": _("Kies het resultaat: werk, opleiding of geen resultaat.")})
    if not isinstance(result_on, dt.date):
        raise ValidationError({"result_on": _("Vul de datum van het resultaat in.")})
    if result_on < trajectory.start:
        raise ValidationError({"result_on": _("De datum van het resultaat ligt vóór de start van het traject "
                                              "(%(date)s).") % {"date": _d(trajectory.start)}})
    if result_on > today:
        raise ValidationError({"result_on": _("De datum van het resultaat ligt in de toekomst.")})
    _check_end(trajectory.start, end, today=today)
    previous = trajectory.result
    trajectory.result, trajectory.result_on, trajectory.end = result, result_on, end
    trajectory.recorded_by = actor
    trajectory.save(update_fields=["result", "result_on", "end", "recorded_by", "updated_at"])
    record(actor=actor, action="work.trajectory_result_recorded", obj=trajectory,
           municipality=trajectory.municipality, client_public_id=trajectory.client.public_id,
           details=_trajectory_details(trajectory, result=result, previous=previous,
                                       result_on=result_on.isoformat(),
                                       end=end.isoformat() if end else None))
    return trajectory
