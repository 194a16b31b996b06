"""Matching and proposals: the client's work profile, the ranked candidates of a vacancy and the ranked
vacancies of a client (reads), and proposing a candidate to an employer and tracking the result (writes).

Every state change is one atomic function that records one audit event in the same transaction; the audit
details hold only codes, ids, dates and numbers. Bad input raises ``ValidationError`` with a Dutch message and
saves nothing. Who may act: the klantmanager or teamleider who may change the client
(``access.can_change_client``), in the vacancy's municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts import access
from meedoen.audit.services import record
from meedoen.work import profiles
from meedoen.work.matching import DETAIL_FIELDS, Candidate, Match, Requirements, evaluate, feature_rows, rank
from meedoen.work.models import (
    PROPOSAL_TRANSITIONS,
    Certificate,
    MatchProfile,
    NotHiredReason,
    PlaceKind,
    Proposal,
    ProposalStatus,
    Sector,
    ShareBasis,
    Vacancy,
    VacancyStatus,
    WorkProfile,
)

OPEN_PROPOSAL_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.INTERVIEW)
MAX_SHARED_DATA = 300
MAX_NOTE = 2000
PROFILE_FIELDS = ("experience_occupation", "experience_sectors", "experience_years", "desired_sectors",
                  "desired_kinds", "desired_hours", "preferred_locations", "driving_licence", "certificates")


def _require_manager(actor, client) -> None:
    if not access.can_change_client(actor, client):
        raise ValidationError(_("Alleen de klantmanager of teamleider van deze cliënt kan dit doen."))


def _check_date(day, field: str, *, not_before: dt.date | None = None, message: str = "") -> None:
    if day is None:
        raise ValidationError({field: _("Vul een datum in.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("De datum ligt in de toekomst.")})
    if not_before is not None and day < not_before:
        raise ValidationError({field: message})


# --- Reads: requirements, candidates, vacancies ---------------------------------------------------------

def requirements_for(vacancy: Vacancy) -> Requirements:
    """One query for the certificates."""
    return Requirements.from_vacancy(vacancy, list(vacancy.certificates.values_list("pk", "name")))


def raw_rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset straight from the database cursor, without Django's per-value
    conversion (the engine reads booleans as 0/1 and numbers of any type)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass
class CandidateRow:
    client: object
    match: Match
    open_proposal: Proposal | None


@dataclass
class CandidateList:
    meeting: list[CandidateRow]
    not_meeting: list[CandidateRow]
    meeting_total: int
    not_meeting_total: int

    @property
    def shown(self) -> int:
        return len(self.meeting) + len(self.not_meeting)

    @property
    def meeting_rest(self) -> int:
        return self.meeting_total - len(self.meeting)

    @property
    def not_meeting_rest(self) -> int:
        return self.not_meeting_total - len(self.not_meeting)


def candidates(user, vacancy: Vacancy, *, meeting_limit: int = 50, not_meeting_limit: int = 25,
               requirements: Requirements | None = None) -> CandidateList:
    """The clients the user may see in the vacancy's municipality, ranked. A fixed number of queries when the
    profiles are fresh: refresh check (2), all profiles (1), the shown profiles (1), names (1), proposals (1)."""
    from meedoen.clients.models import Client

    profiles.refresh_stale(vacancy.municipality_id)
    req = requirements or requirements_for(vacancy)
    visible = access.visible_clients(user).filter(municipality_id=vacancy.municipality_id)
    rows = feature_rows(req, MatchProfile.objects.filter(municipality_id=vacancy.municipality_id, active=True,
                                                         client__in=visible))
    ranking = rank(req, raw_rows(rows), meeting_limit=meeting_limit, not_meeting_limit=not_meeting_limit)
    ids = [client_id for _, client_id in ranking.meeting] + [client_id for _, _, client_id in ranking.not_meeting]
    details = {row[0]: Candidate.from_row(row) for row in
               MatchProfile.objects.filter(client_id__in=ids).values_list(*DETAIL_FIELDS)} if ids else {}
    clients = Client.objects.filter(pk__in=ids).only("pk", "public_id", "given_names", "family_name",
                                                      "municipality_id", "team_id", "klantmanager_id").in_bulk() \
        if ids else {}
    open_proposals = {p.client_id: p for p in Proposal.objects.filter(
        vacancy=vacancy, client_id__in=ids, status__in=OPEN_PROPOSAL_STATUSES)} if ids else {}

    def row(client_id):
        return CandidateRow(client=clients[client_id], match=evaluate(req, details[client_id]),
                            open_proposal=open_proposals.get(client_id))

    return CandidateList(
        meeting=[row(client_id) for _, client_id in ranking.meeting if client_id in details],
        not_meeting=[row(client_id) for _, _, client_id in ranking.not_meeting if client_id in details],
        meeting_total=ranking.meeting_total, not_meeting_total=ranking.not_meeting_total,
    )


def candidate_for(client) -> Candidate:
    """The client's profile, rebuilt first when stale or missing."""
    profiles.refresh_client(client)
    row = MatchProfile.objects.filter(client_id=client.pk).values_list(*DETAIL_FIELDS).first()
    return Candidate.from_row(row) if row else Candidate(client_id=client.pk)


def match_for(vacancy: Vacancy, client) -> Match:
    return evaluate(requirements_for(vacancy), candidate_for(client))


@dataclass
class VacancyRow:
    vacancy: Vacancy
    match: Match
    open_proposal: Proposal | None


def vacancies_for(client) -> list[VacancyRow]:
    """The open vacancies of the client's municipality, ranked for this client. Fixed number of queries."""
    candidate = candidate_for(client)
    vacancies = list(Vacancy.objects.open().filter(municipality_id=client.municipality_id)
                     .select_related("employer").prefetch_related("certificates"))
    open_proposals = {p.vacancy_id: p for p in Proposal.objects.filter(
        client=client, status__in=OPEN_PROPOSAL_STATUSES)}
    rows = []
    for vacancy in vacancies:
        req = Requirements.from_vacancy(vacancy, [(c.pk, c.name) for c in vacancy.certificates.all()])
        rows.append(VacancyRow(vacancy=vacancy, match=evaluate(req, candidate),
                               open_proposal=open_proposals.get(vacancy.pk)))
    rows.sort(key=lambda r: r.match.sort_key()[:3] + (r.vacancy.start, r.vacancy.title))
    return rows


# --- The work profile -----------------------------------------------------------------------------------

def _codes(values, allowed, field: str, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if any(value not in allowed for value in values):
        raise ValidationError({field: message})
    return values


@transaction.atomic
def update_work_profile(actor, client, **values) -> WorkProfile:
    """Create or change the client's work profile. ``values``: any of ``PROFILE_FIELDS`` (certificates as
    Certificate objects or ids)."""
    _require_manager(actor, client)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown work profile fields: {sorted(unknown)}")
    profile = WorkProfile.objects.filter(client=client).first() or WorkProfile(
        client=client, municipality_id=client.municipality_id)
    sector_message = _("Kies sectoren uit de lijst.")
    if "experience_sectors" in values:
        values["experience_sectors"] = _codes(values["experience_sectors"], Sector.values, "experience_sectors",
                                              sector_message)
    if "desired_sectors" in values:
        values["desired_sectors"] = _codes(values["desired_sectors"], Sector.values, "desired_sectors",
                                           sector_message)
    if "desired_kinds" in values:
        values["desired_kinds"] = _codes(values["desired_kinds"], PlaceKind.values, "desired_kinds",
                                         _("Kies de soort werk uit de lijst."))
    for name in ("experience_occupation", "preferred_locations"):
        if name in values:
            values[name] = " ".join((values[name] or "").split())
    certificates = values.pop("certificates", None)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.updated_by = actor
    profile.full_clean(exclude=["client", "municipality", "updated_by", "certificates"])
    created = profile._state.adding
    profile.save()
    if certificates is not None:
        ids = [getattr(c, "pk", c) for c in certificates]
        found = list(Certificate.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise ValidationError({"certificates": _("Kies certificaten uit de lijst.")})
        profile.certificates.set(found)
    record(actor=actor, action="work.profile_updated", obj=profile, municipality=client.municipality,
           client_public_id=client.public_id,
           details={"created": created, "fields": sorted([*values, *(["certificates"] if certificates is not None
                                                                       else [])])})
    return profile


# --- Proposals ------------------------------------------------------------------------------------------

@transaction.atomic
def propose(actor, vacancy: Vacancy, client, share_basis: str, consent_on: dt.date | None = None,
            shared_data: str = "", note: str = "", *, on: dt.date | None = None) -> Proposal:
    """Propose a candidate to the employer, with the legal basis for sharing recorded."""
    if vacancy.municipality_id != client.municipality_id:
        raise ValidationError(_("De vacature hoort bij een andere gemeente dan de cliënt."))
    _require_manager(actor, client)
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("Deze vacature is niet meer open."))
    if share_basis not in ShareBasis.values:
        raise ValidationError({"share_basis": _("Kies de grondslag voor het delen van gegevens.")})
    shared_data = " ".join((shared_data or "").split())
    note = (note or "").strip()
    if share_basis == ShareBasis.CONSENT:
        if consent_on is None:
            raise ValidationError({"consent_on": _("Vul de datum in waarop de cliënt toestemming gaf.")})
        _check_date(consent_on, "consent_on")
        if not shared_data:
            raise ValidationError({"shared_data": _("Beschrijf welke gegevens met toestemming worden gedeeld.")})
    else:
        consent_on = None
    if len(shared_data) > MAX_SHARED_DATA:
        raise ValidationError({"shared_data": _("Gebruik hooguit 300 tekens.")})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Gebruik hooguit 2000 tekens.")})
    if Proposal.objects.filter(vacancy=vacancy, client=client, status__in=OPEN_PROPOSAL_STATUSES).exists():
        raise ValidationError(_("Deze cliënt is al voorgedragen voor deze vacature."))
    score = match_for(vacancy, client).total
    proposal = Proposal.objects.create(
        municipality_id=vacancy.municipality_id, vacancy=vacancy, client=client,
        proposed_on=on or timezone.localdate(), share_basis=share_basis, consent_on=consent_on,
        shared_data=shared_data, score=score, note=note, proposed_by=actor)
    record(actor=actor, action="work.proposal_created", obj=proposal, municipality=vacancy.municipality,
           client_public_id=client.public_id,
           details={"vacancy": str(vacancy.public_id), "share_basis": share_basis, "score": score,
                    "consent_on": consent_on.isoformat() if consent_on else None})
    return proposal


def _locked(actor, proposal: Proposal, target: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("client", "vacancy").get(pk=proposal.pk)
    _require_manager(actor, proposal.client)
    if target not in PROPOSAL_TRANSITIONS.get(proposal.status, ()):
        raise ValidationError(_("Deze stap kan niet bij een voordracht met de status %(status)s.")
                              % {"status": proposal.get_status_display()})
    return proposal


def _audit_update(actor, proposal: Proposal, previous: str, **extra) -> None:
    record(actor=actor, action="work.proposal_updated", obj=proposal, municipality=proposal.municipality,
           client_public_id=proposal.client.public_id,
           details={"from": previous, "to": proposal.status, **extra})


@transaction.atomic
def record_interview(actor, proposal: Proposal, on: dt.date) -> Proposal:
    proposal = _locked(actor, proposal, ProposalStatus.INTERVIEW)
    if on is None:
        raise ValidationError({"on": _("Vul de datum van het gesprek in.")})
    if on < proposal.proposed_on:
        raise ValidationError({"on": _("Het gesprek ligt vóór de datum van de voordracht.")})
    previous = proposal.status
    proposal.status, proposal.interview_on = ProposalStatus.INTERVIEW, on
    proposal.save(update_fields=["status", "interview_on", "updated_at"])
    _audit_update(actor, proposal, previous, interview_on=on.isoformat())
    return proposal


def _decide(actor, proposal: Proposal, target: str, on: dt.date) -> tuple[Proposal, str]:
    proposal = _locked(actor, proposal, target)
    _check_date(on, "on", not_before=proposal.proposed_on,
                message=_("De datum ligt vóór de datum van de voordracht."))
    return proposal, proposal.status


@transaction.atomic
def mark_hired(actor, proposal: Proposal, on: dt.date) -> Proposal:
    """The employer hires the candidate; the vacancy is filled when the hired proposals reach its capacity."""
    proposal, previous = _decide(actor, proposal, ProposalStatus.HIRED, on)
    proposal.status, proposal.decided_on = ProposalStatus.HIRED, on
    proposal.save(update_fields=["status", "decided_on", "updated_at"])
    vacancy = Vacancy.objects.select_for_update().get(pk=proposal.vacancy_id)
    hired = Proposal.objects.filter(vacancy=vacancy, status=ProposalStatus.HIRED).count()
    filled = vacancy.status == VacancyStatus.OPEN and hired >= vacancy.capacity
    if filled:
        vacancy.status = VacancyStatus.FILLED
        vacancy.save(update_fields=["status", "updated_at"])
    _audit_update(actor, proposal, previous, decided_on=on.isoformat(), vacancy_filled=filled)
    return proposal


@transaction.atomic
def mark_not_hired(actor, proposal: Proposal, on: dt.date, reason: str, note: str = "") -> Proposal:
    if reason not in NotHiredReason.values:
        raise ValidationError({"reason": _("Kies de reden.")})
    proposal, previous = _decide(actor, proposal, ProposalStatus.NOT_HIRED, on)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": _("Gebruik hooguit 2000 tekens.")})
    proposal.status, proposal.decided_on, proposal.not_hired_reason = ProposalStatus.NOT_HIRED, on, reason
    fields = ["status", "decided_on", "not_hired_reason", "updated_at"]
    if note:
        proposal.note = f"{proposal.note}\n\n{note}".strip()[:MAX_NOTE]
        fields.append("note")
    proposal.save(update_fields=fields)
    _audit_update(actor, proposal, previous, decided_on=on.isoformat(), reason=reason)
    return proposal


@transaction.atomic
def withdraw(actor, proposal: Proposal) -> Proposal:
    proposal = _locked(actor, proposal, ProposalStatus.WITHDRAWN)
    previous = proposal.status
    proposal.status, proposal.decided_on = ProposalStatus.WITHDRAWN, timezone.localdate()
    proposal.save(update_fields=["status", "decided_on", "updated_at"])
    _audit_update(actor, proposal, previous)
    return proposal
