"""Referral pages.

* Klantmanager / teamleider: refer a plan activity (``create``), record consent (``consent``), a referral's
  page (``detail``) with withdraw / send-from-waiting-list / progress note, and handling a signal.
* Partner user: the referrals to their organisation (``partner_list``) and one referral (``partner_detail``)
  with the steps, weekly attendance and progress notes. Only through the partner door
  (``access.partner_clients`` / ``access.get_client_for_partner``); never the dossier, the BSN, health data,
  the plan's other activities or other partners' referrals.
* Teamleider / functioneel beheerder: the quarterly partner overview and its PDF (aggregates only).

Thin: parse → access door → service → redirect with a Dutch message. A row the user may not know exists is
a 404; a page for another role is a 403.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import PartnerOrganisation, Role
from meedoen.audit.services import record
from meedoen.clients.models import Language
from meedoen.intake.models import DUTCH_SKILLS, BroadIntake
from meedoen.partners.models import Offer
from meedoen.plans.models import PlanActivity, PlanSettings, PlanStatus
from meedoen.referrals import forms, queries, services
from meedoen.referrals.models import (
    TRANSITIONS,
    Consent,
    Referral,
    ReferralStatus,
    Signal,
)
from meedoen.referrals.scope import partner_referrals

MUNICIPALITY_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
QUARTERLY_ROLES = (Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER)
PARTNER_PAGE_SIZE = 25
GET_POST = ["GET", "POST"]


def _data(request):
    """The POST data to bind a form to (also when empty), or None on GET."""
    return request.POST if request.method == "POST" else None



def _settings(municipality) -> tuple[int, int]:
    row = PlanSettings.objects.filter(municipality=municipality).values_list(
        "attendance_threshold_percent", "attendance_window_weeks").first()
    if row:
        return row
    return (PlanSettings._meta.get_field("attendance_threshold_percent").default,
            PlanSettings._meta.get_field("attendance_window_weeks").default)


# --- Klantmanager: consent --------------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MUNICIPALITY_ROLES)
def consent(request, public_id):
    """Record the client's consent decision per partner; the earlier decisions and the basis per partner."""
    client = access.get_client_for_form(request, public_id)
    today = timezone.localdate()
    partners = PartnerOrganisation.objects.filter(municipality=client.municipality).order_by("name")
    back_activity = _uuid_or_none(request.GET.get("activiteit") or request.POST.get("activiteit") or "")
    if back_activity and not PlanActivity.objects.filter(public_id=back_activity, plan__client=client).exists():
        back_activity = None
    initial = {}
    wanted = request.GET.get("partner")
    if wanted:
        initial["partner"] = next((p for p in partners if str(p.public_id) == wanted), None)
    form = forms.ConsentForm(_data(request), partners=partners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(request.user, client, data["partner"], data["decision"], data["scope"],
                                    data["decided_on"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Het besluit over toestemming voor %(partner)s is vastgelegd.")
                             % {"partner": data["partner"].name})
            if back_activity:
                return redirect("referrals:create", public_id=back_activity)
            return redirect("referrals:consent", public_id=client.public_id)
    partner_list = list(partners)
    bases = services.valid_bases([p.pk for p in partner_list], today)
    latest = services.latest_consents(client, [p.pk for p in partner_list], today)
    rows = [{"partner": p, "state": services.SharingState(basis=bases.get(p.pk), consent=latest.get(p.pk))}
            for p in partner_list]
    history = Consent.objects.filter(client=client).select_related("partner", "recorded_by")
    return render(request, "referrals/consent.html", {
        "client": client, "form": form, "rows": rows, "history": history, "back_activity": back_activity,
    }, status=400 if request.method == "POST" else 200)


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- Klantmanager: refer ----------------------------------------------------------------------------------

def _activity(request, public_id) -> tuple[PlanActivity, object]:
    activity = (PlanActivity.objects.select_related("plan__client", "offer").filter(public_id=public_id).first())
    if activity is None:
        raise Http404
    client = access.get_client_for_form(request, activity.plan.client.public_id)
    return activity, client


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MUNICIPALITY_ROLES)
def create(request, public_id):
    """Refer an activity of the plan in force to an offer of the same type."""
    activity, client = _activity(request, public_id)
    today = timezone.localdate()
    in_force = activity.plan.status == PlanStatus.SET
    offers = queries.with_places_taken_offers(
        Offer.objects.active().filter(municipality=client.municipality, activity_type=activity.activity_type)
        .select_related("partner").order_by("name"))
    initial = {"offer": activity.offer} if activity.offer_id else {}
    form = forms.ReferralForm(_data(request), offers=offers, initial=initial)
    if request.method == "POST" and in_force and form.is_valid():
        try:
            referral = services.create_referral(request.user, activity, form.cleaned_data["offer"],
                                                form.cleaned_data["note_for_partner"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if referral.status == ReferralStatus.WAITING:
                messages.warning(request, _(
                    "Het aanbod %(offer)s zit vol. De verwijzing staat op de wachtlijst sinds %(date)s; u kunt haar "
                    "versturen zodra er een plaats vrij is.") % {"offer": referral.offer.name,
                                                                  "date": referral.waiting_since.strftime("%d-%m-%Y")})
            else:
                messages.success(request, _("De verwijzing naar %(offer)s van %(partner)s is verstuurd.")
                                 % {"offer": referral.offer.name, "partner": referral.partner.name})
            return redirect("referrals:detail", public_id=referral.public_id)
    offer_list = list(offers)
    partner_ids = {o.partner_id for o in offer_list}
    bases = services.valid_bases(partner_ids, today)
    latest = services.latest_consents(client, partner_ids, today)
    rows = [{"offer": o, "state": services.SharingState(basis=bases.get(o.partner_id),
                                                        consent=latest.get(o.partner_id)),
             "full": o.places_taken >= o.capacity} for o in offer_list]
    open_referrals = list(Referral.objects.filter(plan_activity_id__in=services.activity_chain_ids(activity))
                          .select_related("offer", "partner").order_by("-referred_on"))
    return render(request, "referrals/create.html", {
        "client": client, "activity": activity, "in_force": in_force, "form": form, "rows": rows,
        "earlier": open_referrals,
    }, status=400 if request.method == "POST" else 200)


# --- Klantmanager: a referral -----------------------------------------------------------------------------

_REFERRAL_RELATED = ("client", "offer", "partner", "plan_activity__plan", "basis", "consent", "referred_by")


def _referral_for_municipality(request, public_id, *, action: str = "") -> tuple[Referral, object]:
    referral = Referral.objects.select_related(*_REFERRAL_RELATED).filter(public_id=public_id).first()
    if referral is None:
        raise Http404
    if request.method == "GET":
        client = access.get_client_for_view(request, referral.client.public_id, action=action or "client.viewed")
    else:
        client = access.get_client_for_change(request, referral.client.public_id)
    return referral, client


def _attendance_rows(referral) -> list[dict]:
    rows = []
    for week in referral.attendance.all().order_by("-week_start"):
        rows.append({"week": week, "rate": services.attendance_rate(week.hours_present, week.hours_scheduled)})
    return rows


def _window_rate(rows, window: int) -> float | None:
    recent = [r["week"] for r in rows[:window]]
    present = sum((w.hours_present for w in recent), 0)
    scheduled = sum((w.hours_scheduled for w in recent), 0)
    return services.attendance_rate(present, scheduled)


def _detail_context(referral, client) -> dict:
    threshold, window = _settings(referral.municipality)
    attendance = _attendance_rows(referral)
    return {
        "referral": referral, "client": client,
        "events": referral.events.select_related("actor"),
        "attendance": attendance, "window": min(window, len(attendance)), "threshold": threshold,
        "window_rate": _window_rate(attendance, window),
        "notes": referral.notes.select_related("author"),
        "allowed": TRANSITIONS.get(referral.status, ()),
    }


def _render_detail(request, referral, client, *, status=200, **bound):
    context = _detail_context(referral, client)
    taken = services.places_taken(referral.offer)
    context.update({
        "signals": referral.signals.select_related("handled_by"),
        "places_taken": taken, "place_free": taken < referral.offer.capacity,
        "withdraw_form": bound.get("withdraw_form") or forms.WithdrawForm(prefix="intrekken"),
        "send_form": bound.get("send_form") or forms.SendForm(prefix="versturen"),
        "note_form": bound.get("note_form") or forms.KlantmanagerNoteForm(prefix="notitie"),
    })
    return render(request, "referrals/detail.html", context, status=status)


@never_cache
@require_GET
@access.require_roles(*MUNICIPALITY_ROLES)
def detail(request, public_id):
    referral, client = _referral_for_municipality(request, public_id, action="referrals.referral_viewed")
    return _render_detail(request, referral, client)


@require_POST
@access.require_roles(*MUNICIPALITY_ROLES)
def change_status(request, public_id):
    """Withdraw a referral, or send a waiting one now a place is free."""
    referral, client = _referral_for_municipality(request, public_id)
    step = request.POST.get("stap")
    if step == ReferralStatus.WITHDRAWN:
        form, key = forms.WithdrawForm(request.POST, prefix="intrekken"), "withdraw_form"
    elif step == ReferralStatus.SENT:
        form, key = forms.SendForm(request.POST, prefix="versturen"), "send_form"
    else:
        messages.error(request, _("Deze stap bestaat niet."))
        return redirect("referrals:detail", public_id=referral.public_id)
    if form.is_valid():
        try:
            services.transition(request.user, referral, step, form.cleaned_data["occurred_on"],
                                reason=form.cleaned_data.get("reason", ""))
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if step == ReferralStatus.WITHDRAWN:
                messages.success(request, _("De verwijzing is ingetrokken."))
            else:
                messages.success(request, _("De verwijzing is verstuurd naar %(partner)s.")
                                 % {"partner": referral.partner.name})
            return redirect("referrals:detail", public_id=referral.public_id)
    return _render_detail(request, referral, client, status=400, **{key: form})


@require_POST
@access.require_roles(*MUNICIPALITY_ROLES)
def add_note(request, public_id):
    referral, client = _referral_for_municipality(request, public_id)
    form = forms.KlantmanagerNoteForm(request.POST, prefix="notitie")
    if form.is_valid():
        try:
            services.add_progress_note(request.user, referral, form.cleaned_data["written_on"],
                                       form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("De notitie is opgeslagen."))
            return redirect("referrals:detail", public_id=referral.public_id)
    return _render_detail(request, referral, client, status=400, note_form=form)


# --- Klantmanager: handle a signal -------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MUNICIPALITY_ROLES)
def signal_handle(request, public_id):
    signal = (Signal.objects.select_related("client", "referral__offer", "referral__partner", "handled_by")
              .filter(public_id=public_id).first())
    if signal is None:
        raise Http404
    client = access.get_client_for_form(request, signal.client.public_id)
    form = forms.SignalHandleForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_signal(request.user, signal, form.cleaned_data["handled_note"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Het signaal is afgehandeld."))
            back = request.POST.get("terug")
            if back == "caseload":
                return redirect("caseload:mine")
            return redirect("referrals:detail", public_id=signal.referral.public_id)
    return render(request, "referrals/signal_handle.html", {
        "signal": signal, "client": client, "form": form, "young": queries.is_young(client, timezone.localdate()),
        "back": request.GET.get("terug") or request.POST.get("terug") or "",
    }, status=400 if request.method == "POST" else 200)


# --- Partner user -----------------------------------------------------------------------------------------

def _partner_rows(user):
    return queries.with_last_attendance(
        partner_referrals(user).select_related("client", "offer", "partner", "plan_activity")
        .prefetch_related(Prefetch("client__languages", queryset=Language.objects.order_by("name"))))


@never_cache
@require_GET
@access.require_roles(Role.PARTNERMEDEWERKER)
def partner_list(request):
    """The referrals to the user's organisation(s): status filter, one page at a time."""
    user = request.user
    form = forms.PartnerFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    rows = _partner_rows(user)
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-referred_on", "-pk"), PARTNER_PAGE_SIZE).get_page(request.GET.get("page"))
    for referral in page.object_list:
        referral.rate = queries.last_rate(referral)
    memberships = access.partner_memberships(user)
    record(actor=user, action="referrals.partner_list_viewed",
           municipality=memberships[0].municipality if memberships else None, role=Role.PARTNERMEDEWERKER,
           details={"count": len(page.object_list), "page_number": page.number, "status": status})
    return render(request, "referrals/partner_list.html", {
        "form": form, "page_obj": page, "status": status, "partners": [m.partner for m in memberships],
    })


def _partner_referral(request, public_id) -> tuple[Referral, object]:
    referral = (partner_referrals(request.user).select_related("offer", "partner", "plan_activity", "referred_by",
                                                               "client")
                .filter(public_id=public_id).first())
    if referral is None:
        raise Http404
    if request.method == "GET":
        client = access.get_client_for_partner(request, referral.client.public_id)
    else:
        client = access.partner_clients(request.user).filter(pk=referral.client_id).first()
        if client is None:
            raise Http404
    return referral, client


PARTNER_STEPS = (ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.STARTED, ReferralStatus.COMPLETED,
                 ReferralStatus.STOPPED)


def _render_partner_detail(request, referral, client, *, status=200, step_form=None, attendance_form=None,
                           note_form=None):
    context = _detail_context(referral, client)
    intake = BroadIntake.objects.filter(client=client).first()
    steps = []
    for step in TRANSITIONS.get(referral.status, ()):
        if step not in PARTNER_STEPS:
            continue
        form = step_form if step_form is not None and step_form.step == step else forms.TransitionForm(
            step=step, prefix=f"stap-{step}")
        steps.append({"step": step, "form": form, "button": _step_button(step)})
    context.update({
        "languages": list(client.languages.order_by("name")),
        "skills": [(label, getattr(intake, f"get_{name}_display")()) for name, label in DUTCH_SKILLS
                   if getattr(intake, name)] if intake else [],
        "steps": steps,
        "attendance_form": attendance_form or forms.AttendanceForm(prefix="aanwezigheid"),
        "note_form": note_form or forms.NoteForm(prefix="notitie"),
        "can_note": referral.status not in (ReferralStatus.WAITING, ReferralStatus.WITHDRAWN),
        "full": referral.status == ReferralStatus.SENT and services.is_full(referral.offer),
    })
    return render(request, "referrals/partner_detail.html", context, status=status)


def _step_button(step) -> str:
    return {
        ReferralStatus.ACCEPTED: _("Accepteren"),
        ReferralStatus.REJECTED: _("Afwijzen"),
        ReferralStatus.STARTED: _("Start doorgeven"),
        ReferralStatus.COMPLETED: _("Afronden"),
        ReferralStatus.STOPPED: _("Stoppen"),
    }[step]


@never_cache
@require_GET
@access.require_roles(Role.PARTNERMEDEWERKER)
def partner_detail(request, public_id):
    referral, client = _partner_referral(request, public_id)
    return _render_partner_detail(request, referral, client)


@require_POST
@access.require_roles(Role.PARTNERMEDEWERKER)
def partner_status(request, public_id):
    referral, client = _partner_referral(request, public_id)
    step = request.POST.get("stap")
    if step not in PARTNER_STEPS:
        messages.error(request, _("Deze stap bestaat niet."))
        return redirect("referrals:partner_detail", public_id=referral.public_id)
    form = forms.TransitionForm(request.POST, step=step, prefix=f"stap-{step}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.transition(request.user, referral, step, data["occurred_on"], reason=data.get("reason", ""),
                                result=data.get("result", ""))
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("De status is nu: %(status)s.")
                             % {"status": str(ReferralStatus(step).label).lower()})
            return redirect("referrals:partner_detail", public_id=referral.public_id)
    return _render_partner_detail(request, referral, client, status=400, step_form=form)


@require_POST
@access.require_roles(Role.PARTNERMEDEWERKER)
def partner_attendance(request, public_id):
    referral, client = _partner_referral(request, public_id)
    form = forms.AttendanceForm(request.POST, prefix="aanwezigheid")
    if form.is_valid():
        data = form.cleaned_data
        try:
            attendance = services.record_attendance(
                request.user, referral, data["week_start"], data["hours_present"], data["hours_absent_authorised"],
                data["hours_absent_unauthorised"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("De aanwezigheid in de week van %(date)s is opgeslagen.")
                             % {"date": attendance.week_start.strftime("%d-%m-%Y")})
            return redirect("referrals:partner_detail", public_id=referral.public_id)
    return _render_partner_detail(request, referral, client, status=400, attendance_form=form)


@require_POST
@access.require_roles(Role.PARTNERMEDEWERKER)
def partner_note(request, public_id):
    referral, client = _partner_referral(request, public_id)
    form = forms.NoteForm(request.POST, prefix="notitie")
    if form.is_valid():
        try:
            services.add_progress_note(request.user, referral, form.cleaned_data["written_on"],
                                       form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("De voortgang is opgeslagen."))
            return redirect("referrals:partner_detail", public_id=referral.public_id)
    return _render_partner_detail(request, referral, client, status=400, note_form=form)


# --- Quarterly partner overview ---------------------------------------------------------------------------

def _quarter_from(request, today: dt.date):
    """The chosen quarter (default: the last complete one) and the form; a future quarter falls back."""
    default = queries.Quarter.last_complete(today)
    years = list(range(today.year, today.year - 6, -1))
    form = forms.QuarterForm(request.GET or None, years=years,
                             initial={"jaar": default.year, "kwartaal": default.number})
    quarter = default
    if form.is_bound:
        if form.is_valid():
            chosen = queries.Quarter(form.cleaned_data["jaar"], form.cleaned_data["kwartaal"])
            if chosen.start > today:
                messages.warning(request, _("Dat kwartaal is nog niet begonnen; u ziet het laatste volledige "
                                            "kwartaal."))
            else:
                quarter = chosen
        else:
            messages.warning(request, _("Kies een jaar en een kwartaal uit de lijst; u ziet het laatste volledige "
                                        "kwartaal."))
    return quarter, form


def _quarterly_context(request):
    municipalities = access.municipalities(request.user, *QUARTERLY_ROLES)
    if not municipalities:
        raise Http404
    wanted = request.GET.get("gemeente")
    municipality = next((m for m in municipalities if str(m.public_id) == wanted), municipalities[0])
    today = timezone.localdate()
    quarter, form = _quarter_from(request, today)
    rows, totals = queries.quarterly_overview(municipality, quarter)
    return {
        "municipality": municipality, "municipalities": municipalities, "quarter": quarter, "form": form,
        "rows": rows, "totals": totals, "quarters": totals.quarters, "partial": quarter == queries.Quarter.of(today),
        "today": today,
    }


@never_cache
@require_GET
@access.require_roles(*QUARTERLY_ROLES)
def quarterly(request):
    context = _quarterly_context(request)
    context["pdf_query"] = f"jaar={context['quarter'].year}&kwartaal={context['quarter'].number}" + (
        f"&gemeente={context['municipality'].public_id}" if len(context["municipalities"]) > 1 else "")
    return render(request, "referrals/quarterly.html", context)


@never_cache
@require_GET
@access.require_roles(*QUARTERLY_ROLES)
def quarterly_pdf(request):
    from weasyprint import CSS, HTML

    context = _quarterly_context(request)
    html = render_to_string("referrals/quarterly_pdf.html", context, request=request)
    stylesheet = finders.find("referrals/quarterly_print.css")
    pdf = HTML(string=html).write_pdf(
        stylesheets=[CSS(filename=stylesheet)] if stylesheet else None)
    quarter = context["quarter"]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="kwartaaloverzicht-partners-{quarter.year}-'
                                       f'Q{quarter.number}.pdf"')
    return response

