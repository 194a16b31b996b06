from __future__ import annotations

import datetime as dt

from meedoen.clients.models import Segment
from meedoen.journey.models import ClientDeadline, Contact, ContactKind, Milestone


def segment(municipality, name="Direct naar werk", order=10) -> Segment:
    return Segment.objects.get_or_create(municipality=municipality, name=name, defaults={"order": order})[0]


def deadline(client, code, due, *, met_on=None, is_window=False) -> ClientDeadline:
    return ClientDeadline.objects.create(client=client, municipality=client.municipality, code=code,
                                         anchor_date=due - dt.timedelta(days=70), due_date=due, met_on=met_on,
                                         is_window=is_window, rule_source="test")


def milestone(client, kind, date) -> Milestone:
    return Milestone.objects.create(client=client, municipality=client.municipality, kind=kind, date=date)


def contact(client, occurred_on, kind=ContactKind.PHONE) -> Contact:
    return Contact.objects.create(client=client, municipality=client.municipality, kind=kind,
                                  occurred_on=occurred_on)
