"""Client pages: list and search, register, dossier, edit. Thin: parse → access door → service → render.

Every client row comes through ``meedoen.accounts.access``; reads are recorded there (the list
records one ``client.list_viewed`` event here), changes by ``meedoen.clients.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.clients import services
from meedoen.clients.forms import BsnSearchForm, ClientCreateForm, ClientEditForm, ClientSearchForm
from meedoen.clients.models import IdentifierKind

PAGE_SIZE = 25

# Who has a client list at all. Partners will see the clients referred to them (empty until referrals
# exist); policy officers and functioneel beheerders never see dossiers, so for them the page is a 403.
LIST_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER, Role.PARTNERMEDEWERKER)
CREATE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)


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
        if data.get("mijn"):
            clients = clients.filter(klantmanager=user)
    return clients.order_by("family_name", "given_names", "pk")


@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*LIST_ROLES)
def client_list(request):
    """The clients the user may open, searchable by name and birth date; POST searches by BSN."""
    user = request.user
    bsn_form = BsnSearchForm()
    bsn_not_found = False
    if request.method == "POST":
        bsn_form = BsnSearchForm(request.POST)
        if bsn_form.is_valid():
            found = access.find_client_by_bsn(request, bsn_form.cleaned_data["bsn"])
            if found is not None:
                return redirect("clients:detail", public_id=found.public_id)
            bsn_not_found = True
            bsn_form = BsnSearchForm()

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
        "bsn_form": bsn_form,
        "bsn_not_found": bsn_not_found,
        "filtered": bool(search_params),
        "may_create": access.has_role(user, *CREATE_ROLES),
    })


# --- Register ----------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*CREATE_ROLES)
def client_create(request):
    user = request.user
    municipality = access.client_creation_municipality(user)
    form = ClientCreateForm(request.POST or None, user=user, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client = services.create_client(
                actor=user, municipality=municipality,
                given_names=data["given_names"], family_name=data["family_name"], birth_date=data["birth_date"],
                regime=data["regime"], team=data["team"], klantmanager=data["klantmanager"],
                bsn=data["bsn"] or None,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        except IntegrityError:
            # Two people registering the same BSN at the same moment: the unique constraint decides.
            form.add_error("bsn", _("Er staat al een cliënt met dit BSN ingeschreven."))
        else:
            if access.visible_clients(user).filter(pk=client.pk).exists():
                messages.success(request, _("De cliënt is ingeschreven."))
                return redirect("clients:detail", public_id=client.public_id)
            # Placed in another team with another klantmanager: the dossier is not the user's to open.
            messages.success(request, _("De cliënt is ingeschreven en toegewezen aan een ander team."))
            return redirect("clients:list")
    return render(request, "clients/create.html", {"form": form, "municipality": municipality})


# --- Dossier -----------------------------------------------------------------------------------

def _render_detail(request, client, *, revealed_bsn: str = ""):
    identifiers = list(client.identifiers.order_by("kind"))
    can_change = access.can_change_client(request.user, client)
    response = render(request, "clients/detail.html", {
        "client": client,
        "age": client.age_on(timezone.localdate()),
        "identifiers": identifiers,
        "can_change": can_change,
        "can_reveal_bsn": can_change and not revealed_bsn
        and any(i.kind == IdentifierKind.BSN for i in identifiers),
        "revealed_bsn": revealed_bsn,
    })
    return response


@never_cache
@login_required
@require_GET
def client_detail(request, public_id):
    client = access.get_client_for_view(request, public_id)
    return _render_detail(request, client)


@never_cache
@login_required
@require_POST
def client_reveal_bsn(request, public_id):
    """Shows the full BSN once, after an explicit request; recorded as ``client.bsn_revealed``."""
    client = access.get_client_for_bsn_reveal(request, public_id)
    bsn = client.identifiers.filter(kind=IdentifierKind.BSN).values_list("value", flat=True).first() or ""
    return _render_detail(request, client, revealed_bsn=bsn)


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
