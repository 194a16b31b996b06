"""The matching engine: hand-computed scores, hard requirements ranked last (never dropped), the fast ranking equal
to the explained evaluation, and protected attributes that cannot influence a score."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal

import pytest

from meedoen.work import profiles
from meedoen.work.matching import (
    DETAIL_FIELDS,
    Candidate,
    Requirements,
    evaluate,
    features,
    rank,
    score_rows,
)
from meedoen.work.models import CEFR_RANK

B1, A2, B2 = CEFR_RANK["b1"], CEFR_RANK["a2"], CEFR_RANK["b2"]


def req(**overrides) -> Requirements:
    values = dict(occupation="orderpicker", sector="logistics", kind="paid_job", hours=24, location="zwolle",
                  levels=(("reading", A2), ("speaking", B1)), driving_licence=False, certificates=())
    values.update(overrides)
    return Requirements(**values)


def rows_of(requirement: Requirements, *candidates: Candidate) -> list[tuple]:
    return [features(requirement, c) for c in candidates]


def terms(match) -> dict[str, int]:
    return {term.key: term.points for term in match.terms}


def test_full_match_scores_100():
    c = Candidate(client_id=1, reading=B1, speaking=B1, hours_available=36, weekly_load=Decimal("8"),
                  plan_status="set", occupation="orderpicker", desired_sectors=",logistics,",
                  desired_kinds=",paid_job,", preferred_locations=",zwolle,")
    match = evaluate(req(), c)
    assert terms(match) == {"language": 30, "experience": 20, "hours": 20, "plan": 10, "preferences": 20}
    assert match.total == 100
    assert match.meets_all


def test_hand_computed_partial_scores():
    # Language: reading A2 met, speaking A2 < B1 → 30 × 1/2 = 15; sector experience 12; hours unknown 10;
    # draft plan 5; preferences: sector stated and other (0), kind not stated (3), location not stated (3) = 6.
    c = Candidate(client_id=2, reading=A2, speaking=A2, experience_sectors=",care,logistics,",
                  plan_status="draft", desired_sectors=",care,")
    match = evaluate(req(), c)
    assert terms(match) == {"language": 15, "experience": 12, "hours": 10, "plan": 5, "preferences": 6}
    assert match.total == 48
    assert match.unmet == ("Spreken: A2, gevraagd B1",)
    hours = next(t for t in match.terms if t.key == "hours")
    assert hours.text == "beschikbaarheid onbekend"


def test_no_language_requirement_gives_full_points_and_unknown_level_is_unmet():
    c = Candidate(client_id=3)
    assert terms(evaluate(req(levels=()), c))["language"] == 30
    assert next(t.text for t in evaluate(req(levels=()), c).terms if t.key == "language") == "geen taaleis"
    match = evaluate(req(levels=(("writing", A2),)), c)
    assert terms(match)["language"] == 0
    assert match.unmet == ("Schrijven: niveau onbekend, gevraagd A2",)
    # No preferences stated at all: the neutral half (4 + 3 + 3).
    assert terms(match)["preferences"] == 10


def test_hours_over_free_hours_is_a_named_hard_requirement():
    c = Candidate(client_id=4, reading=B2, speaking=B2, hours_available=20, weekly_load=Decimal("8"),
                  load_items=(("Taalles", "8"),))
    match = evaluate(req(), c)
    assert terms(match)["hours"] == 0
    assert "24 u gevraagd, 12 u vrij: 20 u beschikbaar − 8 u plan (Taalles 8 u)" in match.unmet


def test_licence_and_certificates_are_named():
    c = Candidate(client_id=5, reading=B1, speaking=B1, certificate_ids=",2,")
    match = evaluate(req(driving_licence=True, certificates=((1, "VCA Basis"), (2, "BHV"))), c)
    assert match.unmet == ("Rijbewijs B ontbreekt", "Certificaat VCA Basis ontbreekt")
    assert match.total == evaluate(req(), c).total  # no points: only a hard requirement


def test_occupation_match_is_case_and_part_insensitive():
    c = Candidate(client_id=6, occupation="kok|orderpicker magazijn")
    assert terms(evaluate(req(), c))["experience"] == 20
    assert terms(evaluate(req(occupation="lasser"), c))["experience"] == 0


def test_unmet_hard_requirements_rank_after_all_who_meet_them():
    requirement = req(levels=(("speaking", B1),))
    weak_but_eligible = Candidate(client_id=10, speaking=B1)  # low score, meets everything
    strong_but_short = Candidate(client_id=11, speaking=A2, hours_available=40, plan_status="set",
                                 occupation="orderpicker", desired_sectors=",logistics,")
    two_unmet = Candidate(client_id=12, speaking=A2, hours_available=4, plan_status="set", occupation="orderpicker")
    rows = rows_of(requirement, strong_but_short, two_unmet, weak_but_eligible)
    assert evaluate(requirement, strong_but_short).total > evaluate(requirement, weak_but_eligible).total
    ranking = rank(requirement, rows)
    assert [client_id for _, client_id in ranking.meeting] == [10]
    assert [client_id for _, _, client_id in ranking.not_meeting] == [11, 12]  # fewest unmet first; none dropped
    assert ranking.total == 3


def test_rank_keeps_the_best_and_counts_the_rest():
    requirement = req(levels=())
    rows = rows_of(requirement, *(Candidate(client_id=i, hours_available=40, plan_status="set" if i % 2 else "")
                                  for i in range(1, 31)))
    ranking = rank(requirement, rows, meeting_limit=5, not_meeting_limit=0)
    assert ranking.meeting_total == 30 and len(ranking.meeting) == 5
    assert all(client_id % 2 for _, client_id in ranking.meeting)  # set plans score higher
    assert [client_id for _, client_id in ranking.meeting] == [1, 3, 5, 7, 9]  # ties by id


def _random_candidate(rng: random.Random, client_id: int) -> Candidate:
    codes = ["", ",logistics,", ",care,", ",care,logistics,"]
    return Candidate(
        client_id=client_id, reading=rng.randint(0, 7), listening=rng.randint(0, 7), writing=rng.randint(0, 7),
        speaking=rng.randint(0, 7), hours_available=rng.choice([None, 0, 12, 20, 24, 40]),
        weekly_load=Decimal(rng.choice(["0", "8", "12.5"])), plan_status=rng.choice(["", "draft", "set"]),
        occupation=rng.choice(["", "orderpicker", "kok|lasser", "magazijn orderpicker"]),
        experience_sectors=rng.choice(codes), desired_sectors=rng.choice(codes),
        desired_kinds=rng.choice(["", ",paid_job,", ",volunteer,"]),
        preferred_locations=rng.choice(["", ",zwolle,", ",kampen,"]), driving_licence=rng.random() < 0.5,
        certificate_ids=rng.choice(["", ",1,", ",1,2,"]), in_paid_work=rng.random() < 0.2)


@pytest.mark.parametrize("requirement", [
    req(), req(levels=()), req(driving_licence=True, certificates=((1, "VCA"), (2, "BHV")), hours=32),
    req(levels=(("reading", B1), ("listening", B1), ("writing", A2), ("speaking", B2)), location="kampen"),
])
def test_fast_scores_equal_the_explained_scores(requirement):
    rng = random.Random(7)
    candidates = [_random_candidate(rng, i) for i in range(1, 400)]
    fast = {client_id: (score, unmet) for client_id, score, unmet in
            score_rows(requirement, rows_of(requirement, *candidates))}
    for candidate in candidates:
        match = evaluate(requirement, candidate)
        assert fast[candidate.client_id] == (match.total, len(match.unmet)), candidate
        assert 0 <= match.total <= 100


# --- Protected attributes ------------------------------------------------------------------------

PROTECTED = {"birth_date", "age", "gender", "sex", "nationality", "country_of_origin", "origin", "health",
             "care_needs", "mother_tongue"}


def test_engine_inputs_hold_no_protected_attribute():
    names = {f.name for f in dataclasses.fields(Candidate)} | set(DETAIL_FIELDS)
    assert not names & PROTECTED
    assert not {f.name for f in dataclasses.fields(Requirements)} & PROTECTED


@pytest.mark.django_db
def test_changing_protected_attributes_changes_no_score(world):
    from meedoen.clients.models import Language
    from meedoen.intake.models import BroadIntake, IntakeHealth, OriginBackground, PersonalCircumstances
    from meedoen.plans.tests.factories import PlanFactory
    from meedoen.work.services.matching import candidate_for
    from meedoen.work.tests.factories import VacancyFactory, WorkProfileFactory

    client = world.client
    intake = BroadIntake.objects.create(client=client, municipality=world.home, started_on=dt.date(2026, 1, 5),
                                        dutch_reading="a2", dutch_speaking="b1")
    OriginBackground.objects.create(intake=intake, occupation="Orderpicker")
    PersonalCircumstances.objects.create(intake=intake, hours_available=30)
    PlanFactory(client=client, hours_available=None)
    WorkProfileFactory(client=client, desired_sectors=["logistics"], preferred_locations="Zwolle")
    vacancies = [VacancyFactory(employer__municipality=world.home, required_speaking="b1"),
                 VacancyFactory(employer__municipality=world.home, required_reading="b1", hours_per_week=32)]

    def scores():
        candidate = candidate_for(client)
        return [evaluate(Requirements.from_vacancy(v), candidate) for v in vacancies]

    before = scores()
    client.birth_date = dt.date(1955, 1, 1)
    client.country_of_origin = "SY" if client.country_of_origin != "SY" else "ER"
    client.save()
    intake.mother_tongue = Language.objects.order_by("pk").first()
    intake.save()
    IntakeHealth.objects.create(intake=intake, health="Rugklachten", care_needs="Fysiotherapie")
    profiles.rebuild(client_ids=[client.pk])
    after = scores()
    assert [(m.total, m.unmet, m.terms) for m in after] == [(m.total, m.unmet, m.terms) for m in before]
    assert before[0].total > 0
