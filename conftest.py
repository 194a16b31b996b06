"""Shared fixtures: the personas every access test is written against.

Two municipalities (Zwolle-like "home" and Midden-Drenthe-like "other"), two teams in home, and:
own klantmanager, colleague in another team, team lead, policy officer, partner worker,
functioneel beheerder, and a klantmanager of the other municipality.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from meedoen.accounts.models import Province, Role, TeamKind
from meedoen.accounts.tests.factories import (
    MunicipalityFactory,
    PartnerOrganisationFactory,
    TeamFactory,
    user_with_role,
)
from meedoen.clients.tests.factories import ClientFactory


@dataclass
class World:
    home: object
    other: object
    team: object
    other_team: object
    partner: object
    klantmanager: object
    colleague_other_team: object
    teamleider: object
    beleidsmedewerker: object
    partnermedewerker: object
    beheerder: object
    foreign_klantmanager: object
    client: object
    foreign_client: object


@pytest.fixture(autouse=True, scope="session")
def _validate_chart_specs():
    """Pages skip Altair's schema validation for speed; the suite checks every chart it builds."""
    from meedoen.core import charts

    charts.VALIDATE_SPECS = True
    yield
    charts.VALIDATE_SPECS = False


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Hashing with PBKDF2 is slow on purpose; tests need no protection against brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    home = MunicipalityFactory(cbs_code="GM0193", name="Zwolle", province=Province.OVERIJSSEL)
    other = MunicipalityFactory(cbs_code="GM1731", name="Midden-Drenthe", province=Province.DRENTHE)
    team = TeamFactory(municipality=home, name="Re-integratie 27+", kind=TeamKind.REINTEGRATION)
    other_team = TeamFactory(municipality=home, name="Jongerenpunt", kind=TeamKind.YOUTH_DESK)
    foreign_team = TeamFactory(municipality=other, name="Team Sociaal Domein")
    partner = PartnerOrganisationFactory(municipality=home, name="Taalhuis Zwolle")
    klantmanager = user_with_role(Role.KLANTMANAGER, home, team=team, username="km")
    colleague = user_with_role(Role.KLANTMANAGER, home, team=other_team, username="km-other-team")
    teamleider = user_with_role(Role.TEAMLEIDER, home, team=team, username="tl")
    beleid = user_with_role(Role.BELEIDSMEDEWERKER, home, username="bm")
    partner_user = user_with_role(Role.PARTNERMEDEWERKER, home, partner=partner, username="partner")
    beheerder = user_with_role(Role.FUNCTIONEEL_BEHEERDER, home, username="beheer")
    foreign_km = user_with_role(Role.KLANTMANAGER, other, team=foreign_team, username="km-other-muni")
    client = ClientFactory(municipality=home, team=team, klantmanager=klantmanager)
    foreign_client = ClientFactory(municipality=other, team=foreign_team, klantmanager=foreign_km)
    return World(
        home=home, other=other, team=team, other_team=other_team, partner=partner,
        klantmanager=klantmanager, colleague_other_team=colleague, teamleider=teamleider,
        beleidsmedewerker=beleid, partnermedewerker=partner_user, beheerder=beheerder,
        foreign_klantmanager=foreign_km, client=client, foreign_client=foreign_client,
    )


@pytest.fixture
def login(client):
    """Log a user in on the Django test client (bypassing the form, axes and OTP)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
