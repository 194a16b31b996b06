"""Routing rules, segment rules and the waiting-list order in the admin: the functioneel beheerder of the
municipality only, choices limited to it, Dutch validation messages, every change audited."""

import pytest
from django.urls import reverse

from meedoen.accounts.models import Team
from meedoen.audit.models import AuditEvent
from meedoen.caseload import services
from meedoen.caseload.models import RoutingRule, SegmentRule
from meedoen.caseload.tests.factories import segment

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(world):
    for municipality in (world.home, world.other):
        services.ensure_default_routing(municipality)
        services.ensure_default_segments(municipality)
        services.ensure_waiting_list_policy(municipality)
    return world


@pytest.mark.parametrize("persona", ["klantmanager", "teamleider", "beleidsmedewerker"])
def test_other_roles_cannot_open_the_rules(configured, login, persona):
    http = login(getattr(configured, persona))
    for name in ("routingrule", "segmentrule", "waitinglistpolicy"):
        assert http.get(reverse(f"admin:caseload_{name}_changelist"), follow=True).status_code == 403


def test_beheerder_sees_and_opens_only_own_municipality(configured, login):
    w = configured
    http = login(w.beheerder)
    page = http.get(reverse("admin:caseload_routingrule_changelist")).content.decode()
    assert "Jongerenpunt" in page and "Team Sociaal Domein" not in page
    foreign_rule = RoutingRule.objects.get(municipality=w.other)
    # The admin answers a row outside the queryset with a redirect to its index ("does not exist").
    assert http.get(reverse("admin:caseload_routingrule_change", args=[foreign_rule.pk])).status_code == 302
    foreign_segment_rule = SegmentRule.objects.filter(municipality=w.other).first()
    assert http.get(reverse("admin:caseload_segmentrule_change",
                            args=[foreign_segment_rule.pk])).status_code == 302
    policies = http.get(reverse("admin:caseload_waitinglistpolicy_changelist")).content.decode()
    assert "Zwolle" in policies and "Midden-Drenthe" not in policies


def test_choices_are_limited_to_the_municipality(configured, login):
    w = configured
    form = login(w.beheerder).get(reverse("admin:caseload_segmentrule_add")).context["adminform"].form
    assert set(form.fields["segment"].queryset.values_list("municipality", flat=True)) == {w.home.pk}
    assert set(form.fields["municipality"].queryset) == {w.home}
    form = login(w.beheerder).get(reverse("admin:caseload_routingrule_add")).context["adminform"].form
    assert set(form.fields["team"].queryset.values_list("municipality", flat=True)) == {w.home.pk}


def test_a_bad_segment_rule_gets_a_dutch_message_and_a_good_one_is_audited(configured, login):
    w = configured
    http = login(w.beheerder)
    data = {"municipality": w.home.pk, "order": 5, "segment": segment(w.home).pk, "active": "on",
            "conditions": '[{"fact": "nationality", "op": "eq", "value": "SY"}]'}
    response = http.post(reverse("admin:caseload_segmentrule_add"), data)
    assert response.status_code == 200
    assert "onbekend gegeven" in response.content.decode()
    data["conditions"] = '[{"fact": "age", "op": "gte", "value": 50}]'
    response = http.post(reverse("admin:caseload_segmentrule_add"), data)
    assert response.status_code == 302
    rule = SegmentRule.objects.get(order=5)
    event = AuditEvent.objects.get(action="caseload.rule_changed", object_public_id=rule.public_id)
    assert event.details["created"] is True


def test_routing_rule_with_a_foreign_team_is_refused(configured, login):
    w = configured
    foreign_team = Team.objects.filter(municipality=w.other).first()
    response = login(w.beheerder).post(reverse("admin:caseload_routingrule_add"), {
        "municipality": w.home.pk, "order": 1, "team": foreign_team.pk, "regimes": "[]", "active": "on"})
    assert response.status_code == 200
    assert not RoutingRule.objects.filter(order=1).exists()
