"""Use cases of routing, segments and assignment. Each writer is atomic, writes its ``AssignmentChange``
rows and its audit events in the same transaction, and keeps client data out of the audit details.

Pure helpers for bulk work (the demo seeder): ``routing_rules`` + ``explain_routing`` and
``segment_rules`` + ``explain_segment`` decide without writing; ``ensure_default_routing``,
``ensure_default_segments`` and ``ensure_waiting_list_policy`` set up a municipality's rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meedoen.accounts.models import Membership, Role, Team, TeamKind
from meedoen.audit.services import record
from meedoen.caseload.facts import FactContext, evaluate
from meedoen.caseload.models import AssignmentChange, ChangeKind, RoutingRule, SegmentRule, WaitingListPolicy
from meedoen.clients.models import Client, Segment
from meedoen.journey.models import CoaProfile, Milestone, MilestoneKind

# Routing by age: under 27 to the youth desk (Jongerenpunt), 27 and over to a re-integration team
# (product.md, "Where it comes from": municipal practice in Zwolle). A default; each municipality edits its rules.
YOUTH_AGE_LIMIT = 27

# Default segments (domain.md: there is no national scale; municipalities define their own segments).
DIRECT_TO_WORK = "Direct naar werk"
INTENSIVE_GUIDANCE = "Intensieve begeleiding"

MAX_REASON = 300


def _today() -> dt.date:
    return timezone.localdate()


def _stored_text():
    """Explanations are stored once, in the source language, whatever language the user reads in."""
    return translation.override(settings.LANGUAGE_CODE)


def _user_label(user) -> str:
    return (user.get_full_name() or user.get_username())[:150] if user is not None else ""


# --- Setting up a municipality --------------------------------------------------------------------

@transaction.atomic
def ensure_default_routing(municipality) -> list[RoutingRule]:
    """The default routing rules of a municipality, made from its teams by kind when it has none yet.

    Youth desk → younger than 27; re-integration → 27 and older (or everyone, without a youth desk);
    a municipality with neither gets one rule sending everyone to its first team. Rules already
    present are left alone (returned as they are).
    """
    existing = list(RoutingRule.objects.filter(municipality=municipality).select_related("team").order_by("order"))
    if existing:
        return existing
    teams = list(Team.objects.filter(municipality=municipality).order_by("name"))
    youth = next((t for t in teams if t.kind == TeamKind.YOUTH_DESK), None)
    reintegration = next((t for t in teams if t.kind == TeamKind.REINTEGRATION), None)
    rules = []
    if youth is not None:
        rules.append(RoutingRule(municipality=municipality, order=10, max_age=YOUTH_AGE_LIMIT, team=youth))
    if reintegration is not None:
        rules.append(RoutingRule(municipality=municipality, order=20, team=reintegration,
                                 min_age=YOUTH_AGE_LIMIT if youth is not None else None))
    if not rules and teams:
        rules.append(RoutingRule(municipality=municipality, order=10, team=teams[0]))
    RoutingRule.objects.bulk_create(rules)
    return rules


@transaction.atomic
def ensure_default_segments(municipality) -> list[SegmentRule]:
    """The two default segments and their rules, when the municipality has no segment rules yet:
    with work experience and not low-literate → "Direct naar werk"; everyone else → "Intensieve begeleiding"."""
    existing = list(SegmentRule.objects.filter(municipality=municipality).select_related("segment"))
    if existing:
        return existing
    direct, _created = Segment.objects.get_or_create(
        municipality=municipality, name=DIRECT_TO_WORK,
        defaults={"order": 10, "description": "Taal redelijk en werkervaring: snel naar werk."})
    intensive, _created = Segment.objects.get_or_create(
        municipality=municipality, name=INTENSIVE_GUIDANCE,
        defaults={"order": 20, "description": "Meer vragen tegelijk: intensieve begeleiding."})
    rules = [
        SegmentRule(municipality=municipality, segment=direct, order=10, conditions=[
            {"fact": "has_work_experience", "op": "eq", "value": True},
            {"fact": "low_literacy", "op": "eq", "value": False},
        ]),
        SegmentRule(municipality=municipality, segment=intensive, order=20, conditions=[]),
    ]
    for rule in rules:
        rule.save()
    return rules


def ensure_waiting_list_policy(municipality) -> WaitingListPolicy:
    policy, _created = WaitingListPolicy.objects.get_or_create(municipality=municipality)
    return policy


# --- Deciding without writing (also for bulk seeding) -----------------------------------------------

def routing_rules(municipality) -> list[RoutingRule]:
    """The active routing rules of a municipality (object or id), in order, with their teams."""
    municipality_id = getattr(municipality, "pk", municipality)
    return list(RoutingRule.objects.filter(municipality_id=municipality_id).in_force())


def match_routing(client: Client, rules: Iterable[RoutingRule], today: dt.date | None = None,
                  ) -> tuple[RoutingRule | None, str]:
    """The first rule that matches and the explanation ("leeftijd 24 < 27 → Jongerenpunt")."""
    today = today or _today()
    age = client.age_on(today)
    with _stored_text():
        for rule in rules:
            if rule.matches(age, client.regime):
                terms = rule.terms(age, client.regime) or [_("alle cliënten")]
                return rule, f"{'; '.join(terms)} → {rule.team.name}"[:200]
        return None, _("Geen routeringsregel van toepassing (leeftijd %(age)s).") % {"age": age}


def explain_routing(client: Client, rules: Iterable[RoutingRule], today: dt.date | None = None,
                    ) -> tuple[Team | None, str]:
    """(team, explanation) for a client under these rules, without writing anything."""
    rule, text = match_routing(client, rules, today)
    return (rule.team if rule else None), text


def segment_rules(municipality) -> list[SegmentRule]:
    municipality_id = getattr(municipality, "pk", municipality)
    return list(SegmentRule.objects.filter(municipality_id=municipality_id).in_force())


def explain_segment(client: Client, rules: Iterable[SegmentRule], coa_profile: CoaProfile | None = None,
                    today: dt.date | None = None) -> tuple[Segment | None, str]:
    """(segment, explanation) from the stated facts, without writing anything.

    ``coa_profile`` is the client's COA profile when it has one (pass it in for bulk work).
    """
    ctx = FactContext(client=client, coa_profile=coa_profile, today=today or _today())
    with _stored_text():
        for rule in rules:
            matched, terms = evaluate(rule.conditions, ctx)
            if matched:
                return rule.segment, f"{'; '.join(terms) or _('overige cliënten')} → {rule.segment.name}"[:300]
        return None, _("Geen segmentregel van toepassing.")


# --- Capacity ---------------------------------------------------------------------------------------

def team_occupancy(team: Team, exclude: Client | None = None) -> int:
    """Clients of the team that have a klantmanager (the ones that take capacity)."""
    qs = Client.objects.filter(team=team, klantmanager__isnull=False)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def has_free_capacity(team: Team, exclude: Client | None = None) -> bool:
    """Whether the team can take one more client: clients with a klantmanager < FTE × norm.

    A team without capacity set (no FTE or no norm) has no free capacity.
    """
    return team_occupancy(team, exclude) < team.capacity


# --- Writing ----------------------------------------------------------------------------------------

def _km_memberships(municipality_id: int, user_ids: Iterable[int]) -> dict[tuple[int, int], Membership]:
    """Active klantmanager memberships by (user id, team id)."""
    rows = Membership.objects.active().filter(municipality_id=municipality_id, role=Role.KLANTMANAGER,
                                              user_id__in=set(user_ids), team__isnull=False)
    return {(m.user_id, m.team_id): m for m in rows}


def _check_klantmanager(klantmanager, client: Client, memberships: dict | None = None) -> Membership:
    if client.team_id is None:
        raise ValidationError({"klantmanager": _("Deze cliënt heeft nog geen team. Wijs eerst een team toe.")})
    if memberships is None:
        memberships = _km_memberships(client.municipality_id, [klantmanager.pk])
    membership = memberships.get((klantmanager.pk, client.team_id))
    if membership is None:
        raise ValidationError({"klantmanager": _("%(name)s is geen actieve klantmanager in het team van deze "
                                                 "cliënt.") % {"name": _user_label(klantmanager)}})
    return membership


def _change(client: Client, kind: str, *, old_id=None, old_label="", new_id=None, new_label="", reason="",
            automatic=False, actor=None) -> AssignmentChange:
    return AssignmentChange(client=client, municipality_id=client.municipality_id, kind=kind,
                            from_public_id=old_id, from_label=old_label[:150], to_public_id=new_id,
                            to_label=new_label[:150], reason=reason[:MAX_REASON], automatic=automatic,
                            actor=actor if getattr(actor, "is_authenticated", False) else None)


def _team_change(client, old: Team | None, new: Team | None, **kwargs) -> AssignmentChange:
    return _change(client, ChangeKind.TEAM, old_id=old.public_id if old else None, old_label=old.name if old else "",
                   new_id=new.public_id if new else None, new_label=new.name if new else "", **kwargs)


def _km_change(client, old_user, old_membership, new_user, new_membership, **kwargs) -> AssignmentChange:
    return _change(client, ChangeKind.KLANTMANAGER,
                   old_id=old_membership.public_id if old_membership else None, old_label=_user_label(old_user),
                   new_id=new_membership.public_id if new_membership else None, new_label=_user_label(new_user),
                   **kwargs)


def _segment_change(client, old: Segment | None, new: Segment | None, **kwargs) -> AssignmentChange:
    return _change(client, ChangeKind.SEGMENT, old_id=old.public_id if old else None,
                   old_label=old.name if old else "", new_id=new.public_id if new else None,
                   new_label=new.name if new else "", **kwargs)


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden op: een handmatige wijziging wordt met reden bewaard.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("De reden is te lang (maximaal %(n)s tekens).") % {"n": MAX_REASON}})
    return reason


def _lock(client: Client) -> Client:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins select_related makes.
    locked = Client.objects.select_for_update(of=("self",))
    return locked.select_related("municipality", "team", "klantmanager", "segment").get(pk=client.pk)


def _drop_klantmanager_outside(client: Client, team: Team | None, actor, reason: str, automatic: bool,
                               today: dt.date) -> AssignmentChange | None:
    """After a team change: a klantmanager who is not in the new team lets go; the client then waits."""
    if client.klantmanager_id is None:
        return None
    memberships = _km_memberships(client.municipality_id, [client.klantmanager_id])
    if team is not None and (client.klantmanager_id, team.pk) in memberships:
        return None
    old_membership = next((m for (uid, _tid), m in memberships.items() if uid == client.klantmanager_id), None)
    change = _km_change(client, client.klantmanager, old_membership, None, None, reason=reason,
                        automatic=automatic, actor=actor)
    client.klantmanager = None
    client.waiting_since = client.waiting_since or today
    return change


@dataclass(frozen=True)
class RoutingResult:
    team: Team | None
    explanation: str
    waiting: bool
    at_capacity: bool


@transaction.atomic
def route_client(actor, client: Client, *, klantmanager=None, today: dt.date | None = None) -> RoutingResult:
    """Place a client in the team its municipality's routing rules give, with the explanation.

    With ``klantmanager`` (a klantmanager of that team) the client is assigned when the team has free
    capacity; otherwise, or without a klantmanager, the client waits (``waiting_since``; an earlier date
    is kept, so nobody loses their place).
    """
    today = today or _today()
    client = _lock(client)
    rule, text = match_routing(client, routing_rules(client.municipality_id), today)
    team = rule.team if rule else None
    changes = []
    old_team = client.team
    if team is not None and team.pk != client.team_id:
        changes.append(_team_change(client, old_team, team, reason=text, automatic=True, actor=actor))
        client.team = team
        dropped = _drop_klantmanager_outside(client, team, actor, text, True, today)
        if dropped:
            changes.append(dropped)
    at_capacity = False
    if klantmanager is not None and klantmanager.pk != client.klantmanager_id:
        membership = _check_klantmanager(klantmanager, client)
        at_capacity = not has_free_capacity(client.team, exclude=client)
        if not at_capacity:
            changes.append(_km_change(client, client.klantmanager, None, klantmanager, membership, actor=actor))
            client.klantmanager = klantmanager
    waiting = client.klantmanager_id is None
    client.waiting_since = (client.waiting_since or today) if waiting else None
    client.routing_explanation = text
    client.save(update_fields=["team", "klantmanager", "waiting_since", "routing_explanation", "updated_at"])
    AssignmentChange.objects.bulk_create(changes)
    record(actor=actor, action="caseload.client_routed", obj=client, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"team": team.public_id if team else None, "rule": rule.public_id if rule else None,
                    "team_changed": team is not None and team != old_team, "waiting": waiting,
                    "at_capacity": at_capacity})
    return RoutingResult(team=team, explanation=text, waiting=waiting, at_capacity=at_capacity)


def _assign(actor, clients: list[Client], klantmanager, *, bulk: bool, today: dt.date) -> int:
    if not clients:
        return 0
    municipality_ids = {c.municipality_id for c in clients}
    if len(municipality_ids) != 1:
        raise ValidationError(_("Cliënten van verschillende gemeenten kunnen niet samen worden toegewezen."))
    municipality_id = municipality_ids.pop()
    memberships = _km_memberships(municipality_id, [klantmanager.pk] + [c.klantmanager_id for c in clients
                                                                         if c.klantmanager_id])
    targets = {}
    for client in clients:
        try:
            targets[client.pk] = _check_klantmanager(klantmanager, client, memberships)
        except ValidationError:
            if not bulk:
                raise
            raise ValidationError(
                _("%(name)s is geen klantmanager in het team van alle gekozen cliënten. Er is niets gewijzigd.")
                % {"name": _user_label(klantmanager)}) from None
    changes, changed = [], []
    now = timezone.now()
    for client in clients:
        if client.klantmanager_id == klantmanager.pk:
            continue
        old_membership = memberships.get((client.klantmanager_id, client.team_id))
        changes.append(_km_change(client, client.klantmanager, old_membership, klantmanager, targets[client.pk],
                                  actor=actor))
        waited = (today - client.waiting_since).days if client.waiting_since else None
        client.klantmanager, client.waiting_since, client.updated_at = klantmanager, None, now
        changed.append(client)
        record(actor=actor, action="caseload.klantmanager_assigned", obj=client, municipality=client.municipality,
               client_public_id=client.public_id,
               details={"klantmanager_membership": targets[client.pk].public_id,
                        "previous_membership": old_membership.public_id if old_membership else None,
                        "waited_days": waited, "bulk": bulk})
    Client.objects.bulk_update(changed, ["klantmanager", "waiting_since", "updated_at"])
    AssignmentChange.objects.bulk_create(changes)
    return len(changed)


@transaction.atomic
def assign_klantmanager(actor, client: Client, klantmanager, *, today: dt.date | None = None) -> Client:
    """Give a client a klantmanager of its own team; the client leaves the waiting list."""
    client = _lock(client)
    _assign(actor, [client], klantmanager, bulk=False, today=today or _today())
    return client


@transaction.atomic
def bulk_reassign(actor, clients: Iterable[Client], klantmanager, *, today: dt.date | None = None) -> int:
    """Give many clients one klantmanager, in one transaction with one audit event per client.

    Refused as a whole (nothing changes) when a client is of another municipality or of a team the
    klantmanager is not in. Clients who already have this klantmanager are skipped. Returns the number changed.
    """
    ids = [c.pk for c in clients]
    locked = list(Client.objects.select_for_update(of=("self",)).select_related("municipality", "team", "klantmanager")
                  .filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(set(ids)):
        raise ValidationError(_("Een of meer cliënten bestaan niet meer. Er is niets gewijzigd."))
    return _assign(actor, locked, klantmanager, bulk=True, today=today or _today())


@transaction.atomic
def override_team(actor, client: Client, team: Team, reason: str, *, today: dt.date | None = None) -> Client:
    """Move a client to another team by hand, with a reason (kept in the history). A klantmanager who is
    not in the new team lets go, and the client waits for one there."""
    reason = _clean_reason(reason)
    today = today or _today()
    client = _lock(client)
    if team.municipality_id != client.municipality_id:
        raise ValidationError({"team": _("Het team hoort bij een andere gemeente.")})
    if team.pk == client.team_id:
        raise ValidationError({"team": _("De cliënt zit al in dit team.")})
    old_team = client.team
    changes = [_team_change(client, old_team, team, reason=reason, actor=actor)]
    client.team = team
    dropped = _drop_klantmanager_outside(client, team, actor, reason, False, today)
    if dropped:
        changes.append(dropped)
    with _stored_text():
        client.routing_explanation = (_("Handmatig gewijzigd: %(reason)s") % {"reason": reason})[:200]
    client.save(update_fields=["team", "klantmanager", "waiting_since", "routing_explanation", "updated_at"])
    AssignmentChange.objects.bulk_create(changes)
    record(actor=actor, action="caseload.team_overridden", obj=client, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"from_team": old_team.public_id if old_team else None, "to_team": team.public_id,
                    "klantmanager_released": dropped is not None})
    return client


def intake_completed(client: Client) -> bool:
    return Milestone.objects.filter(client=client, kind=MilestoneKind.INTAKE_COMPLETED).exists()


@transaction.atomic
def determine_segment(actor, client: Client, *, today: dt.date | None = None) -> Client:
    """Set the segment that follows from the stated facts under the municipality's segment rules.

    Done after the broad intake is completed (the journey's ``intake_completed`` milestone).
    """
    client = _lock(client)
    if not intake_completed(client):
        raise ValidationError(_("De brede intake is nog niet afgerond. Het segment wordt na de intake bepaald."))
    coa_profile = CoaProfile.objects.filter(client=client).first()
    rules = segment_rules(client.municipality_id)
    segment, text = explain_segment(client, rules, coa_profile, today or _today())
    if segment is None:
        raise ValidationError(_("Geen segmentregel past bij deze cliënt. Kies het segment met de hand, met een "
                                "reden."))
    old = client.segment
    if segment != old:
        _segment_change(client, old, segment, reason=text, automatic=True, actor=actor).save()
    client.segment, client.segment_explanation = segment, text
    client.save(update_fields=["segment", "segment_explanation", "updated_at"])
    record(actor=actor, action="caseload.segment_determined", obj=client, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"segment": segment.public_id, "changed": segment != old})
    return client


@transaction.atomic
def override_segment(actor, client: Client, segment: Segment, reason: str) -> Client:
    """Choose a client's segment by hand, with a reason (kept in the history)."""
    reason = _clean_reason(reason)
    client = _lock(client)
    if segment.municipality_id != client.municipality_id:
        raise ValidationError({"segment": _("Het segment hoort bij een andere gemeente.")})
    if segment.pk == client.segment_id:
        raise ValidationError({"segment": _("De cliënt zit al in dit segment.")})
    old = client.segment
    _segment_change(client, old, segment, reason=reason, actor=actor).save()
    with _stored_text():
        client.segment_explanation = (_("Handmatig gekozen: %(reason)s") % {"reason": reason})[:300]
    client.segment = segment
    client.save(update_fields=["segment", "segment_explanation", "updated_at"])
    record(actor=actor, action="caseload.segment_overridden", obj=client, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"from_segment": old.public_id if old else None, "to_segment": segment.public_id})
    return client
