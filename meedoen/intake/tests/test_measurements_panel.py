"""The client-page panel "Verloop van metingen": Participatieladder and ZRM over time, chart plus table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts import access
from meedoen.accounts.models import Role
from meedoen.accounts.tests.factories import user_with_role
from meedoen.audit.models import AuditEvent
from meedoen.clients.tests.factories import ClientFactory
from meedoen.intake import panels, services
from meedoen.intake.models import ZRM_DOMAINS, ZRM_SPECIAL_DOMAINS
from meedoen.journey.services import record_ladder_measurement

TODAY = timezone.localdate


def _scores(value=3):
    return {name: value for name, _label in ZRM_DOMAINS}


def _context(user, client):
    request = RequestFactory().get("/")
    request.user = user
    return panels.measurements_context(request, client)


def _same_team_colleague(world):
    return user_with_role(Role.KLANTMANAGER, world.home, team=world.team, username="km-same-team")


def _measure(world, *, ladder=3, zrm=3):
    km, client = world.klantmanager, world.client
    for i in range(ladder):
        record_ladder_measurement(actor=km, client=client, measured_on=TODAY() - dt.timedelta(days=120 * (ladder - i)),
                                  rung=1 + i)
    for i in range(zrm):
        services.record_zrm(actor=km, client=client, measured_on=TODAY() - dt.timedelta(days=100 * (zrm - i)),
                            scores=_scores(2 + i % 3))


def test_ladder_chart_and_table_in_date_order(world):
    _measure(world, ladder=3, zrm=0)
    context = _context(world.klantmanager, world.client)
    assert [m.rung for m in context["ladder"]] == [1, 2, 3]
    svg = str(context["ladder_chart"])
    assert svg.startswith("<svg") and 'role="img"' in svg and "tabel onder de grafiek" in svg
    # y axis labelled with the Dutch rung names
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "1 Geïsoleerd" in texts and "6 Betaald werk" in texts
    assert context["zrm"] == [] and context["zrm_chart"] is None


def test_one_measurement_shows_the_table_without_a_chart(world):
    _measure(world, ladder=1, zrm=1)
    context = _context(world.klantmanager, world.client)
    assert context["ladder_chart"] is None and context["zrm_chart"] is None
    assert len(context["ladder"]) == 1 and len(context["zrm"]) == 1


def test_special_domains_hidden_for_a_colleague_and_not_audited(world):
    _measure(world, ladder=0, zrm=2)
    colleague = _same_team_colleague(world)
    context = _context(colleague, world.client)
    shown = {name for name, _label, _scores in context["zrm_rows"]}
    assert shown.isdisjoint(ZRM_SPECIAL_DOMAINS) and len(shown) == 10
    assert context["zrm_special_hidden"]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", str(context["zrm_chart"]))
    assert "Financiën" in texts
    assert not {"Geestelijke gezondheid", "Lichamelijke gezondheid", "Middelengebruik"} & set(texts)
    assert not AuditEvent.objects.filter(action="intake.zrm_special_viewed").exists()


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider"])
def test_special_domains_shown_to_own_km_and_team_lead_and_audited(world, persona):
    _measure(world, ladder=0, zrm=2)
    context = _context(getattr(world, persona), world.client)
    shown = [name for name, _label, _scores in context["zrm_rows"]]
    assert ZRM_SPECIAL_DOMAINS <= set(shown) and len(shown) == 13
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", str(context["zrm_chart"]))
    assert "Middelengebruik" in texts
    event = AuditEvent.objects.get(action="intake.zrm_special_viewed")
    assert event.client_public_id == world.client.public_id
    assert event.details == {"page": "client_detail", "panel": "verloop_metingen", "measurements": 2}


def test_no_audit_when_the_health_domains_were_not_scored(world):
    scores = {name: 3 for name, _label in ZRM_DOMAINS if name not in ZRM_SPECIAL_DOMAINS}
    services.record_zrm(actor=world.klantmanager, client=world.client, measured_on=TODAY(), scores=scores)
    _context(world.klantmanager, world.client)
    assert not AuditEvent.objects.filter(action="intake.zrm_special_viewed").exists()


def test_query_count_is_fixed(world, django_assert_num_queries):
    _measure(world, ladder=6, zrm=5)
    empty = ClientFactory(municipality=world.home, team=world.team, klantmanager=world.klantmanager)
    access.memberships(world.klantmanager)  # loaded once per request elsewhere
    with django_assert_num_queries(3):  # ladder, ZRM, audit of the health scores
        context = _context(world.klantmanager, world.client)
    assert len(context["ladder"]) == 6 and len(context["zrm"]) == 5
    with django_assert_num_queries(2):
        context = _context(world.klantmanager, empty)
    assert context["ladder"] == [] and context["zrm"] == []


def test_only_the_latest_measurements_are_shown(world):
    _measure(world, ladder=0, zrm=panels.ZRM_LIMIT + 2)
    context = _context(world.klantmanager, world.client)
    assert len(context["zrm"]) == panels.ZRM_LIMIT and context["zrm_limited"]
    dates = [m.measured_on for m in context["zrm"]]
    assert dates == sorted(dates) and dates[-1] == TODAY() - dt.timedelta(days=100)


@pytest.fixture
def only_intake_panels(monkeypatch):
    """The client page with the intake panels only (other apps' panels are tested by those apps)."""
    from meedoen.clients import panels as registry

    mine = {key: panel for key, panel in registry._registry.items() if key in (panels.KEY, panels.MEASUREMENTS_KEY)}
    monkeypatch.setattr(registry, "_registry", mine)


@pytest.mark.usefixtures("only_intake_panels")
def test_client_page_shows_the_panel_with_empty_state(world, login):
    body = login(world.klantmanager).get(reverse("clients:detail", args=[world.client.public_id])).content.decode()
    assert 'id="verloop-metingen"' in body
    assert "Er zijn nog geen metingen vastgelegd" in body
    assert "intake/metingen.css" in body


@pytest.mark.usefixtures("only_intake_panels")
def test_client_page_shows_charts_and_tables(world, login):
    _measure(world, ladder=2, zrm=2)
    body = login(world.klantmanager).get(reverse("clients:detail", args=[world.client.public_id])).content.decode()
    section = body[body.index('id="verloop-metingen"'):]
    assert section.count('<svg') == 2 and section.count("<table") == 2
    assert 'data-zrm="middelengebruik"' in section
    assert "<script" not in section and "style=" not in section


@pytest.mark.usefixtures("only_intake_panels")
def test_client_page_hides_health_domains_from_same_team_colleague(world, login):
    _measure(world, ladder=0, zrm=2)
    body = login(_same_team_colleague(world)).get(
        reverse("clients:detail", args=[world.client.public_id])).content.decode()
    section = body[body.index('id="verloop-metingen"'):]
    assert 'data-zrm="financien"' in section and 'data-zrm="middelengebruik"' not in section
    assert "ziet alleen de eigen klantmanager" in section
