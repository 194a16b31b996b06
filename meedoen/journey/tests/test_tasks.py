"""The background recompute of a municipality's deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey import services, tasks
from meedoen.journey.models import ClientDeadline, DeadlineRule, Milestone

pytestmark = pytest.mark.django_db
D = dt.date
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _linked_clients(municipality, n):
    clients = [ClientFactory(municipality=municipality, regime="wi2021", target_group="asielstatushouder")
               for _ in range(n)]
    for c in clients:
        Milestone.objects.create(client=c, municipality=municipality, kind="linked", date=D(2024, 1, 15))
    services.recompute_deadlines(clients)
    return clients


def _local_rule(municipality, weeks):
    default = DeadlineRule.objects.defaults().get(code="housing_offer")
    DeadlineRule.objects.create(municipality=municipality, code="housing_offer", anchor=default.anchor,
                                offset_amount=weeks, offset_unit="weeks", source="test")


def _offer_dates(clients):
    return set(ClientDeadline.objects.filter(client__in=clients, code="housing_offer")
               .values_list("due_date", flat=True))


def test_called_directly_it_recomputes_every_client_in_batches(world):
    home = _linked_clients(world.home, 7)
    other = _linked_clients(world.other, 2)
    _local_rule(world.home, 8)
    _local_rule(world.other, 4)  # not recomputed: another municipality
    with CaptureQueriesContext(connection) as ctx:
        done = tasks.recompute_municipality_deadlines.call(world.home.pk, batch_size=3)
    assert done == 7 + 1  # the world's own client of home counts too
    assert _offer_dates(home) == {D(2024, 3, 11)}
    assert _offer_dates(other) == {D(2024, 3, 25)}
    # Per batch a fixed number of queries (3 batches of 3 plus the empty read at the end).
    per_batch = {q["sql"].split(" ")[0] for q in ctx.captured_queries}
    assert per_batch <= {"SELECT", "DELETE", "INSERT", "SAVEPOINT", "RELEASE"}
    assert len(ctx.captured_queries) <= 4 * 14


def test_the_batch_size_is_a_thousand(world):
    assert tasks.BATCH_SIZE == 1000


def test_with_the_immediate_backend_saving_a_norm_recomputes_after_commit(
        world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    clients = _linked_clients(world.home, 3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.set_local_norm(actor=world.beheerder, municipality=world.home, code="housing_offer",
                                anchor="linked", offset_amount=6, offset_unit="weeks")
    # Nothing recomputed before the commit ...
    assert _offer_dates(clients) == {D(2024, 3, 25)}
    assert len(callbacks) == 1
    callbacks[0]()
    # ... and everything after it.
    assert _offer_dates(clients) == {D(2024, 2, 26)}


def test_the_task_is_enqueued_on_the_configured_backend(world, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reset_local_norm(actor=world.beheerder, municipality=world.home, code="pip")  # nothing to reset
        services.set_local_norm(actor=world.beheerder, municipality=world.home, code="pip", anchor="linked",
                                offset_amount=12, offset_unit="weeks")
    results = default_task_backend.results
    assert len(results) == 1
    assert results[0].task.name == "recompute_municipality_deadlines"
    assert results[0].args == [world.home.pk]
