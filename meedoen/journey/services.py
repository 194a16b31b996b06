"""Use cases that change a client's journey. Each is atomic, writes its audit event in the same
transaction, and recomputes the client's deadlines before it commits, so the deadlines shown are
always those of the dates stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record
from meedoen.clients.models import Client
from meedoen.journey import deadlines as engine
from meedoen.journey.models import (
    MILESTONE_DETAIL_FIELDS,
    MILESTONE_ORDER,
    MILESTONE_PREREQUISITES,
    REPEATABLE,
    VERSIONED,
    Anchor,
    BijstandEndReason,
    BijstandEpisode,
    ClientDeadline,
    CoaProfile,
    Contact,
    ContactKind,
    DeadlineCode,
    DeadlineRule,
    Handover,
    JourneySettings,
    LadderMeasurement,
    Milestone,
    MilestoneKind,
    OffsetUnit,
    TermExtension,
)


class MilestoneOrderError(ValidationError):
    """The milestone breaks the usual order; it may be saved as a documented exception."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems, code="order")


def _today() -> dt.date:
    return timezone.localdate()


def _label(kind: str) -> str:
    return str(MilestoneKind(kind).label)


def _check_not_future(value: dt.date, field: str = "date") -> None:
    if value > _today():
        raise ValidationError({field: _("Een datum in de toekomst kan niet: leg vast wat al gebeurd is.")})


def _order_problems(client: Client, kind: str, date: dt.date, exclude_pk: int | None = None) -> list[str]:
    existing = defaultdict(list)
    qs = client.milestones.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for m in qs:
        existing[m.kind].append(m.date)
    problems = []
    for earlier in MILESTONE_PREREQUISITES.get(kind, ()):
        if not existing.get(earlier):
            problems.append(_("%(later)s is vastgelegd zonder %(earlier)s.")
                            % {"later": _label(kind), "earlier": _label(earlier).lower()})
    for earlier, later in MILESTONE_ORDER:
        if later == kind and existing.get(earlier) and min(existing[earlier]) > date:
            problems.append(_("%(later)s (%(date)s) ligt vóór %(earlier)s (%(edate)s).") % {
                "later": _label(later), "date": f"{date:%d-%m-%Y}", "earlier": _label(earlier).lower(),
                "edate": f"{min(existing[earlier]):%d-%m-%Y}"})
        elif earlier == kind and existing.get(later) and min(existing[later]) < date:
            problems.append(_("%(earlier)s (%(date)s) ligt na %(later)s (%(ldate)s).") % {
                "earlier": _label(earlier), "date": f"{date:%d-%m-%Y}", "later": _label(later).lower(),
                "ldate": f"{min(existing[later]):%d-%m-%Y}"})
    return problems


def _clean_details(kind: str, details: dict | None) -> dict:
    allowed = MILESTONE_DETAIL_FIELDS.get(kind, {})
    cleaned = {}
    for key, value in (details or {}).items():
        if key not in allowed:
            raise ValidationError(_("Onbekend gegeven bij deze mijlpaal: %(key)s.") % {"key": key})
        value = str(value).strip()
        if len(value) > allowed[key]:
            raise ValidationError(_("%(key)s is te lang (maximaal %(n)s tekens).") % {"key": key, "n": allowed[key]})
        if value:
            cleaned[key] = value
    return cleaned


def _accept_order(problems: list[str], exception_reason: str) -> str:
    """Raise unless the user documented why the order differs."""
    if not problems:
        return ""
    reason = (exception_reason or "").strip()
    if not reason:
        raise MilestoneOrderError(problems)
    return reason[:300]


@transaction.atomic
def record_milestone(*, actor, client: Client, kind: str, date: dt.date, details: dict | None = None,
                     exception_reason: str = "") -> Milestone:
    """Record a milestone. A second one of a kind that happens once is refused (correct the first instead);
    a repeatable one (PIP, work started) gets the next version number (a PIP version not dated before the
    previous one). Out-of-order dates need ``exception_reason``."""
    if kind not in MilestoneKind.values:
        raise ValidationError(_("Onbekende mijlpaal."))
    _check_not_future(date)
    details = _clean_details(kind, details)
    client = Client.objects.select_for_update().get(pk=client.pk)
    version = 1
    if kind in REPEATABLE:
        last = client.milestones.filter(kind=kind).order_by("-version").first()
        if last is not None:
            if kind in VERSIONED and date < last.date:
                raise ValidationError({"date": _("Een nieuwe versie kan niet eerder gedateerd zijn dan de vorige "
                                                 "(%(date)s).") % {"date": f"{last.date:%d-%m-%Y}"}})
            version = last.version + 1
    elif client.milestones.filter(kind=kind).exists():
        raise ValidationError(_("%(kind)s is al vastgelegd; pas die datum aan als hij niet klopt.")
                              % {"kind": _label(kind)})
    reason = _accept_order(_order_problems(client, kind, date) if version == 1 else [], exception_reason)
    milestone = Milestone.objects.create(
        client=client, municipality=client.municipality, kind=kind, date=date, version=version, details=details,
        exception_reason=reason, recorded_by=actor,
    )
    record(actor=actor, action="journey.milestone_recorded", obj=milestone, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"kind": kind, "date": date.isoformat(), "version": version, "order_exception": bool(reason)})
    recompute_deadlines([client])
    return milestone


@transaction.atomic
def correct_milestone(*, actor, milestone: Milestone, date: dt.date, exception_reason: str = "") -> Milestone:
    """Change the date of a recorded milestone (a correction), with the same order checks."""
    _check_not_future(date)
    client = milestone.client
    if milestone.date == date:
        return milestone
    problems = _order_problems(client, milestone.kind, date, exclude_pk=milestone.pk) if milestone.version == 1 else []
    reason = _accept_order(problems, exception_reason)
    old = milestone.date
    milestone.date = date
    milestone.exception_reason = reason
    milestone.save(update_fields=["date", "exception_reason", "updated_at"])
    record(actor=actor, action="journey.milestone_corrected", obj=milestone, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"kind": milestone.kind, "old_date": old.isoformat(), "date": date.isoformat()})
    recompute_deadlines([client])
    return milestone


@transaction.atomic
def remove_milestone(*, actor, milestone: Milestone) -> None:
    """Remove a milestone recorded by mistake. Later ones that depend on it stay, and show as exceptions."""
    client = milestone.client
    if milestone.kind in REPEATABLE and client.milestones.filter(kind=milestone.kind,
                                                                 version__gt=milestone.version).exists():
        raise ValidationError(_("Alleen de laatste versie kan worden verwijderd."))
    details = {"kind": milestone.kind, "date": milestone.date.isoformat(), "version": milestone.version}
    public_id = milestone.public_id
    milestone.delete()
    record(actor=actor, action="journey.milestone_removed", object_type="journey.milestone",
           object_public_id=public_id, municipality=client.municipality, client_public_id=client.public_id,
           details=details)
    recompute_deadlines([client])


HOUSED_ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")


@transaction.atomic
def record_housed(*, actor, client: Client, date: dt.date, housing_corporation: str = "",
                  address: dict | None = None, exception_reason: str = "") -> Milestone:
    """Record 'housed' with the housing corporation, and put the new address on the client (through the
    registry's own service, so it is validated and audited there). Address fields left empty keep their
    current value. All or nothing."""
    from meedoen.clients import services as client_services

    address = {name: value for name, value in (address or {}).items() if value}
    unknown = set(address) - set(HOUSED_ADDRESS_FIELDS)
    if unknown:
        raise ValueError(f"not an address field: {sorted(unknown)}")
    if address:
        client_services.update_client(actor=actor, client=client, **address)
    return record_milestone(actor=actor, client=client, kind=MilestoneKind.HOUSED, date=date,
                            details={"housing_corporation": housing_corporation},
                            exception_reason=exception_reason)


# --- Bijstand episodes -----------------------------------------------------------------------------

def _check_episode(client: Client, start: dt.date, end: dt.date | None, exclude_pk: int | None = None) -> None:
    _check_not_future(start, "start")
    if end is not None:
        _check_not_future(end, "end")
        if end < start:
            raise ValidationError({"end": _("Het einde ligt vóór het begin.")})
    others = client.bijstand_episodes.all()
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    far_future = dt.date.max
    for other in others:
        if start <= (other.end or far_future) and other.start <= (end or far_future):
            raise ValidationError(_("Deze periode overlapt met de bijstandsperiode vanaf %(start)s.")
                                  % {"start": f"{other.start:%d-%m-%Y}"})


@transaction.atomic
def start_bijstand(*, actor, client: Client, start: dt.date) -> BijstandEpisode:
    client = Client.objects.select_for_update().get(pk=client.pk)
    _check_episode(client, start, None)
    episode = BijstandEpisode.objects.create(client=client, municipality=client.municipality, start=start,
                                             recorded_by=actor)
    record(actor=actor, action="journey.bijstand_started", obj=episode, municipality=client.municipality,
           client_public_id=client.public_id, details={"start": start.isoformat()})
    recompute_deadlines([client])
    return episode


@transaction.atomic
def end_bijstand(*, actor, episode: BijstandEpisode, end: dt.date, reason: str) -> BijstandEpisode:
    if episode.end is not None:
        raise ValidationError(_("Deze bijstandsperiode is al beëindigd."))
    if reason not in BijstandEndReason.values:
        raise ValidationError({"end_reason": _("Kies een reden.")})
    _check_episode(episode.client, episode.start, end, exclude_pk=episode.pk)
    episode.end, episode.end_reason = end, reason
    episode.save(update_fields=["end", "end_reason", "updated_at"])
    record(actor=actor, action="journey.bijstand_ended", obj=episode, municipality=episode.municipality,
           client_public_id=episode.client.public_id, details={"end": end.isoformat(), "reason": reason})
    recompute_deadlines([episode.client])
    return episode


# --- Term extensions, contacts, ladder measurements -------------------------------------------------------

@transaction.atomic
def add_term_extension(*, actor, client: Client, weeks: int, ground: str, decided_on: dt.date) -> TermExtension:
    if not client.milestones.filter(kind=MilestoneKind.PIP_SET).exists():
        raise ValidationError(_("De inburgeringstermijn begint pas na het eerste PIP; er valt nog niets te verlengen."))
    _check_not_future(decided_on, "decided_on")
    extension = TermExtension(client=client, municipality=client.municipality, weeks=weeks, ground=ground,
                              decided_on=decided_on, recorded_by=actor)
    extension.full_clean(exclude=["client", "municipality", "recorded_by"])
    extension.save()
    record(actor=actor, action="journey.term_extended", obj=extension, municipality=client.municipality,
           client_public_id=client.public_id, details={"weeks": weeks, "ground": ground})
    recompute_deadlines([client])
    return extension


@transaction.atomic
def record_contact(*, actor, client: Client, kind: str, occurred_on: dt.date, interpreter: bool = False,
                   interpreter_language=None, summary: str = "",
                   next_appointment: dt.datetime | None = None) -> Contact:
    _check_not_future(occurred_on, "occurred_on")
    if interpreter_language is not None and not interpreter:
        raise ValidationError({"interpreter_language": _("Kies alleen een taal als er een tolk was.")})
    if next_appointment is not None:
        if timezone.is_naive(next_appointment):
            raise ValueError("next_appointment must be timezone-aware")
        if next_appointment.date() < occurred_on:
            raise ValidationError({"next_appointment": _("De volgende afspraak ligt vóór dit gesprek.")})
    contact = Contact(client=client, municipality=client.municipality, kind=kind, occurred_on=occurred_on,
                      interpreter=interpreter, interpreter_language=interpreter_language, summary=summary.strip(),
                      next_appointment=next_appointment, recorded_by=actor)
    contact.full_clean(exclude=["client", "municipality", "recorded_by"])
    contact.save()
    record(actor=actor, action="journey.contact_recorded", obj=contact, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"kind": kind, "interpreter": interpreter, "next_appointment": next_appointment is not None})
    recompute_deadlines([client])
    return contact


@transaction.atomic
def record_ladder_measurement(*, actor, client: Client, measured_on: dt.date, rung: int) -> LadderMeasurement:
    _check_not_future(measured_on, "measured_on")
    measurement = LadderMeasurement(client=client, municipality=client.municipality, measured_on=measured_on,
                                    rung=rung, recorded_by=actor)
    measurement.full_clean(exclude=["client", "municipality", "recorded_by"])
    measurement.save()
    record(actor=actor, action="journey.ladder_measured", obj=measurement, municipality=client.municipality,
           client_public_id=client.public_id, details={"rung": rung})
    recompute_deadlines([client])
    return measurement


# --- Deadlines ---------------------------------------------------------------------------------------

def rules_for(municipality_id: int) -> list[engine.Rule]:
    """The rules in force for a municipality: its own rows override the national defaults by code."""
    by_code: dict[str, DeadlineRule] = {}
    for row in DeadlineRule.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id)).order_by(
        "municipality_id"
    ):
        if row.municipality_id is None:
            by_code.setdefault(row.code, row)
        else:
            by_code[row.code] = row
    return [
        engine.Rule(code=r.code, anchor=r.anchor, offset_amount=r.offset_amount, offset_unit=r.offset_unit,
                    anchor_shift_days=r.anchor_shift_days, end_adjust_days=r.end_adjust_days, is_window=r.is_window,
                    regimes=tuple(r.regimes), target_groups=tuple(r.target_groups), source=r.source)
        for r in by_code.values() if r.active
    ]


def facts_for(clients: Iterable[Client]) -> dict[int, engine.Facts]:
    """Engine facts for many clients in a fixed number of queries."""
    clients = list(clients)
    ids = [c.pk for c in clients]
    facts = {c.pk: engine.Facts(regime=c.regime, target_group=c.target_group) for c in clients}
    first_dates = (Milestone.objects.filter(client_id__in=ids).values("client_id", "kind")
                   .annotate(first=Min("date")))
    for row in first_dates:
        facts[row["client_id"]].milestones[row["kind"]] = row["first"]
    for f in facts.values():
        f.first_pip = f.milestones.get(MilestoneKind.PIP_SET)
    for row in BijstandEpisode.objects.filter(client_id__in=ids).order_by("client_id", "start").values_list(
            "client_id", "start", "end"):
        facts[row[0]].bijstand_episodes.append((row[1], row[2]))
    for client_id, weeks in TermExtension.objects.filter(client_id__in=ids).values_list("client_id").annotate(
            total=Sum("weeks")):
        facts[client_id].extension_weeks = weeks or 0
    for client_id, last in Contact.objects.filter(client_id__in=ids, kind=ContactKind.PROGRESS).values_list(
            "client_id").annotate(last=Max("occurred_on")):
        facts[client_id].last_progress_contact = last
    for client_id, last in LadderMeasurement.objects.filter(client_id__in=ids).values_list("client_id").annotate(
            last=Max("measured_on")):
        facts[client_id].last_ladder_measurement = last
    return facts


def recompute_deadlines(clients: Iterable[Client]) -> int:
    """Rewrite the stored deadlines of these clients from their facts and the rules in force."""
    clients = list(clients)
    if not clients:
        return 0
    facts = facts_for(clients)
    rules_cache: dict[int, list[engine.Rule]] = {}
    rows = []
    for client in clients:
        if client.municipality_id not in rules_cache:
            rules_cache[client.municipality_id] = rules_for(client.municipality_id)
        rules = rules_cache[client.municipality_id]
        for d in engine.compute(rules, facts[client.pk]):
            rows.append(ClientDeadline(client_id=client.pk, municipality_id=client.municipality_id, code=d.code,
                                       anchor_date=d.anchor_date, due_date=d.due_date, met_on=d.met_on,
                                       is_window=d.is_window, rule_source=d.source[:300]))
    with transaction.atomic():
        ClientDeadline.objects.filter(client_id__in=[c.pk for c in clients]).delete()
        ClientDeadline.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- COA information profile and warm handover ----------------------------------------------------

COA_PROFILE_FIELDS = ("received_on", "household_size", "education", "education_years", "work_experience_years",
                      "occupation", "visible_limitations")
# Special-category data (health): the view passes it only for users with access.can_view_special_category.
SPECIAL_CATEGORY_FIELDS = ("visible_limitations",)
HANDOVER_FIELDS = ("first_talk_on", "profile_received", "contact_details_received", "health_consent",
                   "health_consent_on", "pre_integration_followed")


def _save_one_to_one(model, *, client: Client, values: dict, allowed: tuple[str, ...], exclude_clean=("client",)):
    """Create or update the client's row of a one-to-one model; returns (row, created, changed field names)."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on {model.__name__}")
    row = model.objects.select_for_update().filter(client=client).first()
    created = row is None
    if created:
        row = model(client=client)
    changed = sorted(name for name, value in values.items() if created or getattr(row, name) != value)
    for name in changed:
        setattr(row, name, values[name])
    if created or changed:
        row.full_clean(exclude=list(exclude_clean))
        if created:
            row.save()
        else:
            row.save(update_fields=[*changed, "updated_at"])
    return row, created, changed


@transaction.atomic
def save_coa_profile(*, actor, client: Client, **values) -> CoaProfile:
    """Create or update the COA information profile. Only the given fields change (leave out
    ``visible_limitations`` for users who may not see special-category data). The audit row lists the
    changed field names, never their values."""
    if values.get("received_on"):
        _check_not_future(values["received_on"], "received_on")
    profile, created, changed = _save_one_to_one(CoaProfile, client=client, values=values,
                                                 allowed=COA_PROFILE_FIELDS)
    if changed:
        record(actor=actor, action="journey.coa_profile_saved", obj=profile, municipality=client.municipality,
               client_public_id=client.public_id, details={"created": created, "fields": changed})
    return profile


@transaction.atomic
def save_handover(*, actor, client: Client, **values) -> Handover:
    """Create or update the warm handover checklist. Consent given or refused needs its date."""
    for name in ("first_talk_on", "health_consent_on"):
        if values.get(name):
            _check_not_future(values[name], name)
    consent = values.get("health_consent")
    if consent in (Handover.Consent.GIVEN, Handover.Consent.REFUSED) and not values.get("health_consent_on"):
        raise ValidationError({"health_consent_on": _("Vul in wanneer de cliënt toestemming gaf of weigerde.")})
    if consent == Handover.Consent.NOT_ASKED and values.get("health_consent_on"):
        raise ValidationError({"health_consent_on": _("Een datum hoort alleen bij gegeven of geweigerde "
                                                      "toestemming.")})
    handover, created, changed = _save_one_to_one(Handover, client=client, values=values, allowed=HANDOVER_FIELDS)
    if changed:
        record(actor=actor, action="journey.handover_saved", obj=handover, municipality=client.municipality,
               client_public_id=client.public_id,
               details={"created": created, "fields": changed, "items_done": handover.items_done})
    return handover


def record_special_category_read(*, actor, client: Client, fields: Iterable[str]) -> None:
    """Every read of special-category data is recorded (field names only)."""
    record(actor=actor, action="journey.special_category_viewed", obj=client, municipality=client.municipality,
           client_public_id=client.public_id, details={"fields": sorted(fields)})


# --- Local norms (functioneel beheerder) --------------------------------------------------------------

def _default_rule(code: str) -> DeadlineRule:
    try:
        return DeadlineRule.objects.defaults().get(code=code)
    except DeadlineRule.DoesNotExist:
        raise ValidationError(_("Onbekende termijn.")) from None


def _enqueue_recompute(municipality) -> None:
    from meedoen.journey.tasks import recompute_municipality_deadlines

    municipality_id = municipality.pk
    transaction.on_commit(lambda: recompute_municipality_deadlines.enqueue(municipality_id))


@transaction.atomic
def set_local_norm(*, actor, municipality, code: str, anchor: str, offset_amount: int, offset_unit: str,
                   source: str = "") -> DeadlineRule:
    """Set the municipality's own value for a norm (not for a legal term). After commit, a background task
    recomputes the deadlines of all clients of the municipality."""
    default = _default_rule(code)
    if not default.is_norm:
        raise ValidationError(_("Dit is een wettelijke termijn; die kan niet lokaal worden aangepast."))
    if anchor not in Anchor.values:
        raise ValidationError({"anchor": _("Kies waar de termijn vanaf telt.")})
    if offset_unit not in OffsetUnit.values:
        raise ValidationError({"offset_unit": _("Kies een eenheid.")})
    source = (source or "").strip() or _("Lokale norm van %(municipality)s (landelijke standaard: %(amount)s "
                                         "%(unit)s).") % {"municipality": municipality.name,
                                                          "amount": default.offset_amount,
                                                          "unit": default.get_offset_unit_display()}
    values = {
        "anchor": anchor, "offset_amount": offset_amount, "offset_unit": offset_unit, "source": source[:300],
        "anchor_shift_days": default.anchor_shift_days, "end_adjust_days": default.end_adjust_days,
        "is_window": default.is_window, "regimes": default.regimes, "target_groups": default.target_groups,
        "is_norm": True, "active": default.active,
    }
    rule = DeadlineRule.objects.select_for_update().filter(municipality=municipality, code=code).first()
    created = rule is None
    if created:
        rule = DeadlineRule(municipality=municipality, code=code)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.full_clean(exclude=["municipality"], validate_constraints=False)
    rule.save()
    record(actor=actor, action="journey.norm_set", obj=rule, municipality=municipality,
           details={"code": code, "anchor": anchor, "amount": offset_amount, "unit": offset_unit,
                    "created": created})
    _enqueue_recompute(municipality)
    return rule


@transaction.atomic
def reset_local_norm(*, actor, municipality, code: str) -> bool:
    """Remove the municipality's own value: the national default applies again. False if there was none."""
    rule = DeadlineRule.objects.filter(municipality=municipality, code=code).first()
    if rule is None:
        return False
    public_id = rule.public_id
    rule.delete()
    record(actor=actor, action="journey.norm_reset", object_type="journey.deadlinerule", object_public_id=public_id,
           municipality=municipality, details={"code": code})
    _enqueue_recompute(municipality)
    return True


@transaction.atomic
def set_due_soon_days(*, actor, municipality, days: int) -> JourneySettings:
    """The 'binnenkort' horizon of the municipality. Statuses are derived when read: nothing to recompute."""
    journey_settings, _created = JourneySettings.objects.select_for_update().get_or_create(municipality=municipality)
    old = journey_settings.due_soon_days
    if old == days:
        return journey_settings
    journey_settings.due_soon_days = days
    journey_settings.full_clean(exclude=["municipality"], validate_unique=False)
    journey_settings.save(update_fields=["due_soon_days"])
    record(actor=actor, action="journey.due_soon_days_set", municipality=municipality,
           object_type="journey.journeysettings", details={"old": old, "days": days})
    return journey_settings


def due_soon_days(municipality_id: int) -> int:
    """The municipality's 'binnenkort' horizon (the model default when it has not set one)."""
    value = JourneySettings.objects.filter(municipality_id=municipality_id).values_list("due_soon_days",
                                                                                         flat=True).first()
    return value if value is not None else JourneySettings._meta.get_field("due_soon_days").default


@dataclass(frozen=True)
class RuleRow:
    """One deadline rule as it applies in a municipality: the national default and its local override."""

    code: str
    default: DeadlineRule
    local: DeadlineRule | None

    @property
    def rule(self) -> DeadlineRule:
        return self.local or self.default

    @property
    def is_norm(self) -> bool:
        return self.default.is_norm

    @property
    def label(self) -> str:
        return str(DeadlineCode(self.code).label)


def rules_overview(municipality_id: int) -> list[RuleRow]:
    """Every national rule with the municipality's override, in the order of ``DeadlineCode`` (one query)."""
    defaults, local = {}, {}
    for row in DeadlineRule.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id)):
        (defaults if row.municipality_id is None else local)[row.code] = row
    order = {code: i for i, code in enumerate(DeadlineCode.values)}
    return [RuleRow(code, defaults[code], local.get(code)) for code in sorted(defaults, key=order.get)]
