"""Match profiles: built from intake, exams, plan, work profile and placements; marked stale by the signals;
rebuilt in batches with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from meedoen.clients.tests.factories import ClientFactory
from meedoen.exams.models import ExamAttempt
from meedoen.intake.models import BroadIntake, OriginBackground, PersonalCircumstances
from meedoen.plans.models import PlanStatus
from meedoen.plans.tests.factories import PlanActivityFactory, PlanFactory
from meedoen.work import profiles
from meedoen.work.matching import score_rows
from meedoen.work.models import CEFR_RANK, Certificate, MatchProfile, PlaceKind
from meedoen.work.tests.factories import EmployerFactory, PlacementFactory, WorkProfileFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def intake_for(client, **levels):
    return BroadIntake.objects.create(client=client, municipality=client.municipality,
                                      started_on=TODAY - dt.timedelta(days=30), **levels)


def exam(client, component, level="", result="passed", attempt=1):
    return ExamAttempt.objects.create(client=client, municipality=client.municipality, component=component,
                                      level=level, taken_on=TODAY - dt.timedelta(days=10), result=result,
                                      attempt=attempt, recorded_by=client.klantmanager)


def built(client) -> MatchProfile:
    profiles.rebuild(client_ids=[client.pk])
    return MatchProfile.objects.get(client=client)


def test_levels_are_the_highest_of_intake_and_passed_exams(world):
    client = world.client
    intake_for(client, dutch_reading="a2", dutch_listening="b1", dutch_writing="a1")
    exam(client, "reading", "b1")
    exam(client, "writing", "b2", result="failed")
    exam(client, "listening", "a2")
    profile = built(client)
    assert (profile.reading, profile.listening, profile.writing, profile.speaking) == (
        CEFR_RANK["b1"], CEFR_RANK["b1"], CEFR_RANK["a1"], 0)
    assert profile.level_sources == {"reading": "exam", "listening": "intake", "writing": "intake"}


def test_staatsexamen_counts_in_all_four_skills(world):
    client = world.client
    intake_for(client, dutch_speaking="c1")
    exam(client, "staatsexamen_2")
    profile = built(client)
    assert (profile.reading, profile.listening, profile.writing) == (CEFR_RANK["b2"],) * 3
    assert profile.speaking == CEFR_RANK["c1"]
    assert profile.level_sources["speaking"] == "intake"


def test_hours_and_weekly_load_from_the_plan_in_force(world):
    client = world.client
    circumstances_intake = intake_for(client)
    PersonalCircumstances.objects.create(intake=circumstances_intake, hours_available=40)
    plan = PlanFactory(client=client, status=PlanStatus.SET, dagtekening=TODAY, hours_available=32)
    running = dict(start=TODAY - dt.timedelta(days=7), end=TODAY + dt.timedelta(days=30))
    PlanActivityFactory(plan=plan, description="Taalles", hours_per_week=Decimal("8"), **running)
    PlanActivityFactory(plan=plan, description="PVT", activity_type="pvt", hours_per_week=Decimal("2.5"), **running)
    PlanActivityFactory(plan=plan, description="Bijbaan", activity_type="paid_work", hours_per_week=12, **running)
    PlanActivityFactory(plan=plan, description="Kinderopvang", activity_type="childcare", hours_per_week=20,
                        **running)
    later = PlanActivityFactory(plan=plan, description="Werkervaring", activity_type="work_experience",
                                start=TODAY + dt.timedelta(days=10), end=TODAY + dt.timedelta(days=60))
    PlanFactory(client=client, version=2, hours_available=10)  # a newer draft: not in force
    profile = built(client)
    assert profile.plan_status == "set"
    assert profile.hours_available == 32
    assert profile.weekly_load == Decimal("10.5")
    assert profile.load_items == [["Taalles", "8"], ["PVT", "2.5"]]
    assert profile.valid_until == later.start  # rebuilt when the next activity starts


def test_draft_plan_without_hours_falls_back_to_the_intake(world):
    client = world.client
    intake = intake_for(client)
    PersonalCircumstances.objects.create(intake=intake, hours_available=20)
    PlanFactory(client=client, hours_available=None)
    profile = built(client)
    assert (profile.plan_status, profile.hours_available, profile.weekly_load) == ("draft", 20, 0)


def test_no_plan_and_no_intake(world):
    profile = built(world.client)
    assert (profile.plan_status, profile.hours_available, profile.reading) == ("", None, 0)


def test_experience_preferences_and_paid_work(world):
    client = world.client
    intake = intake_for(client)
    OriginBackground.objects.create(intake=intake, occupation="  Verpleegkundige ", work_years=6)
    vca = Certificate.objects.get(name="VCA Basis")
    work = WorkProfileFactory(client=client, experience_occupation="Orderpicker", experience_sectors=["logistics"],
                              desired_sectors=["care", "logistics"], desired_kinds=[PlaceKind.PAID_JOB],
                              preferred_locations="Zwolle, Kampen", driving_licence=True)
    work.certificates.add(vca)
    employer = EmployerFactory(municipality=world.home, sector="cleaning")
    PlacementFactory(client=client, employer=employer, start=TODAY - dt.timedelta(days=100))
    profile = built(client)
    assert profile.occupation == "orderpicker|verpleegkundige"
    assert profile.experience_sectors == ",cleaning,logistics,"
    assert profile.experience_years == 6
    assert profile.desired_sectors == ",care,logistics,"
    assert profile.desired_kinds == ",paid_job,"
    assert profile.preferred_locations == ",kampen,zwolle,"
    assert profile.driving_licence is True
    assert profile.certificate_ids == f",{vca.pk},"
    assert profile.in_paid_work is True


def test_ended_placement_is_no_paid_work(world):
    PlacementFactory(client=world.client, employer=EmployerFactory(municipality=world.home),
                     start=TODAY - dt.timedelta(days=100), end=TODAY - dt.timedelta(days=1))
    assert built(world.client).in_paid_work is False


# --- Stale marking -------------------------------------------------------------------------------

def is_stale(client) -> bool:
    return MatchProfile.objects.get(client=client).stale


@pytest.mark.parametrize("change", ["intake", "origin", "circumstances", "exam", "plan", "activity", "work_profile",
                                    "certificates", "placement"])
def test_source_changes_mark_the_profile_stale(world, change):
    client = world.client
    intake = intake_for(client)
    plan = PlanFactory(client=client)
    activity = PlanActivityFactory(plan=plan)
    work = WorkProfileFactory(client=client)
    built(client)
    assert not is_stale(client)
    if change == "intake":
        intake.dutch_speaking = "b1"
        intake.save()
    elif change == "origin":
        OriginBackground.objects.create(intake=intake, occupation="Kok")
    elif change == "circumstances":
        PersonalCircumstances.objects.create(intake=intake, hours_available=12)
    elif change == "exam":
        exam(client, "speaking", "a2")
    elif change == "plan":
        plan.hours_available = 20
        plan.save()
    elif change == "activity":
        activity.delete()
    elif change == "work_profile":
        work.desired_hours = 20
        work.save()
    elif change == "certificates":
        work.certificates.add(Certificate.objects.first())
    elif change == "placement":
        PlacementFactory(client=client, employer=EmployerFactory(municipality=world.home))
    assert is_stale(client)
    other = ClientFactory(municipality=world.home)
    profiles.rebuild(client_ids=[other.pk])
    assert not is_stale(other)


def test_marking_is_one_update(world, django_assert_num_queries):
    client = world.client
    work = WorkProfileFactory(client=client)
    built(client)
    work.desired_hours = 24
    with django_assert_num_queries(2):  # the save and the mark
        work.save()


def test_refresh_rebuilds_stale_expired_and_missing_rows(world):
    fresh, stale, expired = (ClientFactory(municipality=world.home) for _ in range(3))
    profiles.rebuild(municipality_ids=[world.home.pk])
    MatchProfile.objects.filter(client=stale).update(stale=True)
    MatchProfile.objects.filter(client=expired).update(valid_until=TODAY)
    missing = ClientFactory(municipality=world.home)
    assert sorted(profiles.stale_client_ids(world.home.pk)) == sorted([stale.pk, expired.pk, missing.pk])
    assert profiles.refresh_stale(world.home.pk) == 3
    assert profiles.stale_client_ids(world.home.pk) == []
    assert MatchProfile.objects.filter(municipality=world.home, stale=False).count() == \
        MatchProfile.objects.filter(municipality=world.home).count()
    assert fresh.match_profile.valid_until is None


def test_rebuild_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    def make(n):
        clients = [ClientFactory(municipality=world.home) for _ in range(n)]
        for c in clients:
            intake_for(c, dutch_reading="a2")
            plan = PlanFactory(client=c)
            PlanActivityFactory(plan=plan, start=TODAY, end=TODAY)
            WorkProfileFactory(client=c).certificates.add(Certificate.objects.first())
        return [c.pk for c in clients]

    small, large = make(2), make(12)
    # clients (1), then per batch: sources (9) + upsert (1) + savepoint and release (2)
    with django_assert_num_queries(13):
        assert profiles.rebuild(client_ids=small) == 2
    with django_assert_num_queries(13):
        assert profiles.rebuild(client_ids=large) == 12
    with django_assert_num_queries(3 * (1 + 12)):  # batches of 5: three id lookups and three batches
        assert profiles.rebuild(client_ids=large, batch_size=5) == 12


def test_rebuild_in_ranges_matches_rebuild_by_list(world, monkeypatch):
    clients = [ClientFactory(municipality=world.home) for _ in range(6)]
    for i, c in enumerate(clients):
        intake_for(c, dutch_reading=["a1", "a2", "b1"][i % 3])
    ClientFactory(municipality=world.other)  # in the id range, another municipality
    profiles.rebuild(municipality_ids=[world.home.pk])
    by_list = list(MatchProfile.objects.filter(municipality=world.home).order_by("client_id").values_list(
        "client_id", "reading"))
    MatchProfile.objects.all().delete()
    monkeypatch.setattr(profiles, "IN_LIMIT", 1)
    profiles.rebuild(municipality_ids=[world.home.pk])
    assert list(MatchProfile.objects.order_by("client_id").values_list("client_id", "reading")) == by_list


def test_database_features_equal_python_features(world):
    """The ranking reads feature rows computed by the database, raw from the cursor (booleans as 0/1): the same
    features as computed in Python, and so the same scores as the explanation."""
    from meedoen.work.matching import DETAIL_FIELDS, Candidate, Requirements, evaluate, feature_rows, features
    from meedoen.work.services.matching import raw_rows

    levels = ["", "a1", "a2", "b1", "b2"]
    vca, bhv = Certificate.objects.order_by("pk")[:2]
    for i in range(12):
        c = ClientFactory(municipality=world.home)
        intake = intake_for(c, dutch_speaking=levels[i % 5], dutch_reading=levels[(i + 2) % 5])
        PersonalCircumstances.objects.create(intake=intake, hours_available=[None, 12, 24, 40][i % 4])
        plan = PlanFactory(client=c, hours_available=None, status=[PlanStatus.DRAFT, PlanStatus.SET][i % 2],
                           dagtekening=TODAY)
        PlanActivityFactory(plan=plan, hours_per_week=Decimal("7.5"), start=TODAY, end=TODAY)
        work = WorkProfileFactory(client=c, driving_licence=bool(i % 2),
                                  desired_sectors=[[], ["logistics"], ["care"]][i % 3],
                                  desired_kinds=[[], ["paid_job"], ["volunteer"]][i % 3],
                                  preferred_locations=["", "Zwolle", "Kampen, Zwolle"][(i + 1) % 3],
                                  experience_sectors=["logistics"] if i % 4 == 1 else [],
                                  experience_occupation="Orderpicker" if i % 4 == 0 else "")
        work.certificates.set([[], [vca], [vca, bhv]][i % 3])
    profiles.rebuild(municipality_ids=[world.home.pk])
    requirement = Requirements(occupation="orderpicker", sector="logistics", kind="paid_job", hours=16,
                               location="zwolle", levels=(("speaking", CEFR_RANK["a2"]),), driving_licence=True,
                               certificates=((vca.pk, vca.name), (bhv.pk, bhv.name)))
    rows = MatchProfile.objects.filter(municipality=world.home)
    from_database = {row[0]: tuple(row) for row in raw_rows(feature_rows(requirement, rows))}
    candidates = [Candidate.from_row(row) for row in rows.values_list(*DETAIL_FIELDS)]
    assert len(from_database) == len(candidates) == 13
    for candidate in candidates:
        assert from_database[candidate.client_id] == features(requirement, candidate)
    fast = {client_id: (score, unmet) for client_id, score, unmet in
            score_rows(requirement, from_database.values())}
    assert fast == {c.client_id: (evaluate(requirement, c).total, len(evaluate(requirement, c).unmet))
                    for c in candidates}
