import uuid

import pytest

from meedoen.audit.models import AuditEvent, AuditImmutableError
from meedoen.audit.services import AuditDetailError, record

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted(world):
    event = record(actor=world.klantmanager, action="client.viewed", obj=world.client)
    event.action = "something.else"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "client.viewed"


@pytest.mark.parametrize(
    "details",
    [
        {"bsn": "x"},
        {"value": "123456782"},
        {"value": "1234-5678-2"},
        {"value": 123456782},
        {"values": [1, 123456782]},
        {"values": ["ok", "111222333"]},
        {"note": "anything"},
        {"value": "x" * 200},
        {"value": object()},
    ],
)
def test_details_refuse_bsn_and_free_text(world, details):
    with pytest.raises(AuditDetailError):
        record(actor=world.klantmanager, action="client.updated", obj=world.client, details=details)
    assert not AuditEvent.objects.exists()


def test_details_accept_codes_numbers_and_ids(world):
    event = record(
        actor=world.klantmanager, action="client.updated", obj=world.client,
        details={"fields": ["team"], "count": 3, "team": uuid.uuid4()},
    )
    assert event.details["fields"] == ["team"]
    assert event.object_type == "clients.client"
    assert event.municipality == world.home
