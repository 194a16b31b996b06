"""Trajectory pages: who may use them (403 for another role, 404 for rows of another municipality or a client
the user may not open), what they show, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.work.models import ProcurementContract, Provider, Trajectory, TrajectoryResult, TrajectoryType
from meedoen.work.tests.factories import ProcurementContractFactory, ProviderFactory, TrajectoryFactory

pytestmark = pytest.mark.django_db

PERFORMANCE = reverse("work:provider_performance")
PROVIDERS = reverse("work:provider_list")
PROVIDER_CREATE = reverse("work:provider_create")


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def setup(world):
    today = _today()
    provider = ProviderFactory(municipality=world.home, name="Alfa Re-integratie")
    contract = ProcurementContractFactory(provider=provider, reference="AB-1", start=today - dt.timedelta(days=400),
                                          end=today + dt.timedelta(days=300), price=Decimal("3500.00"),
                                          promised_success_percent=30, success_window_months=12)
    trajectory = TrajectoryFactory(contract=contract, client=world.client, start=today - dt.timedelta(days=300),
                                   result=TrajectoryResult.WORK, result_on=today - dt.timedelta(days=200))
    foreign_provider = ProviderFactory(municipality=world.other, name="Elders Werk")
    foreign_contract = ProcurementContractFactory(provider=foreign_provider, start=today - dt.timedelta(days=10),
                                                  end=today + dt.timedelta(days=10))
    foreign_trajectory = TrajectoryFactory(contract=foreign_contract, client=world.foreign_client,
                                           start=today - dt.timedelta(days=5))
    return {"provider": provider, "contract": contract, "trajectory": trajectory,
            "foreign_provider": foreign_provider, "foreign_contract": foreign_contract,
            "foreign_trajectory": foreign_trajectory}


def _add_trajectories(contract, n, result=TrajectoryResult.NONE):
    today = _today()
    clients = ClientFactory.create_batch(n, municipality=contract.municipality)
    Trajectory.objects.bulk_create([
        Trajectory(municipality=contract.municipality, contract=contract, client=c,
                   start=today - dt.timedelta(days=300), result=result, result_on=today - dt.timedelta(days=100))
        for c in clients])


# --- Performance page --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["teamleider", "beheerder", "beleidsmedewerker"])
def test_performance_page_for_management_roles(world, setup, login, persona):
    response = login(getattr(world, persona)).get(PERFORMANCE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alfa Re-integratie" in html and "Elders Werk" not in html
    # The reference with its source, and the explanation of the counting.
    assert "Zwolle re-integration policy (2007)" in html
    assert "Zo wordt geteld" in html and "tellen niet mee in het succespercentage" in html
    # Aggregates only: never a client's name.
    assert world.client.full_name not in html


@pytest.mark.parametrize("persona", ["klantmanager", "partnermedewerker", "foreign_klantmanager"])
def test_performance_page_denied(world, setup, login, persona):
    assert login(getattr(world, persona)).get(PERFORMANCE).status_code == 403


def test_performance_page_needs_login(client):
    response = client.get(PERFORMANCE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_exact_counts_for_teamleider_small_counts_hidden_for_beleidsmedewerker(world, setup, login):
    html = login(world.teamleider).get(PERFORMANCE).content.decode()
    assert 'data-figure="started">1<' in html
    assert "€ 3.500,00" in html
    html = login(world.beleidsmedewerker).get(PERFORMANCE).content.decode()
    assert 'data-figure="started">&lt;5<' in html
    assert "data-small-cells" in html
    assert "€ 3.500,00" not in html.split('data-figure="price"')[0]  # no cost figures outside the price column


def test_performance_filter(world, setup, login):
    ProcurementContractFactory(provider=ProviderFactory(municipality=world.home, name="Beta Coaching"),
                               trajectory_type=TrajectoryType.JOB_COACHING, start=dt.date(2020, 1, 1),
                               end=dt.date(2020, 12, 31))
    page = login(world.teamleider)
    html = page.get(PERFORMANCE, {"soort": TrajectoryType.JOB_COACHING}).content.decode()
    assert "Beta Coaching" in html and "Alfa Re-integratie" not in html
    html = page.get(PERFORMANCE, {"jaar": str(_today().year)}).content.decode()
    assert "Alfa Re-integratie" in html and "Beta Coaching" not in html
    response = page.get(PERFORMANCE, {"soort": "magic"})
    assert response.status_code == 200
    assert "Alfa Re-integratie" in response.content.decode() and "Beta Coaching" in response.content.decode()


def test_performance_page_fixed_queries(world, setup, login, django_assert_max_num_queries):
    page = login(world.teamleider)
    page.get(PERFORMANCE)  # warm up (session, memberships)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert page.get(PERFORMANCE).status_code == 200
    for i in range(4):
        contract = ProcurementContractFactory(provider=ProviderFactory(municipality=world.home),
                                              reference=f"X-{i}")
        _add_trajectories(contract, 3)
    _add_trajectories(setup["contract"], 5, TrajectoryResult.WORK)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert page.get(PERFORMANCE).status_code == 200


# --- Providers and contracts -------------------------------------------------------------------------------------

def test_provider_list_for_beheer_and_teamleider(world, setup, login):
    html = login(world.beheerder).get(PROVIDERS).content.decode()
    assert "Alfa Re-integratie" in html and "Elders Werk" not in html
    assert reverse("work:provider_edit", args=[setup["provider"].public_id]) in html
    assert reverse("work:contract_edit", args=[setup["contract"].public_id]) in html
    response = login(world.teamleider).get(PROVIDERS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alfa Re-integratie" in html
    assert reverse("work:provider_edit", args=[setup["provider"].public_id]) not in html


@pytest.mark.parametrize("persona", ["klantmanager", "beleidsmedewerker", "partnermedewerker"])
def test_provider_list_denied(world, setup, login, persona):
    assert login(getattr(world, persona)).get(PROVIDERS).status_code == 403


def test_provider_list_fixed_queries(world, setup, login, django_assert_max_num_queries):
    page = login(world.beheerder)
    page.get(PROVIDERS)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        page.get(PROVIDERS)
    for i in range(5):
        ProcurementContractFactory(provider=ProviderFactory(municipality=world.home), reference=f"Y-{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert page.get(PROVIDERS).status_code == 200


def test_beheer_creates_provider_and_contract(world, login):
    page = login(world.beheerder)
    assert page.get(PROVIDER_CREATE).status_code == 200
    response = page.post(PROVIDER_CREATE, {"name": "Werkfit B.V.", "kvk_number": "12345678"})
    assert response.status_code == 302 and response["Location"] == PROVIDERS
    provider = Provider.objects.get(kvk_number="12345678")
    assert provider.municipality == world.home

    url = reverse("work:contract_create", args=[provider.public_id])
    assert page.get(url).status_code == 200
    response = page.post(url, {"reference": "RE-1", "trajectory_type": "to_work", "start": "2026-01-01",
                               "end": "2026-12-31", "price": "3500.00", "promised_success_percent": "30",
                               "success_window_months": "12"})
    assert response.status_code == 302
    contract = ProcurementContract.objects.get(provider=provider)

    edit = reverse("work:contract_edit", args=[contract.public_id])
    response = page.post(edit, {"reference": "RE-1", "trajectory_type": "to_work", "start": "2026-01-01",
                                "end": "2025-12-31", "price": "3500.00", "promised_success_percent": "30",
                                "success_window_months": "12"})
    assert response.status_code == 400
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    response = page.post(reverse("work:provider_edit", args=[provider.public_id]),
                         {"name": "Werkfit", "kvk_number": "123"})
    assert response.status_code == 400 and "8 cijfers" in response.content.decode()


def test_beheer_edits_only_own_municipality(world, setup, login):
    page = login(world.beheerder)
    assert page.get(reverse("work:provider_edit", args=[setup["foreign_provider"].public_id])).status_code == 404
    assert page.get(reverse("work:contract_create", args=[setup["foreign_provider"].public_id])).status_code == 404
    assert page.get(reverse("work:contract_edit", args=[setup["foreign_contract"].public_id])).status_code == 404
    assert page.get(reverse("work:provider_edit", args=[setup["provider"].public_id])).status_code == 200
    assert page.get(reverse("work:contract_edit", args=[setup["contract"].public_id])).status_code == 200


@pytest.mark.parametrize("persona", ["teamleider", "klantmanager", "beleidsmedewerker", "partnermedewerker"])
def test_register_changes_denied_for_other_roles(world, setup, login, persona):
    page = login(getattr(world, persona))
    provider, contract = setup["provider"], setup["contract"]
    for url in (PROVIDER_CREATE, reverse("work:provider_edit", args=[provider.public_id]),
                reverse("work:contract_create", args=[provider.public_id]),
                reverse("work:contract_edit", args=[contract.public_id])):
        assert page.get(url).status_code == 403
        assert page.post(url, {}).status_code == 403


# --- Trajectories of a client ------------------------------------------------------------------------------------

def _create_url(client):
    return reverse("work:trajectory_create", args=[client.public_id])


def test_klantmanager_starts_a_trajectory(world, setup, login):
    page = login(world.klantmanager)
    response = page.get(_create_url(world.client))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alfa Re-integratie" in html and world.client.full_name in html
    assert AuditEvent.objects.filter(action="client.viewed", client_public_id=world.client.public_id).exists()
    response = page.post(_create_url(world.client), {"contract": setup["contract"].pk,
                                                     "start": _today().isoformat()})
    assert response.status_code == 302
    assert Trajectory.objects.filter(client=world.client, result=TrajectoryResult.PENDING).count() == 1
    # A second open one at the same contract is refused with a message on the form.
    response = page.post(_create_url(world.client), {"contract": setup["contract"].pk,
                                                     "start": _today().isoformat()})
    assert response.status_code == 400 and "al een lopend traject" in response.content.decode()


def test_trajectory_create_offers_only_running_contracts_of_the_municipality(world, setup, login):
    ended = ProcurementContractFactory(provider=setup["provider"], reference="OLD", start=dt.date(2020, 1, 1),
                                       end=dt.date(2020, 12, 31))
    page = login(world.teamleider)
    html = page.get(_create_url(world.client)).content.decode()
    assert "(AB-1)" in html and "(OLD)" not in html
    for contract in (ended, setup["foreign_contract"]):
        response = page.post(_create_url(world.client), {"contract": contract.pk, "start": _today().isoformat()})
        assert response.status_code == 400
    assert Trajectory.objects.filter(client=world.client).count() == 1


@pytest.mark.parametrize(("persona", "status"), [
    ("beleidsmedewerker", 403), ("partnermedewerker", 403), ("beheerder", 403),
    ("colleague_other_team", 404), ("foreign_klantmanager", 404),
])
def test_trajectory_create_denied(world, setup, login, persona, status):
    page = login(getattr(world, persona))
    assert page.get(_create_url(world.client)).status_code == status
    assert page.post(_create_url(world.client), {"contract": setup["contract"].pk,
                                                 "start": _today().isoformat()}).status_code == status
    assert Trajectory.objects.filter(client=world.client).count() == 1


def test_trajectory_create_of_foreign_client_is_404(world, setup, login):
    assert login(world.klantmanager).get(_create_url(world.foreign_client)).status_code == 404


def test_record_result(world, setup, login):
    trajectory = TrajectoryFactory(contract=setup["contract"], client=world.client,
                                   start=_today() - dt.timedelta(days=30))
    url = reverse("work:trajectory_result", args=[trajectory.public_id])
    page = login(world.klantmanager)
    response = page.get(url)
    assert response.status_code == 200 and "Telt als succes tot en met" in response.content.decode()
    response = page.post(url, {"result": "education", "result_on": "2000-01-01", "end": ""})
    assert response.status_code == 400 and "vóór de start van het traject" in response.content.decode()
    response = page.post(url, {"result": "education", "result_on": _today().isoformat(), "end": ""})
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert trajectory.result == TrajectoryResult.EDUCATION
    assert AuditEvent.objects.filter(action="work.trajectory_result_recorded",
                                     client_public_id=world.client.public_id).exists()


@pytest.mark.parametrize(("persona", "status"), [
    ("beleidsmedewerker", 403), ("partnermedewerker", 403), ("beheerder", 403),
    ("colleague_other_team", 404), ("foreign_klantmanager", 404),
])
def test_record_result_denied(world, setup, login, persona, status):
    url = reverse("work:trajectory_result", args=[setup["trajectory"].public_id])
    page = login(getattr(world, persona))
    assert page.get(url).status_code == status
    assert page.post(url, {"result": "none", "result_on": _today().isoformat()}).status_code == status
    setup["trajectory"].refresh_from_db()
    assert setup["trajectory"].result == TrajectoryResult.WORK


def test_record_result_of_foreign_trajectory_is_404(world, setup, login):
    url = reverse("work:trajectory_result", args=[setup["foreign_trajectory"].public_id])
    assert login(world.klantmanager).get(url).status_code == 404
    assert login(world.teamleider).post(url, {"result": "none", "result_on": _today().isoformat()}).status_code == 404
