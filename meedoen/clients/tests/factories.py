from __future__ import annotations

import datetime as dt

import factory

from meedoen.accounts.tests.factories import MunicipalityFactory
from meedoen.clients.models import Client, ClientIdentifier, IdentifierKind


def make_bsn(seed: int) -> str:
    """A 9-digit number that passes the 11-check (synthetic, for tests and demo data)."""
    n = seed
    while True:
        digits = f"{n % 10**8:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and int(digits + str(last)) != 0:
            # sum(d_i*w_i) - last ≡ 0 (mod 11)  <=>  last ≡ total (mod 11)
            return digits + str(last)
        n += 1


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    municipality = factory.SubFactory(MunicipalityFactory)
    team = None
    klantmanager = None
    given_names = factory.Sequence(lambda n: f"Amal{n}")
    family_name = factory.Sequence(lambda n: f"Haddad{n}")
    birth_date = dt.date(1990, 5, 17)


class ClientIdentifierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientIdentifier

    client = factory.SubFactory(ClientFactory)
    municipality = factory.LazyAttribute(lambda o: o.client.municipality)
    kind = IdentifierKind.BSN
    value = factory.Sequence(lambda n: make_bsn(100000 + n * 7))
