"""Placement pages and the outflow figures.

* Klantmanager / teamleider: record a placement of a client (``placement_create``, optionally from a hired
  proposal: ``?voordracht=<public id>``), change its terms (``placement_edit``) and end it
  (``placement_end``). The form shows what the job does to the bijstand before it is saved ("Uitstroom
  berekenen") and again as a message after saving.
* Teamleider, beleidsmedewerker, functioneel beheerder: the outflow figures of their municipality
  (``outflow``), aggregates only.

Thin: parse → access door → service → redirect with a Dutch message. A client or placement the user may not
change is a 404; a page for another role is a 403.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core.forms import call_service
from meedoen.work.forms.placements import PlacementEndForm, PlacementForm, PlacementTermsForm
from meedoen.work.models import Outflow, Placement, Proposal
from meedoen.work.outflow import outflow_figures
from meedoen.work.panels import PANEL_KEY
from meedoen.work.services import placements as services

CASE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
FIGURE_ROLES = (Role.TEAMLEIDER, Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER)
GET_POST = ["GET", "POST"]


def _data(request):
    return request.POST if request.method == "POST" else None


def _back(client) -> str:
    return f"{reverse('clients:detail', args=[client.public_id])}#{PANEL_KEY}"


def _proposal(request, client) -> Proposal | None:
    value = request.GET.get("voordracht", "")
    if not value:
        return None
    try:
        public_id = uuid.UUID(value)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Proposal.objects.select_related("vacancy__employer"), client=client,
                             public_id=public_id)


def _bijstand_line(client) -> str:
    episode = services.open_episode(client)
    if episode is None:
        return _("De cliënt heeft nu geen bijstand: een baan geeft geen uitstroom.")
    return _("Bijstand sinds %(date)s.") % {"date": f"{episode.start:%d-%m-%Y}"}


def _norm_line(client) -> str:
    norm = services.default_norm(client)
    if norm is None:
        return _("Er is nog geen bijstandsnorm ingesteld; vul de norm hieronder in.")
    if services.has_partner(client):
        return _("Norm uit de instellingen voor gehuwden of samenwonenden: %(norm)s per maand.") % {
            "norm": services.money(norm)}
    return _("Norm uit de instellingen voor een alleenstaande: %(norm)s per maand.") % {"norm": services.money(norm)}


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*CASE_ROLES)
def placement_create(request, public_id):
    client = access.get_client_for_form(request, public_id)
    proposal = _proposal(request, client)
    initial = {"start": timezone.localdate()}
    if proposal is not None:
        vacancy = proposal.vacancy
        initial.update(kind=vacancy.kind, employer=vacancy.employer.public_id, hours_per_week=vacancy.hours_per_week,
                       occupation=vacancy.occupation)
    form = PlacementForm(_data(request), municipality=client.municipality, locked_employer=proposal is not None,
                         initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            preview = services.preview_outflow(client, kind=data["kind"], monthly_wage=data["monthly_wage"],
                                               bijstand_norm=data["bijstand_norm"])
        else:
            saved = []

            def call():
                saved.append(services.record_placement(
                    request.user, client, kind=data["kind"], employer=data["employer"], start=data["start"],
                    end=data["end"], vacancy=proposal.vacancy if proposal else None, proposal=proposal,
                    **form.terms()))

            if call_service(form, call):
                placement = saved[0]
                messages.success(request, _("De plaatsing is vastgelegd."))
                _outflow_message(request, placement)
                return redirect(_back(client))
    return render(request, "work/placements/form.html", {
        "client": client, "form": form, "proposal": proposal, "preview": preview,
        "title": _("Plaatsing vastleggen"), "bijstand_line": _bijstand_line(client), "norm_line": _norm_line(client),
        "back_url": _back(client), "can_preview": True,
    })


def _outflow_message(request, placement: Placement) -> None:
    if placement.kind != "paid_job":
        return
    text = services.outflow_text(placement.outflow, placement.monthly_wage, placement.bijstand_norm)
    if placement.outflow == Outflow.FULL:
        messages.info(request, _("%(text)s. De bijstand is beëindigd met reden werk.") % {"text": text})
    else:
        messages.info(request, f"{text}.")


def _placement_for_form(request, placement_id) -> tuple[Placement, object]:
    placement = get_object_or_404(Placement.objects.select_related("client", "employer"), public_id=placement_id)
    client = access.get_client_for_form(request, placement.client.public_id)
    placement.client = client
    return placement, client


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*CASE_ROLES)
def placement_edit(request, placement_id):
    placement, client = _placement_for_form(request, placement_id)
    initial = {name: getattr(placement, name) for name in PlacementTermsForm.TERM_FIELDS}
    form = PlacementTermsForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_placement(request.user, placement, **form.terms())):
            placement.refresh_from_db()
            messages.success(request, _("De plaatsing is gewijzigd."))
            _outflow_message(request, placement)
            return redirect(_back(client))
    return render(request, "work/placements/form.html", {
        "client": client, "form": form, "placement": placement,
        "title": _("Plaatsing wijzigen"), "bijstand_line": _bijstand_line(client), "norm_line": _norm_line(client),
        "back_url": _back(client),
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*CASE_ROLES)
def placement_end(request, placement_id):
    placement, client = _placement_for_form(request, placement_id)
    form = PlacementEndForm(_data(request), initial={"end": placement.end or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(form, lambda: services.end_placement(request.user, placement, data["end"],
                                                             data["end_reason"])):
            messages.success(request, _("Het einde van de plaatsing is vastgelegd."))
            if placement.outflow == Outflow.FULL:
                messages.info(request, _("Krijgt de cliënt weer bijstand, leg dan een nieuwe bijstandsperiode vast "
                                         "op het traject."))
            return redirect(_back(client))
    return render(request, "work/placements/end.html", {
        "client": client, "form": form, "placement": placement, "back_url": _back(client),
    })


# --- Outflow figures ------------------------------------------------------------------------------------------

def _today():
    """The reference date of the figures (a function, so tests can fix it)."""
    return timezone.localdate()


def _municipality(request, municipalities):
    wanted = request.GET.get("gemeente", "")
    if wanted:
        for municipality in municipalities:
            if str(municipality.public_id) == wanted:
                return municipality
        raise Http404
    return municipalities[0]


@never_cache
@require_GET
@access.require_roles(*FIGURE_ROLES)
def outflow(request):
    municipalities = access.aggregate_scope(request.user)
    if not municipalities:
        raise Http404
    municipality = _municipality(request, municipalities)
    try:
        year = int(request.GET.get("jaar", ""))
    except ValueError:
        year = None
    suppress = access.role_in(request.user, municipality) == Role.BELEIDSMEDEWERKER
    figures = outflow_figures(municipality, year=year, reference=_today(), suppress=suppress)
    return render(request, "work/placements/outflow.html", {
        "municipality": municipality, "municipalities": municipalities, "figures": figures,
    })

