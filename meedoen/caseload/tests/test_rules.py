"""Routing rules, segment rules and the waiting-list policy as data: matching, explanation, validation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from meedoen.accounts.models import TeamKind
from meedoen.accounts.tests.factories import MunicipalityFactory, TeamFactory
from meedoen.caseload import services
from meedoen.caseload.facts import FACTS, validate_conditions
from meedoen.caseload.models import AssignmentChange, RoutingRule, SegmentRule, WaitingListPolicy
from meedoen.caseload.tests.factories import segment
from meedoen.clients.models import Regime
from meedoen.clients.tests.factories import ClientFactory
from meedoen.journey.models import CoaProfile

pytestmark = pytest.mark.django_db
D = dt.date

FORBIDDEN = ("nation", "origin", "country", "gender", "sex", "health", "religion", "ethnic", "language",
             "limitation", "birth_place")


def _field_names(model) -> list[str]:
    return [f.name for f in model._meta.get_fields()]


@pytest.mark.parametrize("model", [RoutingRule, SegmentRule])
def test_rule_models_have_no_nationality_origin_gender_or_health_inputs(model):
    names = _field_names(model)
    assert not [n for n in names if any(word in n.lower() for word in FORBIDDEN)], names


def test_the_fact_registry_offers_no_nationality_origin_gender_or_health():
    assert not [code for code in FACTS if any(word in code for word in FORBIDDEN)]
    assert set(FACTS) == {"age", "low_literacy", "has_work_experience", "work_experience_years", "education",
                          "regime"}


# --- Routing -------------------------------------------------------------------------------------------

@pytest.fixture
def rules(world):
    return services.ensure_default_routing(world.home)


def test_default_routing_comes_from_the_teams_by_kind(world, rules):
    youth, reintegration = rules
    assert (youth.team, youth.min_age, youth.max_age) == (world.other_team, None, 27)
    assert (reintegration.team, reintegration.min_age, reintegration.max_age) == (world.team, 27, None)
    # Calling it again changes nothing.
    assert services.ensure_default_routing(world.home) == rules
    assert RoutingRule.objects.filter(municipality=world.home).count() == 2


@pytest.mark.parametrize(("birth", "today", "team", "text"), [
    (D(1998, 6, 15), D(2025, 6, 14), "youth", "leeftijd 26 < 27 → Jongerenpunt"),
    (D(1998, 6, 15), D(2025, 6, 15), "reint", "leeftijd 27 ≥ 27 → Re-integratie 27+"),  # the birthday itself
    (D(1998, 6, 15), D(2025, 6, 16), "reint", "leeftijd 27 ≥ 27 → Re-integratie 27+"),
    (D(2001, 1, 1), D(2025, 6, 1), "youth", "leeftijd 24 < 27 → Jongerenpunt"),
    # Born on a leap day: 27 on 1 March in a common year, not on 28 February.
    (D(2000, 2, 29), D(2027, 2, 28), "youth", "leeftijd 26 < 27 → Jongerenpunt"),
    (D(2000, 2, 29), D(2027, 3, 1), "reint", "leeftijd 27 ≥ 27 → Re-integratie 27+"),
])
def test_routing_by_age_at_the_boundary(world, rules, birth, today, team, text):
    client = ClientFactory(municipality=world.home, birth_date=birth)
    found, explanation = services.explain_routing(client, services.routing_rules(world.home), today)
    assert found == (world.other_team if team == "youth" else world.team)
    assert explanation == text


def test_first_matching_rule_by_order_wins_and_regimes_narrow(world, rules):
    special = TeamFactory(municipality=world.home, name="Statushouders", kind=TeamKind.INBURGERING)
    RoutingRule.objects.create(municipality=world.home, order=1, min_age=18, max_age=30, regimes=["wi2021"],
                               team=special)
    client = ClientFactory(municipality=world.home, birth_date=D(2000, 1, 1), regime=Regime.WI2021)
    team, text = services.explain_routing(client, services.routing_rules(world.home), D(2025, 1, 1))
    assert team == special
    assert text == "leeftijd 18 ≤ 25 < 30; regime: Wet inburgering 2021 → Statushouders"
    client.regime = Regime.NONE
    team, _ = services.explain_routing(client, services.routing_rules(world.home), D(2025, 1, 1))
    assert team == world.other_team


def test_inactive_rules_do_not_count_and_no_match_is_explained(world, rules):
    RoutingRule.objects.filter(municipality=world.home).update(active=False)
    client = ClientFactory(municipality=world.home, birth_date=D(2000, 1, 1))
    team, text = services.explain_routing(client, services.routing_rules(world.home), D(2025, 1, 1))
    assert team is None
    assert text == "Geen routeringsregel van toepassing (leeftijd 25)."


def test_a_municipality_without_youth_or_reintegration_team_routes_everyone_to_its_team():
    municipality = MunicipalityFactory()
    only = TeamFactory(municipality=municipality, name="Team Participatie", kind=TeamKind.OTHER)
    [rule] = services.ensure_default_routing(municipality)
    client = ClientFactory(municipality=municipality, birth_date=D(1960, 1, 1))
    assert services.explain_routing(client, [rule], D(2025, 1, 1)) == (only, "alle cliënten → Team Participatie")


def test_only_a_reintegration_team_takes_all_ages():
    municipality = MunicipalityFactory()
    team = TeamFactory(municipality=municipality, kind=TeamKind.REINTEGRATION)
    [rule] = services.ensure_default_routing(municipality)
    assert (rule.team, rule.min_age, rule.max_age) == (team, None, None)


def test_routing_rule_validation(world):
    foreign_team = TeamFactory(municipality=world.other)
    rule = RoutingRule(municipality=world.home, order=1, min_age=30, max_age=27, team=foreign_team,
                       regimes=["wi2099"])
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    errors = exc.value.message_dict
    assert errors["team"] == ["Het team hoort bij een andere gemeente."]
    assert errors["max_age"] == ["'Tot leeftijd' moet hoger zijn dan 'vanaf leeftijd'."]
    assert "Kies regimes uit" in errors["regimes"][0]


# --- Segments --------------------------------------------------------------------------------------------

@pytest.fixture
def segment_rules(world):
    return services.ensure_default_segments(world.home)


def test_default_segments_are_created_once(world, segment_rules):
    assert [r.segment.name for r in segment_rules] == ["Direct naar werk", "Intensieve begeleiding"]
    assert services.ensure_default_segments(world.home) == segment_rules
    assert SegmentRule.objects.filter(municipality=world.home).count() == 2


@pytest.mark.parametrize(("low_literacy", "work", "expected"), [
    (False, True, "werkervaring: ja; laaggeletterd: nee → Direct naar werk"),
    (True, True, "overige cliënten → Intensieve begeleiding"),
    (False, False, "overige cliënten → Intensieve begeleiding"),
    (None, True, "overige cliënten → Intensieve begeleiding"),  # unknown never matches
])
def test_segment_follows_from_stated_facts_with_explanation(world, segment_rules, low_literacy, work, expected):
    client = ClientFactory(municipality=world.home, low_literacy=low_literacy, has_work_experience=work)
    found, text = services.explain_segment(client, services.segment_rules(world.home))
    assert text == expected
    assert found.name == expected.split("→ ")[1]


def test_segment_rules_on_numbers_choices_and_the_coa_profile(world):
    intensive = segment(world.home, "Intensief", 20)
    study = segment(world.home, "Studie", 5)
    SegmentRule.objects.create(municipality=world.home, segment=study, order=1, conditions=[
        {"fact": "age", "op": "lt", "value": 27},
        {"fact": "education", "op": "eq", "value": "higher"},
    ])
    SegmentRule.objects.create(municipality=world.home, segment=intensive, order=2, conditions=[
        {"fact": "work_experience_years", "op": "lte", "value": 2},
        {"fact": "regime", "op": "ne", "value": "none"},
    ])
    rules = services.segment_rules(world.home)
    client = ClientFactory(municipality=world.home, birth_date=D(2001, 3, 1), regime=Regime.WI2021)
    profile = CoaProfile(client=client, received_on=D(2024, 1, 1), education="higher", work_experience_years=1)
    today = D(2025, 3, 1)
    assert services.explain_segment(client, rules, profile, today) == (
        study, "leeftijd 24 < 27; opleiding: hoger onderwijs → Studie")
    profile.education = "primary"
    assert services.explain_segment(client, rules, profile, today) == (
        intensive, "jaren werkervaring 1 ≤ 2; regime: Wet inburgering 2021 ≠ Geen inburgeringsplicht "
                   "(alleen Participatiewet) → Intensief")
    # Without a COA profile the profile's facts are unknown: no rule matches.
    assert services.explain_segment(client, rules, None, today) == (None, "Geen segmentregel van toepassing.")


@pytest.mark.parametrize(("conditions", "message"), [
    ({"fact": "age"}, "De voorwaarden zijn een lijst"),
    ([{"fact": "age", "op": "lt"}], "Voorwaarde 1: gebruik precies de sleutels fact, op en value."),
    ([{"fact": "nationality", "op": "eq", "value": "SY"}], "Voorwaarde 1: onbekend gegeven 'nationality'."),
    ([{"fact": "age", "op": "between", "value": 3}], "Voorwaarde 1: onbekende vergelijking 'between'."),
    ([{"fact": "low_literacy", "op": "lt", "value": True}],
     "Voorwaarde 1: bij laaggeletterd kunt u alleen eq (is) of ne (is niet) gebruiken."),
    ([{"fact": "age", "op": "lt", "value": "27"}], "Voorwaarde 1: bij leeftijd hoort een geheel getal als waarde."),
    ([{"fact": "age", "op": "lt", "value": True}], "Voorwaarde 1: bij leeftijd hoort een geheel getal als waarde."),
    ([{"fact": "low_literacy", "op": "eq", "value": "ja"}],
     "Voorwaarde 1: bij laaggeletterd hoort true (ja) of false (nee) als waarde."),
    ([{"fact": "education", "op": "eq", "value": "phd"}], "Voorwaarde 1: kies bij opleiding een van deze waarden"),
    ([{"fact": "age", "op": "lt", "value": 27}, {"fact": "regime", "op": "eq", "value": "wi2099"}],
     "Voorwaarde 2: kies bij regime een van deze waarden"),
])
def test_segment_conditions_are_validated_with_clear_dutch_messages(conditions, message):
    with pytest.raises(ValidationError) as exc:
        validate_conditions(conditions)
    assert any(m.startswith(message) for m in exc.value.messages), exc.value.messages


def test_a_bad_segment_rule_is_never_saved(world):
    rule = SegmentRule(municipality=world.home, segment=segment(world.home), conditions=[{"fact": "gender"}])
    with pytest.raises(ValidationError):
        rule.save()
    assert not SegmentRule.objects.exists()
    foreign = segment(world.other, "Elders")
    rule = SegmentRule(municipality=world.home, segment=foreign, conditions=[])
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert exc.value.message_dict["segment"] == ["Het segment hoort bij een andere gemeente."]


# --- Waiting-list policy -----------------------------------------------------------------------------------

def test_waiting_list_policy_defaults_and_validation(world):
    policy = services.ensure_waiting_list_policy(world.home)
    assert policy.criteria == ["low_literacy_first", "no_work_experience_first", "longest_waiting_first"]
    for bad, message in [([], "De volgorde is een lijst"), (["youngest_first"], "Onbekende regel: youngest_first"),
                         (["longest_waiting_first", "longest_waiting_first"], "Elke regel mag maar één keer")]:
        policy.criteria = bad
        with pytest.raises(ValidationError) as exc:
            policy.save()
        assert exc.value.messages[0].startswith(message)
    assert WaitingListPolicy.objects.get().criteria[0] == "low_literacy_first"


def test_an_override_without_reason_cannot_be_stored(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentChange.objects.create(client=world.client, municipality=world.home, kind="team", automatic=False,
                                        reason="")


def test_team_capacity_is_fte_times_norm(world):
    team = TeamFactory(municipality=world.home, fte=Decimal("2.5"), caseload_norm=40)
    assert team.capacity == 100
