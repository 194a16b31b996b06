"""Measure matching: one vacancy against every client of the 50,000-client benchmark municipality.

    .venv/bin/python benchmarks/match.py                      # SQLite, benchmarks/var/bench.sqlite3
    .venv/bin/python benchmarks/match.py --db postgres://postgres@127.0.0.1:5432/bench

Steps:

1. ``generate.py``'s municipality of ``--clients`` clients (generated when missing; that takes minutes).
2. Matching sources: the generator writes journeys (and, since the demo writes work data, work profiles and
   placements) but no broad intakes, plans or exams. When the municipality has no broad intakes, synthetic
   sources are bulk-inserted (a fixed seed): an intake with Dutch levels, available hours and an occupation for
   70 % of the clients, a plan (set or draft) with 1–3 activities for 60 % of those without one, passed language
   exams for 15 %, a work profile for 50 % of those without one. Printed with their counts.
3. ``profiles.rebuild`` of the whole municipality, timed (all rows are rewritten).
4. An employer and an open vacancy with language requirements (reading A2, speaking B1), created when missing.
5. The server side of matching, ``--runs`` times after ``--warmup`` runs, as a klantmanager who is a member of
   every team of the municipality (so every client is visible): ``services.matching.candidates`` = the refresh
   check (nothing is stale), the query of all profiles the user may see, scoring and ranking of all clients, and
   the explanation of the top 50 that meet every hard requirement and the best 25 that do not, with names and
   open proposals. Median and p95 in ms; also the query alone and scoring + ranking alone.
6. The full candidates page (``work:vacancy_candidates``) through Django's test client as that klantmanager
   (middleware, view, audit event, template): median, p95 and queries.

Timings are printed, never asserted. Never point this at the test suite's ``test`` database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DEFAULT_SEED, cbs_code, generate, setup_django  # noqa: E402

SQLITE_URL = f"sqlite:///{HERE / 'var' / 'bench.sqlite3'}"
KVK = "99000001"
VACANCY_TITLE = "Orderpicker magazijn (benchmark)"
ACTIVITIES = (("language_course", "Taalles"), ("pvt", "PVT"), ("work_experience", "Werkervaringsplaats"),
              ("paid_work", "Bijbaan"))


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values):.1f} ms, p95 {_percentile(values, 95):.1f} ms (n={len(values)})"


# --- Sources ------------------------------------------------------------------------------------------

def ensure_sources(municipality, seed: int) -> dict | None:
    """Bulk-insert synthetic matching sources when the municipality has no broad intakes. Returns counts."""
    from django.db import transaction

    from meedoen.accounts.models import Membership
    from meedoen.clients.models import Client
    from meedoen.exams.models import ExamAttempt
    from meedoen.intake.models import BroadIntake, IntakeStatus, OriginBackground, PersonalCircumstances
    from meedoen.plans.models import Plan, PlanActivity
    from meedoen.work.models import LANGUAGE_SKILLS, Certificate, PlaceKind, Sector, WorkProfile

    if BroadIntake.objects.filter(municipality=municipality).exists():
        return None
    rng = random.Random(f"{seed}:match-sources")
    today = dt.datetime.now().astimezone().date()
    recorder = Membership.objects.filter(municipality=municipality).values_list("user_id", flat=True).first()
    levels = ["pre_a1", "a1", "a2", "a2", "b1", "b1", "b2", ""]
    occupations = ["orderpicker", "kok", "schoonmaker", "verzorgende", "chauffeur", "monteur", "kapper",
                   "administratief medewerker", "winkelmedewerker", "lasser", ""]
    places = ["Benchstad", "Kampen", "Zwolle", "Dalfsen", ""]
    certificates = [Certificate.objects.get_or_create(name=name)[0].pk for name in ("VCA", "BHV", "Heftruck")]
    clients = list(Client.objects.filter(municipality=municipality).values_list("pk", flat=True).order_by("pk"))
    # The demo writer may already give clients a work profile or plan: keep those.
    has_profile = set(WorkProfile.objects.filter(municipality=municipality).values_list("client_id", flat=True))
    has_plan = set(Plan.objects.filter(municipality=municipality).values_list("client_id", flat=True))
    counts = dict.fromkeys(("intakes", "plans", "activities", "exams", "work_profiles"), 0)
    for start in range(0, len(clients), 5000):
        batch = clients[start:start + 5000]
        intakes, plans, profiles, exams = [], [], [], []
        for client_id in batch:
            if rng.random() < 0.7:
                intakes.append(BroadIntake(
                    client_id=client_id, municipality=municipality, status=IntakeStatus.COMPLETED,
                    started_on=today - dt.timedelta(days=rng.randint(30, 900)), completed_on=today,
                    **{f"dutch_{skill}": rng.choice(levels) for skill in LANGUAGE_SKILLS}))
            if rng.random() < 0.6 and client_id not in has_plan:
                plans.append(Plan(client_id=client_id, municipality=municipality, version=1,
                                  status=rng.choice(["set", "set", "draft"]), dagtekening=today,
                                  hours_available=rng.choice([None, 16, 20, 24, 32, 36, 40])))
            if rng.random() < 0.15:
                exams.append(ExamAttempt(client_id=client_id, municipality=municipality,
                                         component=rng.choice(LANGUAGE_SKILLS), level=rng.choice(["a2", "b1"]),
                                         taken_on=today - dt.timedelta(days=60), result="passed", attempt=1,
                                         recorded_by_id=recorder))
            if rng.random() < 0.5 and client_id not in has_profile:
                profiles.append(WorkProfile(
                    client_id=client_id, municipality=municipality,
                    experience_occupation=rng.choice(occupations),
                    experience_sectors=rng.sample(Sector.values, rng.randint(0, 2)),
                    experience_years=rng.choice([None, 1, 3, 8]),
                    desired_sectors=rng.sample(Sector.values, rng.randint(0, 2)),
                    desired_kinds=rng.sample(PlaceKind.values, rng.randint(0, 2)),
                    preferred_locations=rng.choice(places), driving_licence=rng.random() < 0.3))
        with transaction.atomic():
            BroadIntake.objects.bulk_create(intakes)
            intake_ids = dict(BroadIntake.objects.filter(client_id__in=batch).values_list("client_id", "pk"))
            PersonalCircumstances.objects.bulk_create([
                PersonalCircumstances(intake_id=pk, hours_available=rng.choice([None, 12, 20, 24, 32, 40]))
                for pk in intake_ids.values()])
            OriginBackground.objects.bulk_create([
                OriginBackground(intake_id=pk, occupation=rng.choice(occupations)) for pk in intake_ids.values()])
            Plan.objects.bulk_create(plans)
            activities = []
            for plan_id in Plan.objects.filter(pk__in=[p.pk for p in plans]).values_list("pk", flat=True):
                for _ in range(rng.randint(1, 3)):
                    begins = today - dt.timedelta(days=rng.randint(0, 200))
                    kind, description = rng.choice(ACTIVITIES)
                    activities.append(PlanActivity(
                        plan_id=plan_id, municipality=municipality, activity_type=kind, description=description,
                        hours_per_week=Decimal(rng.choice([4, 6, 8, 12, 16])),
                        start=begins, end=begins + dt.timedelta(days=rng.randint(30, 400))))
            PlanActivity.objects.bulk_create(activities)
            ExamAttempt.objects.bulk_create(exams)
            WorkProfile.objects.bulk_create(profiles)
            through = WorkProfile.certificates.through
            through.objects.bulk_create([
                through(workprofile_id=pk, certificate_id=rng.choice(certificates))
                for pk in WorkProfile.objects.filter(pk__in=[p.pk for p in profiles]).values_list("pk", flat=True)
                if rng.random() < 0.3])
        counts["intakes"] += len(intakes)
        counts["plans"] += len(plans)
        counts["activities"] += len(activities)
        counts["exams"] += len(exams)
        counts["work_profiles"] += len(profiles)
    return counts


def ensure_vacancy(municipality):
    from meedoen.work.models import Employer, PlaceKind, Sector, Vacancy, VacancyStatus

    employer, _ = Employer.objects.get_or_create(
        municipality=municipality, kvk_number=KVK,
        defaults={"name": "Benchmark Logistiek B.V.", "sector": Sector.LOGISTICS, "city": "Benchstad"})
    vacancy = Vacancy.objects.filter(municipality=municipality, title=VACANCY_TITLE).first()
    if vacancy is None:
        vacancy = Vacancy.objects.create(
            municipality=municipality, employer=employer, title=VACANCY_TITLE, occupation="Orderpicker",
            sector=Sector.LOGISTICS, kind=PlaceKind.PAID_JOB, hours_per_week=24, location="Benchstad",
            start=dt.datetime.now().astimezone().date(), required_reading="a2", required_speaking="b1",
            language_reason="Veiligheidsinstructies lezen en overleggen met collega's.")
    if vacancy.status != VacancyStatus.OPEN:
        Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.OPEN)
    return vacancy


def all_teams_klantmanager(municipality, clients: int):
    """A klantmanager with a membership in every team of the municipality: sees every client."""
    from meedoen.accounts.models import Membership, Role, Team, User

    user, _ = User.objects.get_or_create(username=f"bench{clients}-km-all", defaults={"first_name": "Alle",
                                                                                    "last_name": "Teams"})
    for team in Team.objects.filter(municipality=municipality):
        Membership.objects.get_or_create(user=user, municipality=municipality, team=team, role=Role.KLANTMANAGER)
    return user


# --- Measuring ----------------------------------------------------------------------------------------

def match_once(user, vacancy) -> tuple[float, float, float, int]:
    """The server side of matching, as the candidates page runs it: refresh check, the query of every profile the
    user may see, scoring and ranking, and the explanation of the top 50 + 25 with names and open proposals
    (``services.matching.candidates``). Then, separately, the fetch alone and scoring + ranking alone.
    Returns (total s, fetch s, score+rank s, candidates)."""
    from meedoen.accounts import access
    from meedoen.work.matching import feature_rows, rank
    from meedoen.work.models import MatchProfile
    from meedoen.work.services.matching import candidates, raw_rows, requirements_for

    started = time.perf_counter()
    result = candidates(user, vacancy)
    total = time.perf_counter() - started
    assert result.shown == 75, result.shown
    visible = access.visible_clients(user).filter(municipality_id=vacancy.municipality_id)
    req = requirements_for(vacancy)
    query = feature_rows(req, MatchProfile.objects.filter(municipality_id=vacancy.municipality_id, active=True,
                                                          client__in=visible))
    started = time.perf_counter()
    rows = list(raw_rows(query))
    fetched = time.perf_counter()
    ranking = rank(req, rows)
    ranked = time.perf_counter()
    return total, fetched - started, ranked - fetched, ranking.total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=SQLITE_URL, help="DATABASE_URL (default: the SQLite benchmark file)")
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--page-runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    setup_django(args.db)

    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from meedoen.accounts.models import Municipality
    from meedoen.demo.seeding import analyze_database
    from meedoen.work import profiles
    from meedoen.work.models import MatchProfile

    generate(args.clients, args.seed)
    municipality = Municipality.objects.get(cbs_code=cbs_code(args.clients))
    started = time.perf_counter()
    counts = ensure_sources(municipality, args.seed)
    if counts is not None:
        analyze_database()  # planner statistics for the new rows, as autovacuum would gather them
        print(f"Synthetic matching sources written in {time.perf_counter() - started:.1f} s: "
              + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
    started = time.perf_counter()
    written = profiles.rebuild(municipality_ids=[municipality.pk])
    rebuild_s = time.perf_counter() - started
    analyze_database()
    print(f"{connection.vendor} {municipality.name}: rebuild of {written:,} match profiles: {rebuild_s:.1f} s "
          f"({written / rebuild_s:,.0f} per second)")
    vacancy = ensure_vacancy(municipality)
    assert MatchProfile.objects.filter(municipality=municipality, stale=True).count() == 0

    user = all_teams_klantmanager(municipality, args.clients)
    for _ in range(args.warmup):
        match_once(user, vacancy)
    totals, fetches, scores = [], [], []
    for _ in range(args.runs):
        total, fetch, score, candidates = match_once(user, vacancy)
        totals.append(total * 1000)
        fetches.append(fetch * 1000)
        scores.append(score * 1000)
    print(f"Matching one vacancy against {candidates:,} clients (refresh check + query + scoring + ranking + "
          f"explanation of the 75 shown): {_ms(totals)}")
    print(f"  the query of all profiles alone: {_ms(fetches)}")
    print(f"  scoring + ranking alone:         {_ms(scores)}")

    http = HttpClient()
    http.force_login(user)
    url = reverse("work:vacancy_candidates", args=[vacancy.public_id])
    for _ in range(2):
        assert http.get(url).status_code == 200
    times = []
    for _ in range(args.page_runs):
        begun = time.perf_counter()
        response = http.get(url)
        times.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        http.get(url)
    print(f"Candidates page (work:vacancy_candidates) as a klantmanager who sees all {candidates:,} clients: "
          f"{_ms(times)}, {len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()
