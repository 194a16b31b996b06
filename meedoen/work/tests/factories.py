from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from meedoen.accounts.tests.factories import MunicipalityFactory
from meedoen.clients.tests.factories import ClientFactory
from meedoen.work.models import (
    ContractType,
    CooperationAgreement,
    Employer,
    EmployerContact,
    PlaceKind,
    Placement,
    ProcurementContract,
    Proposal,
    Provider,
    Sector,
    ShareBasis,
    Trajectory,
    TrajectoryType,
    Vacancy,
    WorkProfile,
)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Werkgever {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    sector = Sector.LOGISTICS
    city = "Zwolle"


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.LazyAttribute(lambda o: o.employer.municipality)
    name = factory.Sequence(lambda n: f"Contact {n}")
    function = "HR-adviseur"


class CooperationAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationAgreement

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.LazyAttribute(lambda o: o.employer.municipality)
    start = dt.date(2026, 1, 1)
    end = dt.date(2026, 12, 31)
    committed_jobs = 3
    committed_work_experience = 4


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.LazyAttribute(lambda o: o.employer.municipality)
    title = factory.Sequence(lambda n: f"Orderpicker {n}")
    occupation = "Orderpicker"
    sector = Sector.LOGISTICS
    kind = PlaceKind.PAID_JOB
    hours_per_week = 24
    location = "Zwolle"
    start = dt.date(2026, 12, 1)
    capacity = 1


class WorkProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProfile

    client = factory.SubFactory(ClientFactory)
    municipality = factory.LazyAttribute(lambda o: o.client.municipality)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    vacancy = factory.SubFactory(VacancyFactory)
    municipality = factory.LazyAttribute(lambda o: o.vacancy.municipality)
    client = factory.SubFactory(ClientFactory, municipality=factory.SelfAttribute("..municipality"))
    proposed_on = dt.date(2026, 11, 2)
    share_basis = ShareBasis.CONSENT
    consent_on = dt.date(2026, 11, 1)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    employer = factory.SubFactory(EmployerFactory)
    municipality = factory.LazyAttribute(lambda o: o.employer.municipality)
    client = factory.SubFactory(ClientFactory, municipality=factory.SelfAttribute("..municipality"))
    kind = PlaceKind.PAID_JOB
    start = dt.date(2026, 6, 1)
    hours_per_week = 24
    contract_type = ContractType.FIXED_TERM
    monthly_wage = Decimal("1100.00")
    bijstand_norm = Decimal("1400.00")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Re-integratie {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{20000000 + n:08d}")


class ProcurementContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcurementContract

    provider = factory.SubFactory(ProviderFactory)
    municipality = factory.LazyAttribute(lambda o: o.provider.municipality)
    reference = factory.Sequence(lambda n: f"AB-2025-{n:03d}")
    trajectory_type = TrajectoryType.TO_WORK
    start = dt.date(2025, 1, 1)
    end = dt.date(2026, 12, 31)
    price = Decimal("3500.00")
    promised_success_percent = 30
    success_window_months = 12


class TrajectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trajectory

    contract = factory.SubFactory(ProcurementContractFactory)
    municipality = factory.LazyAttribute(lambda o: o.contract.municipality)
    client = factory.SubFactory(ClientFactory, municipality=factory.SelfAttribute("..municipality"))
    start = dt.date(2025, 3, 1)
