"""Partner registry pages (functioneel beheerder) and the activity catalogue (klantmanager, teamleider,
functioneel beheerder). Thin: parse → access → service → redirect with a Dutch success message.

A partner (or one of its rows) of another municipality is a 404; a page for another role is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from meedoen.accounts import access
from meedoen.accounts.models import PartnerOrganisation, Role
from meedoen.partners import forms, services
from meedoen.partners.models import Covenant, DataFlowBasis, Offer, PartnerContact

CATALOGUE_ROLES = (Role.KLANTMANAGER, Role.TEAMLEIDER, Role.FUNCTIONEEL_BEHEERDER)


def _beheer_ids(user) -> list[int]:
    return [m.pk for m in access.municipalities(user, Role.FUNCTIONEEL_BEHEERDER)]


def _partner(user, public_id) -> PartnerOrganisation:
    try:
        return PartnerOrganisation.objects.select_related("municipality").get(
            public_id=public_id, municipality_id__in=_beheer_ids(user))
    except PartnerOrganisation.DoesNotExist:
        raise Http404 from None


@never_cache
@require_GET
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def partner_list(request):
    partners = services.partner_overview(_beheer_ids(request.user)).select_related("municipality")
    return render(request, "partners/list.html", {"partners": partners})


@never_cache
@require_GET
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def partner_detail(request, public_id):
    partner = _partner(request.user, public_id)
    return render(request, "partners/detail.html", {
        "partner": partner,
        "covenants": partner.covenants.all(),
        "contacts": partner.contacts.all(),
        "bases": partner.data_flow_bases.all(),
        "offers": partner.offers.prefetch_related("languages"),
    })


@dataclass(frozen=True)
class Kind:
    """One kind of row on a partner: its model, form, services and texts."""

    model: type
    form: type
    create: object
    update: object
    keyword: str
    add_title: str
    edit_title: str
    saved: str


KINDS = {
    "covenant": Kind(Covenant, forms.CovenantForm, services.create_covenant, services.update_covenant, "covenant",
                     gettext_lazy("Convenant toevoegen"), gettext_lazy("Convenant wijzigen"),
                     gettext_lazy("Het convenant is opgeslagen.")),
    "contact": Kind(PartnerContact, forms.ContactForm, services.create_contact, services.update_contact, "contact",
                    gettext_lazy("Contactpersoon toevoegen"), gettext_lazy("Contactpersoon wijzigen"),
                    gettext_lazy("De contactpersoon is opgeslagen.")),
    "basis": Kind(DataFlowBasis, forms.BasisForm, services.create_basis, services.update_basis, "basis",
                  gettext_lazy("Grondslag gegevensdeling toevoegen"), gettext_lazy("Grondslag gegevensdeling wijzigen"),
                  gettext_lazy("De grondslag is opgeslagen.")),
    "offer": Kind(Offer, forms.OfferForm, services.create_offer, services.update_offer, "offer",
                  gettext_lazy("Aanbod toevoegen"), gettext_lazy("Aanbod wijzigen"),
                  gettext_lazy("Het aanbod is opgeslagen.")),
}


@never_cache
@require_http_methods(["GET", "POST"])
@access.require_roles(Role.FUNCTIONEEL_BEHEERDER)
def row_edit(request, partner_id, kind, item_id=None):
    spec = KINDS[kind]
    partner = _partner(request.user, partner_id)
    instance = None
    if item_id is not None:
        try:
            instance = spec.model.objects.get(public_id=item_id, partner=partner)
        except spec.model.DoesNotExist:
            raise Http404 from None
    form = spec.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        municipality = partner.municipality
        try:
            if instance is None:
                spec.create(actor=request.user, municipality=municipality, partner=partner, data=form.cleaned_data)
            else:
                spec.update(actor=request.user, municipality=municipality, data=form.cleaned_data,
                            **{spec.keyword: instance})
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, str(spec.saved))
            return redirect("partners:detail", public_id=partner.public_id)
    title = spec.add_title if instance is None else spec.edit_title
    return render(request, "partners/form.html", {"partner": partner, "form": form, "title": title})


@never_cache
@require_GET
@access.require_roles(*CATALOGUE_ROLES)
def catalogue(request):
    ids = [m.pk for m in access.municipalities(request.user, *CATALOGUE_ROLES)]
    form = forms.CatalogueFilterForm(request.GET or None)
    activity_type = form.cleaned_data["activity_type"] if form.is_valid() else ""
    if form.is_bound and not form.is_valid():
        messages.warning(request, _("Deze soort activiteit bestaat niet; het hele aanbod wordt getoond."))
    offers = services.catalogue(ids, activity_type)
    return render(request, "partners/catalogue.html", {"offers": offers, "form": form})
