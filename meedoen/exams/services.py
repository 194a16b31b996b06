"""Use cases of the exams app. Each is atomic and writes its audit event in the same transaction; after a
result or a module change the derived fulfilment is synced to the journey (``sync_fulfilment``).

Rules (domain.md, *Learning routes*):

* An attempt gets the next number for that client and component. For asielstatushouders (target groups
  asielstatushouder, gezinsvormer and gezinshereniger met asielstatushouder) the first ``FREE_ATTEMPTS`` attempts
  per component are free (paid by the municipality); a no-show uses up an attempt too.
* Reading, listening, writing and speaking need a level (A1–B2). KNM and ONA have none. Staatsexamen NT2
  programma I is B1 and programma II is B2. ONA exists only under the Wet inburgering 2013.
* Dates are never in the future (what is recorded has happened); a result date is not before the exam date.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.clients.models import Client
from meedoen.exams import fulfilment
from meedoen.exams.models import (
    ASIEL_TARGET_GROUPS,
    FREE_ATTEMPTS,
    LANGUAGE_COMPONENTS,
    STAATSEXAMEN_LEVEL,
    ExamAttempt,
    ExamComponent,
    ExamLevel,
    ExamResult,
    MapTheme,
    ModuleProgress,
)
from meedoen.journey import services as journey_services
from meedoen.journey.models import Milestone, MilestoneKind

MODULE_FIELDS = ("pvt_hours", "pvt_signed_on", "map_themes_done", "map_practical_hours",
                 "map_final_conversation_on", "z_final_conversation_on")
MODULE_DATE_FIELDS = ("pvt_signed_on", "map_final_conversation_on", "z_final_conversation_on")
FINAL_RESULTS = (ExamResult.PASSED, ExamResult.FAILED, ExamResult.NO_SHOW)


def _today() -> dt.date:
    return timezone.localdate()


def _audit(actor, action: str, obj, client: Client, **details) -> None:
    record(actor=actor, action=action, obj=obj, municipality=client.municipality, client_public_id=client.public_id,
           details=details)


def _not_future(value: dt.date | None, field: str) -> None:
    if value is not None and value > _today():
        raise ValidationError({field: _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})


# --- Free attempts ---------------------------------------------------------------------------------------------

def has_free_attempts(client: Client) -> bool:
    """Asielstatushouders (and family members of one) get the first attempts per component free."""
    return client.target_group in ASIEL_TARGET_GROUPS


def free_attempts_left(client: Client, attempts_used: int) -> int:
    return max(0, FREE_ATTEMPTS - attempts_used) if has_free_attempts(client) else 0


# --- Exam attempts ---------------------------------------------------------------------------------------------

def _check_level(client: Client, component: str, level: str) -> str:
    if component not in ExamComponent.values:
        raise ValidationError({"component": _("Kies een examenonderdeel.")})
    if component == ExamComponent.ONA and client.regime != "wi2013":
        raise ValidationError({"component": _("ONA hoort alleen bij de Wet inburgering 2013. Deze cliënt valt daar "
                                              "niet onder.")})
    level = level or ""
    if level and level not in ExamLevel.values:
        raise ValidationError({"level": _("Kies een niveau van A1 tot en met B2.")})
    if component in LANGUAGE_COMPONENTS:
        if not level:
            raise ValidationError({"level": _("Kies het niveau van dit examen (A1 tot en met B2).")})
        return level
    if component in STAATSEXAMEN_LEVEL:
        implied = STAATSEXAMEN_LEVEL[component]
        if level and level != implied:
            raise ValidationError({"level": _("%(exam)s is altijd niveau %(level)s.") % {
                "exam": ExamComponent(component).label, "level": ExamLevel(implied).label}})
        return implied
    if level:
        raise ValidationError({"level": _("KNM en ONA hebben geen niveau: laat het niveau leeg.")})
    return ""


def _check_result(result: str, result_on: dt.date | None, taken_on: dt.date) -> None:
    if result not in ExamResult.values:
        raise ValidationError({"result": _("Kies een uitslag.")})
    if result == ExamResult.PENDING:
        if result_on is not None:
            raise ValidationError({"result_on": _("Een datum van de uitslag hoort alleen bij een bekende uitslag.")})
        return
    if result_on is None:
        raise ValidationError({"result_on": _("Vul in wanneer de uitslag bekend werd.")})
    _not_future(result_on, "result_on")
    if result_on < taken_on:
        raise ValidationError({"result_on": _("De uitslag kan niet bekend zijn vóór de examendatum (%(date)s).")
                               % {"date": f"{taken_on:%d-%m-%Y}"}})


@transaction.atomic
def record_exam_attempt(*, actor, client: Client, component: str, taken_on: dt.date, level: str = "",
                        result: str = ExamResult.PENDING, result_on: dt.date | None = None) -> ExamAttempt:
    """Record an exam attempt with the next attempt number for this client and component. Free for the first
    ``FREE_ATTEMPTS`` attempts of an asielstatushouder. A known result is synced to the fulfilment."""
    if taken_on is None:
        raise ValidationError({"taken_on": _("Vul de examendatum in.")})
    _not_future(taken_on, "taken_on")
    level = _check_level(client, component, level)
    _check_result(result, result_on, taken_on)
    client = Client.objects.select_for_update().select_related("municipality").get(pk=client.pk)
    last = ExamAttempt.objects.filter(client=client, component=component).aggregate(last=Max("attempt"))["last"]
    number = (last or 0) + 1
    attempt = ExamAttempt(client=client, municipality=client.municipality, component=component, level=level,
                          taken_on=taken_on, result=result, result_on=result_on, attempt=number,
                          free=has_free_attempts(client) and number <= FREE_ATTEMPTS, recorded_by=actor)
    attempt.full_clean(exclude=["client", "municipality", "recorded_by"])
    attempt.save()
    _audit(actor, "exams.attempt_recorded", attempt, client, component=component, level=level, attempt=number,
           free=attempt.free, result=result, taken_on=taken_on.isoformat())
    if result != ExamResult.PENDING:
        sync_fulfilment(actor=actor, client=client)
    return attempt


@transaction.atomic
def set_exam_result(*, actor, attempt: ExamAttempt, result: str, result_on: dt.date) -> ExamAttempt:
    """Record (or correct) the result of an attempt: passed, failed or not shown up, with the date it became
    known."""
    if result not in FINAL_RESULTS:
        raise ValidationError({"result": _("Kies de uitslag: gehaald, niet gehaald of niet verschenen.")})
    attempt = ExamAttempt.objects.select_for_update().select_related("client__municipality").get(pk=attempt.pk)
    _check_result(result, result_on, attempt.taken_on)
    if (attempt.result, attempt.result_on) == (result, result_on):
        return attempt
    old = attempt.result
    attempt.result, attempt.result_on = result, result_on
    attempt.full_clean(exclude=["client", "municipality", "recorded_by"])
    attempt.save(update_fields=["result", "result_on", "updated_at"])
    client = attempt.client
    _audit(actor, "exams.result_recorded", attempt, client, component=attempt.component, attempt=attempt.attempt,
           result=result, old_result=old, result_on=result_on.isoformat())
    sync_fulfilment(actor=actor, client=client)
    return attempt


# --- Modules (PVT, MAP, Z-route final conversation) --------------------------------------------------------------

def _clean_themes(themes) -> list[str]:
    themes = list(themes or [])
    unknown = [t for t in themes if t not in MapTheme.values]
    if unknown:
        raise ValidationError({"map_themes_done": _("Onbekend MAP-thema. Kies uit de acht thema's.")})
    return [t for t in MapTheme.values if t in themes]  # fixed order, no doubles


@transaction.atomic
def save_module_progress(*, actor, client: Client, **values) -> ModuleProgress:
    """Create or update the client's PVT and MAP progress and the Z-route final conversation. Only the given
    fields change; the audit row lists the changed field names."""
    unknown = set(values) - set(MODULE_FIELDS)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on ModuleProgress")
    for name in MODULE_DATE_FIELDS:
        _not_future(values.get(name), name)
    if "map_themes_done" in values:
        values["map_themes_done"] = _clean_themes(values["map_themes_done"])
    for name in ("pvt_hours", "map_practical_hours"):
        if name in values and values[name] is None:
            values[name] = 0
    client = Client.objects.select_for_update().select_related("municipality").get(pk=client.pk)
    progress = ModuleProgress.objects.filter(client=client).first()
    created = progress is None
    if created:
        progress = ModuleProgress(client=client, municipality=client.municipality)
    changed = sorted(name for name, value in values.items() if created or getattr(progress, name) != value)
    if not changed:
        return progress
    for name in changed:
        setattr(progress, name, values[name])
    progress.updated_by = actor
    progress.full_clean(exclude=["client", "municipality", "updated_by"])
    progress.save()
    _audit(actor, "exams.modules_saved", progress, client, created=created, fields=changed)
    sync_fulfilment(actor=actor, client=client)
    return progress


# --- Fulfilment → journey ---------------------------------------------------------------------------------------

@transaction.atomic
def sync_fulfilment(*, actor, client: Client) -> Milestone | None:
    """Record the journey milestone DUTY_FULFILLED (with the date the last requirement was met) when the
    derivation says the duty is fulfilled and no such milestone exists yet. Never removes or moves a recorded
    milestone (one recorded by hand stays as it is). Under Wi2021 it waits for the PIP_SET milestone, which
    must come first. Returns the new milestone, or None."""
    result = fulfilment.fulfilment_for(client)
    facts_ok = (result.fulfilled and result.fulfilled_on is not None and result.recorded_on is None
                and result.exempted_on is None)
    if not facts_ok:
        return None
    if result.regime == fulfilment.WI2021 and not Milestone.objects.filter(
            client=client, kind=MilestoneKind.PIP_SET).exists():
        return None
    try:
        milestone = journey_services.record_milestone(actor=actor, client=client, kind=MilestoneKind.DUTY_FULFILLED,
                                                      date=result.fulfilled_on)
    except ValidationError:
        # Out of the journey's usual order (it rolled back its own savepoint): leave it to the klantmanager,
        # who can record it by hand with a reason. The change that triggered the sync stays saved.
        return None
    _audit(actor, "exams.duty_fulfilled_derived", milestone, client, route=result.route,
           date=result.fulfilled_on.isoformat())
    return milestone
