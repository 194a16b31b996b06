"""The "Aan het werk" milestone: repeatable in any date order, recorded by the work app (not by hand), and a
new bijstand episode after an exit to work is flagged on the page that records it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meedoen.journey import services
from meedoen.journey.models import BijstandEndReason, MilestoneKind

pytestmark = pytest.mark.django_db


def test_work_started_is_repeatable_in_any_order(world):
    services.record_milestone(actor=world.klantmanager, client=world.client, kind=MilestoneKind.WORK_STARTED,
                              date=dt.date(2026, 5, 1))
    second = services.record_milestone(actor=world.klantmanager, client=world.client,
                                       kind=MilestoneKind.WORK_STARTED, date=dt.date(2026, 2, 1))
    assert second.version == 2


def test_work_started_is_not_recorded_by_hand(world, login):
    http = login(world.klantmanager)
    url = reverse("journey:milestone_record", args=[world.client.public_id, MilestoneKind.WORK_STARTED])
    assert http.get(url).status_code == 404
    page = http.get(reverse("clients:detail", args=[world.client.public_id])).content.decode()
    assert url not in page


def test_a_new_episode_after_an_exit_to_work_gives_a_warning(world, login):
    episode = services.start_bijstand(actor=world.klantmanager, client=world.client, start=dt.date(2024, 1, 1))
    services.end_bijstand(actor=world.klantmanager, episode=episode, end=dt.date(2025, 1, 31),
                          reason=BijstandEndReason.WORK)
    response = login(world.klantmanager).post(reverse("journey:bijstand_start", args=[world.client.public_id]),
                                              {"start": "2025-12-01"}, follow=True)
    texts = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("warning", "Terug in de bijstand 10 maanden na uitstroom naar werk (binnen 12 maanden)") in texts
    assert 'data-return="1"' in response.content.decode()


def test_a_new_episode_after_another_exit_gives_no_warning(world, login):
    episode = services.start_bijstand(actor=world.klantmanager, client=world.client, start=dt.date(2024, 1, 1))
    services.end_bijstand(actor=world.klantmanager, episode=episode, end=dt.date(2025, 1, 31),
                          reason=BijstandEndReason.MOVED)
    response = login(world.klantmanager).post(reverse("journey:bijstand_start", args=[world.client.public_id]),
                                              {"start": "2025-12-01"}, follow=True)
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
