from __future__ import annotations

import datetime as dt

import factory

from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.tests.factories import PlanActivityFactory
from meedoen.referrals.models import Referral, ReferralStatus


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral in status 'sent'. Pass ``plan_activity`` (its plan's client is used) and ``offer``."""

    class Meta:
        model = Referral

    plan_activity = factory.SubFactory(PlanActivityFactory)
    client = factory.LazyAttribute(lambda o: o.plan_activity.plan.client)
    municipality = factory.LazyAttribute(lambda o: o.client.municipality)
    offer = factory.SubFactory(OfferFactory)
    partner = factory.LazyAttribute(lambda o: o.offer.partner)
    basis = factory.LazyAttribute(lambda o: DataFlowBasisFactory(partner=o.partner))
    status = ReferralStatus.SENT
    referred_on = dt.date(2026, 1, 5)
    sent_on = dt.date(2026, 1, 5)
    referred_by = factory.LazyAttribute(lambda o: o.client.klantmanager)
