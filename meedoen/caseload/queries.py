"""Read models of caseloads and the waiting list, built with annotations and subqueries so a page costs a
fixed number of SQL queries whatever the number of clients.

Every function takes the clients to work on as a queryset: views pass what the access door
(``meedoen.accounts.access``) lets the user see; the seeder and reports may pass their own.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meedoen.caseload.models import DEFAULT_WAITING_CRITERIA, WaitingCriterion, WaitingListPolicy
from meedoen.clients.models import Client
from meedoen.journey import deadlines as engine
from meedoen.journey.models import ClientDeadline, Contact, DeadlineCode, JourneySettings, Milestone, MilestoneKind

DEFAULT_DUE_SOON_DAYS = 14


# --- Settings ----------------------------------------------------------------------------------------

def due_soon_days(municipality_ids) -> dict[int, int]:
    """The 'due soon' horizon per municipality (JourneySettings; 14 days where no row exists)."""
    ids = set(municipality_ids)
    found = dict(JourneySettings.objects.filter(municipality_id__in=ids).values_list("municipality_id",
                                                                                     "due_soon_days"))
    return {i: found.get(i, DEFAULT_DUE_SOON_DAYS) for i in ids}


def waiting_criteria(municipality) -> list[str]:
    """The waiting-list order of a municipality (the default when it has no policy row)."""
    municipality_id = getattr(municipality, "pk", municipality)
    criteria = (WaitingListPolicy.objects.filter(municipality_id=municipality_id)
                .values_list("criteria", flat=True).first())
    return list(criteria or DEFAULT_WAITING_CRITERIA)


# --- Caseload rows ------------------------------------------------------------------------------------

def _open_deadlines():
    return ClientDeadline.objects.filter(client=OuterRef("pk"), met_on__isnull=True, is_window=False)


def with_caseload_facts(clients: QuerySet, today: dt.date) -> QuerySet:
    """Annotate each client with its stage, next open deadline, overdue count and last contact.

    ``stage_kind``: kind of the latest milestone (None: none yet); ``next_due`` / ``next_code``: the
    earliest unmet deadline that is not a window; ``overdue_count``: unmet deadlines past their date;
    ``last_contact``: date of the latest contact.
    """
    next_deadline = _open_deadlines().order_by("due_date", "code")
    overdue = (_open_deadlines().filter(due_date__lt=today).order_by().values("client")
               .annotate(n=Count("pk")).values("n"))
    return clients.annotate(
        stage_kind=Subquery(Milestone.objects.filter(client=OuterRef("pk")).order_by("-date", "-id")
                            .values("kind")[:1]),
        next_due=Subquery(next_deadline.values("due_date")[:1]),
        next_code=Subquery(next_deadline.values("code")[:1]),
        overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        last_contact=Subquery(Contact.objects.filter(client=OuterRef("pk")).order_by("-occurred_on")
                              .values("occurred_on")[:1]),
    )


def due_soon_q(today: dt.date, horizons: dict[int, int]) -> Q:
    """Next deadline within the municipality's 'due soon' horizon (not yet overdue)."""
    soon = Q(pk__in=[])
    for municipality_id, days in horizons.items():
        soon |= Q(municipality_id=municipality_id, next_due__lte=today + dt.timedelta(days=days))
    return soon & Q(next_due__gte=today)


def filter_deadline_status(clients: QuerySet, wanted: str, today: dt.date, horizons: dict[int, int]) -> QuerySet:
    """Keep clients whose next deadline is overdue ("te_laat") or due soon ("binnenkort").

    ``clients`` must come from :func:`with_caseload_facts`; ``horizons`` is :func:`due_soon_days`.
    """
    if wanted == "te_laat":
        return clients.filter(next_due__lt=today)
    if wanted == "binnenkort":
        return clients.filter(due_soon_q(today, horizons))
    return clients


@dataclass
class CaseloadRow:
    client: Client
    stage: str
    next_deadline: str
    next_due: dt.date | None
    status: str
    status_label: str
    last_contact: dt.date | None
    overdue_count: int
    flags: list[str] = field(default_factory=list)


def stage_label(kind: str | None) -> str:
    return str(MilestoneKind(kind).label) if kind else _("Aangemeld")


def priority_flags(client: Client) -> list[str]:
    """The priority groups a client belongs to (stated facts)."""
    flags = []
    if client.low_literacy:
        flags.append(_("laaggeletterd"))
    if client.has_work_experience is False:
        flags.append(_("geen werkervaring"))
    return flags


def caseload_rows(clients, today: dt.date, horizons: dict[int, int]) -> list[CaseloadRow]:
    """Rows for display, from clients annotated by :func:`with_caseload_facts` (no further queries)."""
    rows = []
    for client in clients:
        due = client.next_due
        if due is not None:
            state = engine.status(due, None, False, today, horizons.get(client.municipality_id,
                                                                        DEFAULT_DUE_SOON_DAYS))
            status, label = str(state), engine.STATUS_LABELS[state]
            deadline = str(DeadlineCode(client.next_code).label)
        else:
            status, label, deadline = "", "", ""
        rows.append(CaseloadRow(client=client, stage=stage_label(client.stage_kind), next_deadline=deadline,
                                next_due=due, status=status, status_label=label, last_contact=client.last_contact,
                                overdue_count=client.overdue_count, flags=priority_flags(client)))
    return rows


# --- Waiting list ---------------------------------------------------------------------------------------

def order_waiting(clients: QuerySet, criteria: list[str]) -> QuerySet:
    """Clients on the waiting list, in the order the criteria give (ties: who waited longest, then id)."""
    ordering = []
    annotations = {}
    for criterion in criteria:
        if criterion == WaitingCriterion.LOW_LITERACY_FIRST:
            annotations["_rank_literacy"] = Case(When(low_literacy=True, then=Value(0)), default=Value(1),
                                                 output_field=IntegerField())
            ordering.append("_rank_literacy")
        elif criterion == WaitingCriterion.NO_WORK_EXPERIENCE_FIRST:
            annotations["_rank_work"] = Case(When(has_work_experience=False, then=Value(0)), default=Value(1),
                                             output_field=IntegerField())
            ordering.append("_rank_work")
        elif criterion == WaitingCriterion.LONGEST_WAITING_FIRST:
            ordering.append("waiting_since")
    ordering += ["waiting_since", "pk"]
    return clients.filter(waiting_since__isnull=False).annotate(**annotations).order_by(*ordering)


def waiting_reason(client: Client, criteria: list[str], today: dt.date) -> str:
    """Why a client stands where it does: "laaggeletterd · geen werkervaring · wacht 34 dagen"."""
    parts = []
    if WaitingCriterion.LOW_LITERACY_FIRST in criteria and client.low_literacy:
        parts.append(_("laaggeletterd"))
    if WaitingCriterion.NO_WORK_EXPERIENCE_FIRST in criteria and client.has_work_experience is False:
        parts.append(_("geen werkervaring"))
    days = (today - client.waiting_since).days
    parts.append(ngettext("wacht %(days)s dag", "wacht %(days)s dagen", days) % {"days": days})
    return " · ".join(parts)


@dataclass(frozen=True)
class WaitingRow:
    position: int
    client: Client
    days: int
    reason: str


def waiting_rows(clients, criteria: list[str], today: dt.date, start: int = 1) -> list[WaitingRow]:
    """Rows for display from already ordered clients (e.g. one page of :func:`order_waiting`)."""
    return [WaitingRow(position=start + i, client=c, days=(today - c.waiting_since).days,
                       reason=waiting_reason(c, criteria, today)) for i, c in enumerate(clients)]


def waiting_list(*, team=None, municipality=None, clients: QuerySet | None = None, today: dt.date | None = None,
                 criteria: list[str] | None = None) -> list[WaitingRow]:
    """The whole waiting list of a team or a municipality, ordered by the municipality's policy, each row
    with its reason. ``clients`` narrows the rows (e.g. to what the user may see)."""
    if (team is None) == (municipality is None):
        raise ValueError("pass a team or a municipality")
    today = today or timezone.localdate()
    municipality_id = team.municipality_id if team is not None else municipality.pk
    base = clients if clients is not None else Client.objects.all()
    base = base.filter(team=team) if team is not None else base.filter(municipality_id=municipality_id)
    criteria = criteria or waiting_criteria(municipality_id)
    ordered = order_waiting(base.select_related("team"), criteria)
    return waiting_rows(ordered, criteria, today)


@dataclass(frozen=True)
class WaitingSummary:
    length: int
    median_days: float | None
    longest_days: int | None


def _summary(days: list[int]) -> WaitingSummary:
    if not days:
        return WaitingSummary(0, None, None)
    return WaitingSummary(len(days), statistics.median(days), max(days))


def waiting_summary(clients: QuerySet, today: dt.date) -> tuple[WaitingSummary, dict[int | None, WaitingSummary]]:
    """Length, median and longest wait (days) of the waiting clients: overall and per team id (one query)."""
    per_team: dict[int | None, list[int]] = defaultdict(list)
    for team_id, since in clients.filter(waiting_since__isnull=False).order_by().values_list("team_id",
                                                                                            "waiting_since"):
        per_team[team_id].append((today - since).days)
    overall = [d for days in per_team.values() for d in days]
    return _summary(overall), {team_id: _summary(days) for team_id, days in per_team.items()}


# --- Team overview --------------------------------------------------------------------------------------

@dataclass
class KlantmanagerLoad:
    membership: object
    name: str
    clients: int
    overdue: int
    share: float | None  # the per-person norm: capacity / number of klantmanagers
    signals: int = 0  # open early-warning signals on their clients (set by the team page)

    @property
    def difference(self) -> float | None:
        return None if self.share is None else self.clients - self.share

    @property
    def over_norm(self) -> bool:
        return self.share is not None and self.clients > self.share


@dataclass
class TeamLoad:
    team: object
    clients: int
    assigned: int
    unassigned: int
    capacity: int
    klantmanagers: list[KlantmanagerLoad]
    others_clients: int  # assigned to someone who is no longer a klantmanager in the team
    others_overdue: int
    others_signals: int = 0

    @property
    def over_capacity(self) -> bool:
        return self.assigned > self.capacity

    @property
    def free(self) -> int:
        return max(self.capacity - self.assigned, 0)


def team_load(team, clients: QuerySet, memberships: list, today: dt.date) -> TeamLoad:
    """Caseload per klantmanager of one team against the norm (three queries).

    ``clients``: the team's clients the user may see; ``memberships``: the team's active klantmanager
    memberships (with users loaded).
    """
    clients = clients.filter(team=team)
    totals = clients.aggregate(total=Count("pk"), assigned=Count("pk", filter=Q(klantmanager__isnull=False)))
    per_user = dict(clients.filter(klantmanager__isnull=False).order_by().values("klantmanager")
                    .annotate(n=Count("pk")).values_list("klantmanager", "n"))
    overdue = dict(ClientDeadline.objects.filter(client__in=clients.filter(klantmanager__isnull=False),
                                                 met_on__isnull=True, is_window=False, due_date__lt=today)
                   .order_by().values("client__klantmanager").annotate(n=Count("pk"))
                   .values_list("client__klantmanager", "n"))
    share = team.capacity / len(memberships) if memberships else None
    loads = [KlantmanagerLoad(membership=m, name=m.user.get_full_name() or m.user.get_username(),
                              clients=per_user.pop(m.user_id, 0), overdue=overdue.pop(m.user_id, 0), share=share)
             for m in memberships]
    return TeamLoad(team=team, clients=totals["total"], assigned=totals["assigned"],
                    unassigned=totals["total"] - totals["assigned"], capacity=team.capacity, klantmanagers=loads,
                    others_clients=sum(per_user.values()), others_overdue=sum(overdue.values()))


def annotate_overdue(clients: QuerySet, today: dt.date) -> QuerySet:
    overdue = (_open_deadlines().filter(due_date__lt=today).order_by().values("client")
               .annotate(n=Count("pk")).values("n"))
    return clients.annotate(overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)))


def order_by_name(clients: QuerySet) -> QuerySet:
    return clients.order_by(F("family_name").asc(), F("given_names").asc(), "pk")
