from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from meedoen.accounts.tests.factories import PartnerOrganisationFactory
from meedoen.partners.models import ActivityType, Covenant, DataFlowBasis, LegalBasis, Offer, PartnerContact


class PartnerRowFactory(factory.django.DjangoModelFactory):
    partner = factory.SubFactory(PartnerOrganisationFactory)
    municipality = factory.LazyAttribute(lambda o: o.partner.municipality)


class CovenantFactory(PartnerRowFactory):
    class Meta:
        model = Covenant

    start = dt.date(2024, 1, 1)
    end = None
    delivers = "Taallessen en KNM"
    signed_on = dt.date(2023, 12, 1)


class PartnerContactFactory(PartnerRowFactory):
    class Meta:
        model = PartnerContact

    name = factory.Sequence(lambda n: f"Contact {n}")
    function = "Coördinator"


class DataFlowBasisFactory(PartnerRowFactory):
    class Meta:
        model = DataFlowBasis

    basis = LegalBasis.PROCESSOR_AGREEMENT
    shared_data = "Naam, contactgegevens, taalniveau"
    valid_from = dt.date(2024, 1, 1)


class OfferFactory(PartnerRowFactory):
    class Meta:
        model = Offer

    name = factory.Sequence(lambda n: f"Aanbod {n}")
    activity_type = ActivityType.LANGUAGE_COURSE
    hours_per_week = Decimal("8")
    duration_weeks = 40
    location = "Zwolle centrum"
    capacity = 12
    price = Decimal("1500.00")
