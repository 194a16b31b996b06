"""Plan pages: the client's plan and versions, one version, the draft forms, setting, revising, the diff, the PDF
and the municipality's norms.

Thin: parse → access door → service → redirect with a Dutch message. Every client comes through
``meedoen.accounts.access`` (reads with ``get_client_for_view``, which records the read; forms with
``get_client_for_edit``; changes with ``get_client_for_change``). A plan or activity id the user may not reach
gives 404, whoever asks. Every change goes through ``meedoen.plans.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.plans import forms, load, services
from meedoen.plans.charts import load_chart
from meedoen.plans.models import FROZEN_STATUSES, Plan, PlanActivity, PlanStatus

GET_POST = ["GET", "POST"]
VIEW_ACTION = "plans.plan_viewed"


# --- Lookups through the access door ------------------------------------------------------------------------

def _plan(public_id) -> Plan:
    try:
        return (Plan.objects.select_related("client", "municipality", "contact_person", "set_by")
                .get(public_id=public_id))
    except (Plan.DoesNotExist, ValueError):
        raise Http404 from None


def _plan_for_view(request, public_id, action: str = VIEW_ACTION) -> Plan:
    plan = _plan(public_id)
    plan.client = access.get_client_for_view(request, plan.client.public_id, action=action)
    return plan


def _plan_for_change(request, public_id) -> Plan:
    """The plan of a client the user may change (404 otherwise). A form page (GET) is recorded as a read."""
    plan = _plan(public_id)
    if request.method == "GET":
        plan.client = access.get_client_for_edit(request, plan.client.public_id)
    else:
        plan.client = access.get_client_for_change(request, plan.client.public_id)
    return plan


def _activity_for_change(request, public_id) -> PlanActivity:
    try:
        activity = PlanActivity.objects.select_related("plan", "plan__client", "offer").get(public_id=public_id)
    except (PlanActivity.DoesNotExist, ValueError):
        raise Http404 from None
    getter = access.get_client_for_edit if request.method == "GET" else access.get_client_for_change
    activity.plan.client = getter(request, activity.plan.client.public_id)
    if services.is_special(activity) and not access.can_view_special_category(request.user, activity.plan.client):
        raise Http404
    return activity


def _detail_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.public_id])


def _client_url(client) -> str:
    return reverse("plans:client", args=[client.public_id])


def _frozen(request, plan: Plan):
    """Redirect (with a message) when a form for a draft is asked of a set version."""
    if plan.status in FROZEN_STATUSES:
        messages.error(request, _("Een vastgesteld plan kan niet meer worden gewijzigd. Herzie het plan om een "
                                  "nieuwe versie te maken."))
        return redirect(_detail_url(plan))
    return None


def _save(form, call) -> bool:
    try:
        call()
    except ValidationError as exc:
        form.add_service_error(exc)
        return False
    return True


def _flash_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- The client's plan --------------------------------------------------------------------------------------

@never_cache
@login_required
@require_GET
def client_plans(request, public_id):
    client = access.get_client_for_view(request, public_id, action=VIEW_ACTION)
    versions = list(Plan.objects.filter(client=client).select_related("set_by").annotate(
        activity_count=Count("activities")).order_by("-version"))
    current = next((p for p in versions if p.status == PlanStatus.SET), None)
    draft = next((p for p in versions if p.status == PlanStatus.DRAFT), None)
    return render(request, "plans/client.html", {
        "client": client, "versions": versions, "current": current, "draft": draft, "pip": services.is_pip(client),
        "wi2013": services.is_wi2013(client), "back_url": reverse("clients:detail", args=[client.public_id]),
    })


@never_cache
@login_required
@require_POST
def create(request, public_id):
    client = access.get_client_for_change(request, public_id)
    try:
        plan = services.create_draft(request.user, client)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(_client_url(client))
    if services.is_pip(client):
        message = _("Het concept van het plan (versie %(version)s) is gemaakt.")
    else:
        message = _("Het concept van het plan van aanpak (versie %(version)s) is gemaakt.")
    messages.success(request, message % {"version": plan.version})
    return redirect(reverse("plans:edit", args=[plan.public_id]))


# --- One version --------------------------------------------------------------------------------------------

def _may_see_special(request, plan: Plan, activities) -> bool:
    """Whether the user may see the health activities of this plan; each such read is recorded."""
    special = [a for a in activities if services.is_special(a)]
    allowed = access.can_view_special_category(request.user, plan.client)
    if special and allowed:
        record(actor=request.user, action="plans.special_category_viewed", obj=plan, municipality=plan.municipality,
               client_public_id=plan.client.public_id, details={"version": plan.version, "activities": len(special)})
    return allowed


def _mark(activities, may_see_special: bool) -> None:
    for a in activities:
        a.type_label = load.type_label(a.activity_type)
        a.masked = services.is_special(a) and not may_see_special


def _contents(request, plan: Plan) -> dict:
    """What every view of one version needs: activities, load check, planned hours (a fixed number of queries).
    Health activities are shown only to the client's own klantmanager and the team lead ("afgeschermd")."""
    activities = list(plan.activities.select_related("offer", "offer__partner").order_by("start", "id"))
    may_see = _may_see_special(request, plan, activities)
    _mark(activities, may_see)
    settings = services.plan_settings(plan.municipality)
    check = services.load_check(plan, activities, mask_special=not may_see)
    pip = services.is_pip(plan.client)
    return {"activities": activities, "check": check, "hours": services.hours_summary(plan, activities, settings),
            "pip": pip, "wi2013": services.is_wi2013(plan.client),
            "show_participatiewet": not pip or bool(plan.participatiewet_obligations)}


@never_cache
@login_required
@require_GET
def detail(request, public_id):
    plan = _plan_for_view(request, public_id)
    context = _contents(request, plan)
    versions = list(Plan.objects.filter(client=plan.client).only("public_id", "version", "status")
                    .order_by("-version"))
    older = [v for v in versions if v.version < plan.version]
    return render(request, "plans/detail.html", {
        **context, "plan": plan, "client": plan.client, "chart": load_chart(context["check"]),
        "compare_with": older[0] if older else None, "has_draft": any(v.status == PlanStatus.DRAFT for v in versions),
        "back_url": _client_url(plan.client),
    })


@never_cache
@login_required
@require_http_methods(GET_POST)
def edit(request, public_id):
    plan = _plan_for_change(request, public_id)
    refused = _frozen(request, plan)
    if refused:
        return refused
    pip = services.is_pip(plan.client)
    bijstand = services.has_bijstand(plan.client)
    form = forms.PlanForm(request.POST or None, instance=plan, pip=pip, show_participatiewet=not pip or bijstand,
                          obligations_required=bijstand)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS if name in form.cleaned_data}
        if _save(form, lambda: services.update_draft(request.user, plan, **data)):
            messages.success(request, _("Het concept is opgeslagen."))
            return redirect(_detail_url(plan))
    return render(request, "plans/edit.html", {
        "plan": plan, "client": plan.client, "form": form, "back_url": _detail_url(plan), "pip": pip,
        "obligations_required": not pip and bijstand, "wi2013": services.is_wi2013(plan.client),
    })


# --- Activities ---------------------------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(GET_POST)
def activity_add(request, public_id):
    plan = _plan_for_change(request, public_id)
    refused = _frozen(request, plan)
    if refused:
        return refused
    form = forms.ActivityForm(request.POST or None, municipality=plan.municipality,
                              pip=services.is_pip(plan.client))
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.add_activity(request.user, plan, **form.service_values())):
            messages.success(request, _("De activiteit is toegevoegd."))
            return redirect(_detail_url(plan) + "#activiteiten")
    return render(request, "plans/activity_form.html", {
        "plan": plan, "client": plan.client, "form": form, "title": _("Activiteit toevoegen"),
        "submit_label": _("Toevoegen"), "back_url": _detail_url(plan),
    })


@never_cache
@login_required
@require_http_methods(GET_POST)
def activity_edit(request, public_id):
    activity = _activity_for_change(request, public_id)
    plan = activity.plan
    refused = _frozen(request, plan)
    if refused:
        return refused
    initial = {"offer": str(activity.offer.public_id) if activity.offer_id else "",
               "activity_type": "" if activity.offer_id else activity.activity_type,
               "description": activity.description, "hours_per_week": activity.hours_per_week,
               "start": activity.start, "end": activity.end}
    form = forms.ActivityForm(request.POST or None, initial=initial, municipality=plan.municipality,
                              current_offer=activity.offer, pip=services.is_pip(plan.client))
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.update_activity(request.user, activity, **form.service_values())):
            messages.success(request, _("De activiteit is gewijzigd."))
            return redirect(_detail_url(plan) + "#activiteiten")
    return render(request, "plans/activity_form.html", {
        "plan": plan, "client": plan.client, "form": form, "activity": activity,
        "title": _("Activiteit wijzigen"), "submit_label": _("Opslaan"), "back_url": _detail_url(plan),
    })


@never_cache
@login_required
@require_http_methods(GET_POST)
def activity_remove(request, public_id):
    activity = _activity_for_change(request, public_id)
    plan = activity.plan
    refused = _frozen(request, plan)
    if refused:
        return refused
    if request.method == "POST":
        try:
            services.remove_activity(request.user, activity)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("De activiteit is uit het plan gehaald."))
        return redirect(_detail_url(plan) + "#activiteiten")
    return render(request, "plans/confirm.html", {
        "plan": plan, "client": plan.client, "back_url": _detail_url(plan),
        "title": _("Activiteit uit het plan halen"),
        "question": _("Wilt u ‘%(name)s’ uit het concept halen?") % {"name": activity.description},
        "submit_label": _("Ja, uit het plan halen"),
    })


# --- Setting, revising, discarding --------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(GET_POST)
def set_plan(request, public_id):
    plan = _plan_for_change(request, public_id)
    if plan.status != PlanStatus.DRAFT:
        messages.info(request, _("Deze versie is al vastgesteld."))
        return redirect(_detail_url(plan))
    context = _contents(request, plan)
    check = context["check"]
    form = forms.SetForm(request.POST or None, needs_reason=not check.ok)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data.get("override_reason", "")
        if _save(form, lambda: services.set_plan(request.user, plan, form.cleaned_data["dagtekening"], reason)):
            if context["pip"]:
                message = _("Het plan (versie %(version)s) is vastgesteld.")
            else:
                message = _("Het plan van aanpak (versie %(version)s) is vastgesteld.")
            messages.success(request, message % {"version": plan.version})
            return redirect(_detail_url(plan))
    first = context["pip"] and services.first_dagtekening(plan.client) is None
    return render(request, "plans/set.html", {
        **context, "plan": plan, "client": plan.client, "form": form, "is_first": first,
        "missing": _missing(plan, context), "back_url": _detail_url(plan),
    })


def _missing(plan: Plan, context: dict) -> list[str]:
    """What the set page lists as still missing (the service refuses the same, in its own words)."""
    activities = context["activities"]
    if context["pip"]:
        checks = ((_("Er is nog geen leerroute gekozen."), not plan.route),)
    else:
        checks = ((_("De verplichtingen uit de Participatiewet zijn nog niet ingevuld."),
                   not plan.participatiewet_obligations.strip() and services.obligations_required(plan.client)),
                  (_("Het plan heeft PVT of MAP, maar die horen alleen bij een persoonlijk plan (PIP)."),
                   any(a.activity_type in services.INBURGERING_TYPES for a in activities)))
    checks += ((_("Het plan heeft nog geen activiteiten."), not activities),)
    return [message for message, bad in checks if bad]


@never_cache
@login_required
@require_POST
def revise(request, public_id):
    plan = _plan_for_change(request, public_id)
    try:
        new = services.revise_plan(request.user, plan)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect(_detail_url(plan))
    messages.success(request, _("Versie %(version)s is gemaakt als concept, met de inhoud van het vastgestelde "
                                "plan. Pas het aan en stel het opnieuw vast.") % {"version": new.version})
    return redirect(_detail_url(new))


@never_cache
@login_required
@require_http_methods(GET_POST)
def discard(request, public_id):
    plan = _plan_for_change(request, public_id)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("Een vastgesteld plan kan niet worden verwijderd."))
        return redirect(_detail_url(plan))
    if request.method == "POST":
        try:
            services.discard_draft(request.user, plan)
        except ValidationError as exc:
            _flash_errors(request, exc)
            return redirect(_detail_url(plan))
        messages.success(request, _("Het concept (versie %(version)s) is verwijderd.") % {"version": plan.version})
        return redirect(_client_url(plan.client))
    return render(request, "plans/confirm.html", {
        "plan": plan, "client": plan.client, "back_url": _detail_url(plan),
        "title": _("Concept verwijderen"),
        "question": _("Wilt u het concept (versie %(version)s) met alle activiteiten verwijderen? Dit kan niet "
                      "ongedaan worden gemaakt.") % {"version": plan.version},
        "submit_label": _("Ja, concept verwijderen"),
    })


# --- Differences and the PDF --------------------------------------------------------------------------------

@never_cache
@login_required
@require_GET
def diff(request, public_id):
    plan = _plan_for_view(request, public_id)
    versions = list(Plan.objects.filter(client=plan.client).select_related("contact_person").order_by("version"))
    by_id = {str(v.public_id): v for v in versions}
    to = by_id.get(request.GET.get("to", ""), plan)
    older = [v for v in versions if v.version < to.version]
    default_from = older[-1] if older else None
    old = by_id.get(request.GET.get("from", ""), default_from)
    pip = services.is_pip(plan.client)
    result = services.diff(old, to, pip=pip) if old is not None and old != to else None
    if result is not None:
        shown = [*result.added, *result.removed, *(c.new for c in result.changed)]
        may_see = _may_see_special(request, plan, shown)
        _mark([*shown, *(c.old for c in result.changed)], may_see)
    return render(request, "plans/diff.html", {
        "plan": plan, "client": plan.client, "old": old, "new": to, "diff": result, "versions": versions,
        "back_url": _detail_url(plan), "pip": pip,
    })


@never_cache
@login_required
@require_GET
def pdf(request, public_id):
    from meedoen.plans import documents

    plan = _plan_for_view(request, public_id, action="plans.pdf_exported")
    content = documents.plan_pdf(request, plan, _contents(request, plan))
    response = HttpResponse(content, content_type="application/pdf")
    name = "persoonlijk-plan" if services.is_pip(plan.client) else "plan-van-aanpak"
    response["Content-Disposition"] = f'inline; filename="{name}-versie-{plan.version}.pdf"'
    return response


# --- Norms (functioneel beheerder) --------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def plan_norms(request):
    municipality = access.municipalities(request.user, Role.FUNCTIONEEL_BEHEERDER)[0]
    settings = services.plan_settings(municipality)
    form = forms.SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
        if _save(form, lambda: services.update_settings(request.user, municipality, **data)):
            messages.success(request, _("De normen zijn opgeslagen."))
            return redirect("plans:settings")
    return render(request, "plans/settings.html", {"municipality": municipality, "form": form})
