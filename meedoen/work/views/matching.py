"""Pages of matching: the candidates of a vacancy, the vacancies of a client, the client's work profile,
proposing a candidate and following the proposal up.

Thin: parse → access door → service → redirect with a Dutch message. Only klantmanagers and teamleiders use
these pages (others 403); a vacancy of another municipality or a client the user may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.audit.services import record
from meedoen.core.forms import call_service
from meedoen.work.forms import matching as forms
from meedoen.work.matching import RANK_LABEL, skill_label
from meedoen.work.models import Proposal, ProposalStatus, Vacancy, VacancyStatus, WorkProfile
from meedoen.work.services import matching as services

ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
MEETING_SHOWN = 50
NOT_MEETING_SHOWN = 25


def _data(request):
    return request.POST if request.method == "POST" else None


def _municipality_ids(user) -> list[int]:
    return [m.pk for m in access.municipalities(user, *ROLES)]


def _vacancy(request, public_id) -> Vacancy:
    vacancy = (Vacancy.objects.filter(public_id=public_id, municipality_id__in=_municipality_ids(request.user))
               .select_related("employer", "municipality").first())
    if vacancy is None:
        raise Http404
    return vacancy


def _visible_client(request, public_id, municipality_id):
    """A client the user may see, in that municipality, or 404 (no audit: the caller records the event)."""
    client = (access.visible_clients(request.user).filter(public_id=public_id, municipality_id=municipality_id)
              .select_related("municipality").first())
    if client is None:
        raise Http404
    return client


# --- Candidates of a vacancy ------------------------------------------------------------------------------

@never_cache
@require_GET
@access.require_roles(*ROLES)
def vacancy_candidates(request, public_id):
    vacancy = _vacancy(request, public_id)
    filter_form = forms.CandidateFilterForm(request.GET or None)
    only_meeting = filter_form.is_valid() and filter_form.cleaned_data["alleen_passend"]
    req = services.requirements_for(vacancy)
    result = services.candidates(request.user, vacancy, requirements=req, meeting_limit=MEETING_SHOWN,
                                 not_meeting_limit=0 if only_meeting else NOT_MEETING_SHOWN)
    record(actor=request.user, action="work.candidates_viewed", obj=vacancy, municipality=vacancy.municipality,
           details={"shown": result.shown, "meeting": result.meeting_total,
                    "not_meeting": result.not_meeting_total})
    levels = [f"{skill_label(skill)} {RANK_LABEL[rank]}" for skill, rank in req.levels]
    return render(request, "work/matching/vacancy_candidates.html", {
        "vacancy": vacancy, "req": req, "levels": levels, "result": result, "filter_form": filter_form,
        "only_meeting": only_meeting, "is_open": vacancy.status == VacancyStatus.OPEN,
    })


# --- Vacancies for a client -------------------------------------------------------------------------------

@never_cache
@require_GET
@access.require_roles(*ROLES)
def client_matches(request, public_id):
    client = access.get_client_for_view(request, public_id, action="work.match_viewed")
    rows = services.vacancies_for(client)
    return render(request, "work/matching/client_matches.html", {
        "client": client, "rows": rows, "may_change": access.can_change_client(request.user, client),
    })


# --- Work profile -----------------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*ROLES)
def profile_edit(request, public_id):
    client = access.get_client_for_form(request, public_id)
    profile = WorkProfile.objects.filter(client=client).first()
    form = forms.WorkProfileForm(_data(request), initial=forms.WorkProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid() and call_service(
            form, lambda: services.update_work_profile(request.user, client, **form.cleaned_data)):
        messages.success(request, _("Het werkprofiel is opgeslagen."))
        return redirect("work:client_matches", public_id=client.public_id)
    return render(request, "work/matching/profile_edit.html", {"client": client, "form": form},
                  status=400 if request.method == "POST" else 200)


# --- Proposing --------------------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(*ROLES)
def propose(request, public_id, client_id):
    vacancy = _vacancy(request, public_id)
    client = _visible_client(request, client_id, vacancy.municipality_id)
    if request.method == "GET":
        access.get_client_for_view(request, client.public_id, action="work.match_viewed")
    form = forms.ProposeForm(_data(request))
    proposal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            nonlocal proposal
            proposal = services.propose(request.user, vacancy, client, data["share_basis"], data["consent_on"],
                                        data["shared_data"], data["note"])

        if call_service(form, call):
            messages.success(request, _("%(name)s is voorgedragen voor %(vacancy)s.")
                             % {"name": client.full_name, "vacancy": vacancy.title})
            return redirect("work:proposal_detail", public_id=proposal.public_id)
    match = services.match_for(vacancy, client)
    return render(request, "work/matching/propose.html", {
        "vacancy": vacancy, "client": client, "form": form, "match": match,
        "is_open": vacancy.status == VacancyStatus.OPEN,
    }, status=400 if request.method == "POST" else 200)


def _proposal(request, public_id) -> Proposal:
    proposal = (Proposal.objects.filter(public_id=public_id, municipality_id__in=_municipality_ids(request.user))
                .select_related("vacancy__employer", "client", "proposed_by").first())
    if proposal is None or not access.visible_clients(request.user).filter(pk=proposal.client_id).exists():
        raise Http404
    return proposal


def _render_proposal(request, proposal, *, status=200, bound=None):
    steps = {}
    allowed = services.PROPOSAL_TRANSITIONS.get(proposal.status, ())
    for step, target in (("interview", ProposalStatus.INTERVIEW), ("hired", ProposalStatus.HIRED),
                         ("not_hired", ProposalStatus.NOT_HIRED), ("withdraw", ProposalStatus.WITHDRAWN)):
        if target in allowed:
            reuse = bound is not None and bound.prefix == step
            steps[step] = bound if reuse else forms.ProposalUpdateForm.for_step(step)
    return render(request, "work/matching/proposal_detail.html", {
        "proposal": proposal, "client": proposal.client, "vacancy": proposal.vacancy, "steps": steps,
        "may_change": access.can_change_client(request.user, proposal.client),
    }, status=status)


@never_cache
@require_GET
@access.require_roles(*ROLES)
def proposal_detail(request, public_id):
    proposal = _proposal(request, public_id)
    record(actor=request.user, action="work.proposal_viewed", obj=proposal, municipality=proposal.municipality,
           client_public_id=proposal.client.public_id)
    return _render_proposal(request, proposal)


@never_cache
@require_POST
@access.require_roles(*ROLES)
def proposal_update(request, public_id):
    proposal = _proposal(request, public_id)
    step = next((s for s in forms.ProposalUpdateForm.STEPS if f"{s}-step" in request.POST), None)
    if step is None:
        messages.error(request, _("Deze stap bestaat niet."))
        return redirect("work:proposal_detail", public_id=proposal.public_id)
    form = forms.ProposalUpdateForm.for_step(step, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        calls = {
            "interview": lambda: services.record_interview(request.user, proposal, data["on"]),
            "hired": lambda: services.mark_hired(request.user, proposal, data["on"]),
            "not_hired": lambda: services.mark_not_hired(request.user, proposal, data["on"], data["reason"],
                                                         data["note"]),
            "withdraw": lambda: services.withdraw(request.user, proposal),
        }
        if call_service(form, calls[step]):
            texts = {"interview": _("Het sollicitatiegesprek is vastgelegd."),
                     "hired": _("Vastgelegd: %(name)s is aangenomen.") % {"name": proposal.client.full_name},
                     "not_hired": _("Vastgelegd: niet aangenomen."),
                     "withdraw": _("De voordracht is ingetrokken.")}
            messages.success(request, texts[step])
            if step == "hired":
                try:
                    url = reverse("work:placement_create", args=[proposal.client.public_id])
                except NoReverseMatch:
                    pass
                else:
                    messages.info(request, _("Leg nu de plaatsing vast."))
                    return redirect(f"{url}?voordracht={proposal.public_id}")
            return redirect("work:proposal_detail", public_id=proposal.public_id)
    proposal.refresh_from_db()
    return _render_proposal(request, proposal, status=400, bound=form)
