"""Changing the partner registry and the activity catalogue. The only writer of the partners models.

Every function is atomic and records one audit event in the same transaction; the details hold only the
names of the changed fields (never the values: contact details and free text stay out of the trail).
Bad input raises ``ValidationError`` with a Dutch message and saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import PartnerOrganisation
from meedoen.audit.services import record
from meedoen.partners.models import Covenant, DataFlowBasis, Offer, PartnerContact

COVENANT_FIELDS = ("start", "end", "delivers", "signed_on")
CONTACT_FIELDS = ("name", "function", "phone", "email")
BASIS_FIELDS = ("basis", "shared_data", "valid_from", "valid_until", "document_reference")
OFFER_FIELDS = ("name", "activity_type", "hours_per_week", "duration_weeks", "location", "capacity", "price",
                "active")


def _check_partner(municipality, partner: PartnerOrganisation) -> None:
    if partner.municipality_id != municipality.pk:
        raise ValidationError(_("De partnerorganisatie hoort bij een andere gemeente."))


def _create(*, actor, municipality, partner, model, fields, data: Mapping[str, Any], action: str,
            languages: Iterable | None = None):
    _check_partner(municipality, partner)
    obj = model(municipality=municipality, partner=partner, **{f: data[f] for f in fields if f in data})
    obj.full_clean()
    obj.save()
    changed = [f for f in fields if f in data]
    if languages is not None:
        obj.languages.set(languages)
        changed.append("languages")
    record(actor=actor, action=action, obj=obj, municipality=municipality,
           details={"partner": str(partner.public_id), "fields": changed})
    return obj


def _update(*, actor, municipality, obj, fields, data: Mapping[str, Any], action: str,
            languages: Iterable | None = None):
    if obj.municipality_id != municipality.pk:
        raise ValidationError(_("De partnerorganisatie hoort bij een andere gemeente."))
    changed = [f for f in fields if f in data and getattr(obj, f) != data[f]]
    for field in changed:
        setattr(obj, field, data[field])
    if languages is not None:
        wanted = {lang.pk for lang in languages}
        if wanted != set(obj.languages.values_list("pk", flat=True)):
            changed.append("languages")
    if not changed:
        return obj
    obj.full_clean()
    model_fields = [f for f in changed if f != "languages"]
    if model_fields:
        obj.save(update_fields=[*model_fields, "updated_at"])
    if "languages" in changed:
        obj.languages.set(wanted)
    record(actor=actor, action=action, obj=obj, municipality=municipality,
           details={"partner": str(obj.partner.public_id), "fields": changed})
    return obj


# --- Covenants -----------------------------------------------------------------------------------------------

@transaction.atomic
def create_covenant(*, actor, municipality, partner, data: Mapping[str, Any]) -> Covenant:
    return _create(actor=actor, municipality=municipality, partner=partner, model=Covenant,
                   fields=COVENANT_FIELDS, data=data, action="partners.covenant_created")


@transaction.atomic
def update_covenant(*, actor, municipality, covenant: Covenant, data: Mapping[str, Any]) -> Covenant:
    return _update(actor=actor, municipality=municipality, obj=covenant, fields=COVENANT_FIELDS, data=data,
                   action="partners.covenant_updated")


# --- Contact people ------------------------------------------------------------------------------------------

@transaction.atomic
def create_contact(*, actor, municipality, partner, data: Mapping[str, Any]) -> PartnerContact:
    return _create(actor=actor, municipality=municipality, partner=partner, model=PartnerContact,
                   fields=CONTACT_FIELDS, data=data, action="partners.contact_created")


@transaction.atomic
def update_contact(*, actor, municipality, contact: PartnerContact, data: Mapping[str, Any]) -> PartnerContact:
    return _update(actor=actor, municipality=municipality, obj=contact, fields=CONTACT_FIELDS, data=data,
                   action="partners.contact_updated")


# --- Legal bases of data flows -------------------------------------------------------------------------------

@transaction.atomic
def create_basis(*, actor, municipality, partner, data: Mapping[str, Any]) -> DataFlowBasis:
    return _create(actor=actor, municipality=municipality, partner=partner, model=DataFlowBasis,
                   fields=BASIS_FIELDS, data=data, action="partners.basis_created")


@transaction.atomic
def update_basis(*, actor, municipality, basis: DataFlowBasis, data: Mapping[str, Any]) -> DataFlowBasis:
    return _update(actor=actor, municipality=municipality, obj=basis, fields=BASIS_FIELDS, data=data,
                   action="partners.basis_updated")


# --- Offers (the activity catalogue) ---------------------------------------------------------------------------

@transaction.atomic
def create_offer(*, actor, municipality, partner, data: Mapping[str, Any]) -> Offer:
    return _create(actor=actor, municipality=municipality, partner=partner, model=Offer, fields=OFFER_FIELDS,
                   data=data, action="partners.offer_created", languages=data.get("languages", []))


@transaction.atomic
def update_offer(*, actor, municipality, offer: Offer, data: Mapping[str, Any]) -> Offer:
    return _update(actor=actor, municipality=municipality, obj=offer, fields=OFFER_FIELDS, data=data,
                   action="partners.offer_updated", languages=data.get("languages"))


# --- Reading ----------------------------------------------------------------------------------------------------

def partner_overview(municipality_ids: Iterable[int]) -> QuerySet[PartnerOrganisation]:
    """Partners with their covenant status, number of offers and of legal bases: one query."""
    today = timezone.localdate()
    current = Covenant.objects.filter(partner=OuterRef("pk"), start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today))
    return (
        PartnerOrganisation.objects.filter(municipality_id__in=list(municipality_ids))
        .annotate(
            has_current_covenant=Exists(current),
            has_any_covenant=Exists(Covenant.objects.filter(partner=OuterRef("pk"))),
            offer_count=Count("offers", distinct=True),
            basis_count=Count("data_flow_bases", distinct=True),
        )
        .order_by("name")
    )


def catalogue(municipality_ids: Iterable[int], activity_type: str = "") -> QuerySet[Offer]:
    """Active offers of these municipalities (optionally of one activity type): two queries."""
    offers = Offer.objects.active().filter(municipality_id__in=list(municipality_ids))
    if activity_type:
        offers = offers.filter(activity_type=activity_type)
    return offers.select_related("partner").prefetch_related("languages").order_by("activity_type", "name")
