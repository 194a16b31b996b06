"""Fixtures for the referral tests: world.client with a set plan, one language-course activity, an offer of
the Taalhuis (world.partner) under a processor agreement, and helpers to move referrals along."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from meedoen.partners.models import LegalBasis
from meedoen.partners.tests.factories import DataFlowBasisFactory, OfferFactory
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals import services
from meedoen.referrals.models import Attendance, ReferralStatus


def today() -> dt.date:
    return timezone.localdate()


def days_ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


def monday(weeks_ago: int = 0) -> dt.date:
    d = today() - dt.timedelta(weeks=weeks_ago)
    return d - dt.timedelta(days=d.weekday())


@pytest.fixture
def plan(world):
    return PlanFactory(client=world.client, status=PlanStatus.SET, dagtekening=days_ago(200))


@pytest.fixture
def activity(plan):
    return PlanActivityFactory(plan=plan, activity_type="language_course", description="Taalles B1",
                               hours_per_week=Decimal("12"), start=days_ago(150), end=days_ago(-150))


@pytest.fixture
def basis(world):
    return DataFlowBasisFactory(partner=world.partner, basis=LegalBasis.PROCESSOR_AGREEMENT,
                                valid_from=dt.date(2024, 1, 1))


@pytest.fixture
def offer(world, basis):
    return OfferFactory(partner=world.partner, name="Taalles B1 overdag", activity_type="language_course",
                        capacity=2)


@pytest.fixture
def referral(world, activity, offer):
    """A referral of world.client to the Taalhuis, sent 60 days ago."""
    return services.create_referral(world.klantmanager, activity, offer, "Kan alleen 's ochtends",
                                    referred_on=days_ago(60))


@pytest.fixture
def started(world, referral):
    """The referral accepted and started by the partner user (started 56 days ago)."""
    services.transition(world.partnermedewerker, referral, ReferralStatus.ACCEPTED, days_ago(58))
    services.transition(world.partnermedewerker, referral, ReferralStatus.STARTED, days_ago(56))
    referral.refresh_from_db()
    return referral


def attend(referral, week: dt.date, present, authorised=0, unauthorised=0, user=None) -> Attendance:
    """An attendance row written directly (like the demo seeder), without evaluating signals."""
    return Attendance.objects.create(referral=referral, municipality=referral.municipality, week_start=week,
                                     hours_present=Decimal(str(present)),
                                     hours_absent_authorised=Decimal(str(authorised)),
                                     hours_absent_unauthorised=Decimal(str(unauthorised)),
                                     recorded_by=user or referral.referred_by)
