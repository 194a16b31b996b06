"""Journey rows in the admin: read-only, superusers only, health data left out, reads audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from meedoen.accounts.tests.factories import UserFactory
from meedoen.audit.models import AuditEvent
from meedoen.journey import models, services

pytestmark = pytest.mark.django_db
D = dt.date

JOURNEY_MODELS = [models.Milestone, models.CoaProfile, models.Handover, models.BijstandEpisode,
                  models.TermExtension, models.Contact, models.LadderMeasurement, models.ClientDeadline,
                  models.DeadlineRule, models.JourneySettings]


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("model", JOURNEY_MODELS)
def test_every_journey_model_is_read_only_and_for_superusers_only(world, superuser, model):
    model_admin = admin_site._registry[model]
    request = RequestFactory().get("/")
    for user in (world.beheerder, world.klantmanager, world.teamleider):
        user.is_staff = True
        request.user = user
        assert not model_admin.has_module_permission(request)
        assert not model_admin.has_view_permission(request)
    request.user = superuser
    assert model_admin.has_module_permission(request)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_health_field_and_the_report_are_not_in_the_admin():
    assert "visible_limitations" not in admin_site._registry[models.CoaProfile].fields
    assert "summary" not in admin_site._registry[models.Contact].fields


def test_a_superuser_reading_a_row_is_audited_and_a_beheerder_is_refused(world, superuser, login):
    profile = services.save_coa_profile(actor=world.klantmanager, client=world.client, received_on=D(2024, 1, 1),
                                        visible_limitations="Slechtziend")
    http = login(superuser)
    response = http.get(reverse("admin:journey_coaprofile_change", args=[profile.pk]))
    assert response.status_code == 200
    assert "Slechtziend" not in response.content.decode()
    event = AuditEvent.objects.get(action="journey.admin_viewed")
    assert event.client_public_id == world.client.public_id and event.details == {"via": "admin"}
    assert http.get(reverse("admin:journey_milestone_changelist")).status_code == 200
    assert http.get(reverse("admin:journey_deadlinerule_changelist")).status_code == 200

    world.beheerder.is_staff = True
    world.beheerder.save()
    other = login(world.beheerder)
    assert other.get(reverse("admin:journey_coaprofile_change", args=[profile.pk])).status_code == 403
    assert other.get(reverse("admin:journey_deadlinerule_changelist")).status_code == 403


def test_a_deadline_row_without_public_id_opens_and_is_audited(world, superuser, login):
    services.record_milestone(actor=world.klantmanager, client=world.client, kind="linked", date=D(2024, 1, 15))
    deadline = models.ClientDeadline.objects.filter(client=world.client).first()
    response = login(superuser).get(reverse("admin:journey_clientdeadline_change", args=[deadline.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="journey.admin_viewed")
    assert event.object_type == "journey.clientdeadline" and event.object_public_id is None
