"""Journey pages: record and correct what happened in a client's journey, and the deadline norms page of the
functioneel beheerder. Thin: parse → access door → service → redirect with a Dutch success message.

Every client comes through ``meedoen.accounts.access`` (404 when the user may not change it); every change
through ``meedoen.journey.services`` (atomic, audited, deadlines recomputed in the same transaction).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.journey import forms, panels, returns, services
from meedoen.journey.models import RECORDED_ELSEWHERE, REPEATABLE, CoaProfile, DeadlineCode, Handover, MilestoneKind
from meedoen.journey.panels import return_text
from meedoen.journey.services import MilestoneOrderError

GET_POST = ["GET", "POST"]



def _back(client, panel: str = "") -> str:
    url = reverse("clients:detail", args=[client.public_id])
    return f"{url}#{panel}" if panel else url


def _render_form(request, client, form, *, title: str, intro: str = "", submit: str = "", panel: str = "",
                 template: str = "journey/form.html", **extra):
    return render(request, template, {
        "client": client, "form": form, "title": title, "intro": intro,
        "submit_label": submit or _("Opslaan"), "back_url": _back(client, panel), **extra,
    })


def _save(form, call: Callable[[], object]) -> bool:
    """Run a service call; put its refusal back on the form. True when saved."""
    try:
        call()
    except MilestoneOrderError as exc:
        form.show_order_problems(exc.problems)
    except ValidationError as exc:
        form.add_service_error(exc)
    else:
        return True
    return False


def _done(request, client, message: str, panel: str):
    messages.success(request, message)
    return redirect(_back(client, panel))


# --- Milestones ------------------------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(GET_POST)
def milestone_record(request, public_id, kind):
    if kind not in MilestoneKind.values or kind in RECORDED_ELSEWHERE:
        raise Http404
    client = access.get_client_for_form(request, public_id)
    label = MilestoneKind(kind).label
    existing = None if kind in REPEATABLE else client.milestones.filter(kind=kind).first()
    if existing is not None and request.method == "GET":
        messages.info(request, _("‘%(kind)s’ is al vastgelegd. Klopt de datum niet, corrigeer hem dan hier.")
                      % {"kind": label})
        return redirect("journey:milestone_correct", public_id=client.public_id, milestone_id=existing.public_id)
    initial = {}
    if kind == MilestoneKind.HOUSED:
        initial = {name: getattr(client, name) for name in services.HOUSED_ADDRESS_FIELDS}
    form = forms.MilestoneForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if kind == MilestoneKind.HOUSED:
            def call():
                return services.record_housed(
                    actor=request.user, client=client, date=data["date"],
                    housing_corporation=data.get("housing_corporation", ""), address=form.address(),
                    exception_reason=form.exception_reason_value())
        else:
            def call():
                return services.record_milestone(
                    actor=request.user, client=client, kind=kind, date=data["date"], details=form.details(),
                    exception_reason=form.exception_reason_value())
        if _save(form, call):
            return _done(request, client, _("Mijlpaal ‘%(kind)s’ is vastgelegd.") % {"kind": label}, panels.TRAJECT)
    title = (_("Nieuwe versie van het PIP vastleggen") if kind in REPEATABLE
             and client.milestones.filter(kind=kind).exists()
             else _("%(kind)s vastleggen") % {"kind": label})
    return _render_form(request, client, form, title=title, panel=panels.TRAJECT)


def _milestone(client, milestone_id):
    milestone = get_object_or_404(client.milestones.select_related("recorded_by"), public_id=milestone_id)
    milestone.client = client
    return milestone


@never_cache
@login_required
@require_http_methods(GET_POST)
def milestone_correct(request, public_id, milestone_id):
    client = access.get_client_for_form(request, public_id)
    milestone = _milestone(client, milestone_id)
    label = milestone.get_kind_display()
    form = forms.MilestoneCorrectForm(request.POST or None, initial={"date": milestone.date})
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.correct_milestone(
                actor=request.user, milestone=milestone, date=form.cleaned_data["date"],
                exception_reason=form.exception_reason_value())):
            return _done(request, client, _("De datum van ‘%(kind)s’ is aangepast.") % {"kind": label},
                         panels.TRAJECT)
    return _render_form(
        request, client, form, title=_("Datum van ‘%(kind)s’ corrigeren") % {"kind": label},
        intro=_("Vastgelegd: %(date)s. De termijnen die van deze datum afhangen, worden opnieuw berekend.")
        % {"date": f"{milestone.date:%d-%m-%Y}"}, panel=panels.TRAJECT)


@never_cache
@login_required
@require_http_methods(GET_POST)
def milestone_remove(request, public_id, milestone_id):
    client = access.get_client_for_form(request, public_id)
    milestone = _milestone(client, milestone_id)
    label = milestone.get_kind_display()
    error = ""
    if request.method == "POST":
        try:
            services.remove_milestone(actor=request.user, milestone=milestone)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _done(request, client, _("Mijlpaal ‘%(kind)s’ is verwijderd.") % {"kind": label}, panels.TRAJECT)
    return render(request, "journey/milestone_remove.html", {
        "client": client, "milestone": milestone, "error": error, "back_url": _back(client, panels.TRAJECT),
    })


# --- COA profile and warm handover -------------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(GET_POST)
def coa_profile(request, public_id):
    client = access.get_client_for_form(request, public_id)
    special = access.can_view_special_category(request.user, client)
    profile = CoaProfile.objects.filter(client=client).first()
    form = forms.CoaProfileForm(request.POST or None, instance=profile, special_category=special)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.save_coa_profile(actor=request.user, client=client, **form.cleaned_data)):
            return _done(request, client, _("Het COA-informatieprofiel is opgeslagen."), panels.TRAJECT)
    if request.method == "GET" and special and profile is not None and profile.visible_limitations:
        services.record_special_category_read(actor=request.user, client=client, fields=["visible_limitations"])
    return _render_form(
        request, client, form, title=_("COA-informatieprofiel"),
        intro=_("Wat het COA bij de koppeling meestuurt: huishouden, opleiding, werkervaring en zichtbare "
                "beperkingen."), panel=panels.TRAJECT)


@never_cache
@login_required
@require_http_methods(GET_POST)
def handover(request, public_id):
    client = access.get_client_for_form(request, public_id)
    instance = Handover.objects.filter(client=client).first()
    form = forms.HandoverForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.save_handover(actor=request.user, client=client, **form.cleaned_data)):
            return _done(request, client, _("De checklist warme overdracht is opgeslagen."), panels.TRAJECT)
    return _render_form(
        request, client, form, title=_("Warme overdracht"),
        intro=_("De overdracht van het azc naar de gemeente. Is alles gedaan, leg dan ook de mijlpaal "
                "‘Warme overdracht afgerond’ vast."), panel=panels.TRAJECT)


# --- Bijstand, extension, contact, ladder ------------------------------------------------------------------

@never_cache
@login_required
@require_http_methods(GET_POST)
def bijstand_start(request, public_id):
    client = access.get_client_for_form(request, public_id)
    form = forms.BijstandStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.start_bijstand(actor=request.user, client=client,
                                                       start=form.cleaned_data["start"])):
            messages.success(request, _("Het begin van de bijstand is vastgelegd."))
            back = returns.latest_return(client.bijstand_episodes.all())
            if back is not None and back.episode_start == form.cleaned_data["start"]:
                messages.warning(request, return_text(back))
            return redirect(_back(client, panels.TRAJECT))
    return _render_form(request, client, form, title=_("Bijstand gestart"), panel=panels.TRAJECT)


@never_cache
@login_required
@require_http_methods(GET_POST)
def bijstand_end(request, public_id, episode_id):
    client = access.get_client_for_form(request, public_id)
    episode = get_object_or_404(client.bijstand_episodes.all(), public_id=episode_id)
    episode.client = client
    form = forms.BijstandEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(form, lambda: services.end_bijstand(actor=request.user, episode=episode, end=data["end"],
                                                     reason=data["end_reason"])):
            return _done(request, client, _("Het einde van de bijstand is vastgelegd."), panels.TRAJECT)
    return _render_form(request, client, form, title=_("Bijstand beëindigd"),
                        intro=_("Bijstand sinds %(date)s.") % {"date": f"{episode.start:%d-%m-%Y}"},
                        panel=panels.TRAJECT)


@never_cache
@login_required
@require_http_methods(GET_POST)
def term_extension(request, public_id):
    client = access.get_client_for_form(request, public_id)
    form = forms.TermExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(form, lambda: services.add_term_extension(actor=request.user, client=client, weeks=data["weeks"],
                                                           ground=data["ground"], decided_on=data["decided_on"])):
            return _done(request, client, _("De verlenging van de inburgeringstermijn is vastgelegd."),
                         panels.TERMIJNEN)
    return _render_form(request, client, form, title=_("Inburgeringstermijn verlengen"),
                        intro=_("Een verlenging schuift de laatste dag van de termijn op met het aantal weken."),
                        panel=panels.TERMIJNEN)


@never_cache
@login_required
@require_http_methods(GET_POST)
def contact_record(request, public_id):
    client = access.get_client_for_form(request, public_id)
    form = forms.ContactForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(form, lambda: services.record_contact(
                actor=request.user, client=client, kind=data["kind"], occurred_on=data["occurred_on"],
                interpreter=data["interpreter"], interpreter_language=data["interpreter_language"],
                summary=data["summary"], next_appointment=form.next_appointment())):
            return _done(request, client, _("Het gesprek is vastgelegd."), panels.GESPREKKEN)
    return _render_form(request, client, form, title=_("Gesprek vastleggen"), panel=panels.GESPREKKEN)


@never_cache
@login_required
@require_http_methods(GET_POST)
def ladder_record(request, public_id):
    client = access.get_client_for_form(request, public_id)
    form = forms.LadderMeasurementForm(request.POST or None, initial={"measured_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(form, lambda: services.record_ladder_measurement(actor=request.user, client=client,
                                                                  measured_on=data["measured_on"],
                                                                  rung=data["rung"])):
            return _done(request, client, _("De meting op de Participatieladder is vastgelegd."), panels.TRAJECT)
    return _render_form(request, client, form, title=_("Meting Participatieladder"), panel=panels.TRAJECT)


# --- Full timeline ----------------------------------------------------------------------------------------

TIMELINE_PAGE_SIZE = 50


@never_cache
@login_required
@require_GET
def timeline(request, public_id):
    client = access.get_client_for_view(request, public_id)
    events = panels.timeline_events(client)
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journey/timeline.html", {
        "client": client, "page_obj": page, "back_url": _back(client, panels.TIJDLIJN),
    })


# --- Deadline norms (functioneel beheerder) ------------------------------------------------------------------

def _beheer_municipality(user):
    municipalities = access.municipalities(user, Role.FUNCTIONEEL_BEHEERDER)
    return municipalities[0]


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def rules(request):
    municipality = _beheer_municipality(request.user)
    current = services.due_soon_days(municipality.pk)
    form = forms.DueSoonForm(request.POST or None, initial={"due_soon_days": current})
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.set_due_soon_days(actor=request.user, municipality=municipality,
                                                          days=form.cleaned_data["due_soon_days"])):
            messages.success(request, _("De instelling ‘binnenkort’ is opgeslagen."))
            return redirect("journey:rules")
    return render(request, "journey/rules.html", {
        "municipality": municipality, "rows": services.rules_overview(municipality.pk), "form": form,
    })


def _norm_row(municipality, code):
    if code not in DeadlineCode.values:
        raise Http404
    row = next((r for r in services.rules_overview(municipality.pk) if r.code == code), None)
    if row is None or not row.is_norm:
        raise Http404
    return row


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def rule_edit(request, code):
    municipality = _beheer_municipality(request.user)
    row = _norm_row(municipality, code)
    initial = {"anchor": row.rule.anchor, "offset_amount": row.rule.offset_amount,
               "offset_unit": row.rule.offset_unit, "source": row.local.source if row.local else ""}
    form = forms.NormForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(form, lambda: services.set_local_norm(
                actor=request.user, municipality=municipality, code=code, anchor=data["anchor"],
                offset_amount=data["offset_amount"], offset_unit=data["offset_unit"], source=data["source"])):
            messages.success(request, _("De norm is opgeslagen. De termijnen van alle cliënten worden op de "
                                        "achtergrond opnieuw berekend."))
            return redirect("journey:rules")
    return render(request, "journey/rule_edit.html", {"municipality": municipality, "row": row, "form": form})


@never_cache
@require_POST
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def rule_reset(request, code):
    municipality = _beheer_municipality(request.user)
    _norm_row(municipality, code)
    if services.reset_local_norm(actor=request.user, municipality=municipality, code=code):
        messages.success(request, _("De landelijke standaard geldt weer. De termijnen van alle cliënten worden op "
                                    "de achtergrond opnieuw berekend."))
    else:
        messages.info(request, _("Voor deze termijn gold al de landelijke standaard."))
    return redirect("journey:rules")
