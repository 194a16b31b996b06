from __future__ import annotations

from decimal import Decimal

import factory

from meedoen.accounts.models import Membership, Municipality, PartnerOrganisation, Province, Role, Team, TeamKind, User

TEST_PASSWORD = "test-wachtwoord-123"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("cbs_code",)

    # GM2000–GM8999: never a code the tests spell out (GM0193, GM1731) nor the benchmark's GM9xxx, and
    # always four digits however many municipalities a long test session creates (PostgreSQL checks the length).
    cbs_code = factory.Sequence(lambda n: f"GM{2000 + n % 7000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = Province.OVERIJSSEL


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = TeamKind.REINTEGRATION
    fte = Decimal("4.0")
    caseload_norm = 60


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.KLANTMANAGER
    team = factory.LazyAttribute(
        lambda o: TeamFactory(municipality=o.municipality) if o.role in (Role.KLANTMANAGER, Role.TEAMLEIDER) else None
    )
    partner = factory.LazyAttribute(
        lambda o: PartnerOrganisationFactory(municipality=o.municipality)
        if o.role == Role.PARTNERMEDEWERKER else None
    )


def user_with_role(role: str, municipality, *, team=None, partner=None, username: str | None = None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    kwargs = {"user": user, "municipality": municipality, "role": role}
    if team is not None:
        kwargs["team"] = team
    if partner is not None:
        kwargs["partner"] = partner
    MembershipFactory(**kwargs)
    return user
