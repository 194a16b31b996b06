"""Generate a synthetic benchmark municipality of N clients with full journeys.

    .venv/bin/python benchmarks/generate.py --clients 50000 --db sqlite:///benchmarks/var/bench.sqlite3
    .venv/bin/python benchmarks/generate.py --clients 1000 --db postgres://postgres@127.0.0.1:5432/bench

It reuses the demo's plan, journeys and bulk writer (``meedoen.demo``) with another seed and a made-up
municipality ("Benchstad <N>", CBS code GM9xxx) whose teams look like Zwolle's: a Jongerenpunt under
27 and a re-integration team, with as many klantmanagers as Zwolle has per client (each one fte, with a
caseload of about the team's norm: 110 at the Jongerenpunt, 250 in re-integration) and a waiting list
for the rest. Several sizes can live in one database (each its own municipality). A size that is
already present is left alone.

The database must be migrated or empty (it is migrated first). Never point this at the ``test``
database of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20261123
STATUSHOUDER_SHARE = 600 / 3300  # as in the Zwolle demo
# Zwolle demo: 4 youth-desk klantmanagers (110 per fte) and 8 re-integration klantmanagers (250 per fte)
# for 3,300 clients, each with a small share of statushouders on a caseload of about the norm.
YOUTH_KM_PER_CLIENT = 4 / 3300
REINTEGRATION_KM_PER_CLIENT = 8 / 3300


def setup_django(database_url: str) -> None:
    """Point Django at ``database_url`` (read once, at settings import) and set it up."""
    if database_url.rstrip("/").endswith("/test"):
        raise SystemExit("Refusing to use the 'test' database: that one belongs to the test suite.")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("MEEDOEN_DEBUG", "false")  # no query log in memory
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meedoen.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cbs_code(clients: int) -> str:
    return f"GM9{min(999, max(1, round(clients / 1000))):03d}"


def km_username(clients: int, number: int) -> str:
    return f"bench{clients}-km-{number:03d}"


def municipality_spec(clients: int, seed: int):
    """A made-up municipality shaped like the Zwolle demo, scaled to ``clients``."""
    from meedoen.accounts.models import Province, Role, TeamKind
    from meedoen.demo.data import (
        JONGERENPUNT,
        JP_SHARE,
        RE_SHARE,
        REINTEGRATIE,
        YOUTH_AGE_LIMIT,
        MunicipalitySpec,
        StaffSpec,
        TeamSpec,
    )

    rng = random.Random(f"{seed}:bench-staff:{clients}")
    youth_n = max(1, round(clients * YOUTH_KM_PER_CLIENT))
    reint_n = max(1, round(clients * REINTEGRATION_KM_PER_CLIENT))
    norms = {REINTEGRATIE: 250, JONGERENPUNT: 110}
    staff, number = [], 0
    for team, n, spread, share in ((REINTEGRATIE, reint_n, 6, RE_SHARE), (JONGERENPUNT, youth_n, 3, JP_SHARE)):
        for i in range(n):
            number += 1
            staff.append(StaffSpec(km_username(clients, number), "Klant", f"Manager {number}", Role.KLANTMANAGER,
                                   team=team, caseload=norms[team] + rng.randint(-spread, spread),
                                   statushouder_share=share, featured=i == 0))
    for team in (REINTEGRATIE, JONGERENPUNT):
        number += 1
        staff.append(StaffSpec(f"bench{clients}-tl-{number:03d}", "Team", f"Leider {number}", Role.TEAMLEIDER,
                               team=team))
    teams = (  # one fte per klantmanager, as in Zwolle
        TeamSpec(JONGERENPUNT, TeamKind.YOUTH_DESK, Decimal(youth_n), norms[JONGERENPUNT], max_age=YOUTH_AGE_LIMIT),
        TeamSpec(REINTEGRATIE, TeamKind.REINTEGRATION, Decimal(reint_n), norms[REINTEGRATIE],
                 min_age=YOUTH_AGE_LIMIT),
    )
    return MunicipalitySpec(cbs_code=cbs_code(clients), name=f"Benchstad {clients}", province=Province.OVERIJSSEL,
                            theme_primary_colour="#5A3E85", teams=teams, partners=("Taalhuis Benchstad",),
                            staff=tuple(staff))


def generate(clients: int, seed: int = DEFAULT_SEED, out=print) -> dict:
    """Write one benchmark municipality of ``clients`` clients (Django must be set up). Returns counts."""
    from django.core.management import call_command
    from django.utils import timezone

    from meedoen.clients.models import Client
    from meedoen.demo.data import REFERENCE_DATE
    from meedoen.demo.plan import DemoPlan, Sizes, build_municipality_plan
    from meedoen.demo.seeding import analyze_database, write_plan

    call_command("migrate", verbosity=0, interactive=False)
    spec = municipality_spec(clients, seed)
    present = Client.objects.filter(municipality__cbs_code=spec.cbs_code).count()
    if present:
        analyze_database()
        out(f"{spec.name} ({spec.cbs_code}) already present with {present} clients; statistics refreshed (ANALYZE).")
        return {"clients": present, "seconds": 0.0, "present": True}
    started = time.perf_counter()
    statushouders = round(clients * STATUSHOUDER_SHARE)
    today = timezone.localdate()
    mplan = build_municipality_plan(spec, statushouders, clients - statushouders, seed=seed, today=today,
                                    reference_date=REFERENCE_DATE)
    planned = time.perf_counter()
    counts = write_plan(DemoPlan(seed, Sizes(), REFERENCE_DATE, today, (mplan,)))[spec.cbs_code]
    analyze_database()  # planner statistics, as a database in use has them
    elapsed = time.perf_counter() - started
    rows = sum(counts.rows.values()) + counts.clients + counts.identifiers
    out(f"{spec.name} ({spec.cbs_code}): {counts.clients} clients ({counts.statushouders} statushouders), "
        f"{counts.without_klantmanager} waiting, {len(spec.staff)} staff; {rows} rows "
        f"({', '.join(f'{n} {k}' for k, n in counts.rows.items())}); "
        f"plan {planned - started:.1f} s, database {elapsed - (planned - started):.1f} s")
    return {"clients": counts.clients, "seconds": elapsed, "present": False, "rows": rows}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50_000, help="number of clients (default 50,000)")
    parser.add_argument("--db", required=True, help="DATABASE_URL: sqlite:///path or postgres://.../bench")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.clients < 100:
        parser.error("--clients must be at least 100")
    setup_django(args.db)
    generate(args.clients, args.seed)


if __name__ == "__main__":
    main()
