from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from meedoen.clients.tests.factories import ClientFactory
from meedoen.plans.models import LearningRoute, Plan, PlanActivity, PlanStatus


class PlanFactory(factory.django.DjangoModelFactory):
    """A draft plan (version 1). Use ``status=PlanStatus.SET, dagtekening=...`` for a set one."""

    class Meta:
        model = Plan

    client = factory.SubFactory(ClientFactory)
    municipality = factory.LazyAttribute(lambda o: o.client.municipality)
    version = 1
    status = PlanStatus.DRAFT
    route = LearningRoute.B1
    main_goal = "Zelfstandig meedoen in Zwolle"
    hours_available = 36


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(PlanFactory)
    municipality = factory.LazyAttribute(lambda o: o.plan.municipality)
    activity_type = "language_course"
    description = factory.Sequence(lambda n: f"Activiteit {n}")
    hours_per_week = Decimal("12")
    start = dt.date(2026, 1, 5)
    end = dt.date(2026, 6, 26)
