"""Measure the server time of the caseload page, the client page and the search.

    .venv/bin/python benchmarks/run.py --all          # generate what is missing, measure, print the table
    make bench                                        # the same

``--all`` fills two databases, each with a municipality of 1,000 and one of 50,000 clients (see
``generate.py``): SQLite at ``benchmarks/var/bench.sqlite3`` and PostgreSQL database ``bench`` on
127.0.0.1 (created with ``createdb`` when missing). The generator ends with ``ANALYZE`` so the query
planner has statistics, as in a database in use. Each database is measured in its own process (Django
reads ``DATABASE_URL`` once), in the development profile with ``MEEDOEN_DEBUG=false``.

What is measured, per municipality size, for its first re-integration klantmanager (a caseload of
about 70 clients in a team of ~85% of the municipality's clients): the request is run in-process
through Django's test client, so the figure is server time (middleware, views, templates and SQL)
without network or browser. After a warm-up (``--warmup``, default 10 per page and size), each page
is requested ``--requests`` times (default 30), in rounds that interleave the sizes and pages:
``caseload:mine``; ``clients:detail`` of random clients of that klantmanager; ``clients:list`` with
a family name that occurs in the team (``?q=<name>``). Printed: median and p95 in ms, the
number of SQL queries per request (min-max over 10 more requests, counted in a separate pass),
and the ratio 50k / 1k of the medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SQLITE_URL = f"sqlite:///{HERE / 'var' / 'bench.sqlite3'}"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench"
DATABASES = {"sqlite": SQLITE_URL, "postgres": POSTGRES_URL}
DB_LABELS = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
SIZES = (1000, 50_000)
QUERY_COUNT_REQUESTS = 10  # requests per page whose SQL queries are counted (after the timed ones)
PAGES = (("caseload", "Mijn caseload (caseload:mine)"), ("client", "Cliëntpagina (clients:detail)"),
         ("search", "Zoeken op naam (clients:list?q=)"))


# --- One database, in this process -------------------------------------------------------------------

def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _targets(size: int, requests: int, seed: int):
    """The klantmanager and, per page, 2 x ``requests`` URLs (warm-up and measured, then the query count)."""
    from django.urls import reverse
    from generate import km_username

    from meedoen.accounts.models import Membership, User
    from meedoen.clients.models import Client

    user = User.objects.get(username=km_username(size, 1))
    team_id = Membership.objects.get(user=user).team_id
    rng = random.Random(f"{seed}:{size}")
    mine = list(Client.objects.filter(klantmanager=user).values_list("public_id", flat=True).order_by("pk"))
    names = sorted(set(Client.objects.filter(team_id=team_id).values_list("family_name", flat=True)))
    total = requests * 2
    return user, {
        "caseload": [reverse("caseload:mine")] * total,
        "client": [reverse("clients:detail", args=[rng.choice(mine)]) for _ in range(total)],
        "search": [f"{reverse('clients:list')}?q={rng.choice(names)}" for _ in range(total)],
    }, len(mine), team_id


def measure_database(sizes: list[int], requests: int, warmup: int, seed: int) -> dict:
    """Warm up every page of every size first, then measure in rounds that interleave sizes and pages
    (so a drift in machine load hits all of them alike), then count queries in a separate pass."""
    from django.db import connection
    from django.test import Client as HttpClient
    from django.test.utils import CaptureQueriesContext
    from generate import cbs_code

    from meedoen.clients.models import Client

    results = {"vendor": connection.vendor, "server_version": _server_version(connection), "sizes": {}}
    setups = {}
    for size in sizes:
        user, urls, caseload, team_id = _targets(size, requests + warmup, seed)
        http = HttpClient()
        http.force_login(user)
        setups[size] = (http, urls)
        results["sizes"][str(size)] = {
            "municipality_clients": Client.objects.filter(municipality__cbs_code=cbs_code(size)).count(),
            "team_clients": Client.objects.filter(team_id=team_id).count(), "caseload": caseload, "pages": {}}
    for i in range(warmup):
        for http, urls in setups.values():
            for page in urls:
                _get(http, urls[page][i])
    times = {(size, page): [] for size in sizes for page, _label in PAGES}
    for i in range(warmup, warmup + requests):
        for size, (http, urls) in setups.items():
            for page in urls:
                started = time.perf_counter()
                _get(http, urls[page][i])
                times[(size, page)].append((time.perf_counter() - started) * 1000)
    for size, (http, urls) in setups.items():
        for page in urls:
            queries = []
            for url in urls[page][warmup + requests:warmup + requests + QUERY_COUNT_REQUESTS]:
                with CaptureQueriesContext(connection) as ctx:
                    _get(http, url)
                queries.append(len(ctx.captured_queries))
            measured = times[(size, page)]
            results["sizes"][str(size)]["pages"][page] = {
                "median_ms": statistics.median(measured), "p95_ms": _percentile(measured, 95),
                "min_queries": min(queries), "max_queries": max(queries), "requests": len(measured)}
    return results


def _get(http, url: str) -> None:
    response = http.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} gave {response.status_code}")


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return str(cursor.fetchone()[0])


# --- Everything (--all): generate, measure each database in its own process, print the table ----------

def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found: PostgreSQL client tools are needed for the PostgreSQL run.")
    return path


def _ensure_postgres_database() -> None:
    listed = subprocess.run([_tool("psql"), "-h", "127.0.0.1", "-U", "postgres", "-lqt"],  # noqa: S603
                            capture_output=True, text=True, check=True).stdout
    if "bench" not in {line.split("|")[0].strip() for line in listed.splitlines()}:
        print("createdb -h 127.0.0.1 -U postgres bench", flush=True)
        subprocess.run([_tool("createdb"), "-h", "127.0.0.1", "-U", "postgres", "bench"], check=True)  # noqa: S603


def _machine() -> str:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB memory"
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return f"{os.cpu_count()} CPUs (nproc){memory}{load}; Python {platform.python_version()}; {platform.platform()}"


def run_all(args) -> int:
    python = sys.executable
    results = {}
    for db in args.databases:
        url = DATABASES[db]
        if db == "postgres":
            _ensure_postgres_database()
        for size in args.sizes:
            print(f"[{DB_LABELS[db]}] generate {size} clients", flush=True)
            subprocess.run([python, str(HERE / "generate.py"), "--clients", str(size), "--db", url],  # noqa: S603
                           check=True)
        print(f"[{DB_LABELS[db]}] measure", flush=True)
        out = subprocess.run([python, str(HERE / "run.py"), "--db", url, "--json",  # noqa: S603
                              "--requests", str(args.requests),
                              "--warmup", str(args.warmup), "--sizes", ",".join(map(str, args.sizes))],
                             check=True, capture_output=True, text=True).stdout
        results[db] = json.loads(out.strip().splitlines()[-1])
    print()
    print(format_table(results, args.sizes))
    return 0


def format_table(results: dict, sizes: list[int]) -> str:
    small, large = min(sizes), max(sizes)
    lines = [f"Meedoen benchmark, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}", _machine(), ""]
    for db, result in results.items():
        info = result["sizes"]
        lines.append(f"{DB_LABELS[db]} {result['server_version']}: " + "; ".join(
            f"{int(size):,} clients in the municipality, {info[str(size)]['team_clients']:,} in the klantmanager's "
            f"team, caseload {info[str(size)]['caseload']}" for size in sizes))
    lines.append("")
    header = ["page", "database", *(f"{s // 1000}k median ms" for s in sizes), *(f"{s // 1000}k p95 ms" for s in sizes),
              f"ratio {large // 1000}k/{small // 1000}k", *(f"{s // 1000}k queries" for s in sizes)]
    table = [header]
    for page, _label in PAGES:
        for db, result in results.items():
            per_size = [result["sizes"][str(s)]["pages"][page] for s in sizes]
            table.append([
                page, DB_LABELS[db], *(f"{p['median_ms']:.1f}" for p in per_size),
                *(f"{p['p95_ms']:.1f}" for p in per_size),
                f"{result['sizes'][str(large)]['pages'][page]['median_ms'] / result['sizes'][str(small)]['pages'][page]['median_ms']:.2f}",  # noqa: E501
                *(_queries(p) for p in per_size),
            ])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines += ["| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |" for row in table]
    lines.insert(len(lines) - len(table) + 1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines.append("")
    lines.append("Pages: " + "; ".join(f"{page} = {label}" for page, label in PAGES) + ".")
    return "\n".join(lines)


def _queries(page: dict) -> str:
    low, high = page["min_queries"], page["max_queries"]
    return str(low) if low == high else f"{low}-{high}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="generate and measure SQLite and PostgreSQL, 1k and 50k")
    parser.add_argument("--db", help="DATABASE_URL of one database to measure (without --all)")
    parser.add_argument("--databases", default="sqlite,postgres", help="with --all: sqlite,postgres")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="municipality sizes (default 1000,50000)")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=10, help="warm-up requests per page (default 10)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the result as JSON (used by --all)")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",")]
    args.databases = [d for d in args.databases.split(",") if d]
    if args.all:
        return run_all(args)
    if not args.db:
        parser.error("give --all or --db")
    sys.path.insert(0, str(HERE))
    from generate import setup_django

    setup_django(args.db)
    result = measure_database(args.sizes, args.requests, args.warmup, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        db = "sqlite" if result["vendor"] == "sqlite" else "postgres"
        print(format_table({db: result}, args.sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
