"""Hand-made fixtures for the exams tests: a Wi2021 client, a set plan, attendance, the PIP milestone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from meedoen.journey.models import Milestone, MilestoneKind
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.referrals.models import Attendance
from meedoen.referrals.tests.factories import ReferralFactory

TODAY = timezone.localdate


def days_ago(n: int) -> dt.date:
    return TODAY() - dt.timedelta(days=n)


def monday(weeks_ago: int) -> dt.date:
    today = TODAY()
    return today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks_ago)


@pytest.fixture
def inburgeraar(world):
    """world.client as a Wi2021 asielstatushouder."""
    client = world.client
    client.regime = "wi2021"
    client.target_group = "asielstatushouder"
    client.save(update_fields=["regime", "target_group"])
    return client


def set_plan(client, *, route="b1", dagtekening=None, stepped_down=False, pip_milestone=True, **kwargs):
    """A set plan (version 1) and, by default, the journey's PIP_SET milestone on its dagtekening."""
    dagtekening = dagtekening or days_ago(400)
    plan = PlanFactory(client=client, status=PlanStatus.SET, dagtekening=dagtekening, route=route,
                       stepped_down_to_a2=stepped_down, stepped_down_on=dagtekening if stepped_down else None,
                       **kwargs)
    if pip_milestone:
        Milestone.objects.create(client=client, municipality=client.municipality, kind=MilestoneKind.PIP_SET,
                                 date=dagtekening)
    return plan


def attend(plan, activity_type: str, weekly_hours: list, *, first_week_ago: int, user):
    """An activity of this type in the plan, a referral for it, and attendance per week (oldest first)."""
    activity = PlanActivityFactory(plan=plan, activity_type=activity_type, hours_per_week=Decimal("20"),
                                   start=monday(first_week_ago), end=monday(first_week_ago) + dt.timedelta(weeks=40))
    referral = ReferralFactory(plan_activity=activity, referred_by=user)
    for i, hours in enumerate(weekly_hours):
        Attendance.objects.create(referral=referral, municipality=plan.municipality,
                                  week_start=monday(first_week_ago - i), hours_present=Decimal(str(hours)),
                                  recorded_by=user)
    return activity
