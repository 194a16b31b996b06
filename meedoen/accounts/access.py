"""The one door to client data.

Every view, export and (later) API endpoint gets client rows only through these functions. They
decide, per user, role, team and municipality, what may be read or changed, and they record every
read of a client record in the audit trail. A row the user may not know exists gives a 404 (never
a 403), so probing ids reveals nothing.

Rules (see docs/architecture.md):

* klantmanager — clients of their own team(s) and clients assigned to them; may change them.
* teamleider — clients of their team(s); may change them (e.g. reassign).
* beleidsmedewerker — no dossiers at all: aggregates only (``aggregate_scope``).
* partnermedewerker — only clients referred to their organisation with a legal basis valid today (and,
  where the basis is consent, consent given); never the dossier, only the referral view with the fields
  the referral needs (no BSN, no health data). The referrals app supplies the rule
  (``register_partner_scope``); it is applied here.
* functioneel_beheerder — no dossiers; may look up a client's name to read its audit trail.
* Special-category data (health, addiction) — only the client's own klantmanager and the
  teamleider of the client's team.
* Never across municipalities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from meedoen.accounts.models import Membership, Role

if TYPE_CHECKING:
    from meedoen.clients.models import Client

_CACHE_ATTR = "_meedoen_memberships"


def memberships(user) -> list[Membership]:
    """The user's active memberships, loaded once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("municipality", "team", "partner")
            .order_by("municipality__name", "role", "id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def primary_membership(user) -> Membership | None:
    """The membership that decides the home page: the first by role priority."""
    priority = [Role.KLANTMANAGER, Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER, Role.BELEIDSMEDEWERKER,
                Role.PARTNERMEDEWERKER]
    ms = memberships(user)
    for role in priority:
        for m in ms:
            if m.role == role:
                return m
    return None


def role_in(user, municipality) -> str:
    """The user's role in a municipality (first active membership there; any when municipality is None)."""
    for membership in memberships(user):
        if municipality is None or membership.municipality_id == municipality.pk:
            return membership.role
    return ""


def municipalities(user, *wanted_roles: str) -> list:
    seen = {}
    for m in memberships(user):
        if not wanted_roles or m.role in wanted_roles:
            seen.setdefault(m.municipality_id, m.municipality)
    return list(seen.values())


def require_roles(*wanted: str):
    """View decorator: the page exists for these roles only (403 for other logged-in users).

    Use 404 through the client functions below for individual rows; a role page is not secret.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- Client rows ------------------------------------------------------------------------------

def _client_model():
    from meedoen.clients.models import Client

    return Client


def _dossier_filter(user) -> Q | None:
    """The OR of what each membership grants; None when nothing is granted."""
    condition: Q | None = None
    for m in memberships(user):
        if m.role == Role.KLANTMANAGER:
            grant = Q(municipality_id=m.municipality_id) & (Q(team_id=m.team_id) | Q(klantmanager_id=user.pk))
        elif m.role == Role.TEAMLEIDER:
            grant = Q(municipality_id=m.municipality_id, team_id=m.team_id)
        else:
            # Policy officers and functioneel beheerders never see dossiers; partners only through
            # referrals with a legal basis (added with the referrals model).
            continue
        condition = grant if condition is None else condition | grant
    return condition


def visible_clients(user) -> QuerySet[Client]:
    """Clients whose dossier the user may open. A plain queryset: listing does not audit rows one by one;
    the list view records one ``client.list_viewed`` event."""
    client = _client_model()
    condition = _dossier_filter(user)
    if condition is None:
        return client.objects.none()
    return client.objects.filter(condition)


def changeable_clients(user) -> QuerySet[Client]:
    """Clients the user may change. Today the same set as may be read: team colleagues stand in for
    each other (vervanging). Kept as its own function so the rule can diverge in one place."""
    return visible_clients(user)


def _audit_read(request, client, action: str, details: dict | None = None) -> None:
    from meedoen.audit.services import record

    record(
        actor=request.user,
        action=action,
        obj=client,
        municipality=client.municipality,
        client_public_id=client.public_id,
        role=_role_for_client(request.user, client),
        details=details,
    )


def _role_for_client(user, client) -> str:
    for m in memberships(user):
        if m.municipality_id == client.municipality_id:
            return m.role
    return ""


def get_client_for_view(request, public_id, *, action: str = "client.viewed") -> Client:
    """The client the user may read, or 404. Records the read in the audit trail."""
    client = _get_or_404(visible_clients(request.user), public_id)
    _audit_read(request, client, action)
    return client


def get_client_for_change(request, public_id) -> Client:
    """The client the user may change, or 404. The change itself is audited by the service."""
    return _get_or_404(changeable_clients(request.user), public_id)


def _get_or_404(queryset: QuerySet, public_id) -> Client:
    try:
        return queryset.select_related("municipality", "team", "klantmanager", "segment").get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def can_change_client(user, client) -> bool:
    return changeable_clients(user).filter(pk=client.pk).exists()


def can_view_special_category(user, client) -> bool:
    """Health, addiction and mental-health data: own klantmanager and the team's teamleider only."""
    if client.klantmanager_id is not None and client.klantmanager_id == user.pk:
        return any(m.role == Role.KLANTMANAGER and m.municipality_id == client.municipality_id
                   for m in memberships(user))
    return any(
        m.role == Role.TEAMLEIDER and m.municipality_id == client.municipality_id and m.team_id == client.team_id
        for m in memberships(user)
    )


# --- Audit trail lookup (functioneel beheerder) -------------------------------------------------

def clients_for_audit_lookup(user) -> QuerySet[Client]:
    """Clients whose audit trail the user may read: a functioneel beheerder, own municipality only.

    Only identity fields are meant to be shown (name, birth date): never the dossier.
    """
    client = _client_model()
    ids = [m.municipality_id for m in memberships(user) if m.role == Role.FUNCTIONEEL_BEHEERDER]
    if not ids:
        return client.objects.none()
    return client.objects.filter(municipality_id__in=ids)


def get_client_for_audit_trail(request, public_id) -> Client:
    client = _get_or_404(clients_for_audit_lookup(request.user), public_id)
    _audit_read(request, client, "audit.client_trail_viewed")
    return client


def audit_municipalities(user) -> list:
    return municipalities(user, Role.FUNCTIONEEL_BEHEERDER)


# --- Aggregates ---------------------------------------------------------------------------------

def aggregate_scope(user) -> list:
    """Municipalities whose aggregate figures the user may see (policy officers, team leads, beheer)."""
    return municipalities(user, Role.BELEIDSMEDEWERKER, Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER)


def teams_led(user) -> list:
    return [m.team for m in memberships(user) if m.role == Role.TEAMLEIDER and m.team_id]


def teams_of(user, roles_: Iterable[str] = (Role.KLANTMANAGER, Role.TEAMLEIDER)) -> list:
    return [m.team for m in memberships(user) if m.role in roles_ and m.team_id]


# --- Client pages: creating, assigning, searching by BSN, revealing the BSN ----------------------

def client_creation_municipality(user):
    """The municipality in which the user registers new clients (klantmanager or teamleider), or None.

    A user with team roles in several municipalities registers in the one of their first team
    membership; registering for another municipality needs a membership there.
    """
    for m in memberships(user):
        if m.role in (Role.KLANTMANAGER, Role.TEAMLEIDER):
            return m.municipality
    return None


def default_team(user, municipality):
    """The user's own team in that municipality (klantmanager first, then teamleider), or None."""
    for role in (Role.KLANTMANAGER, Role.TEAMLEIDER):
        for m in memberships(user):
            if m.role == role and m.municipality_id == municipality.pk and m.team_id:
                return m.team
    return None


def assignable_teams(municipality) -> QuerySet:
    """Teams a client of this municipality may be placed in."""
    from meedoen.accounts.models import Team

    return Team.objects.filter(municipality=municipality).order_by("name")


def assignable_klantmanager_memberships(municipality) -> QuerySet[Membership]:
    """Active klantmanager memberships of the municipality, with user and team loaded: whom a client
    may be assigned to (per team; the service checks that klantmanager and team match)."""
    return (
        Membership.objects.active()
        .filter(municipality=municipality, role=Role.KLANTMANAGER, team__isnull=False)
        .select_related("user", "team")
        .order_by("team__name", "user__last_name", "user__first_name", "user__username")
    )


def find_client_by_bsn(request, bsn: str) -> Client | None:
    """Exact BSN match among the clients the user may open, or None. Records the search
    (``client.searched_bsn`` with only ``found``; never the number). ``bsn`` must be validated already.

    A client the user may not open counts as not found, so the search reveals nothing.
    """
    from meedoen.audit.services import record
    from meedoen.clients.models import IdentifierKind

    user = request.user
    client = (
        visible_clients(user)
        .filter(identifiers__kind=IdentifierKind.BSN, identifiers__value=bsn)
        .select_related("municipality", "team", "klantmanager")
        .first()
    )
    if client is not None:
        municipality, role = client.municipality, _role_for_client(user, client)
    else:
        membership = primary_membership(user)
        municipality = membership.municipality if membership else None
        role = membership.role if membership else ""
    record(
        actor=user,
        action="client.searched_bsn",
        municipality=municipality,
        obj=client,
        client_public_id=client.public_id if client else None,
        role=role,
        details={"found": client is not None},
    )
    return client


def get_client_for_bsn_reveal(request, public_id) -> Client:
    """The client whose full BSN the user may see, recorded as ``client.bsn_revealed``.

    404 when the user may not open the client; 403 when they may open but not change it (only
    those who may change the client see the full number).
    """
    user = request.user
    client = _get_or_404(visible_clients(user), public_id)
    if not can_change_client(user, client):
        raise PermissionDenied
    _audit_read(request, client, "client.bsn_revealed")
    return client


def get_client_for_edit(request, public_id) -> Client:
    """The client the user may change, or 404; showing the edit form is a read and is recorded
    as ``client.viewed`` (the change itself is recorded by the service)."""
    client = get_client_for_change(request, public_id)
    _audit_read(request, client, "client.viewed", details={"page": "edit"})
    return client


def get_client_for_form(request, public_id) -> Client:
    """For a page with a form that changes the client: showing it (GET) is an audited read of a client the
    user may change (``get_client_for_edit``); submitting it only needs the right to change, because the
    service records the change."""
    if request.method == "GET":
        return get_client_for_edit(request, public_id)
    return get_client_for_change(request, public_id)


# --- Client registry: number search and reveal, households, duplicate matches --------------------

NUMBER_SEARCH_ACTIONS = {"bsn": "client.searched_bsn", "v_number": "client.searched_v_number"}


def find_client_by_identifier(request, kind: str, value: str) -> Client | None:
    """Exact match on a BSN or V-nummer among the clients the user may open, or None.

    Records ``client.searched_bsn`` / ``client.searched_v_number`` with only ``found``; never the
    number. ``value`` must be validated and normalised already. A client the user may not open
    counts as not found, so the search reveals nothing.
    """
    if kind not in NUMBER_SEARCH_ACTIONS:
        raise ValueError(f"no number search on {kind!r}")
    if kind == "bsn":
        return find_client_by_bsn(request, value)
    from meedoen.audit.services import record

    user = request.user
    client = (
        visible_clients(user)
        .filter(identifiers__kind=kind, identifiers__value=value)
        .select_related("municipality", "team", "klantmanager")
        .first()
    )
    if client is not None:
        municipality, role = client.municipality, _role_for_client(user, client)
    else:
        membership = primary_membership(user)
        municipality = membership.municipality if membership else None
        role = membership.role if membership else ""
    record(
        actor=user, action=NUMBER_SEARCH_ACTIONS[kind], municipality=municipality, obj=client,
        client_public_id=client.public_id if client else None, role=role, details={"found": client is not None},
    )
    return client


def get_client_for_identifier_reveal(request, public_id, kind: str) -> Client:
    """Like :func:`get_client_for_bsn_reveal` for any identifier kind. The BSN keeps its own action
    (``client.bsn_revealed``); the other kinds are recorded as ``client.identifier_revealed`` with the kind."""
    if kind == "bsn":
        return get_client_for_bsn_reveal(request, public_id)
    user = request.user
    client = _get_or_404(visible_clients(user), public_id)
    if not can_change_client(user, client):
        raise PermissionDenied
    _audit_read(request, client, "client.identifier_revealed", details={"kind": kind})
    return client


def openable_client_ids(user, client_ids: Iterable[int]) -> set[int]:
    """Which of these clients (internal pks) the user may open: one query, none for an empty list."""
    ids = {pk for pk in client_ids if pk is not None}
    if not ids:
        return set()
    return set(visible_clients(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class HouseholdMember:
    """Another member of a client's household as the user may see it: ``client`` is None when the user
    may not open that member's dossier (the page then says "gezinslid (geen toegang)")."""

    role: str
    role_label: str
    client: Client | None


def household_members(user, client) -> list[HouseholdMember]:
    """The other members of the client's household, each with its dossier only if the user may open it.
    One query (none without a household)."""
    if not client.household_id:
        return []
    from django.db.models import BooleanField, Case, Value, When

    condition = _dossier_filter(user)
    may_open = (Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())
                if condition is not None else Value(False, output_field=BooleanField()))
    members = (
        _client_model().objects
        .filter(household_id=client.household_id, municipality_id=client.municipality_id)
        .exclude(pk=client.pk)
        .annotate(may_open=may_open)
        .order_by("birth_date", "pk")
    )
    return [HouseholdMember(role=m.household_role, role_label=m.get_household_role_display(),
                            client=m if m.may_open else None) for m in members]


def household_link_candidates(user, client) -> QuerySet[Client]:
    """Clients the user may put in one household with ``client``: ones they may change, in the same
    municipality, not the client itself."""
    return changeable_clients(user).filter(municipality_id=client.municipality_id).exclude(pk=client.pk)


def get_household_member_for_link(user, client, public_id) -> Client:
    return _get_or_404(household_link_candidates(user, client), public_id)


@dataclass(frozen=True)
class RegistrationMatch:
    """An existing client that a new registration may duplicate, as the registering user may see it.

    ``client`` is None when the user may not open that dossier: the page then names only the team and
    the klantmanager to ask, never the client. ``match`` is the identifier kind or ``"name"``.
    """

    match: str
    client: Client | None
    team_name: str
    klantmanager_name: str


def registration_matches(request, found: Iterable[tuple[str, Client]]) -> list[RegistrationMatch]:
    """Turn duplicate candidates into what the user may see; records ``client.duplicate_shown`` per
    candidate (``match`` and ``openable`` only) so each client's trail shows who was shown the match."""
    from meedoen.audit.services import record

    found = list(found)
    openable = openable_client_ids(request.user, [c.pk for _, c in found])
    matches = []
    for match, client in found:
        may_open = client.pk in openable
        matches.append(RegistrationMatch(
            match=match, client=client if may_open else None,
            team_name=client.team.name if client.team_id else "",
            klantmanager_name=str(client.klantmanager) if client.klantmanager_id else "",
        ))
        record(actor=request.user, action="client.duplicate_shown", obj=client, municipality=client.municipality,
               client_public_id=client.public_id, role=_role_for_client(request.user, client),
               details={"match": match, "openable": may_open})
    return matches


# --- Caseloads: the team a team lead looks after ----------------------------------------------------

def get_led_team(user, public_id=None):
    """A team the user leads as teamleider: the one with ``public_id``, or their first team when none is
    given. 404 for any other team (another team, another municipality, a malformed id) or when the user
    leads no team."""
    import uuid

    teams = teams_led(user)
    if public_id in (None, ""):
        if teams:
            return teams[0]
        raise Http404
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    for team in teams:
        if team.public_id == wanted:
            return team
    raise Http404


# --- Partner users: clients through referrals -------------------------------------------------------

PartnerScope = "Callable[[list[int]], Q]"
_partner_scope = None


def register_partner_scope(scope) -> None:
    """Install the rule that says which clients partner users see: ``scope(partner_ids)`` returns a Q on
    Client rows. Registered by the referrals app in ``ready()``; without it partners see nobody."""
    global _partner_scope
    _partner_scope = scope


def partner_ids(user) -> list[int]:
    """The partner organisations the user works for (as partnermedewerker)."""
    return [m.partner_id for m in memberships(user) if m.role == Role.PARTNERMEDEWERKER and m.partner_id]


def partner_memberships(user) -> list[Membership]:
    return [m for m in memberships(user) if m.role == Role.PARTNERMEDEWERKER and m.partner_id]


def partner_clients(user) -> QuerySet[Client]:
    """Clients referred to the user's partner organisation(s) under a valid basis. A plain queryset for
    lists (the list view records one event); open one through ``get_client_for_partner``."""
    client = _client_model()
    ids = partner_ids(user)
    if not ids or _partner_scope is None:
        return client.objects.none()
    municipality_ids = [m.municipality_id for m in partner_memberships(user)]
    return client.objects.filter(_partner_scope(ids), municipality_id__in=municipality_ids)


def get_client_for_partner(request, public_id) -> Client:
    """A referred client for the partner's referral view, or 404. Records the read (``client.partner_viewed``)."""
    client = _get_or_404(partner_clients(request.user), public_id)
    _audit_read(request, client, "client.partner_viewed")
    return client
