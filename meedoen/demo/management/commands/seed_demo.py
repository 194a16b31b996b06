"""``manage.py seed_demo``: fill the database with the synthetic demo. Safe to run twice."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, SEED
from meedoen.demo.plan import Sizes, build_plan, digest, plan_records
from meedoen.demo.seeding import (
    DemoRefused,
    account_rows,
    analyze_database,
    check_can_seed,
    demo_flow_client,
    demo_present,
    demo_work_pair,
    format_account_table,
    write_plan,
)

SYNTHETIC_NOTICE = (
    "All people in this demo are synthetic (made up): names, birth dates and BSNs are invented and the BSNs "
    "only pass the 11-check. Municipality, team and partner names are used for illustration."
)


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Seed the synthetic demo (Zwolle and Midden-Drenthe). Does nothing when the demo is already present."

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = Sizes()
        parser.add_argument("--zwolle-statushouders", type=_non_negative, default=defaults.zwolle_statushouders)
        parser.add_argument("--zwolle-bijstand", type=_non_negative, default=defaults.zwolle_bijstand)
        parser.add_argument("--middendrenthe", type=_non_negative, default=defaults.middendrenthe_statushouders,
                            help="Number of statushouders in Midden-Drenthe.")
        parser.add_argument("--seed", type=int, default=SEED, help="Random seed (default: the fixed demo seed).")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        if demo_present():
            self.stdout.write("Demo already present; nothing changed.")
            self._accounts()
            self._demo_flow(demo_flow_client())
            self._demo_work(demo_work_pair())
            return
        try:
            check_can_seed()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from None

        sizes = Sizes(options["zwolle_statushouders"], options["zwolle_bijstand"], options["middendrenthe"])
        plan = build_plan(sizes, seed=options["seed"], today=timezone.localdate())
        planned = time.perf_counter()
        counts = write_plan(plan)
        analyze_database()
        elapsed = time.perf_counter() - started

        self.stdout.write(SYNTHETIC_NOTICE)
        for c in counts.values():
            self.stdout.write(
                f"  {c.name}: {c.clients} synthetic clients ({c.statushouders} statushouders, {c.bijstand} bijstand), "
                f"{c.without_klantmanager} without klantmanager, {c.identifiers} identifiers, "
                f"{c.partners} partner organisations, {c.users} staff accounts"
            )
            self.stdout.write("    journeys: " + ", ".join(
                f"{n} {name.replace('_', ' ')}" for name, n in c.rows.items()))
            self.stdout.write("    deadlines today: " + ", ".join(
                f"{n} {status.replace('_', ' ')}" for status, n in sorted(c.deadline_statuses.items())))
            self.stdout.write("    segments: " + ", ".join(f"{n} {name}" for name, n in sorted(c.segments.items()))
                              + f"; waiting list: {c.without_klantmanager}")
            if c.programme:
                self.stdout.write("    intake, plans and partners: " + ", ".join(
                    f"{n} {name.replace('_', ' ')}" for name, n in c.programme.items()))
            if c.work:
                self.stdout.write("    work: " + ", ".join(
                    f"{n} {name.replace('_', ' ')}" for name, n in c.work.items()))
        self.stdout.write(
            f"  Seed {plan.seed}, digest {digest(plan_records(plan))[:16]}, {elapsed:.1f} s "
            f"(plan {planned - started:.1f} s, database {elapsed - (planned - started):.1f} s)"
        )
        self.stdout.write(self.style.SUCCESS("Demo seeded."))
        self._accounts()
        self._demo_flow(demo_flow_client(plan))
        self._demo_work(demo_work_pair(plan))

    def _demo_flow(self, client) -> None:
        if client is not None:
            self.stdout.write("")
            self.stdout.write(f"Voor de demo van intake tot verwijzing: {client.full_name} "
                              f"({DEMO_FLOW_KLANTMANAGER}, nog geen brede intake)")

    def _demo_work(self, pair) -> None:
        if pair is not None:
            client, vacancy = pair
            self.stdout.write(f"Voor de demo van werk: {client.full_name} (klantmanager {DEMO_FLOW_KLANTMANAGER}) "
                              f"en de vacature {vacancy.title} bij {vacancy.employer.name}.")

    def _accounts(self) -> None:
        self.stdout.write("")
        self.stdout.write("Demo accounts:")
        self.stdout.write(format_account_table(account_rows()))
