"""Placements: a client at work (a paid job, or an unpaid place) and the bijstand outflow it causes.

Rules (Participatiewet, domain.md):

* A paid job needs a contract type and the monthly net wage (more than € 0). Sheltered work (art. 10b) is
  contract type ``sheltered``. Unpaid places (work-experience place, MAP practical place, volunteer work)
  have no contract, wage, norm or wage-cost subsidy.
* The bijstand norm defaults from ``WorkSettings``: the couple norm when the client's household has a
  partner (the client is the partner, or another member is), else the single norm. For a paid job of a
  client with an open bijstand episode the norm must be known.
* Outflow: full when the wage is at least the norm, partial when it is below ("aanvullende bijstand": the
  episode stays open), none for unpaid places and for clients without an open bijstand episode.
* Full outflow ends the open episode with reason work in the same transaction. The episode's last day is
  the day before the job starts; when the episode began on the job's first day, that same day (an episode
  lasts at least one day). An episode that began after the job started is not ended by it: that is refused
  (record the job with its real start, or end the bijstand on the journey page).
* Wage-cost subsidy (art. 10c/10d) only for paid jobs and always with the wage value (loonwaarde, %); the
  wage value only with the subsidy.
* The Participatieladder gets a measurement on the start date: rung 6 for a paid job without support, 5 for
  a paid job with a job coach, wage-cost subsidy or sheltered work, 4 for an unpaid place — unless the
  latest measurement already has that rung. A paid job records the journey milestone "Aan het werk".
* A placement from a proposal requires the proposal to be hired, of this client, and without a placement
  yet; the placement takes the proposal's vacancy and employer.
* Dates: what already happened (today at the latest), like the journey's dates.

Every change is one transaction with its audit event; bad input raises a Dutch ``ValidationError`` and
nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.clients.models import Client, HouseholdRole
from meedoen.journey import services as journey
from meedoen.journey.models import BijstandEndReason, BijstandEpisode, LadderMeasurement, LadderRung, MilestoneKind
from meedoen.work.models import (
    ContractType,
    Employer,
    Outflow,
    PlaceKind,
    Placement,
    PlacementEndReason,
    Proposal,
    ProposalStatus,
    Vacancy,
    WorkSettings,
)

CHANGEABLE_FIELDS = ("occupation", "hours_per_week", "contract_type", "monthly_wage", "bijstand_norm", "job_coach",
                     "wage_cost_subsidy", "wage_value_percent")


def _today() -> dt.date:
    return timezone.localdate()


def money(value) -> str:
    """Euros the Dutch way: '€ 1.401', or '€ 1.400,60' when there are cents."""
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")


# --- Norm and outflow ------------------------------------------------------------------------------------

def has_partner(client: Client) -> bool:
    """Whether the client's household has a partner (the client is one, or another member is)."""
    if not client.household_id:
        return False
    if client.household_role == HouseholdRole.PARTNER:
        return True
    return Client.objects.filter(household_id=client.household_id, household_role=HouseholdRole.PARTNER).exclude(
        pk=client.pk).exists()


def default_norm(client: Client) -> Decimal | None:
    """The municipality's bijstand norm for this client's household, or None when not set."""
    settings_row = WorkSettings.objects.filter(municipality_id=client.municipality_id).first()
    if settings_row is None:
        return None
    return settings_row.norm_couple if has_partner(client) else settings_row.norm_single


def open_episode(client: Client) -> BijstandEpisode | None:
    return BijstandEpisode.objects.filter(client=client, end__isnull=True).order_by("-start").first()


def outflow_for(kind: str, monthly_wage: Decimal | None, norm: Decimal | None, in_bijstand: bool) -> str:
    if kind != PlaceKind.PAID_JOB or not in_bijstand or not monthly_wage or norm is None:
        return Outflow.NONE
    return Outflow.FULL if monthly_wage >= norm else Outflow.PARTIAL


def outflow_text(outflow: str, monthly_wage: Decimal | None, norm: Decimal | None) -> str:
    """'Loon € 1.100 < norm € 1.401: gedeeltelijke uitstroom, aanvullende bijstand blijft'."""
    if outflow == Outflow.FULL:
        return _("Loon %(wage)s ≥ norm %(norm)s: volledige uitstroom, de bijstand eindigt") % {
            "wage": money(monthly_wage), "norm": money(norm)}
    if outflow == Outflow.PARTIAL:
        return _("Loon %(wage)s < norm %(norm)s: gedeeltelijke uitstroom, aanvullende bijstand blijft") % {
            "wage": money(monthly_wage), "norm": money(norm)}
    return _("Geen uitstroom uit de bijstand")


@dataclass(frozen=True)
class OutflowPreview:
    outflow: str
    norm: Decimal | None
    text: str


def preview_outflow(client: Client, *, kind: str, monthly_wage: Decimal | None,
                    bijstand_norm: Decimal | None = None) -> OutflowPreview:
    """What recording this job would do to the client's bijstand (for the form, nothing saved)."""
    norm = bijstand_norm if bijstand_norm is not None else default_norm(client)
    outflow = outflow_for(kind, monthly_wage, norm, open_episode(client) is not None)
    return OutflowPreview(outflow, norm, outflow_text(outflow, monthly_wage, norm))


def ladder_rung(kind: str, *, job_coach: bool, wage_cost_subsidy: bool, contract_type: str) -> int:
    if kind != PlaceKind.PAID_JOB:
        return LadderRung.UNPAID_WORK
    if job_coach or wage_cost_subsidy or contract_type == ContractType.SHELTERED:
        return LadderRung.PAID_WORK_SUPPORTED
    return LadderRung.PAID_WORK


# --- Validation --------------------------------------------------------------------------------------------

def _validate_terms(*, kind: str, hours_per_week, contract_type: str, monthly_wage, bijstand_norm,
                    wage_cost_subsidy: bool, wage_value_percent) -> None:
    errors: dict[str, str] = {}
    if kind not in PlaceKind.values:
        errors["kind"] = _("Kies de soort plaats.")
    if hours_per_week is None or not 1 <= hours_per_week <= 60:
        errors["hours_per_week"] = _("Vul het aantal uren per week in (1 tot en met 60).")
    if kind == PlaceKind.PAID_JOB:
        if contract_type not in ContractType.values:
            errors["contract_type"] = _("Kies het soort contract van de betaalde baan.")
        if monthly_wage is None or monthly_wage <= 0:
            errors["monthly_wage"] = _("Vul het netto loon per maand in (meer dan € 0).")
        if wage_cost_subsidy and wage_value_percent is None:
            errors["wage_value_percent"] = _("Vul bij loonkostensubsidie de vastgestelde loonwaarde in.")
    elif kind in PlaceKind.values:
        if contract_type:
            errors["contract_type"] = _("Een onbetaalde plaats heeft geen arbeidscontract.")
        if monthly_wage is not None:
            errors["monthly_wage"] = _("Een onbetaalde plaats heeft geen loon.")
        if wage_cost_subsidy:
            errors["wage_cost_subsidy"] = _("Loonkostensubsidie hoort alleen bij een betaalde baan.")
    if wage_value_percent is not None:
        if not wage_cost_subsidy:
            errors["wage_value_percent"] = _("Een loonwaarde hoort alleen bij loonkostensubsidie.")
        elif not 1 <= wage_value_percent <= 100:
            errors["wage_value_percent"] = _("De loonwaarde ligt tussen 1 en 100 procent.")
    if bijstand_norm is not None and bijstand_norm <= 0:
        errors["bijstand_norm"] = _("De bijstandsnorm moet meer dan € 0 zijn.")
    if errors:
        raise ValidationError(errors)


def _check_date(value: dt.date, field: str) -> None:
    if value > _today():
        raise ValidationError({field: _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})


def _episode_end(episode: BijstandEpisode, start: dt.date) -> dt.date:
    if episode.start > start:
        raise ValidationError({"start": _(
            "De bijstand begon op %(date)s, na de start van deze baan. Controleer de begindatum, of leg het einde "
            "van de bijstand vast op het traject.") % {"date": f"{episode.start:%d-%m-%Y}"}})
    return max(episode.start, start - dt.timedelta(days=1))


def _end_episode_for(actor, episode: BijstandEpisode, client: Client, start: dt.date) -> BijstandEpisode:
    episode.client = client
    return journey.end_bijstand(actor=actor, episode=episode, end=_episode_end(episode, start),
                                reason=BijstandEndReason.WORK)


def _record_ladder(actor, client: Client, start: dt.date, rung: int) -> bool:
    latest = (LadderMeasurement.objects.filter(client=client).order_by("-measured_on", "-id")
              .values_list("rung", flat=True).first())
    if latest == rung:
        return False
    journey.record_ladder_measurement(actor=actor, client=client, measured_on=start, rung=rung)
    return True


# --- Use cases ---------------------------------------------------------------------------------------------

@transaction.atomic
def record_placement(actor, client: Client, *, kind: str, employer: Employer | None, start: dt.date,
                     hours_per_week: int, end: dt.date | None = None, contract_type: str = "",
                     monthly_wage: Decimal | None = None, bijstand_norm: Decimal | None = None,
                     job_coach: bool = False, wage_cost_subsidy: bool = False, wage_value_percent: int | None = None,
                     occupation: str = "", vacancy: Vacancy | None = None,
                     proposal: Proposal | None = None) -> Placement:
    """Record a placement with its outflow, the end of the bijstand on full outflow, the ladder measurement
    and (paid job) the milestone "Aan het werk", all in one transaction."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if proposal is not None:
        proposal = Proposal.objects.select_for_update().select_related("vacancy__employer").get(pk=proposal.pk)
        if proposal.client_id != client.pk:
            raise ValidationError(_("Deze voordracht hoort bij een andere cliënt."))
        if proposal.status != ProposalStatus.HIRED:
            raise ValidationError(_("Alleen een voordracht met de uitkomst ‘aangenomen’ kan een plaatsing "
                                    "worden. Leg eerst vast dat de cliënt is aangenomen."))
        if Placement.objects.filter(proposal=proposal).exists():
            raise ValidationError(_("Voor deze voordracht is al een plaatsing vastgelegd."))
        vacancy = proposal.vacancy
        employer = vacancy.employer
    if employer is None:
        raise ValidationError({"employer": _("Kies de werkgever.")})
    if employer.municipality_id != client.municipality_id:
        raise ValidationError({"employer": _("Deze werkgever hoort bij een andere gemeente.")})
    if vacancy is not None:
        if vacancy.municipality_id != client.municipality_id:
            raise ValidationError({"vacancy": _("Deze vacature hoort bij een andere gemeente.")})
        if vacancy.employer_id != employer.pk:
            raise ValidationError({"vacancy": _("Deze vacature is van een andere werkgever.")})
    occupation = (occupation or "").strip()[:100]
    contract_type = contract_type or ""
    _validate_terms(kind=kind, hours_per_week=hours_per_week, contract_type=contract_type, monthly_wage=monthly_wage,
                    bijstand_norm=bijstand_norm, wage_cost_subsidy=wage_cost_subsidy,
                    wage_value_percent=wage_value_percent)
    _check_date(start, "start")
    if end is not None:
        _check_date(end, "end")
        if end < start:
            raise ValidationError({"end": _("De einddatum ligt vóór de begindatum.")})

    episode = open_episode(client)
    norm = None
    if kind == PlaceKind.PAID_JOB:
        norm = bijstand_norm if bijstand_norm is not None else default_norm(client)
        if episode is not None and norm is None:
            raise ValidationError({"bijstand_norm": _(
                "De bijstandsnorm is niet bekend. Vul hem in, of vraag de functioneel beheerder de normen in te "
                "stellen.")})
    outflow = outflow_for(kind, monthly_wage, norm, episode is not None)

    placement = Placement(
        municipality=client.municipality, client=client, kind=kind, employer=employer, vacancy=vacancy,
        proposal=proposal, occupation=occupation or (vacancy.occupation if vacancy else ""), start=start, end=end,
        hours_per_week=hours_per_week, contract_type=contract_type, monthly_wage=monthly_wage, bijstand_norm=norm,
        outflow=outflow, job_coach=job_coach, wage_cost_subsidy=wage_cost_subsidy,
        wage_value_percent=wage_value_percent, recorded_by=actor,
    )
    placement.full_clean(exclude=["municipality", "client", "employer", "vacancy", "proposal", "recorded_by"])
    placement.save()

    ended_episode = False
    if outflow == Outflow.FULL:
        _end_episode_for(actor, episode, client, start)
        ended_episode = True
    rung = ladder_rung(kind, job_coach=job_coach, wage_cost_subsidy=wage_cost_subsidy, contract_type=contract_type)
    ladder_recorded = _record_ladder(actor, client, start, rung)
    if kind == PlaceKind.PAID_JOB:
        journey.record_milestone(actor=actor, client=client, kind=MilestoneKind.WORK_STARTED, date=start)
    record(actor=actor, action="work.placement_recorded", obj=placement, municipality=client.municipality,
           client_public_id=client.public_id, details={
               "kind": kind, "start": start.isoformat(), "end": end.isoformat() if end else None,
               "hours_per_week": hours_per_week, "contract_type": contract_type, "outflow": outflow,
               "job_coach": job_coach, "wage_cost_subsidy": wage_cost_subsidy,
               "wage_value_percent": wage_value_percent, "employer": str(employer.public_id),
               "vacancy": str(vacancy.public_id) if vacancy else None,
               "proposal": str(proposal.public_id) if proposal else None,
               "bijstand_ended": ended_episode, "ladder_rung": rung if ladder_recorded else None,
           })
    return placement


@transaction.atomic
def update_placement(actor, placement: Placement, **values) -> Placement:
    """Change the terms of a placement (occupation, hours, contract, wage, norm, support). Kind, employer and
    start stay (record a new placement instead). A change from partial to full outflow ends the open bijstand;
    a placement that already ended the bijstand cannot fall back below the norm (the bijstand is not reopened:
    record a new bijstand period on the journey page)."""
    unknown = set(values) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} on a placement")
    placement = Placement.objects.select_for_update().select_related("client").get(pk=placement.pk)
    client = placement.client
    new = {name: values.get(name, getattr(placement, name)) for name in CHANGEABLE_FIELDS}
    new["occupation"] = (new["occupation"] or "").strip()[:100]
    new["contract_type"] = new["contract_type"] or ""
    _validate_terms(kind=placement.kind, **{k: new[k] for k in (
        "hours_per_week", "contract_type", "monthly_wage", "bijstand_norm", "wage_cost_subsidy",
        "wage_value_percent")})
    changed = sorted(name for name in CHANGEABLE_FIELDS if new[name] != getattr(placement, name))
    if not changed:
        return placement

    episode = open_episode(client)
    outflow = placement.outflow
    ended_episode = False
    if placement.kind == PlaceKind.PAID_JOB:
        norm = new["bijstand_norm"]
        if placement.outflow == Outflow.FULL:
            if norm is None or new["monthly_wage"] < norm:
                raise ValidationError({"monthly_wage": _(
                    "Deze baan heeft de bijstand al beëindigd (volledige uitstroom). Een loon onder de norm past "
                    "daar niet bij; leg zo nodig een nieuwe bijstandsperiode vast op het traject.")})
        elif episode is not None and placement.end is None:
            if norm is None:
                norm = default_norm(client)
                if norm is None:
                    raise ValidationError({"bijstand_norm": _(
                        "De bijstandsnorm is niet bekend. Vul hem in, of vraag de functioneel beheerder de normen "
                        "in te stellen.")})
                new["bijstand_norm"] = norm
            outflow = outflow_for(placement.kind, new["monthly_wage"], norm, True)
            if outflow == Outflow.FULL:
                _end_episode_for(actor, episode, client, placement.start)
                ended_episode = True
    old_outflow = placement.outflow
    for name in CHANGEABLE_FIELDS:
        setattr(placement, name, new[name])
    placement.outflow = outflow
    placement.full_clean(exclude=["municipality", "client", "employer", "vacancy", "proposal", "recorded_by"])
    placement.save()
    record(actor=actor, action="work.placement_updated", obj=placement, municipality=client.municipality,
           client_public_id=client.public_id, details={
               "fields": changed, "outflow": outflow, "old_outflow": old_outflow, "bijstand_ended": ended_episode})
    return placement


@transaction.atomic
def end_placement(actor, placement: Placement, end: dt.date, reason: str) -> Placement:
    """Record the end of a placement. The bijstand is not reopened here: when the client needs bijstand again,
    a new period is recorded on the journey page (and shows as a return when it follows an exit to work)."""
    placement = Placement.objects.select_for_update().select_related("client").get(pk=placement.pk)
    if placement.end is not None and placement.end_reason:
        raise ValidationError(_("Deze plaatsing is al beëindigd."))
    if reason not in PlacementEndReason.values:
        raise ValidationError({"end_reason": _("Kies een reden.")})
    _check_date(end, "end")
    if end < placement.start:
        raise ValidationError({"end": _("De einddatum ligt vóór de begindatum.")})
    placement.end, placement.end_reason = end, reason
    placement.save(update_fields=["end", "end_reason", "updated_at"])
    record(actor=actor, action="work.placement_ended", obj=placement, municipality=placement.municipality,
           client_public_id=placement.client.public_id,
           details={"end": end.isoformat(), "reason": reason, "kind": placement.kind})
    return placement
