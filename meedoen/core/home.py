"""What the home page shows per role. Each function runs a fixed number of queries.

This module is the top of the UI shell: it composes the domain apps (access door, audit, clients)
for the home page, which is why it alone in ``core`` reaches up the layers (see the import-linter
contract in pyproject.toml). Client rows come only through the access door (``visible_clients``);
figures for policy officers are aggregates over the municipalities ``access`` grants them, with small
cells suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from meedoen.accounts import access
from meedoen.accounts.models import Membership, PartnerOrganisation, Role, Team
from meedoen.audit.services import record
from meedoen.core.aggregates import Cell, suppress, suppress_one, threshold

CASELOAD_PREVIEW = 25


# --- Klantmanager ---------------------------------------------------------------------------------

def klantmanager_home(request, membership: Membership) -> dict:
    """Own caseload (first rows) and counts for the user and their team(s).

    Listing clients is a read of client data: one ``client.list_viewed`` event, not one per row.
    """
    user = request.user
    clients = access.visible_clients(user)
    team_ids = [team.pk for team in access.teams_of(user, [Role.KLANTMANAGER])]
    counts = clients.aggregate(
        own=Count("id", filter=Q(klantmanager_id=user.pk)),
        team=Count("id", filter=Q(team_id__in=team_ids)),
    )
    own_clients = list(
        clients.filter(klantmanager_id=user.pk)
        .only("public_id", "given_names", "family_name", "birth_date", "regime")
        .order_by("family_name", "given_names", "id")[:CASELOAD_PREVIEW]
    )
    record(
        actor=user, action="client.list_viewed", municipality=membership.municipality, role=membership.role,
        details={"count": len(own_clients), "page": "home"},
    )
    return {
        "own_count": counts["own"],
        "team_count": counts["team"],
        "own_clients": own_clients,
        "more_clients": counts["own"] > len(own_clients),
        "teams": access.teams_of(user, [Role.KLANTMANAGER]),
    }


# --- Teamleider -----------------------------------------------------------------------------------

@dataclass
class KlantmanagerLoad:
    name: str
    clients: int = 0


@dataclass
class TeamLoad:
    team: Team
    clients: int = 0
    unassigned: int = 0
    klantmanagers: list[KlantmanagerLoad] = field(default_factory=list)

    @property
    def capacity(self) -> int:
        return self.team.capacity

    @property
    def assigned(self) -> int:
        return self.clients - self.unassigned

    @property
    def load_percent(self) -> int | None:
        """Clients with a klantmanager against capacity (as on the team page); the rest wait."""
        if not self.capacity:
            return None
        return round(self.assigned * 100 / self.capacity)

    @property
    def over_capacity(self) -> bool:
        return self.load_percent is not None and self.load_percent > 100


def _person_name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def teamleider_home(request, membership: Membership) -> dict:
    """Per team led: clients, capacity, load and unassigned clients; clients per klantmanager. Counts only."""
    user = request.user
    teams = access.teams_led(user)
    loads = {team.pk: TeamLoad(team=team) for team in teams}
    clients = access.visible_clients(user).filter(team_id__in=loads)

    for row in clients.values("team_id").annotate(
        total=Count("id"), unassigned=Count("id", filter=Q(klantmanager__isnull=True))
    ):
        loads[row["team_id"]].clients = row["total"]
        loads[row["team_id"]].unassigned = row["unassigned"]

    per_km: dict[tuple[int, int], KlantmanagerLoad] = {}
    # Klantmanagers of the team, also those without clients yet.
    for m in (
        Membership.objects.active().filter(team_id__in=loads, role=Role.KLANTMANAGER)
        .values("team_id", "user_id", "user__first_name", "user__last_name", "user__username")
    ):
        per_km[(m["team_id"], m["user_id"])] = KlantmanagerLoad(
            name=_person_name(m["user__first_name"], m["user__last_name"], m["user__username"])
        )
    for row in (
        clients.filter(klantmanager__isnull=False)
        .values("team_id", "klantmanager_id", "klantmanager__first_name", "klantmanager__last_name",
                "klantmanager__username")
        .annotate(total=Count("id"))
    ):
        key = (row["team_id"], row["klantmanager_id"])
        if key not in per_km:
            per_km[key] = KlantmanagerLoad(name=_person_name(
                row["klantmanager__first_name"], row["klantmanager__last_name"], row["klantmanager__username"]))
        per_km[key].clients = row["total"]

    for (team_id, _user_id), km in per_km.items():
        loads[team_id].klantmanagers.append(km)
    for load in loads.values():
        load.klantmanagers.sort(key=lambda km: km.name.lower())
    return {"team_loads": list(loads.values())}


# --- Beleidsmedewerker ----------------------------------------------------------------------------

@dataclass
class FigureRow:
    label: str
    cell: Cell


@dataclass
class MunicipalityFigures:
    municipality: object
    total: Cell
    per_team: list[FigureRow]
    per_regime: list[FigureRow]


def _client_model():
    from meedoen.clients.models import Client

    return Client


def beleidsmedewerker_home(request, membership: Membership) -> dict:
    """Clients per team and per regime in the user's municipalities: aggregates only, never names."""
    from django.utils.translation import gettext

    from meedoen.clients.models import Regime

    municipalities = access.aggregate_scope(request.user)
    ids = [m.pk for m in municipalities]
    client = _client_model()
    base = client.objects.filter(municipality_id__in=ids)

    teams = list(Team.objects.filter(municipality_id__in=ids).order_by("name").only("id", "name", "municipality_id"))
    team_counts = {
        (row["municipality_id"], row["team_id"]): row["n"]
        for row in base.values("municipality_id", "team_id").annotate(n=Count("id"))
    }
    regime_counts = {
        (row["municipality_id"], row["regime"]): row["n"]
        for row in base.values("municipality_id", "regime").annotate(n=Count("id"))
    }

    figures = []
    for municipality in municipalities:
        team_labels = [(t.name, team_counts.get((municipality.pk, t.pk), 0))
                       for t in teams if t.municipality_id == municipality.pk]
        without_team = team_counts.get((municipality.pk, None), 0)
        if without_team:
            team_labels.append((gettext("Zonder team"), without_team))
        regime_labels = [(label, regime_counts.get((municipality.pk, value), 0)) for value, label in Regime.choices]
        total = sum(n for (muni, _team), n in team_counts.items() if muni == municipality.pk)
        figures.append(MunicipalityFigures(
            municipality=municipality,
            total=suppress_one(total),
            per_team=[FigureRow(label, cell) for (label, _n), cell in
                      zip(team_labels, suppress([n for _l, n in team_labels]), strict=True)],
            per_regime=[FigureRow(str(label), cell) for (label, _n), cell in
                        zip(regime_labels, suppress([n for _l, n in regime_labels]), strict=True)],
        ))
    return {"figures": figures, "small_cell_threshold": threshold(), "small_cell_max": threshold() - 1}


# --- Partnermedewerker ----------------------------------------------------------------------------

def partnermedewerker_home(request, membership: Membership) -> dict:
    partners = [m.partner for m in access.memberships(request.user)
                if m.role == Role.PARTNERMEDEWERKER and m.partner_id]
    return {"partners": partners}


# --- Functioneel beheerder ------------------------------------------------------------------------

@dataclass
class MunicipalityOverview:
    municipality: object
    users: int
    teams: int
    partners: int


def beheerder_home(request, membership: Membership) -> dict:
    municipalities = access.municipalities(request.user, Role.FUNCTIONEEL_BEHEERDER)
    ids = [m.pk for m in municipalities]
    users = {
        row["municipality_id"]: row["n"]
        for row in Membership.objects.active().filter(municipality_id__in=ids)
        .values("municipality_id").annotate(n=Count("user_id", distinct=True))
    }
    teams = {
        row["municipality_id"]: row["n"]
        for row in Team.objects.filter(municipality_id__in=ids).values("municipality_id").annotate(n=Count("id"))
    }
    partners = {
        row["municipality_id"]: row["n"]
        for row in PartnerOrganisation.objects.filter(municipality_id__in=ids)
        .values("municipality_id").annotate(n=Count("id"))
    }
    return {"overviews": [
        MunicipalityOverview(municipality=m, users=users.get(m.pk, 0), teams=teams.get(m.pk, 0),
                             partners=partners.get(m.pk, 0))
        for m in municipalities
    ]}


NO_ROLE_TEMPLATE = "core/no_role.html"

HOME_PAGES = {
    Role.KLANTMANAGER: ("core/home_klantmanager.html", klantmanager_home),
    Role.TEAMLEIDER: ("core/home_teamleider.html", teamleider_home),
    Role.BELEIDSMEDEWERKER: ("core/home_beleidsmedewerker.html", beleidsmedewerker_home),
    Role.PARTNERMEDEWERKER: ("core/home_partnermedewerker.html", partnermedewerker_home),
    Role.FUNCTIONEEL_BEHEERDER: ("core/home_functioneel_beheerder.html", beheerder_home),
}


def home_page(request) -> tuple[str, dict, int]:
    """Template, context and status of the home page for the request's user (403 without a role)."""
    membership = access.primary_membership(request.user)
    if membership is None or membership.role not in HOME_PAGES:
        return NO_ROLE_TEMPLATE, {}, 403
    template, build = HOME_PAGES[membership.role]
    context = build(request, membership)
    context["membership"] = membership
    return template, context, 200
