"""Exam pages: the overview per client, recording an attempt, its result, and PVT/MAP progress.

Thin: role check (klantmanager and teamleider) → access door (404 when the client is not theirs) → service →
redirect. The overview reads the client through ``get_client_for_view`` (audited as ``exams.client_viewed``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core.forms import call_service
from meedoen.exams import forms, fulfilment, services
from meedoen.exams.models import ExamAttempt, ExamComponent, ExamResult, MapTheme

GET_POST = ["GET", "POST"]
ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)



def _overview_url(client) -> str:
    return reverse("exams:client", args=[client.public_id])



def _render_form(request, client, form, *, title, intro="", submit=""):
    return render(request, "exams/form.html", {
        "client": client, "form": form, "title": title, "intro": intro, "submit_label": submit or _("Opslaan"),
        "back_url": _overview_url(client),
    })


def component_rows(client, attempts) -> list[dict]:
    """Attempts per component in the order of ``ExamComponent``, with the free attempts left (ONA only under
    Wi2013 or when attempts exist)."""
    by_component: dict[str, list[ExamAttempt]] = {value: [] for value in ExamComponent.values}
    for attempt in attempts:
        by_component.setdefault(attempt.component, []).append(attempt)
    rows = []
    for value, label in ExamComponent.choices:
        found = by_component[value]
        if value == ExamComponent.ONA and client.regime != "wi2013" and not found:
            continue
        passed = [a for a in found if a.result == ExamResult.PASSED]
        rows.append({"component": value, "label": label, "attempts": found, "passed": passed[-1] if passed else None,
                     "free_left": services.free_attempts_left(client, len(found))})
    return rows


@never_cache
@login_required
@access.require_roles(*ROLES)
@require_GET
def client_exams(request, public_id):
    client = access.get_client_for_view(request, public_id, action="exams.client_viewed")
    facts = fulfilment.load_facts(client)
    result = fulfilment.derive(facts)
    modules = facts.modules
    themes = set(modules.map_themes_done) if modules else set()
    return render(request, "exams/client.html", {
        "client": client,
        "fulfilment": result,
        "components": component_rows(client, facts.attempts),
        "has_free_attempts": services.has_free_attempts(client),
        "free_attempts": services.FREE_ATTEMPTS,
        "modules": modules,
        "map_themes": [(label, value in themes) for value, label in MapTheme.choices],
        "map_themes_done": len(themes & set(MapTheme.values)),
        "show_map": result.route in ("", "b1", "z"),
        "show_z": result.route in ("", "z"),
        "back_url": reverse("clients:detail", args=[client.public_id]),
    })


@never_cache
@login_required
@access.require_roles(*ROLES)
@require_http_methods(GET_POST)
def attempt_add(request, public_id):
    client = access.get_client_for_form(request, public_id)
    form = forms.AttemptForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder = {}

        def call():
            holder["attempt"] = services.record_exam_attempt(
                actor=request.user, client=client, component=data["component"], level=data["level"],
                taken_on=data["taken_on"], result=data["result"], result_on=data["result_on"])

        if call_service(form, call):
            attempt = holder["attempt"]
            messages.success(request, _("Poging %(n)s voor %(component)s is vastgelegd.") % {
                "n": attempt.attempt, "component": attempt.get_component_display()})
            return redirect(_overview_url(client))
    return _render_form(request, client, form, title=_("Examenpoging vastleggen"),
                        intro=_("Het nummer van de poging wordt vanzelf bepaald. Staat de uitslag nog niet vast, "
                                "laat die dan op 'nog niet bekend' staan en vul hem later in."),
                        submit=_("Poging vastleggen"))


@never_cache
@login_required
@access.require_roles(*ROLES)
@require_http_methods(GET_POST)
def attempt_result(request, public_id, attempt_id):
    client = access.get_client_for_form(request, public_id)
    attempt = get_object_or_404(ExamAttempt, public_id=attempt_id, client=client)
    initial = {"result": attempt.result if attempt.result != ExamResult.PENDING else None,
               "result_on": attempt.result_on} if attempt.result_on else {}
    form = forms.ResultForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        def call():
            services.set_exam_result(actor=request.user, attempt=attempt, **form.cleaned_data)

        if call_service(form, call):
            messages.success(request, _("De uitslag is vastgelegd."))
            return redirect(_overview_url(client))
    title = _("Uitslag van %(component)s, poging %(n)s") % {"component": attempt.get_component_display(),
                                                             "n": attempt.attempt}
    intro = _("Examendatum: %(date)s.") % {"date": f"{attempt.taken_on:%d-%m-%Y}"}
    return _render_form(request, client, form, title=title, intro=intro, submit=_("Uitslag opslaan"))


@never_cache
@login_required
@access.require_roles(*ROLES)
@require_http_methods(GET_POST)
def modules(request, public_id):
    client = access.get_client_for_form(request, public_id)
    facts = fulfilment.load_facts(client)
    route = fulfilment.derive(facts).route
    progress = facts.modules
    initial = {name: getattr(progress, name) for name in services.MODULE_FIELDS} if progress else {}
    attended = {group: fulfilment.attended_hours(facts, group) for group in ("pvt", "map")}
    form = forms.ModulesForm(request.POST or None, initial=initial, norms=facts.norms, route=route, attended=attended)
    if request.method == "POST" and form.is_valid():
        def call():
            services.save_module_progress(actor=request.user, client=client, **form.cleaned_data)

        if call_service(form, call):
            messages.success(request, _("De modules zijn bijgewerkt."))
            return redirect(_overview_url(client))
    return _render_form(request, client, form, title=_("Modules bijwerken"),
                        intro=_("Vul in wat de cliënt heeft gevolgd en afgerond. Een datum kan niet in de toekomst "
                                "liggen."),
                        submit=_("Opslaan"))
