"""Broad intake and ZRM: services, pages, access and the client-page panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.intake import panels, services
from meedoen.intake.models import (
    ZRM_DOMAINS,
    ZRM_SPECIAL_DOMAINS,
    BroadIntake,
    IntakeHealth,
    IntakeStatus,
    NoShowSanction,
    ZrmMeasurement,
)
from meedoen.journey.models import Milestone, MilestoneKind

TODAY = timezone.localdate


def _fill_all(world):
    km, c = world.klantmanager, world.client
    services.save_part(actor=km, client=c, part="learnability", tested_on=TODAY(), result="Hoog",
                       provider="Bureau X")
    services.save_part(actor=km, client=c, part="origin", education_level="secondary_upper", education_years=12)
    services.save_part(actor=km, client=c, part="circumstances", hours_available=32, has_debts=False)


def _zrm_scores(value=3, *, special=True):
    return {name: value for name, _label in ZRM_DOMAINS if special or name not in ZRM_SPECIAL_DOMAINS}


# --- Services -----------------------------------------------------------------------------------------

def test_draft_part_survives_and_starts_intake(world):
    services.save_part(actor=world.klantmanager, client=world.client, part="origin", occupation="Kapper")
    intake = BroadIntake.objects.get(client=world.client)
    assert intake.status == IntakeStatus.DRAFT
    assert intake.origin.occupation == "Kapper"
    assert Milestone.objects.filter(client=world.client, kind=MilestoneKind.INTAKE_STARTED).count() == 1
    # a second draft save keeps the first values and does not record the milestone again
    services.save_part(actor=world.klantmanager, client=world.client, part="origin", sector="Dienstverlening")
    intake.origin.refresh_from_db()
    assert (intake.origin.occupation, intake.origin.sector) == ("Kapper", "Dienstverlening")
    assert Milestone.objects.filter(client=world.client, kind=MilestoneKind.INTAKE_STARTED).count() == 1
    event = AuditEvent.objects.filter(action="intake.part_saved").latest("id")
    assert event.details == {"part": "origin", "fields": ["sector"]}


def test_completion_sets_the_priority_facts_on_the_client(world):
    _fill_all(world)
    services.save_part(actor=world.klantmanager, client=world.client, part="origin", work_years=0)
    services.save_general(actor=world.klantmanager, client=world.client, literacy_own_script="partly")
    services.complete_intake(actor=world.klantmanager, client=world.client, completed_on=TODAY())
    world.client.refresh_from_db()
    assert world.client.low_literacy is True
    assert world.client.has_work_experience is False
    event = AuditEvent.objects.filter(action="client.updated").latest("id")
    assert event.details == {"fields": ["has_work_experience", "low_literacy"]}


def test_unknown_facts_are_left_unknown(world):
    _fill_all(world)
    services.complete_intake(actor=world.klantmanager, client=world.client, completed_on=TODAY())
    world.client.refresh_from_db()
    assert world.client.low_literacy is None
    assert world.client.has_work_experience is None


def test_completion_refused_until_all_parts_are_there(world):
    services.save_part(actor=world.klantmanager, client=world.client, part="origin", education_level="primary")
    with pytest.raises(ValidationError) as exc:
        services.complete_intake(actor=world.klantmanager, client=world.client)
    assert "Leerbaarheidstoets" in exc.value.messages[0]
    assert "Persoonlijke omstandigheden" in exc.value.messages[0]
    intake = BroadIntake.objects.get(client=world.client)
    assert intake.status == IntakeStatus.DRAFT and intake.completed_on is None
    assert not Milestone.objects.filter(client=world.client, kind=MilestoneKind.INTAKE_COMPLETED).exists()
    assert not AuditEvent.objects.filter(action="intake.completed").exists()


def test_completion_records_milestones(world):
    _fill_all(world)
    intake = services.complete_intake(actor=world.klantmanager, client=world.client, completed_on=TODAY())
    assert intake.status == IntakeStatus.COMPLETED and intake.completed_on == TODAY()
    kinds = set(Milestone.objects.filter(client=world.client).values_list("kind", flat=True))
    assert {MilestoneKind.INTAKE_STARTED, MilestoneKind.INTAKE_COMPLETED} <= kinds
    with pytest.raises(ValidationError):
        services.complete_intake(actor=world.klantmanager, client=world.client)


def test_exemption_counts_as_learnability_part(world):
    services.save_part(actor=world.klantmanager, client=world.client, part="learnability", exemption="visual")
    services.save_part(actor=world.klantmanager, client=world.client, part="origin", education_level="none")
    services.save_part(actor=world.klantmanager, client=world.client, part="circumstances", hours_available=0,
                       has_debts=True)
    services.complete_intake(actor=world.klantmanager, client=world.client)


def test_hours_available_bounded(world):
    with pytest.raises(ValidationError):
        services.save_part(actor=world.klantmanager, client=world.client, part="circumstances", hours_available=61)
    assert not BroadIntake.objects.filter(client=world.client).exists()  # nothing half-saved


def test_third_fine_refused(world):
    steps = [services.record_no_show(actor=world.klantmanager, client=world.client).step for _ in range(3)]
    assert steps == ["warning", "fine_1", "fine_2"]
    with pytest.raises(ValidationError) as exc:
        services.record_no_show(actor=world.klantmanager, client=world.client)
    assert "derde boete" in exc.value.messages[0]
    assert NoShowSanction.objects.filter(intake__client=world.client).count() == 3
    assert sum(NoShowSanction.objects.values_list("amount", flat=True)) == 500


def test_zrm_measurement_needs_the_general_domains(world):
    m = services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(),
                            scores=_zrm_scores(special=False))
    assert m.geestelijke_gezondheid is None
    with pytest.raises(ValidationError):
        services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(),
                            scores={**_zrm_scores(), "financien": 6})
    with pytest.raises(ValidationError):
        services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(),
                            scores={**_zrm_scores(), "financien": None})
    assert ZrmMeasurement.objects.count() == 1


# --- Pages --------------------------------------------------------------------------------------------

def test_part_form_saves_draft(world, login):
    web = login(world.klantmanager)
    url = reverse("intake:part", args=[world.client.public_id, "circumstances"])
    response = web.post(url, {"hours_available": "20", "has_debts": "true", "motivation": "Wil werken",
                              "health-health": "Rugklachten", "health-care_needs": ""})
    assert response.status_code == 302
    intake = BroadIntake.objects.get(client=world.client)
    assert intake.circumstances.hours_available == 20 and intake.circumstances.has_debts is True
    assert intake.health.health == "Rugklachten"
    response = web.post(url, {"hours_available": "70", "has_debts": ""})
    assert response.status_code == 200 and "utrecht-alert--error" in response.content.decode()


def test_complete_page_shows_clear_message(world, login):
    web = login(world.klantmanager)
    response = web.post(reverse("intake:complete", args=[world.client.public_id]),
                        {"completed_on": TODAY().isoformat()}, follow=True)
    assert "kan nog niet worden afgerond" in response.content.decode()
    _fill_all(world)
    web.post(reverse("intake:complete", args=[world.client.public_id]), {"completed_on": TODAY().isoformat()})
    assert BroadIntake.objects.get(client=world.client).status == IntakeStatus.COMPLETED


def test_health_hidden_from_colleague_who_is_not_own_klantmanager(world, login):
    services.save_health(actor=world.klantmanager, client=world.client, health="Diabetes", care_needs="")
    # a same-team colleague (may open the dossier, is not the client's own klantmanager)
    from meedoen.accounts.models import Role
    from meedoen.accounts.tests.factories import user_with_role
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    web = login(colleague)
    for url in (reverse("intake:overview", args=[world.client.public_id]),
                reverse("intake:part", args=[world.client.public_id, "circumstances"])):
        response = web.get(url)
        assert response.status_code == 200
        assert "Diabetes" not in response.content.decode()
        assert "health-health" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="intake.health_viewed").exists()
    # a post with health fields by the colleague does not change the health part
    web.post(reverse("intake:part", args=[world.client.public_id, "circumstances"]),
             {"hours_available": "10", "has_debts": "false", "health-health": "Iets anders"})
    assert IntakeHealth.objects.get(intake__client=world.client).health == "Diabetes"
    # the own klantmanager and the teamleider see it; each read is audited
    for user in (world.klantmanager, world.teamleider):
        response = login(user).get(reverse("intake:overview", args=[world.client.public_id]))
        assert "Diabetes" in response.content.decode()
    events = AuditEvent.objects.filter(action="intake.health_viewed")
    assert events.count() == 2
    assert all(set(e.details) == {"found"} for e in events)


def test_zrm_form_hides_special_domains_from_colleague(world, login):
    from meedoen.accounts.models import Role
    from meedoen.accounts.tests.factories import user_with_role
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    url = reverse("intake:zrm", args=[world.client.public_id])
    web = login(colleague)
    body = web.get(url).content.decode()
    assert 'name="financien"' in body and 'name="middelengebruik"' not in body
    data = {"measured_on": TODAY().isoformat(), **{k: "2" for k in _zrm_scores(special=False)},
            "middelengebruik": "1"}
    assert web.post(url, data).status_code == 302
    assert ZrmMeasurement.objects.get().middelengebruik is None
    body = login(world.klantmanager).get(url).content.decode()
    assert 'name="middelengebruik"' in body


@pytest.mark.parametrize("persona", ["colleague_other_team", "beleidsmedewerker", "partnermedewerker",
                                     "foreign_klantmanager", "beheerder"])
def test_denied_cases_are_404(world, login, persona):
    web = login(getattr(world, persona))
    pid = world.client.public_id
    for name, args in (("overview", []), ("part", ["origin"]), ("zrm", [])):
        assert web.get(reverse(f"intake:{name}", args=[pid, *args])).status_code == 404
    for name in ("complete", "no_show"):
        assert web.post(reverse(f"intake:{name}", args=[pid]), {"completed_on": TODAY().isoformat()}).status_code == 404
    assert web.post(reverse("intake:part", args=[pid, "origin"]), {"occupation": "X"}).status_code == 404
    assert not BroadIntake.objects.exists() and not NoShowSanction.objects.exists()


def test_unknown_part_is_404(world, login):
    assert login(world.klantmanager).get(
        reverse("intake:part", args=[world.client.public_id, "iets"])).status_code == 404


def test_overview_read_is_audited(world, login):
    login(world.klantmanager).get(reverse("intake:overview", args=[world.client.public_id]))
    assert AuditEvent.objects.filter(action="client.viewed", client_public_id=world.client.public_id).exists()


# --- Panel --------------------------------------------------------------------------------------------

def _panel(user, client):
    request = RequestFactory().get("/")
    request.user = user
    return panels.intake_context(request, client)


def test_panel_query_count_is_fixed(world, django_assert_num_queries):
    _fill_all(world)
    services.save_general(actor=world.klantmanager, client=world.client, dutch_reading="a2")
    for day in range(5):
        services.record_zrm(actor=world.klantmanager, client=world.client,
                            measured_on=TODAY() - dt.timedelta(days=day), scores=_zrm_scores(2 + day % 3))
    empty = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    from meedoen.accounts import access
    access.memberships(world.klantmanager)  # loaded once per request elsewhere
    with django_assert_num_queries(3):  # intake, latest ZRM, audit of the special scores
        context = _panel(world.klantmanager, world.client)
    assert context["zrm"].measured_on == TODAY()
    assert ("Lezen", "A2") in [(str(a), b) for a, b in context["skills"]]
    with django_assert_num_queries(2):
        _panel(world.klantmanager, empty)


def test_panel_hides_special_zrm_domains(world):
    services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(), scores=_zrm_scores())
    from meedoen.accounts.models import Role
    from meedoen.accounts.tests.factories import user_with_role
    colleague = user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")
    shown = {name for name, _l, _s in _panel(colleague, world.client)["zrm_scores"]}
    assert shown.isdisjoint(ZRM_SPECIAL_DOMAINS) and len(shown) == 10
    shown = {name for name, _l, _s in _panel(world.klantmanager, world.client)["zrm_scores"]}
    assert ZRM_SPECIAL_DOMAINS <= shown
    assert AuditEvent.objects.filter(action="intake.zrm_special_viewed").count() == 1


def test_client_page_shows_panel(world, login):
    response = login(world.klantmanager).get(reverse("clients:detail", args=[world.client.public_id]))
    assert response.status_code == 200
    assert 'id="brede-intake"' in response.content.decode()


def test_overview_and_forms_render_with_data(world, login):
    _fill_all(world)
    services.save_health(actor=world.klantmanager, client=world.client, health="Astma", care_needs="")
    services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(), scores=_zrm_scores(4))
    services.record_no_show(actor=world.klantmanager, client=world.client)
    services.complete_intake(actor=world.klantmanager, client=world.client)
    web = login(world.klantmanager)
    body = web.get(reverse("intake:overview", args=[world.client.public_id])).content.decode()
    assert "Afgerond" in body and "Schriftelijke waarschuwing" in body and "Middelengebruik: 4" in body
    for part in ("learnability", "origin", "circumstances", "general"):
        response = web.get(reverse("intake:part", args=[world.client.public_id, part]))
        assert response.status_code == 200
    # opening the circumstances form with the health fields counts as a read of the health part
    assert AuditEvent.objects.filter(action="intake.health_viewed").count() == 2
