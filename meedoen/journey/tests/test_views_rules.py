"""The deadline norms page of the functioneel beheerder (journey:rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.journey import services
from meedoen.journey.models import ClientDeadline, DeadlineRule, JourneySettings
from meedoen.journey.tests.test_views import make_statushouder, record, text

pytestmark = pytest.mark.django_db
D = dt.date
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NOT_BEHEER = ["klantmanager", "colleague_other_team", "teamleider", "beleidsmedewerker", "partnermedewerker",
              "foreign_klantmanager"]


@pytest.fixture
def statushouder(world):
    return make_statushouder(world)


@pytest.fixture
def beheer(world, login):
    return login(world.beheerder)


def _urls():
    return [reverse("journey:rules"), reverse("journey:rule_edit", args=["housing_offer"])]


def test_the_page_lists_every_rule_in_force_with_source_and_marks_the_legal_ones(world, beheer):
    response = beheer.get(reverse("journey:rules"))
    assert response.status_code == 200
    page = text(response)
    for rule in DeadlineRule.objects.defaults():
        assert f'data-rule="{rule.code}"' in page
        assert rule.source.split("(")[0].replace("'", "&#x27;").strip() in page
    legal = page[page.index('data-rule="inburgering_term"'):]
    legal = legal[:legal.index("</tr>")]
    assert "wettelijke termijn" in legal and "Aanpassen" not in legal
    norm = page[page.index('data-rule="pip"'):]
    norm = norm[:norm.index("</tr>")]
    assert reverse("journey:rule_edit", args=["pip"]) in norm
    assert 'name="due_soon_days"' in page and 'value="14"' in page


def test_a_legal_rule_has_no_edit_page(beheer):
    assert beheer.get(reverse("journey:rule_edit", args=["inburgering_term"])).status_code == 404
    assert beheer.post(reverse("journey:rule_edit", args=["ontzorgen"]),
                       {"anchor": "linked", "offset_amount": "1", "offset_unit": "weeks"}).status_code == 404
    assert beheer.get(reverse("journey:rule_edit", args=["nonsense"])).status_code == 404
    assert not DeadlineRule.objects.filter(municipality__isnull=False).exists()


def test_saving_a_norm_creates_the_local_rule_and_recomputes_in_the_background(
        world, statushouder, beheer, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    record(statushouder, "linked", D(2024, 1, 15), world.klantmanager)
    assert ClientDeadline.objects.get(client=statushouder, code="housing_offer").due_date == D(2024, 3, 25)
    edit = reverse("journey:rule_edit", args=["housing_offer"])
    assert 'value="10"' in text(beheer.get(edit))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = beheer.post(edit, {"anchor": "linked", "offset_amount": "8", "offset_unit": "weeks",
                                      "source": "Collegebesluit 12-03-2024"})
    assert response.status_code == 302 and response["Location"] == reverse("journey:rules")
    assert len(callbacks) == 1
    rule = DeadlineRule.objects.get(municipality=world.home, code="housing_offer")
    assert (rule.offset_amount, rule.offset_unit, rule.source) == (8, "weeks", "Collegebesluit 12-03-2024")
    assert ClientDeadline.objects.get(client=statushouder, code="housing_offer").due_date == D(2024, 3, 11)
    event = AuditEvent.objects.get(action="journey.norm_set")
    assert event.details == {"code": "housing_offer", "anchor": "linked", "amount": 8, "unit": "weeks",
                             "created": True}
    page = text(beheer.get(reverse("journey:rules")))
    assert "De norm is opgeslagen." in page and "lokale norm" in page and "Collegebesluit 12-03-2024" in page
    # Standaard herstellen: the local row goes, the default applies again.
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post(reverse("journey:rule_reset", args=["housing_offer"]))
    assert response.status_code == 302
    assert not DeadlineRule.objects.filter(municipality=world.home).exists()
    assert ClientDeadline.objects.get(client=statushouder, code="housing_offer").due_date == D(2024, 3, 25)
    assert AuditEvent.objects.get(action="journey.norm_reset").details == {"code": "housing_offer"}
    assert "De landelijke standaard geldt weer." in text(beheer.get(reverse("journey:rules")))


def test_a_norm_without_source_gets_one_and_bad_input_is_refused(world, beheer):
    edit = reverse("journey:rule_edit", args=["pip"])
    response = beheer.post(edit, {"anchor": "linked", "offset_amount": "0", "offset_unit": "weeks"})
    assert "Vul een lengte van minstens 1 in." in text(response)
    response = beheer.post(edit, {"anchor": "somewhere", "offset_amount": "5", "offset_unit": "eons"})
    assert "Selecteer een geldige keuze" in text(response)
    assert not DeadlineRule.objects.filter(municipality=world.home).exists()
    beheer.post(edit, {"anchor": "housed", "offset_amount": "3", "offset_unit": "months"})
    rule = DeadlineRule.objects.get(municipality=world.home, code="pip")
    assert rule.source.startswith("Lokale norm van Zwolle")
    assert rule.regimes == ["wi2021"]  # copied from the national rule


def test_reset_without_a_local_norm_says_so(beheer):
    response = beheer.post(reverse("journey:rule_reset", args=["pip"]), follow=True)
    assert "Voor deze termijn gold al de landelijke standaard." in text(response)
    assert beheer.get(reverse("journey:rule_reset", args=["pip"])).status_code == 405


def test_the_due_soon_horizon(world, beheer):
    response = beheer.post(reverse("journey:rules"), {"due_soon_days": "21"})
    assert response.status_code == 302
    assert JourneySettings.objects.get(municipality=world.home).due_soon_days == 21
    assert AuditEvent.objects.get(action="journey.due_soon_days_set").details == {"old": 14, "days": 21}
    assert "Vul hoogstens 365 dagen in." in text(beheer.post(reverse("journey:rules"), {"due_soon_days": "400"}))
    assert "Dit veld is verplicht." in text(beheer.post(reverse("journey:rules"), {"due_soon_days": ""}))


def test_a_norm_of_one_municipality_does_not_touch_another(world, login):
    from meedoen.accounts.models import Role
    from meedoen.accounts.tests.factories import user_with_role

    foreign_beheer = user_with_role(Role.FUNCTIONEEL_BEHEERDER, world.other, username="beheer-other")
    http = login(foreign_beheer)
    http.post(reverse("journey:rule_edit", args=["housing_offer"]),
              {"anchor": "linked", "offset_amount": "6", "offset_unit": "weeks"})
    assert DeadlineRule.objects.get(municipality__isnull=False).municipality == world.other
    assert "lokale norm" not in text(login(world.beheerder).get(reverse("journey:rules")))


@pytest.mark.parametrize("persona", NOT_BEHEER)
def test_other_roles_get_403(world, login, persona):
    http = login(getattr(world, persona))
    for target in _urls():
        assert http.get(target).status_code == 403
    assert http.post(reverse("journey:rule_edit", args=["pip"]),
                     {"anchor": "linked", "offset_amount": "1", "offset_unit": "weeks"}).status_code == 403
    assert http.post(reverse("journey:rule_reset", args=["pip"])).status_code == 403
    assert http.post(reverse("journey:rules"), {"due_soon_days": "1"}).status_code == 403
    assert not DeadlineRule.objects.filter(municipality__isnull=False).exists()
    assert not JourneySettings.objects.exists()


def test_anonymous_goes_to_login(client, settings, db):
    for target in _urls():
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_set_local_norm_refuses_a_legal_term(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.set_local_norm(actor=world.beheerder, municipality=world.home, code="inburgering_term",
                                anchor="first_pip", offset_amount=2, offset_unit="years")
    assert not DeadlineRule.objects.filter(municipality__isnull=False).exists()
