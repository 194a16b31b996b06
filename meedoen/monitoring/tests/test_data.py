"""Extraction of cohort outcomes: a small fixture counted by hand (who had which event when, who is censored,
who is left out), segments, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.clients.models import Regime, TargetGroup
from meedoen.clients.tests.factories import ClientFactory
from meedoen.exams.models import ExamAttempt, ExamResult
from meedoen.journey.models import BijstandEpisode, Milestone, MilestoneKind
from meedoen.monitoring import data
from meedoen.monitoring.survival import (
    BRP_REGISTERED,
    DUTY_FULFILLED,
    EXAM_PASSED,
    FIRST_JOB,
    LEFT_BIJSTAND,
    LINKED,
    PersonRecord,
    curves_for_records,
)
from meedoen.plans.models import LearningRoute, PlanStatus
from meedoen.plans.tests.factories import PlanFactory
from meedoen.work.models import PlaceKind
from meedoen.work.tests.factories import EmployerFactory, PlacementFactory

AS_OF = dt.date(2026, 1, 1)
D = dt.date


def milestone(client, kind, day):
    return Milestone.objects.create(client=client, municipality=client.municipality, kind=kind, date=day)


def job(client, start, kind=PlaceKind.PAID_JOB):
    employer = EmployerFactory(municipality=client.municipality)
    return PlacementFactory(client=client, employer=employer, start=start, kind=kind)


def episode(client, start, end=None):
    return BijstandEpisode.objects.create(client=client, municipality=client.municipality, start=start, end=end,
                                          end_reason="work" if end else "")


def exam(client, component, day, level="", result=ExamResult.PASSED, result_on=None, user=None):
    attempts = ExamAttempt.objects.filter(client=client, component=component).count()
    return ExamAttempt.objects.create(client=client, municipality=client.municipality, component=component,
                                      level=level, taken_on=day, result=result, result_on=result_on,
                                      attempt=attempts + 1, recorded_by=user)


@pytest.fixture
def people(world):
    """Five people linked to the home municipality (A–E), one only BRP-registered (F), one foreign (G).

    first_job:      A job 2024-07-01 (event); B none (censored); C job 2023-12-01, before the link (left out);
                    D only a work-experience place (censored); E job 2026-03-01, after the as-of date (censored).
    left_bijstand:  A episode 2023-06-01–2024-09-30 (event 2024-09-30); B episode ended 2023-12-31, before the
                    link (not applicable); D open episode from 2025-03-01 (censored); C and E none.
    exam_passed:    A (Wi2021) four skills at A2 and KNM, complete 2025-04-10; B (Wi2021) Staatsexamen I
                    2025-06-01 and KNM 2025-02-01: complete 2025-06-01; C (Wi2021) three skills and KNM:
                    censored; D no duty; E (Wi2013) exempted 2025-08-01: censored then.
    duty_fulfilled: A milestone 2025-10-01; B, C censored at the as-of date; E censored at the exemption.
    """
    home, team = world.home, world.team
    user = world.klantmanager
    a = ClientFactory(municipality=home, team=team, birth_date=D(2000, 6, 1), regime=Regime.WI2021,
                      target_group=TargetGroup.ASIELSTATUSHOUDER, low_literacy=True, has_work_experience=False)
    b = ClientFactory(municipality=home, team=world.other_team, birth_date=D(1985, 3, 1), regime=Regime.WI2021,
                      target_group=TargetGroup.GEZINSHERENIGER, low_literacy=False, has_work_experience=True)
    c = ClientFactory(municipality=home, team=team, birth_date=D(1970, 1, 1), regime=Regime.WI2021,
                      target_group=TargetGroup.ASIELSTATUSHOUDER, low_literacy=True, has_work_experience=True)
    d = ClientFactory(municipality=home, team=None, birth_date=D(1998, 2, 1), regime=Regime.NONE)
    e = ClientFactory(municipality=home, team=team, birth_date=D(1980, 9, 9), regime=Regime.WI2013,
                      target_group=TargetGroup.ASIELSTATUSHOUDER)
    f = ClientFactory(municipality=home, team=team, regime=Regime.WI2021, target_group=TargetGroup.OVERIG)
    g = world.foreign_client
    milestone(a, MilestoneKind.LINKED, D(2024, 1, 1))
    milestone(a, MilestoneKind.BRP_REGISTERED, D(2024, 2, 15))
    milestone(b, MilestoneKind.LINKED, D(2024, 3, 1))
    milestone(c, MilestoneKind.LINKED, D(2024, 2, 1))
    milestone(d, MilestoneKind.LINKED, D(2025, 1, 10))
    milestone(e, MilestoneKind.LINKED, D(2025, 5, 1))
    milestone(f, MilestoneKind.BRP_REGISTERED, D(2025, 6, 1))
    milestone(g, MilestoneKind.LINKED, D(2024, 1, 1))
    # A second link of a client after the as-of date does not exist; a link after AS_OF is not counted:
    late = ClientFactory(municipality=home, team=team)
    milestone(late, MilestoneKind.LINKED, D(2026, 2, 1))

    job(a, D(2024, 7, 1))
    job(a, D(2025, 7, 1))
    job(c, D(2023, 12, 1))
    job(d, D(2025, 2, 1), kind=PlaceKind.WORK_EXPERIENCE)
    job(e, D(2026, 3, 1))
    job(g, D(2024, 2, 1))

    episode(a, D(2023, 6, 1), D(2024, 9, 30))
    episode(b, D(2023, 1, 1), D(2023, 12, 31))
    episode(d, D(2025, 3, 1))

    for component in ("reading", "listening", "writing"):
        exam(a, component, D(2025, 1, 20), level="a2", user=user)
    exam(a, "speaking", D(2025, 3, 1), level="a2", result=ExamResult.FAILED, user=user)
    exam(a, "speaking", D(2025, 4, 1), level="a2", result_on=D(2025, 4, 10), user=user)
    exam(a, "knm", D(2024, 12, 1), user=user)
    exam(b, "staatsexamen_1", D(2025, 5, 1), result_on=D(2025, 6, 1), user=user)
    exam(b, "knm", D(2025, 2, 1), user=user)
    for component in ("reading", "listening", "writing"):
        exam(c, component, D(2025, 1, 20), level="b1", user=user)
    exam(c, "knm", D(2025, 1, 20), user=user)
    exam(c, "speaking", D(2025, 1, 20), level="a1", user=user)  # below A2: does not count

    milestone(a, MilestoneKind.DUTY_FULFILLED, D(2025, 10, 1))
    milestone(e, MilestoneKind.DUTY_EXEMPTED, D(2025, 8, 1))

    PlanFactory(client=a, status=PlanStatus.REVISED, version=1, route=LearningRoute.B1,
                dagtekening=D(2024, 4, 1))
    PlanFactory(client=a, status=PlanStatus.SET, version=2, route=LearningRoute.Z,
                dagtekening=D(2024, 9, 1))
    PlanFactory(client=b, status=PlanStatus.SET, version=1, route=LearningRoute.EDUCATION,
                dagtekening=D(2024, 5, 1))
    PlanFactory(client=c, status=PlanStatus.DRAFT, version=1, route=LearningRoute.B1)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


def select(world, measure, **kwargs):
    return data.Selection(municipality_id=world.home.pk, measure=measure, as_of=AS_OF, **kwargs)


def by_start(extraction):
    return sorted((r.start, r.event, r.censor, r.group) for r in extraction.records)


def test_first_job_by_hand(world, people):
    result = data.extract(select(world, FIRST_JOB))
    assert by_start(result) == [
        (D(2024, 1, 1), D(2024, 7, 1), AS_OF, "2024"),   # A: first of two jobs
        (D(2024, 3, 1), None, AS_OF, "2024"),             # B
        (D(2025, 1, 10), None, AS_OF, "2025"),            # D: a work-experience place is no job
        (D(2025, 5, 1), D(2026, 3, 1), AS_OF, "2025"),   # E: after the as-of date, so censored below
    ]
    assert result.before_start == 1  # C
    assert result.group_order == ["2024", "2025"]
    curves = curves_for_records(result.records, measure=FIRST_JOB, min_size=1, group_order=result.group_order)
    assert [(c.group, c.n, c.events) for c in curves] == [("2024", 2, 1), ("2025", 2, 0)]


def test_left_bijstand_by_hand(world, people):
    result = data.extract(select(world, LEFT_BIJSTAND))
    assert by_start(result) == [
        (D(2024, 1, 1), D(2024, 9, 30), AS_OF, "2024"),  # A
        (D(2025, 1, 10), None, AS_OF, "2025"),            # D: open episode begun after the link
    ]
    assert result.not_applicable == 3  # B (ended before the link), C and E (no bijstand)
    assert result.before_start == 0


def test_exam_passed_by_hand(world, people):
    result = data.extract(select(world, EXAM_PASSED))
    assert by_start(result) == [
        (D(2024, 1, 1), D(2025, 4, 10), AS_OF, "2024"),  # A: last skill's result date
        (D(2024, 2, 1), None, AS_OF, "2024"),             # C: speaking only at A1
        (D(2024, 3, 1), D(2025, 6, 1), AS_OF, "2024"),   # B: Staatsexamen I result date
        (D(2025, 5, 1), None, D(2025, 8, 1), "2025"),    # E: exempted, censored then
    ]
    assert result.not_applicable == 1  # D: no inburgering duty


def test_duty_fulfilled_by_hand(world, people):
    result = data.extract(select(world, DUTY_FULFILLED))
    assert by_start(result) == [
        (D(2024, 1, 1), D(2025, 10, 1), AS_OF, "2024"),
        (D(2024, 2, 1), None, AS_OF, "2024"),
        (D(2024, 3, 1), None, AS_OF, "2024"),
        (D(2025, 5, 1), None, D(2025, 8, 1), "2025"),
    ]


def test_brp_start_event_and_earlier_as_of(world, people):
    result = data.extract(select(world, FIRST_JOB, start_event=BRP_REGISTERED))
    # A registered 2024-02-15 (job 2024-07-01); F registered 2025-06-01 without a job.
    assert by_start(result) == [(D(2024, 2, 15), D(2024, 7, 1), AS_OF, "2024"),
                                (D(2025, 6, 1), None, AS_OF, "2025")]
    earlier = data.extract(data.Selection(municipality_id=world.home.pk, measure=FIRST_JOB,
                                          start_event=LINKED, as_of=D(2024, 6, 30)))
    # Only the 2024 links up to 30 June; A's job on 1 July is not seen yet (censored by to_durations).
    assert [(r.start, r.censor) for r in sorted(earlier.records, key=lambda r: r.start)] == [
        (D(2024, 1, 1), D(2024, 6, 30)), (D(2024, 3, 1), D(2024, 6, 30))]
    curves = curves_for_records(earlier.records, measure=FIRST_JOB, min_size=1)
    assert curves[0].events == 0


def test_cohort_years_and_quarters(world, people):
    only_2025 = data.extract(select(world, FIRST_JOB, first_year=2025, last_year=2025))
    assert {r.group for r in only_2025.records} == {"2025"}
    quarters = data.extract(select(world, FIRST_JOB, cohort_unit=data.QUARTER))
    assert quarters.group_order == ["2024 K1", "2025 K1", "2025 K2"]
    together = data.extract(select(world, FIRST_JOB, cohort_unit=data.ALL))
    assert together.group_order == ["Alle cohorten"]


@pytest.mark.parametrize(("segment", "expected"), [
    (data.AGE, {"2024 · jonger dan 27", "2024 · 27 tot en met 44", "2025 · jonger dan 27",
                "2025 · 27 tot en met 44"}),
    (data.ROUTE, {"2024 · Z-route", "2024 · Onderwijsroute", "2025 · geen vastgesteld plan"}),
    (data.TEAM, {"2024 · Re-integratie 27+", "2024 · Jongerenpunt", "2025 · geen team",
                 "2025 · Re-integratie 27+"}),
    (data.TARGET_GROUP, {"2024 · Asielstatushouder", "2024 · Gezinshereniger", "2025 · geen doelgroep",
                         "2025 · Asielstatushouder"}),
    (data.PRIORITY, {"2024 · laaggeletterd en geen werkervaring", "2024 · geen prioriteitsgroep",
                     "2025 · nog niet bekend"}),
])
def test_segments(world, people, segment, expected):
    result = data.extract(select(world, FIRST_JOB, segment=segment))
    assert {r.group for r in result.records} == expected
    assert set(result.group_order) == expected


def test_age_band_at_the_start():
    assert data.age_band(D(2000, 6, 1), D(2027, 5, 31)) == "jonger dan 27"
    assert data.age_band(D(2000, 6, 1), D(2027, 6, 1)) == "27 tot en met 44"
    assert data.age_band(D(1980, 1, 1), D(2025, 1, 1)) == "45 en ouder"


def test_exam_complete_on():
    four = [(c, "a2", D(2025, 1, i + 1)) for i, c in enumerate(("reading", "listening", "writing", "speaking"))]
    assert data.exam_complete_on(four) is None  # no KNM
    assert data.exam_complete_on([*four, ("knm", "", D(2025, 3, 1))]) == D(2025, 3, 1)
    assert data.exam_complete_on([*four, ("knm", "", D(2024, 3, 1))]) == D(2025, 1, 4)
    # A Staatsexamen counts instead of the four skills, whichever came first.
    assert data.exam_complete_on([*four, ("knm", "", D(2024, 3, 1)),
                                  ("staatsexamen_2", "", D(2024, 12, 1))]) == D(2024, 12, 1)


def test_selection_refuses_unknown_values(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        data.Selection(municipality_id=world.home.pk, measure="nonsense")
    with pytest.raises(ValidationError):
        data.Selection(municipality_id=world.home.pk, measure=FIRST_JOB, segment="gender")


def _people(world, count):
    for i in range(count):
        person = ClientFactory(municipality=world.home, team=world.team, regime=Regime.WI2021,
                               target_group=TargetGroup.ASIELSTATUSHOUDER)
        milestone(person, MilestoneKind.LINKED, D(2024, 1 + i % 12, 1))
        episode(person, D(2024, 1, 1), D(2025, 1, 1) if i % 2 else None)
        job(person, D(2025, 1 + i % 12, 1))
        exam(person, "knm", D(2025, 1, 1), user=world.klantmanager)
        milestone(person, MilestoneKind.DUTY_FULFILLED, D(2025, 6, 1)) if i % 3 == 0 else None
        PlanFactory(client=person, status=PlanStatus.SET, route=LearningRoute.B1, dagtekening=D(2024, 5, 1))


@pytest.mark.parametrize("measure", [FIRST_JOB, LEFT_BIJSTAND, EXAM_PASSED, DUTY_FULFILLED])
@pytest.mark.parametrize("segment", ["", data.ROUTE])
def test_fixed_number_of_queries(world, measure, segment):
    selection = select(world, measure, segment=segment)
    counts = []
    for size in (5, 45):  # 5 clients, then 50
        _people(world, size)
        with CaptureQueriesContext(connection) as queries:
            result = data.extract(selection)
        counts.append(len(queries))
        assert all(isinstance(r, PersonRecord) for r in result.records)
    assert counts[0] == counts[1] == data.max_queries(selection)
