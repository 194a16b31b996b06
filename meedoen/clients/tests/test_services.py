import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meedoen.audit.models import AuditEvent
from meedoen.clients.models import Client, ClientIdentifier, validate_bsn
from meedoen.clients.services import create_client, update_client
from meedoen.clients.tests.factories import make_bsn

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["123456782", "111222333", "249566758", "12345678 2", "1234.56.782"])
def test_valid_bsns_pass_the_eleven_check(value):
    assert len(validate_bsn(value)) == 9


@pytest.mark.parametrize("value", ["123456789", "000000000", "12345", "abcdefghi", "1234567890"])
def test_invalid_bsns_are_refused_with_a_message(value):
    with pytest.raises(ValidationError) as exc:
        validate_bsn(value)
    assert exc.value.messages


def test_eight_digit_bsn_gets_a_leading_zero():
    eight = make_bsn(0)  # leading zero
    assert eight.startswith("0")
    assert validate_bsn(eight[1:]) == eight


def test_make_bsn_yields_valid_numbers():
    for seed in range(0, 5000, 37):
        validate_bsn(make_bsn(seed))


def test_create_client_writes_audit_in_same_transaction(world):
    client = create_client(
        actor=world.klantmanager, municipality=world.home, given_names="Sara", family_name="Tesfaye",
        birth_date=dt.date(1995, 1, 2), team=world.team, klantmanager=world.klantmanager, bsn="111222333",
    )
    event = AuditEvent.objects.get(action="client.created")
    assert event.client_public_id == client.public_id
    assert "111222333" not in str(event.details)
    assert ClientIdentifier.objects.get(client=client).value == "111222333"


def test_bad_bsn_leaves_nothing_half_saved(world):
    before = Client.objects.count()
    with pytest.raises(ValidationError):
        create_client(actor=world.klantmanager, municipality=world.home, given_names="A", family_name="B",
                      birth_date=dt.date(1990, 1, 1), team=world.team, bsn="123456789")
    assert Client.objects.count() == before
    assert not AuditEvent.objects.filter(action="client.created").exists()


def test_duplicate_bsn_in_municipality_is_refused(world):
    kwargs = dict(actor=world.klantmanager, municipality=world.home, given_names="A", family_name="B",
                  birth_date=dt.date(1990, 1, 1), team=world.team, bsn="111222333")
    create_client(**kwargs)
    with pytest.raises(ValidationError):
        create_client(**kwargs)


def test_klantmanager_of_other_municipality_cannot_be_assigned(world):
    with pytest.raises(ValidationError):
        create_client(actor=world.klantmanager, municipality=world.home, given_names="A", family_name="B",
                      birth_date=dt.date(1990, 1, 1), team=world.team, klantmanager=world.foreign_klantmanager)


def test_update_client_audits_field_names_not_values(world):
    update_client(actor=world.teamleider, client=world.client, family_name="Nieuwenaam")
    event = AuditEvent.objects.get(action="client.updated")
    assert event.details == {"fields": ["family_name"]}
    assert "Nieuwenaam" not in str(event.details)
