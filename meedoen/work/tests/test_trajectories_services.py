"""Services of procured trajectories: validation with Dutch messages, one audit event per change in the same
transaction, nothing half-saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.work.audit_labels import TRAJECTORY_LABELS
from meedoen.work.models import ProcurementContract, Provider, Trajectory, TrajectoryResult, TrajectoryType
from meedoen.work.services import trajectories as services
from meedoen.work.tests.factories import ProcurementContractFactory, ProviderFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def _contract_data(**overrides) -> dict:
    today = _today()
    data = {"reference": "RE-2026-01", "trajectory_type": TrajectoryType.TO_WORK,
            "start": today - dt.timedelta(days=200), "end": today + dt.timedelta(days=200),
            "price": Decimal("3500.00"), "promised_success_percent": 30, "success_window_months": 12}
    data.update(overrides)
    return data


@pytest.fixture
def contract(world):
    today = _today()
    return ProcurementContractFactory(provider=ProviderFactory(municipality=world.home),
                                      start=today - dt.timedelta(days=365), end=today + dt.timedelta(days=365))


def _events(action):
    return AuditEvent.objects.filter(action=action)


# --- Providers ---------------------------------------------------------------------------------------------------

def test_create_and_update_provider_audited(world):
    provider = services.create_provider(world.beheerder, world.home, {"name": "Werkfit B.V.", "kvk_number": "12345678"})
    assert provider.municipality == world.home
    event = _events("work.provider_created").get()
    assert event.object_public_id == provider.public_id and event.municipality == world.home
    assert "Werkfit" not in str(event.details)

    services.update_provider(world.beheerder, provider, {"name": "Werkfit Zwolle B.V.", "kvk_number": "12345678"})
    provider.refresh_from_db()
    assert provider.name == "Werkfit Zwolle B.V."
    assert _events("work.provider_updated").get().details == {"fields": ["name"]}
    # No change: no event.
    services.update_provider(world.beheerder, provider, {"name": "Werkfit Zwolle B.V.", "kvk_number": "12345678"})
    assert _events("work.provider_updated").count() == 1


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a", ""])
def test_provider_kvk_has_eight_digits(world, kvk):
    with pytest.raises(ValidationError) as exc:
        services.create_provider(world.beheerder, world.home, {"name": "X", "kvk_number": kvk})
    assert exc.value.message_dict["kvk_number"] == ["Een KvK-nummer bestaat uit 8 cijfers."]
    assert not Provider.objects.exists() and not AuditEvent.objects.filter(action__startswith="work.").exists()


def test_provider_kvk_unique_per_municipality(world):
    ProviderFactory(municipality=world.home, kvk_number="12345678")
    ProviderFactory(municipality=world.other, kvk_number="87654321")
    with pytest.raises(ValidationError) as exc:
        services.create_provider(world.beheerder, world.home, {"name": "Y", "kvk_number": "12345678"})
    assert "al een re-integratiebedrijf" in exc.value.message_dict["kvk_number"][0]
    # The same number in another municipality is fine.
    services.create_provider(world.beheerder, world.home, {"name": "Z", "kvk_number": "87654321"})


def test_only_beheer_of_the_municipality_changes_providers(world):
    for actor in (world.klantmanager, world.teamleider, world.beleidsmedewerker, world.foreign_klantmanager):
        with pytest.raises(ValidationError):
            services.create_provider(actor, world.home, {"name": "X", "kvk_number": "12345678"})
    with pytest.raises(ValidationError):
        services.create_provider(world.beheerder, world.other, {"name": "X", "kvk_number": "12345678"})
    assert not Provider.objects.exists()


# --- Contracts ---------------------------------------------------------------------------------------------------

def test_create_and_update_contract_audited(world):
    provider = ProviderFactory(municipality=world.home)
    contract = services.create_contract(world.beheerder, provider, _contract_data())
    assert contract.municipality == world.home and contract.price == Decimal("3500.00")
    event = _events("work.contract_created").get()
    assert event.details["provider"] == str(provider.public_id)
    assert event.details["trajectory_type"] == "to_work"

    services.update_contract(world.beheerder, contract, _contract_data(price=Decimal("4000"),
                                                                       promised_success_percent=35))
    contract.refresh_from_db()
    assert (contract.price, contract.promised_success_percent) == (Decimal("4000.00"), 35)
    assert _events("work.contract_updated").get().details["fields"] == ["price", "promised_success_percent"]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"end": _today() - dt.timedelta(days=300)}, "end"),
    ({"price": Decimal("-1")}, "price"),
    ({"promised_success_percent": 101}, "promised_success_percent"),
    ({"promised_success_percent": -1}, "promised_success_percent"),
    ({"success_window_months": 0}, "success_window_months"),
    ({"success_window_months": 61}, "success_window_months"),
    ({"trajectory_type": "magic"}, "trajectory_type"),
    ({"reference": " "}, "reference"),
])
def test_contract_validation(world, overrides, field):
    provider = ProviderFactory(municipality=world.home)
    with pytest.raises(ValidationError) as exc:
        services.create_contract(world.beheerder, provider, _contract_data(**overrides))
    assert field in exc.value.message_dict
    assert not ProcurementContract.objects.exists() and not _events("work.contract_created").exists()


def test_contract_edges_are_allowed(world):
    provider = ProviderFactory(municipality=world.home)
    today = _today()
    services.create_contract(world.beheerder, provider, _contract_data(
        reference="A", start=today, end=today, price=Decimal("0"), promised_success_percent=0,
        success_window_months=1))
    services.create_contract(world.beheerder, provider, _contract_data(
        reference="B", promised_success_percent=100, success_window_months=60))
    assert ProcurementContract.objects.count() == 2


def test_contract_reference_unique_per_provider(world):
    provider = ProviderFactory(municipality=world.home)
    services.create_contract(world.beheerder, provider, _contract_data())
    with pytest.raises(ValidationError) as exc:
        services.create_contract(world.beheerder, provider, _contract_data())
    assert "reference" in exc.value.message_dict
    services.create_contract(world.beheerder, ProviderFactory(municipality=world.home), _contract_data())


def test_contract_period_keeps_covering_its_trajectories(world, contract):
    TrajectoryFactory(contract=contract, client=world.client, start=_today() - dt.timedelta(days=100))
    with pytest.raises(ValidationError) as exc:
        services.update_contract(world.beheerder, contract, _contract_data(
            reference=contract.reference, start=_today() - dt.timedelta(days=50)))
    assert "start" in exc.value.message_dict
    assert not _events("work.contract_updated").exists()


def test_contract_of_another_municipality_cannot_be_changed(world):
    foreign = ProcurementContractFactory(provider=ProviderFactory(municipality=world.other))
    with pytest.raises(ValidationError):
        services.update_contract(world.beheerder, foreign, _contract_data())
    with pytest.raises(ValidationError):
        services.create_contract(world.beheerder, foreign.provider, _contract_data())


# --- Trajectories ------------------------------------------------------------------------------------------------

def test_start_trajectory_audited_with_client(world, contract):
    start = _today() - dt.timedelta(days=3)
    trajectory = services.start_trajectory(world.klantmanager, world.client, contract, start)
    assert (trajectory.result, trajectory.start, trajectory.municipality) == (TrajectoryResult.PENDING, start,
                                                                              world.home)
    event = _events("work.trajectory_started").get()
    assert event.client_public_id == world.client.public_id
    assert event.details["contract"] == str(contract.public_id) and event.details["start"] == start.isoformat()


def test_start_trajectory_rules(world, contract):
    today = _today()
    # Not running on the start date.
    with pytest.raises(ValidationError) as exc:
        services.start_trajectory(world.klantmanager, world.client, contract, contract.start - dt.timedelta(days=1))
    assert "start" in exc.value.message_dict
    # In the future.
    with pytest.raises(ValidationError) as exc:
        services.start_trajectory(world.klantmanager, world.client, contract, today + dt.timedelta(days=1))
    assert "start" in exc.value.message_dict
    # A client the actor may not change: colleague of another team, policy officer, other municipality.
    for actor in (world.colleague_other_team, world.beleidsmedewerker, world.beheerder, world.foreign_klantmanager):
        with pytest.raises(ValidationError):
            services.start_trajectory(actor, world.client, contract, today)
    # A contract of another municipality.
    foreign = ProcurementContractFactory(provider=ProviderFactory(municipality=world.other),
                                         start=today - dt.timedelta(days=10), end=today + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        services.start_trajectory(world.klantmanager, world.client, foreign, today)
    assert "contract" in exc.value.message_dict
    assert not Trajectory.objects.exists() and not _events("work.trajectory_started").exists()


def test_no_second_open_trajectory_at_the_same_contract(world, contract):
    today = _today()
    first = services.start_trajectory(world.teamleider, world.client, contract, today - dt.timedelta(days=30))
    with pytest.raises(ValidationError) as exc:
        services.start_trajectory(world.klantmanager, world.client, contract, today)
    assert "al een lopend traject" in exc.value.message_dict["contract"][0]
    # After the result, a new one may start.
    services.record_result(world.klantmanager, first, TrajectoryResult.NONE, today - dt.timedelta(days=1))
    services.start_trajectory(world.klantmanager, world.client, contract, today)
    assert Trajectory.objects.filter(client=world.client).count() == 2


def test_record_result_audited(world, contract):
    today = _today()
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=today - dt.timedelta(days=60))
    services.record_result(world.klantmanager, trajectory, TrajectoryResult.WORK, today - dt.timedelta(days=5),
                           today - dt.timedelta(days=5))
    trajectory.refresh_from_db()
    assert (trajectory.result, trajectory.result_on, trajectory.end, trajectory.recorded_by) == (
        TrajectoryResult.WORK, today - dt.timedelta(days=5), today - dt.timedelta(days=5), world.klantmanager)
    event = _events("work.trajectory_result_recorded").get()
    assert event.client_public_id == world.client.public_id
    assert (event.details["result"], event.details["previous"]) == ("work", "pending")


@pytest.mark.parametrize(("result", "result_on_days", "end_days", "field"), [
    (TrajectoryResult.PENDING, -1, None, "result"),
    ("job", -1, None, "result"),
    (TrajectoryResult.WORK, -61, None, "result_on"),  # before the start (start is 60 days ago)
    (TrajectoryResult.WORK, 1, None, "result_on"),  # in the future
    (TrajectoryResult.WORK, -1, -61, "end"),  # end before the start
    (TrajectoryResult.WORK, -1, 2, "end"),  # end in the future
])
def test_record_result_validation(world, contract, result, result_on_days, end_days, field):
    today = _today()
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=today - dt.timedelta(days=60))
    end = today + dt.timedelta(days=end_days) if end_days is not None else None
    with pytest.raises(ValidationError) as exc:
        services.record_result(world.klantmanager, trajectory, result, today + dt.timedelta(days=result_on_days), end)
    assert field in exc.value.message_dict
    trajectory.refresh_from_db()
    assert trajectory.result == TrajectoryResult.PENDING and trajectory.result_on is None
    assert not _events("work.trajectory_result_recorded").exists()


def test_record_result_only_by_who_may_change_the_client(world, contract):
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=_today() - dt.timedelta(days=10))
    for actor in (world.colleague_other_team, world.beleidsmedewerker, world.partnermedewerker,
                  world.foreign_klantmanager):
        with pytest.raises(ValidationError):
            services.record_result(actor, trajectory, TrajectoryResult.WORK, _today())
    trajectory.refresh_from_db()
    assert trajectory.result == TrajectoryResult.PENDING


def test_update_trajectory(world, contract):
    today = _today()
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=today - dt.timedelta(days=60))
    services.update_trajectory(world.klantmanager, trajectory, today - dt.timedelta(days=50), today)
    trajectory.refresh_from_db()
    assert (trajectory.start, trajectory.end) == (today - dt.timedelta(days=50), today)
    event = _events("work.trajectory_updated").get()
    assert event.details["fields"] == ["start", "end"] and event.client_public_id == world.client.public_id
    # The start cannot move after the result date.
    services.record_result(world.klantmanager, trajectory, TrajectoryResult.WORK, today - dt.timedelta(days=40))
    with pytest.raises(ValidationError) as exc:
        services.update_trajectory(world.klantmanager, trajectory, today - dt.timedelta(days=30), None)
    assert "start" in exc.value.message_dict


def test_nothing_half_saved_when_the_audit_fails(world, contract, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        services.start_trajectory(world.klantmanager, world.client, contract, _today())
    assert not Trajectory.objects.exists()
    with pytest.raises(RuntimeError):
        services.create_provider(world.beheerder, world.home, {"name": "X", "kvk_number": "12345678"})
    assert not Provider.objects.filter(kvk_number="12345678").exists()
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=_today() - dt.timedelta(days=5))
    with pytest.raises(RuntimeError):
        services.record_result(world.klantmanager, trajectory, TrajectoryResult.WORK, _today())
    trajectory.refresh_from_db()
    assert trajectory.result == TrajectoryResult.PENDING


def test_action_codes_have_labels():
    import inspect

    source = inspect.getsource(services)
    codes = {part.split('"')[0] for part in source.split('action="')[1:]}
    assert codes and codes <= set(TRAJECTORY_LABELS)
