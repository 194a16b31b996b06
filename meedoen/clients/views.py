"""Client pages: list and search, register (with duplicate detection), client page with panels, edit,
identifiers and household. Thin: parse → access door → service → render.

Every client row comes through ``meedoen.accounts.access``; reads are recorded there (the list
records one ``client.list_viewed`` event here), changes by ``meedoen.clients.services``.
Numbers (BSN, V-nummer, COA number) are never put in a URL and never written back into a page
unless the user asked to see one (recorded).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.clients import services
from meedoen.clients.forms import (
    ClientCreateForm,
    ClientEditForm,
    ClientSearchForm,
    HouseholdLinkForm,
    HouseholdSearchForm,
    IdentifierAddForm,
    IdentifierChangeForm,
    NumberSearchForm,
)
from meedoen.clients.models import IdentifierKind
from meedoen.clients.panels import render_panels, stylesheets_of

PAGE_SIZE = 25
HOUSEHOLD_RESULTS = 20

# Who has a client list at all. Partners will see the clients referred to them (empty until referrals
# exist); policy officers and functioneel beheerders never see dossiers, so for them the page is a 403.
LIST_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER, Role.PARTNERMEDEWERKER)
CREATE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
# The order in which identifiers are shown.
IDENTIFIER_ORDER = [IdentifierKind.BSN, IdentifierKind.V_NUMBER, IdentifierKind.COA_NUMBER]


def _optional_url(name: str, **kwargs) -> str:
    """The URL of a page of a higher app, or "" while that app does not exist yet."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


# --- List and search ---------------------------------------------------------------------------

def _filtered_clients(user, form: ClientSearchForm):
    clients = access.visible_clients(user).select_related("team", "klantmanager")
    if form.is_bound:
        form.is_valid()  # invalid fields are left out of cleaned_data and shown as errors
        data = form.cleaned_data
        for term in form.name_terms():
            clients = clients.filter(Q(given_names__icontains=term) | Q(family_name__icontains=term))
        if data.get("geboortedatum"):
            clients = clients.filter(birth_date=data["geboortedatum"])
        if data.get("regime"):
            clients = clients.filter(regime=data["regime"])
        if data.get("doelgroep"):
            clients = clients.filter(target_group=data["doelgroep"])
        if data.get("zonder_klantmanager"):
            clients = clients.filter(klantmanager__isnull=True)
        if data.get("mijn"):
            clients = clients.filter(klantmanager=user)
    return clients.order_by("family_name", "given_names", "pk")


@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*LIST_ROLES)
def client_list(request):
    """The clients the user may open, searchable by name, birth date and filters; POST searches by BSN
    or V-nummer (exact), so the number never appears in a URL."""
    user = request.user
    number_form = NumberSearchForm()
    number_not_found = ""
    if request.method == "POST":
        data = request.POST
        if "nummer" not in data and "bsn" in data:  # the foundation's BSN-only search form
            data = {"soort": IdentifierKind.BSN, "nummer": data["bsn"]}
        number_form = NumberSearchForm(data)
        if number_form.is_valid():
            kind = number_form.cleaned_data["soort"]
            found = access.find_client_by_identifier(request, kind, number_form.cleaned_data["nummer"])
            if found is not None:
                return redirect("clients:detail", public_id=found.public_id)
            number_not_found = kind
            number_form = NumberSearchForm(initial={"soort": kind})

    search_params = request.GET.copy()
    search_params.pop("page", None)
    show_mine = access.has_role(user, Role.KLANTMANAGER)
    search_form = ClientSearchForm(search_params or None, show_mine=show_mine)
    clients = _filtered_clients(user, search_form)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))

    membership = access.primary_membership(user)
    record(
        actor=user,
        action="client.list_viewed",
        municipality=membership.municipality if membership else None,
        role=membership.role if membership else "",
        details={"count": len(page.object_list), "page": page.number, "filtered": bool(search_params)},
    )
    return render(request, "clients/list.html", {
        "page_obj": page,
        "search_form": search_form,
        "number_form": number_form,
        "number_not_found": number_not_found,
        "filtered": bool(search_params),
        "may_create": access.has_role(user, *CREATE_ROLES),
    })


# --- Register ----------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*CREATE_ROLES)
def client_create(request):
    """Register a client. Before saving, look for the same person: the same BSN or V-nummer (COA number)
    blocks the registration; a similar name with the same birth date asks for a confirmation."""
    user = request.user
    municipality = access.client_creation_municipality(user)
    form = ClientCreateForm(request.POST or None, user=user, municipality=municipality)
    number_matches, name_matches = [], []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identifiers = form.identifiers()
        found = services.find_clients_by_identifiers(municipality, identifiers)
        if found:
            number_matches = access.registration_matches(request, [(m.kind, m.client) for m in found])
            for match in found:
                form.add_error(services.IDENTIFIER_FIELDS[match.kind], services.identifier_taken_message(match.kind))
        elif not data["confirm_new"]:
            likely = services.find_likely_duplicates(
                municipality, given_names=data["given_names"], family_name=data["family_name"],
                birth_date=data["birth_date"])
            name_matches = access.registration_matches(request, [("name", c) for c in likely])
        if not number_matches and not name_matches:
            try:
                client = services.create_client(actor=user, municipality=municipality, **form.service_values(),
                                                bsn=identifiers.get(IdentifierKind.BSN),
                                                v_number=identifiers.get(IdentifierKind.V_NUMBER),
                                                coa_number=identifiers.get(IdentifierKind.COA_NUMBER))
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                if access.visible_clients(user).filter(pk=client.pk).exists():
                    messages.success(request, _("De cliënt is ingeschreven."))
                    return redirect("clients:detail", public_id=client.public_id)
                # Placed in another team with another klantmanager: the client is not the user's to open.
                messages.success(request, _("De cliënt is ingeschreven en toegewezen aan een ander team."))
                return redirect("clients:list")
    return render(request, "clients/create.html", {
        "form": form,
        "municipality": municipality,
        "number_matches": number_matches,
        "name_matches": name_matches,
        "retype": form.secrets_to_retype() if request.method == "POST" else [],
    })


# --- Client page ----------------------------------------------------------------------------------

def _render_detail(request, client, *, revealed_kind: str = "", revealed_value: str = ""):
    identifiers = sorted(client.identifiers.all(), key=lambda i: IDENTIFIER_ORDER.index(i.kind))
    can_change = access.can_change_client(request.user, client)
    panels = render_panels(request, client)
    return render(request, "clients/detail.html", {
        "client": client,
        "age": client.age_on(timezone.localdate()),
        "languages": list(client.languages.all()),
        "identifiers": identifiers,
        "missing_kinds": [k for k in IDENTIFIER_ORDER if k not in {i.kind for i in identifiers}],
        "household_members": access.household_members(request.user, client),
        "can_change": can_change,
        "revealed_kind": revealed_kind,
        "revealed_value": revealed_value,
        "assignment_url": _optional_url("caseload:client_assignment", public_id=client.public_id),
        "panels": panels,
        "panel_stylesheets": stylesheets_of(panels),
    })


@never_cache
@login_required
@require_GET
def client_detail(request, public_id):
    client = access.get_client_for_view(request, public_id)
    return _render_detail(request, client)


def _reveal(request, client, kind: str):
    value = client.identifiers.filter(kind=kind).values_list("value", flat=True).first() or ""
    return _render_detail(request, client, revealed_kind=kind if value else "", revealed_value=value)


@never_cache
@login_required
@require_POST
def client_reveal_bsn(request, public_id):
    """Shows the full BSN once, after an explicit request; recorded as ``client.bsn_revealed``."""
    client = access.get_client_for_bsn_reveal(request, public_id)
    return _reveal(request, client, IdentifierKind.BSN)


@never_cache
@login_required
@require_POST
def client_reveal_identifier(request, public_id):
    """Shows one full number (the kind is in the POST body), recorded by the access door."""
    kind = request.POST.get("soort", "")
    if kind not in IdentifierKind.values:
        raise Http404
    client = access.get_client_for_identifier_reveal(request, public_id, kind)
    return _reveal(request, client, kind)


# --- Edit --------------------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request, public_id):
    if request.method == "GET":
        client = access.get_client_for_edit(request, public_id)
        form = ClientEditForm(client=client)
    else:
        client = access.get_client_for_change(request, public_id)
        form = ClientEditForm(request.POST, client=client)
        if form.is_valid():
            try:
                updated = services.update_client(actor=request.user, client=client, **form.changes())
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
                if access.visible_clients(request.user).filter(pk=updated.pk).exists():
                    return redirect("clients:detail", public_id=updated.public_id)
                return redirect("clients:list")
    return render(request, "clients/edit.html", {"form": form, "client": client})


# --- Identifiers --------------------------------------------------------------------------------

def _client_for_form(request, public_id):
    """GET shows a form (a recorded read); POST changes (audited by the service)."""
    if request.method == "GET":
        return access.get_client_for_edit(request, public_id)
    return access.get_client_for_change(request, public_id)


def _identifier_of(client, identifier_id):
    identifier = client.identifiers.filter(public_id=identifier_id).first()
    if identifier is None:
        raise Http404
    return identifier


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def identifier_add(request, public_id):
    client = _client_for_form(request, public_id)
    present = set(client.identifiers.values_list("kind", flat=True))
    missing = [kind for kind in IDENTIFIER_ORDER if kind not in present]
    if not missing:
        messages.info(request, _("Deze cliënt heeft al een BSN, V-nummer en COA-nummer."))
        return redirect("clients:detail", public_id=client.public_id)
    form = IdentifierAddForm(request.POST or None, missing_kinds=missing,
                             initial={"kind": request.GET.get("soort", missing[0])})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            identifier = services.add_identifier(actor=request.user, client=client, kind=data["kind"],
                                                 value=data["value"], verified_on=data["verified_on"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Het %(kind)s is toegevoegd.") % {"kind": identifier.get_kind_display()})
            return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/identifier_add.html", {"form": form, "client": client})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def identifier_change(request, public_id, identifier_id):
    client = _client_for_form(request, public_id)
    identifier = _identifier_of(client, identifier_id)
    form = IdentifierChangeForm(request.POST or None, identifier=identifier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_identifier(actor=request.user, client=client, identifier=identifier,
                                       value=data["value"] or None, verified_on=data["verified_on"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Het %(kind)s is bijgewerkt.") % {"kind": identifier.get_kind_display()})
            return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/identifier_change.html",
                  {"form": form, "client": client, "identifier": identifier})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def identifier_remove(request, public_id, identifier_id):
    client = _client_for_form(request, public_id)
    identifier = _identifier_of(client, identifier_id)
    if request.method == "POST":
        services.remove_identifier(actor=request.user, client=client, identifier=identifier)
        messages.success(request, _("Het %(kind)s is verwijderd.") % {"kind": identifier.get_kind_display()})
        return redirect("clients:detail", public_id=client.public_id)
    return render(request, "clients/identifier_remove.html", {"client": client, "identifier": identifier})


# --- Household ----------------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def household(request, public_id):
    """Link the client with another client into one household: search among the clients the user may
    change (same municipality), choose one, set the roles."""
    client = _client_for_form(request, public_id)
    link_form = HouseholdLinkForm(request.POST or None)
    if request.method == "POST" and link_form.is_valid():
        data = link_form.cleaned_data
        member = access.get_household_member_for_link(request.user, client, data["member"])
        try:
            services.link_household(actor=request.user, client=client, member=member,
                                    client_role=data["client_role"], member_role=data["member_role"])
        except ValidationError as exc:
            link_form.add_service_error(exc)
        else:
            messages.success(request, _("%(name)s hoort nu bij het huishouden.") % {"name": member.full_name})
            return redirect("clients:detail", public_id=client.public_id)

    search_form = HouseholdSearchForm(request.GET or None)
    results = []
    searched = search_form.is_bound and search_form.is_valid() and search_form.has_terms()
    if searched:
        candidates = access.household_link_candidates(request.user, client).select_related("team")
        for term in search_form.name_terms():
            candidates = candidates.filter(Q(given_names__icontains=term) | Q(family_name__icontains=term))
        if search_form.cleaned_data.get("geboortedatum"):
            candidates = candidates.filter(birth_date=search_form.cleaned_data["geboortedatum"])
        results = list(candidates.order_by("family_name", "given_names", "pk")[:HOUSEHOLD_RESULTS + 1])
    return render(request, "clients/household.html", {
        "client": client,
        "search_form": search_form,
        "link_form": link_form,
        "searched": searched,
        "results": results[:HOUSEHOLD_RESULTS],
        "more_results": len(results) > HOUSEHOLD_RESULTS,
        "members": access.household_members(request.user, client),
    })


@never_cache
@login_required
@require_POST
def household_unlink(request, public_id):
    client = access.get_client_for_change(request, public_id)
    try:
        services.unlink_household(actor=request.user, client=client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s hoort niet meer bij het huishouden.") % {"name": client.full_name})
    return redirect("clients:detail", public_id=client.public_id)
