"""Background tasks of the journey (Django Tasks API).

Enqueue only after the change that needs them has committed (``transaction.on_commit``), so a worker
never recomputes from data it cannot see yet.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from meedoen.clients.models import Client
from meedoen.journey import services

BATCH_SIZE = 1000


@task()
def recompute_municipality_deadlines(municipality_id: int, batch_size: int = BATCH_SIZE) -> int:
    """Recompute the stored deadlines of every client of a municipality (after a norm changed), in batches
    of ``batch_size`` clients, each batch in its own transaction. Returns the number of clients done."""
    done, last_pk = 0, 0
    clients = Client.objects.filter(municipality_id=municipality_id).only("pk", "municipality_id", "regime",
                                                                          "target_group")
    while True:
        batch = list(clients.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return done
        with transaction.atomic():
            services.recompute_deadlines(batch)
        done += len(batch)
        last_pk = batch[-1].pk
