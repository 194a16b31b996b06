"""Caseload pages: "Mijn caseload", the team overview with the waiting list and (bulk) assignment, and a
client's assignment page (routing, segment, waiting status, history, overrides).

Thin: parse → access door → service → render. Client rows come only from ``meedoen.accounts.access``;
list pages record one ``client.list_viewed`` event, the client page records its read through the door.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.caseload import queries, services
from meedoen.caseload.forms import AssignForm, CaseloadFilterForm, ReassignForm, SegmentOverrideForm, TeamOverrideForm
from meedoen.caseload.models import WaitingCriterion
from meedoen.clients.models import Segment
from meedoen.referrals import queries as referral_queries

PAGE_SIZE = 25
WAITING_PAGE_SIZE = 25
UNASSIGNED_LIMIT = 50
CLIENT_PAGE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)


def _record_list_view(user, page: str, count: int, page_number: int, **extra) -> None:
    membership = access.primary_membership(user)
    record(actor=user, action="client.list_viewed",
           municipality=membership.municipality if membership else None,
           role=membership.role if membership else "",
           details={"page": page, "count": count, "page_number": page_number, **extra})


# --- Mijn caseload --------------------------------------------------------------------------------------

_SORTS = {
    "naam": [F("family_name").asc(), F("given_names").asc(), "pk"],
    "termijn": [F("next_due").asc(nulls_last=True), F("family_name").asc(), "pk"],
    # Oldest contact first: whoever has not been seen for longest (or never) needs attention first.
    "contact": [F("last_contact").asc(nulls_first=True), F("family_name").asc(), "pk"],
}


@never_cache
@require_GET
@access.require_roles(Role.KLANTMANAGER)
def mine(request):
    """The klantmanager's own clients with stage, next deadline and status, last contact and flags."""
    user = request.user
    today = timezone.localdate()
    municipality_ids = {m.municipality_id for m in access.memberships(user) if m.role == Role.KLANTMANAGER}
    horizons = queries.due_soon_days(municipality_ids)
    params = request.GET.copy()
    params.pop("page", None)
    form = CaseloadFilterForm(
        params or None,
        segments=Segment.objects.filter(municipality_id__in=municipality_ids).order_by("order", "name"))

    own = access.visible_clients(user).filter(klantmanager=user)
    clients = queries.with_caseload_facts(own.select_related("segment"), today).annotate(
        open_signals=referral_queries.open_signal_count())
    clients = queries.filter_deadline_status(clients, form.value("status") or "", today, horizons)
    if form.value("regime"):
        clients = clients.filter(regime=form.value("regime"))
    if form.value("segment"):
        clients = clients.filter(segment=form.value("segment"))
    sort = form.value("sorteer") or "naam"
    page = Paginator(clients.order_by(*_SORTS[sort]), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.caseload_rows(page.object_list, today, horizons)

    totals = queries.with_caseload_facts(own, today).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        due_soon=Count("pk", filter=queries.due_soon_q(today, horizons)),
    )
    # Early warnings and what partners reported on the referrals of these clients (four queries).
    signals, signal_total = referral_queries.open_signals(own, today)
    updates = referral_queries.partner_updates(own, today, exclude_author=user)
    _record_list_view(user, "caseload", len(rows), page.number, filtered=bool(params))
    return render(request, "caseload/mine.html", {
        "form": form, "page_obj": page, "rows": rows, "sort": sort, "filtered": bool(params), "totals": totals,
        "today": today, "signals": signals, "signal_total": signal_total, "updates": updates,
        "update_days": referral_queries.UPDATE_DAYS,
    })


# --- Team overview --------------------------------------------------------------------------------------

def _team_url(team, **extra) -> str:
    query = {"team": str(team.public_id)} | {k: v for k, v in extra.items() if v}
    return f"{reverse('caseload:team')}?{urlencode(query)}"


@never_cache
@require_GET
@access.require_roles(Role.TEAMLEIDER)
def team(request):
    """For a team lead: caseload per klantmanager against the norm, the waiting list and assignment."""
    user = request.user
    team = access.get_led_team(user, request.GET.get("team"))
    today = timezone.localdate()
    clients = access.visible_clients(user).filter(team=team)
    memberships = list(access.assignable_klantmanager_memberships(team.municipality).filter(team=team))
    load = queries.team_load(team, clients, memberships, today)
    signals = referral_queries.open_signals_per_klantmanager(clients)
    for km in load.klantmanagers:
        km.signals = signals.pop(km.membership.user_id, 0)
    load.others_signals = sum(signals.values())

    criteria = queries.waiting_criteria(team.municipality_id)
    waiting_page = Paginator(queries.order_waiting(clients, criteria), WAITING_PAGE_SIZE).get_page(
        request.GET.get("wachtlijst"))
    waiting = queries.waiting_rows(waiting_page.object_list, criteria, today, start=waiting_page.start_index())
    summary, _per_team = queries.waiting_summary(clients, today)
    unassigned = list(queries.order_by_name(clients.filter(klantmanager__isnull=True, waiting_since__isnull=True))
                      [:UNASSIGNED_LIMIT])

    selected = next((m for m in memberships if str(m.public_id) == request.GET.get("klantmanager")), None)
    selected_clients = []
    if selected is not None:
        selected_clients = list(queries.order_by_name(
            queries.annotate_overdue(clients.filter(klantmanager=selected.user), today)))

    _record_list_view(user, "team", len(waiting) + len(unassigned) + len(selected_clients), waiting_page.number)
    return render(request, "caseload/team.html", {
        "team": team, "teams": access.teams_led(user), "load": load, "memberships": memberships,
        "criteria_labels": [str(WaitingCriterion(c).label) for c in criteria],
        "waiting_page": waiting_page, "waiting": waiting, "summary": summary, "unassigned": unassigned,
        "selected": selected, "selected_clients": selected_clients,
    })


@require_POST
@access.require_roles(Role.TEAMLEIDER)
def team_assign(request):
    """Assign the chosen clients of the team (waiting list, unassigned, or another klantmanager's) to one
    klantmanager of the team. All or nothing."""
    user = request.user
    team = access.get_led_team(user, request.POST.get("team"))
    back = _team_url(team, klantmanager=request.POST.get("terug_klantmanager", ""))
    memberships = access.assignable_klantmanager_memberships(team.municipality).filter(team=team)
    form = ReassignForm(request.POST, memberships=memberships)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    ids = form.cleaned_data["clients"]
    target = form.cleaned_data["klantmanager"]
    clients = list(access.changeable_clients(user).filter(team=team, public_id__in=ids))
    if len(clients) != len(ids):
        messages.error(request, _("Een of meer gekozen cliënten horen niet (meer) bij dit team. Er is niets "
                                  "gewijzigd."))
        return redirect(back)
    try:
        changed = services.bulk_reassign(user, clients, target.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    name = target.user.get_full_name() or target.user.get_username()
    if changed:
        messages.success(request, ngettext("%(n)s cliënt is toegewezen aan %(name)s.",
                                           "%(n)s cliënten zijn toegewezen aan %(name)s.", changed)
                         % {"n": changed, "name": name})
    else:
        messages.info(request, _("Er is niets gewijzigd: de gekozen cliënten hadden %(name)s al als klantmanager.")
                      % {"name": name})
    return redirect(back)


# --- A client's assignment ---------------------------------------------------------------------------------

def _forms(client, data=None, which: str = ""):
    """The change forms of the assignment page; only ``which`` is bound to ``data``."""
    memberships = access.assignable_klantmanager_memberships(client.municipality).filter(team_id=client.team_id)
    segments = Segment.objects.filter(municipality_id=client.municipality_id).order_by("order", "name")
    return {
        "team_form": TeamOverrideForm(data if which == "team" else None, prefix="team",
                                      teams=access.assignable_teams(client.municipality).exclude(pk=client.team_id)),
        "segment_form": SegmentOverrideForm(data if which == "segment" else None, prefix="segment",
                                            segments=segments),
        "assign_form": AssignForm(data if which == "assign" else None, prefix="assign", memberships=memberships),
    }


def _render_assignment(request, client, forms=None, status: int = 200):
    today = timezone.localdate()
    can_change = access.can_change_client(request.user, client)
    forms = forms or _forms(client)
    _rule, routing_preview = services.match_routing(client, services.routing_rules(client.municipality_id), today)
    return render(request, "caseload/client_assignment.html", {
        "client": client,
        "can_change": can_change,
        "history": list(client.assignment_changes.select_related("actor")),
        "routing_preview": routing_preview,
        "intake_completed": services.intake_completed(client),
        "waiting_days": (today - client.waiting_since).days if client.waiting_since else None,
        "flags": queries.priority_flags(client),
        **forms,
    }, status=status)


@never_cache
@require_GET
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_assignment(request, public_id):
    client = access.get_client_for_view(request, public_id)
    return _render_assignment(request, client)


def _done(request, client, message: str):
    messages.success(request, message)
    if access.visible_clients(request.user).filter(pk=client.pk).exists():
        return redirect("caseload:client_assignment", public_id=client.public_id)
    # Moved to a team the user cannot see: the page is no longer theirs to open.
    return redirect("clients:list")


def _service_error(request, client, which: str, exc: ValidationError):
    forms = _forms(client, request.POST, which)
    form = forms[f"{which}_form"]
    form.is_valid()
    form.add_service_error(exc)
    return _render_assignment(request, client, forms, status=400)


@require_POST
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_route(request, public_id):
    client = access.get_client_for_change(request, public_id)
    try:
        result = services.route_client(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("caseload:client_assignment", public_id=client.public_id)
    if result.team is None:
        messages.warning(request, _("Geen routeringsregel past bij deze cliënt; het team is niet gewijzigd."))
        return redirect("caseload:client_assignment", public_id=client.public_id)
    text = _("Het team is bepaald: %(explanation)s.") % {"explanation": result.explanation}
    if result.waiting:
        text += " " + _("De cliënt staat op de wachtlijst tot er een klantmanager is toegewezen.")
    return _done(request, client, text)


@require_POST
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_override_team(request, public_id):
    client = access.get_client_for_change(request, public_id)
    forms = _forms(client, request.POST, "team")
    form = forms["team_form"]
    if not form.is_valid():
        return _render_assignment(request, client, forms, status=400)
    try:
        services.override_team(request.user, client, form.cleaned_data["team"], form.cleaned_data["reason"])
    except ValidationError as exc:
        return _service_error(request, client, "team", exc)
    return _done(request, client, _("Het team is gewijzigd. De reden staat in de geschiedenis."))


@require_POST
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_assign(request, public_id):
    client = access.get_client_for_change(request, public_id)
    forms = _forms(client, request.POST, "assign")
    form = forms["assign_form"]
    if not form.is_valid():
        return _render_assignment(request, client, forms, status=400)
    membership = form.cleaned_data["klantmanager"]
    try:
        services.assign_klantmanager(request.user, client, membership.user)
    except ValidationError as exc:
        return _service_error(request, client, "assign", exc)
    name = membership.user.get_full_name() or membership.user.get_username()
    return _done(request, client, _("%(name)s is nu de klantmanager.") % {"name": name})


@require_POST
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_override_segment(request, public_id):
    client = access.get_client_for_change(request, public_id)
    forms = _forms(client, request.POST, "segment")
    form = forms["segment_form"]
    if not form.is_valid():
        return _render_assignment(request, client, forms, status=400)
    try:
        services.override_segment(request.user, client, form.cleaned_data["segment"], form.cleaned_data["reason"])
    except ValidationError as exc:
        return _service_error(request, client, "segment", exc)
    return _done(request, client, _("Het segment is gewijzigd. De reden staat in de geschiedenis."))


@require_POST
@access.require_roles(*CLIENT_PAGE_ROLES)
def client_determine_segment(request, public_id):
    client = access.get_client_for_change(request, public_id)
    try:
        client = services.determine_segment(request.user, client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("caseload:client_assignment", public_id=client.public_id)
    return _done(request, client, _("Het segment is bepaald: %(explanation)s.")
                 % {"explanation": client.segment_explanation})
