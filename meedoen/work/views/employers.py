"""Employer, agreement and vacancy pages (klantmanager, teamleider; the functioneel beheerder may look at the
employers) and the bijstand-norm page (functioneel beheerder). Thin: parse → access → service → redirect
with a Dutch message.

Employers are municipality data, not client data: reading them is not audited, every change is (by the
services). A row of another municipality is a 404; a page for another role is a 403.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.core.forms import call_service
from meedoen.work.forms import employers as forms
from meedoen.work.models import CooperationAgreement, Employer, EmployerContact, Vacancy, VacancyStatus
from meedoen.work.services import employers as services

MANAGE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER)
VIEW_ROLES = (*MANAGE_ROLES, Role.FUNCTIONEEL_BEHEERDER)
GET_POST = ["GET", "POST"]
EMPLOYER_PAGE_SIZE = 25
VACANCY_PAGE_SIZE = 25


def _ids(user, roles) -> list[int]:
    return [m.pk for m in access.municipalities(user, *roles)]


def _get(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def _employer(user, public_id, roles=MANAGE_ROLES) -> Employer:
    return _get(Employer.objects.select_related("municipality").filter(municipality_id__in=_ids(user, roles)),
                public_id=public_id)


def _vacancy(user, public_id) -> Vacancy:
    return _get(Vacancy.objects.select_related("employer", "municipality").filter(
        municipality_id__in=_ids(user, MANAGE_ROLES)), public_id=public_id)


def _manage_municipality(user):
    """Where a new employer goes: the first municipality in which the user manages employers."""
    return access.municipalities(user, *MANAGE_ROLES)[0]


def candidates_url(vacancy: Vacancy) -> str:
    """The candidate search of the matching area, or "" while that page does not exist."""
    try:
        return reverse("work:vacancy_candidates", args=[vacancy.public_id])
    except NoReverseMatch:
        return ""


# --- Employers -----------------------------------------------------------------------------------------------

@never_cache
@require_GET
@access.require_roles(*VIEW_ROLES)
def employer_list(request):
    form = forms.EmployerFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    employers = services.employer_overview(_ids(request.user, VIEW_ROLES), text=data.get("q", ""),
                                           sector=data.get("sector", ""))
    page = Paginator(employers, EMPLOYER_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    agreements = services.current_agreements(e.pk for e in page.object_list)
    manage_ids = set(_ids(request.user, MANAGE_ROLES))
    for employer in page.object_list:
        employer.agreement = agreements.get(employer.pk)
        employer.delivery = services.delivered(employer.agreement) if employer.agreement else None
    return render(request, "work/employers/list.html", {
        "form": form, "page_obj": page, "employers": page.object_list, "may_manage": bool(manage_ids),
        "filtered": bool(data.get("q") or data.get("sector")), "today": timezone.localdate(),
    })


@never_cache
@require_GET
@access.require_roles(*VIEW_ROLES)
def employer_detail(request, public_id):
    employer = _employer(request.user, public_id, VIEW_ROLES)
    may_manage = employer.municipality_id in _ids(request.user, MANAGE_ROLES)
    vacancies = list(employer.vacancies.order_by("status", "start", "title"))
    for vacancy in vacancies:
        vacancy.language_summary = services.language_summary(vacancy)
    agreements = list(services.with_delivery(employer.agreements.all()))
    for agreement in agreements:
        agreement.delivery = services.delivered(agreement)
    return render(request, "work/employers/detail.html", {
        "employer": employer,
        "may_manage": may_manage,
        "contacts": employer.contacts.all(),
        "agreements": agreements,
        "vacancies": vacancies,
        "placements": services.placement_counts(employer),
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def employer_create(request):
    form = forms.EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = []
        if call_service(form, lambda: created.append(services.create_employer(
                actor=request.user, municipality=_manage_municipality(request.user), data=form.cleaned_data))):
            messages.success(request, _("De werkgever is toegevoegd."))
            return redirect("work:employer_detail", public_id=created[0].public_id)
    return render(request, "work/employers/form.html", {
        "form": form, "title": _("Werkgever toevoegen"), "back_url": reverse("work:employer_list"),
        "back_label": _("Terug naar werkgevers"),
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def employer_edit(request, public_id):
    employer = _employer(request.user, public_id)
    form = forms.EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_employer(actor=request.user, employer=employer,
                                                               data=form.cleaned_data)):
            messages.success(request, _("De gegevens van de werkgever zijn opgeslagen."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return _employer_form(request, employer, form, _("Werkgever wijzigen"))


def _employer_form(request, employer, form, title):
    return render(request, "work/employers/form.html", {
        "form": form, "title": title, "employer": employer,
        "back_url": reverse("work:employer_detail", args=[employer.public_id]),
        "back_label": _("Terug naar %(name)s") % {"name": employer.name},
    })


# --- Contact people -----------------------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def employer_contact_create(request, employer_id):
    employer = _employer(request.user, employer_id)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.create_contact(actor=request.user, municipality=employer.municipality,
                                                              employer=employer, data=form.cleaned_data)):
            messages.success(request, _("De contactpersoon is toegevoegd."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return _employer_form(request, employer, form, _("Contactpersoon toevoegen"))


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def employer_contact_edit(request, employer_id, contact_id):
    employer = _employer(request.user, employer_id)
    contact = _get(EmployerContact.objects.filter(employer=employer), public_id=contact_id)
    contact.employer = employer
    form = forms.ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_contact(actor=request.user, contact=contact,
                                                              data=form.cleaned_data)):
            messages.success(request, _("De contactpersoon is opgeslagen."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return _employer_form(request, employer, form, _("Contactpersoon wijzigen"))


# --- Cooperation agreements ---------------------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def agreement_create(request, employer_id):
    employer = _employer(request.user, employer_id)
    form = forms.AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.create_agreement(
                actor=request.user, municipality=employer.municipality, employer=employer, data=form.cleaned_data)):
            messages.success(request, _("De samenwerkingsafspraak is vastgelegd."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return _employer_form(request, employer, form, _("Samenwerkingsafspraak vastleggen"))


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def agreement_edit(request, employer_id, agreement_id):
    employer = _employer(request.user, employer_id)
    agreement = _get(CooperationAgreement.objects.filter(employer=employer), public_id=agreement_id)
    agreement.employer = employer
    form = forms.AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_agreement(actor=request.user, agreement=agreement,
                                                                data=form.cleaned_data)):
            messages.success(request, _("De samenwerkingsafspraak is opgeslagen."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return _employer_form(request, employer, form, _("Samenwerkingsafspraak wijzigen"))


# --- Vacancies ----------------------------------------------------------------------------------------------

@never_cache
@require_GET
@access.require_roles(*MANAGE_ROLES)
def vacancy_list(request):
    form = forms.VacancyFilterForm(request.GET or None)
    filters = form.filters()
    vacancies = services.vacancy_list(_ids(request.user, MANAGE_ROLES), **filters)
    page = Paginator(vacancies, VACANCY_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for vacancy in page.object_list:
        vacancy.language_summary = services.language_summary(vacancy)
    status_label = dict(VacancyStatus.choices).get(filters["status"], "")
    return render(request, "work/employers/vacancy_list.html", {
        "form": form, "page_obj": page, "vacancies": page.object_list, "status_label": status_label,
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def vacancy_create(request):
    employers = Employer.objects.filter(municipality_id__in=_ids(request.user, MANAGE_ROLES), active=True)
    initial = {}
    chosen = request.GET.get("werkgever", "")
    if chosen:
        try:
            employer = employers.filter(public_id=uuid.UUID(chosen)).first()
        except ValueError:
            employer = None
        if employer is not None:
            initial = {"employer": employer, "sector": employer.sector, "location": employer.city}
    form = forms.VacancyForm(request.POST or None, employers=employers, initial=initial)
    if request.method == "POST" and form.is_valid():
        employer = form.cleaned_data["employer"]
        created = []
        if call_service(form, lambda: created.append(services.create_vacancy(
                actor=request.user, municipality=employer.municipality, employer=employer, data=form.cleaned_data))):
            messages.success(request, _("De vacature is toegevoegd."))
            return redirect("work:vacancy_detail", public_id=created[0].public_id)
    return render(request, "work/employers/vacancy_form.html", {
        "form": form, "title": _("Vacature toevoegen"), "back_url": reverse("work:vacancy_list"),
        "back_label": _("Terug naar vacatures"),
    })


@never_cache
@require_GET
@access.require_roles(*MANAGE_ROLES)
def vacancy_detail(request, public_id):
    vacancy = _vacancy(request.user, public_id)
    return render(request, "work/employers/vacancy_detail.html", {
        "vacancy": vacancy,
        "languages": services.language_requirements(vacancy),
        "certificates": vacancy.certificates.all(),
        "status_form": forms.VacancyStatusForm(initial={"status": vacancy.status}),
        "candidates_url": candidates_url(vacancy) if vacancy.status == VacancyStatus.OPEN else "",
    })


@never_cache
@require_http_methods(GET_POST)
@access.require_roles(*MANAGE_ROLES)
def vacancy_edit(request, public_id):
    vacancy = _vacancy(request.user, public_id)
    form = forms.VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_vacancy(actor=request.user, vacancy=vacancy,
                                                              data=form.cleaned_data)):
            messages.success(request, _("De vacature is opgeslagen."))
            return redirect("work:vacancy_detail", public_id=vacancy.public_id)
    return render(request, "work/employers/vacancy_form.html", {
        "form": form, "title": _("Vacature wijzigen"), "vacancy": vacancy,
        "back_url": reverse("work:vacancy_detail", args=[vacancy.public_id]),
        "back_label": _("Terug naar de vacature"),
    })


@never_cache
@require_POST
@access.require_roles(*MANAGE_ROLES)
def vacancy_status(request, public_id):
    vacancy = _vacancy(request.user, public_id)
    form = forms.VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies open, vervuld of gesloten."))
    else:
        try:
            vacancy = services.change_vacancy_status(actor=request.user, vacancy=vacancy,
                                                     status=form.cleaned_data["status"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De status van de vacature is nu: %(status)s.")
                             % {"status": vacancy.get_status_display().lower()})
    return redirect("work:vacancy_detail", public_id=vacancy.public_id)


# --- Bijstand norms (functioneel beheerder) ------------------------------------------------------------------

@never_cache
@require_http_methods(GET_POST)
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def work_settings(request):
    municipality = access.municipalities(request.user, Role.FUNCTIONEEL_BEHEERDER)[0]
    settings = services.work_settings(municipality)
    form = forms.SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.update_work_settings(actor=request.user, municipality=municipality,
                                                                    data=form.cleaned_data)):
            messages.success(request, _("De bijstandsnormen zijn opgeslagen."))
            return redirect("work:settings")
    return render(request, "work/employers/settings.html", {"municipality": municipality, "form": form,
                                                            "settings": settings})
