"""Intake pages: overview, a form per part (saved as a draft), completion, no-show steps and ZRM measurements.

Thin: parse → access door (404 when the user may not change the client) → service → redirect. The health part
is shown and edited only to users passing ``access.can_view_special_category``; every read is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.core.forms import call_service
from meedoen.intake import forms, services
from meedoen.intake.models import DUTCH_SKILLS, NO_SHOW_SEQUENCE, IntakeStatus, NoShowSanction, ZrmMeasurement

GET_POST = ["GET", "POST"]

PART_FORMS = {
    "learnability": (forms.LearnabilityForm, _("Leerbaarheidstoets")),
    "origin": (forms.OriginForm, _("Opleiding en werk in het land van herkomst")),
    "circumstances": (forms.CircumstancesForm, _("Persoonlijke omstandigheden")),
    "general": (forms.GeneralForm, _("Taal, geletterdheid en afspraken")),
}



def _overview_url(client) -> str:
    return reverse("intake:overview", args=[client.public_id])



def _render_form(request, client, form, *, title, intro="", submit="", extra_forms=()):
    return render(request, "intake/form.html", {
        "client": client, "form": form, "extra_forms": extra_forms, "title": title, "intro": intro,
        "submit_label": submit or _("Opslaan als concept"), "back_url": _overview_url(client),
    })


@never_cache
@login_required
@require_http_methods(["GET"])
def overview(request, public_id):
    client = access.get_client_for_edit(request, public_id)
    intake = services.intake_of(client)
    special = access.can_view_special_category(request.user, client)
    health = services.read_health(actor=request.user, client=client, intake=intake) if special else None
    parts = {}
    if intake is not None:
        for part, (_model, related, _fields) in services.PARTS.items():
            parts[part] = getattr(intake, related, None) if hasattr(intake, related) else None
    sanctions = list(NoShowSanction.objects.filter(intake=intake)) if intake else []
    zrm = list(ZrmMeasurement.objects.filter(client=client).order_by("-measured_on", "-id")[:5])
    return render(request, "intake/overview.html", {
        "client": client,
        "intake": intake,
        "parts": [
            {"code": code, "title": PART_FORMS[code][1], "obj": parts.get(code),
             "complete": bool(parts.get(code) and parts[code].is_complete),
             "url": reverse("intake:part", args=[client.public_id, code])}
            for code in ("learnability", "origin", "circumstances")
        ],
        "general_url": reverse("intake:part", args=[client.public_id, "general"]),
        "skills": [(label, getattr(intake, f"get_{name}_display")()) for name, label in DUTCH_SKILLS]
        if intake else [],
        "can_view_health": special,
        "health": health,
        "missing": services.missing_parts(intake),
        "is_completed": intake is not None and intake.status == IntakeStatus.COMPLETED,
        "complete_form": forms.CompleteForm(initial={"completed_on": timezone.localdate()}),
        "sanctions": sanctions,
        "can_record_no_show": len(sanctions) < len(NO_SHOW_SEQUENCE),
        "zrm": [{"measured_on": m.measured_on, "scores": m.scores(include_special=special)} for m in zrm],
        "back_url": reverse("clients:detail", args=[client.public_id]),
    })


@never_cache
@login_required
@require_http_methods(GET_POST)
def part(request, public_id, part):
    if part not in PART_FORMS:
        raise Http404
    client = access.get_client_for_form(request, public_id)
    form_class, title = PART_FORMS[part]
    intake = services.intake_of(client)
    special = part == "circumstances" and access.can_view_special_category(request.user, client)
    if part == "general":
        instance = intake
    else:
        related = services.PARTS[part][1]
        instance = getattr(intake, related) if intake is not None and hasattr(intake, related) else None
    form = form_class(request.POST or None, instance=instance)
    health_form = None
    if special:
        health = (services.read_health(actor=request.user, client=client, intake=intake)
                  if request.method == "GET" else None)
        health_form = forms.HealthForm(request.POST or None, instance=health, prefix="health")
    if request.method == "POST" and form.is_valid() and (health_form is None or health_form.is_valid()):
        def call():
            if part == "general":
                services.save_general(actor=request.user, client=client, **form.cleaned_data)
            else:
                services.save_part(actor=request.user, client=client, part=part, **form.cleaned_data)
            if health_form is not None:
                services.save_health(actor=request.user, client=client, **health_form.cleaned_data)

        if call_service(form, call):
            messages.success(request, _("Opgeslagen als concept."))
            return redirect(_overview_url(client))
    extra = [(_("Gezondheid en zorgbehoefte (bijzonder persoonsgegeven)"), health_form)] if health_form else []
    return _render_form(request, client, form, title=title, extra_forms=extra)


@never_cache
@login_required
@require_POST
def complete(request, public_id):
    client = access.get_client_for_change(request, public_id)
    form = forms.CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_intake(actor=request.user, client=client, completed_on=form.cleaned_data["completed_on"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("De brede intake is afgerond."))
    else:
        messages.error(request, _("Vul een geldige datum van afronden in."))
    return redirect(_overview_url(client))


@never_cache
@login_required
@require_POST
def no_show(request, public_id):
    client = access.get_client_for_change(request, public_id)
    try:
        sanction = services.record_no_show(actor=request.user, client=client)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Vastgelegd: %(step)s.") % {"step": sanction.get_step_display()})
    return redirect(_overview_url(client))


@never_cache
@login_required
@require_http_methods(GET_POST)
def zrm(request, public_id):
    client = access.get_client_for_form(request, public_id)
    special = access.can_view_special_category(request.user, client)
    form = forms.ZrmForm(request.POST or None, include_special=special)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.record_zrm(actor=request.user, client=client,
                                                   measured_on=form.cleaned_data["measured_on"],
                                                   scores=form.scores())):
            messages.success(request, _("De ZRM-meting is vastgelegd."))
            return redirect(_overview_url(client))
    intro = _("Scoor elk domein van 1 (acuut) tot 5 (volledig zelfredzaam).")
    return _render_form(request, client, form, title=_("Meting zelfredzaamheid (ZRM)"), intro=intro,
                        submit=_("Opslaan"))
