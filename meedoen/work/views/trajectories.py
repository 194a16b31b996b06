"""Pages of procured re-integration trajectories.

* Teamleider, beleidsmedewerker, functioneel beheerder: how providers perform (``provider_performance``):
  aggregates only, never a client. For a beleidsmedewerker, counts under the small-cell threshold are shown
  as "<5" (full suppression follows in a later issue).
* Functioneel beheerder: providers and their contracts (``provider_list``, ``provider_create``,
  ``provider_edit``, ``contract_create``, ``contract_edit``); a teamleider may look at the list.
* Klantmanager / teamleider who may change the client: start a trajectory (``trajectory_create``) and record
  its result (``trajectory_result``).

Thin: parse → access door → service → redirect with a Dutch message. A row the user may not know exists is a
404; a page for another role is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core.aggregates import Cell, suppress_one, threshold
from meedoen.core.forms import call_service
from meedoen.work import performance
from meedoen.work.forms import trajectories as forms
from meedoen.work.models import ProcurementContract, Provider, Trajectory, TrajectoryResult
from meedoen.work.services import trajectories as services

PERFORMANCE_ROLES = (Role.TEAMLEIDER, Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER)
REGISTER_ROLES = (Role.FUNCTIONEEL_BEHEERDER, Role.TEAMLEIDER)
TRAJECTORY_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
# Roles that see exact counts on the performance page; the others (beleidsmedewerker) see small counts hidden.
EXACT_COUNT_ROLES = (Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER)
GET_POST = ["GET", "POST"]
YEARS_BACK = 6


def _data(request):
    return request.POST if request.method == "POST" else None


def _chosen(municipalities: list, wanted: str | None):
    if not municipalities:
        raise Http404
    return next((m for m in municipalities if str(m.public_id) == (wanted or "")), municipalities[0])


# --- Performance ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """Figures as this user may see them: counts as cells (small ones hidden for a beleidsmedewerker) and
    whether the figures derived from them (rate, interval, costs) may be shown."""

    figures: performance.Figures
    started: Cell
    decided: Cell
    pending: Cell
    successes: Cell

    @property
    def derived_visible(self) -> bool:
        return not (self.started.suppressed or self.decided.suppressed or self.successes.suppressed)


def _shown(figures: performance.Figures, hide_small: bool) -> Shown:
    def cell(value: int) -> Cell:
        return suppress_one(value) if hide_small else Cell(value)

    return Shown(figures=figures, started=cell(figures.started), decided=cell(figures.decided),
                 pending=cell(figures.pending), successes=cell(figures.successes))


def _hides_small_counts(user, municipality) -> bool:
    return not any(m.role in EXACT_COUNT_ROLES and m.municipality_id == municipality.pk
                   for m in access.memberships(user))


@never_cache
@require_GET
@access.require_roles(*PERFORMANCE_ROLES)
def provider_performance(request):
    """Success rate with its 95 % interval, cost and cost per success per provider and per contract, against
    the contract's promise and the 20–30 % from practice."""
    municipalities = access.aggregate_scope(request.user)
    municipality = _chosen(municipalities, request.GET.get("gemeente"))
    today = timezone.localdate()
    form = forms.PerformanceFilterForm(request.GET or None,
                                       years=list(range(today.year, today.year - YEARS_BACK, -1)))
    year, trajectory_type = None, ""
    if form.is_bound:
        if form.is_valid():
            year, trajectory_type = form.cleaned_data["jaar"], form.cleaned_data["soort"]
        else:
            messages.warning(request, _("Kies een jaar en een soort traject uit de lijst; u ziet alle contracten."))
    overview = performance.provider_performance(municipality, today=today, year=year,
                                                trajectory_type=trajectory_type)
    hide_small = _hides_small_counts(request.user, municipality)
    rows = [{
        "provider": p.provider, "shown": _shown(p.figures, hide_small), "promises_differ": p.promises_differ,
        "contracts": [{"contract": c.contract, "shown": _shown(c.figures, hide_small)} for c in p.contracts],
    } for p in overview.providers]
    return render(request, "work/trajectories/performance.html", {
        "municipality": municipality, "municipalities": municipalities, "form": form, "rows": rows,
        "total": _shown(overview.total, hide_small), "reference": overview.reference, "today": today,
        "total_promises_differ": len({c["contract"].promised_success_percent
                                      for row in rows for c in row["contracts"]}) > 1,
        "hide_small": hide_small, "small_cell_threshold": threshold(),
        "may_manage": Role.FUNCTIONEEL_BEHEERDER in access.roles(request.user)
        or Role.TEAMLEIDER in access.roles(request.user),
    })


# --- Providers and contracts ---------------------------------------------------------------------------------

def _beheer_municipalities(user) -> list:
    return access.municipalities(user, Role.FUNCTIONEEL_BEHEERDER)


def _provider_for_beheer(user, public_id) -> Provider:
    provider = (Provider.objects.select_related("municipality")
                .filter(public_id=public_id, municipality__in=_beheer_municipalities(user)).first())
    if provider is None:
        raise Http404
    return provider


@never_cache
@require_GET
@access.require_roles(*REGISTER_ROLES)
def provider_list(request):
    municipalities = access.municipalities(request.user, *REGISTER_ROLES)
    providers = (Provider.objects.filter(municipality__in=municipalities).select_related("municipality")
                 .prefetch_related("contracts").order_by("name", "pk"))
    beheer_ids = {m.pk for m in _beheer_municipalities(request.user)}
    return render(request, "work/trajectories/provider_list.html", {
        "providers": providers, "beheer_ids": beheer_ids, "may_edit": bool(beheer_ids),
        "several": len(municipalities) > 1, "today": timezone.localdate(),
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def provider_create(request):
    municipality = _chosen(_beheer_municipalities(request.user), request.GET.get("gemeente"))
    form = forms.ProviderForm(_data(request))
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.create_provider(request.user, municipality, form.cleaned_data)):
        messages.success(request, _("Het re-integratiebedrijf %(name)s is toegevoegd.")
                         % {"name": form.cleaned_data["name"]})
        return redirect("work:provider_list")
    return render(request, "work/trajectories/form.html", {
        "form": form, "title": _("Re-integratiebedrijf toevoegen"), "municipality": municipality,
    }, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def provider_edit(request, public_id):
    provider = _provider_for_beheer(request.user, public_id)
    form = forms.ProviderForm(_data(request), initial=forms.ProviderForm.initial_for(provider))
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.update_provider(request.user, provider, form.cleaned_data)):
        messages.success(request, _("Het re-integratiebedrijf is opgeslagen."))
        return redirect("work:provider_list")
    return render(request, "work/trajectories/form.html", {
        "form": form, "title": _("Re-integratiebedrijf wijzigen"), "provider": provider,
        "municipality": provider.municipality,
    }, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def contract_create(request, public_id):
    provider = _provider_for_beheer(request.user, public_id)
    form = forms.ContractForm(_data(request))
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.create_contract(request.user, provider, form.cleaned_data)):
        messages.success(request, _("Het contract %(reference)s is vastgelegd.")
                         % {"reference": form.cleaned_data["reference"]})
        return redirect("work:provider_list")
    return render(request, "work/trajectories/form.html", {
        "form": form, "title": _("Contract vastleggen"), "provider": provider, "municipality": provider.municipality,
    }, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def contract_edit(request, public_id):
    contract = (ProcurementContract.objects.select_related("provider", "municipality")
                .filter(public_id=public_id, municipality__in=_beheer_municipalities(request.user)).first())
    if contract is None:
        raise Http404
    form = forms.ContractForm(_data(request), initial=forms.ContractForm.initial_for(contract))
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.update_contract(request.user, contract, form.cleaned_data)):
        messages.success(request, _("Het contract is opgeslagen."))
        return redirect("work:provider_list")
    return render(request, "work/trajectories/form.html", {
        "form": form, "title": _("Contract wijzigen"), "provider": contract.provider, "contract": contract,
        "municipality": contract.municipality,
    }, status=400 if request.method == "POST" else 200)


# --- Trajectories of a client --------------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*TRAJECTORY_ROLES)
def trajectory_create(request, public_id):
    """Start a trajectory for the client at a contract running today; the client's trajectories so far."""
    client = access.get_client_for_form(request, public_id)
    contracts = services.running_contracts(client.municipality)
    form = forms.TrajectoryStartForm(_data(request), contracts=contracts)
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.start_trajectory(request.user, client, form.cleaned_data["contract"],
                                                    form.cleaned_data["start"])):
        contract = form.cleaned_data["contract"]
        messages.success(request, _("Het traject bij %(provider)s is vastgelegd.")
                         % {"provider": contract.provider.name})
        return redirect("work:trajectory_create", public_id=client.public_id)
    trajectories = (Trajectory.objects.filter(client=client).select_related("contract__provider")
                    .order_by("-start", "-pk"))
    return render(request, "work/trajectories/trajectory_create.html", {
        "client": client, "form": form, "has_contracts": bool(form.fields["contract"].queryset),
        "trajectories": trajectories,
    }, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*TRAJECTORY_ROLES)
def trajectory_result(request, public_id):
    trajectory = (Trajectory.objects.select_related("contract__provider", "client")
                  .filter(public_id=public_id).first())
    if trajectory is None:
        raise Http404
    client = access.get_client_for_form(request, trajectory.client.public_id)
    initial = {}
    if trajectory.result != TrajectoryResult.PENDING:
        initial = {"result": trajectory.result, "result_on": trajectory.result_on, "end": trajectory.end}
    form = forms.TrajectoryResultForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.record_result(request.user, trajectory, form.cleaned_data["result"],
                                                 form.cleaned_data["result_on"], form.cleaned_data["end"])):
        messages.success(request, _("Het resultaat van het traject is vastgelegd."))
        return redirect("work:trajectory_create", public_id=client.public_id)
    return render(request, "work/trajectories/trajectory_result.html", {
        "client": client, "trajectory": trajectory, "form": form,
        "window_end": performance.window_end(trajectory.start, trajectory.contract.success_window_months),
    }, status=400 if request.method == "POST" else 200)
