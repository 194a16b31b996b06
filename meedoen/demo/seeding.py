"""Writing the demo plan to the database, in bulk.

The demo bypasses the per-client services on purpose (thousands of rows in a few seconds); instead
it records one ``demo.seeded`` audit event per municipality. Everything is written in a single
transaction: the demo is either fully there or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from meedoen.accounts.models import Membership, Municipality, PartnerOrganisation, Team, User
from meedoen.audit.services import record
from meedoen.clients.models import Client, ClientIdentifier
from meedoen.demo.data import DEMO_PASSWORD, DEMO_USERNAMES, FEATURED_USERNAMES, MUNICIPALITIES
from meedoen.demo.plan import STATUSHOUDER, DemoPlan, public_id_for

BATCH_SIZE = 500
DEMO_CODES = tuple(m.cbs_code for m in MUNICIPALITIES)


class DemoRefused(Exception):
    """The database is in a state where seeding the demo would be wrong (the message says why)."""


@dataclass(frozen=True)
class MunicipalityCounts:
    name: str
    statushouders: int
    bijstand: int
    identifiers: int
    without_klantmanager: int
    partners: int
    users: int

    @property
    def clients(self) -> int:
        return self.statushouders + self.bijstand


def demo_present() -> bool:
    """True when a demo municipality already holds synthetic clients (the demo was seeded)."""
    return Client.objects.filter(municipality__cbs_code__in=DEMO_CODES, is_synthetic=True).exists()


def check_can_seed() -> None:
    """Refuse where demo data does not belong. Raises :class:`DemoRefused`."""
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "MEEDOEN_DEMO_BANNER", False):
        raise DemoRefused(
            "Refusing to seed the demo in the production profile without the demo banner "
            "(set MEEDOEN_DEMO_BANNER=true for a public demo server)."
        )
    if Client.objects.filter(municipality__cbs_code__in=DEMO_CODES, is_synthetic=False).exists():
        raise DemoRefused("The demo municipalities hold real (non-synthetic) clients; the demo is not mixed in.")
    existing = sorted(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if existing:
        raise DemoRefused(
            "These demo usernames already exist although the demo is not seeded: "
            + ", ".join(existing) + ". Remove or rename them first."
        )


@transaction.atomic
def write_plan(plan: DemoPlan) -> dict[str, MunicipalityCounts]:
    """Write the whole plan. Call :func:`check_can_seed` first."""
    password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo account
    seed = plan.seed
    counts: dict[str, MunicipalityCounts] = {}
    for mplan in plan.municipalities:
        spec = mplan.spec
        municipality, _ = Municipality.objects.get_or_create(
            cbs_code=spec.cbs_code,
            defaults={"name": spec.name, "province": spec.province,
                      "theme_primary_colour": spec.theme_primary_colour,
                      "public_id": public_id_for(seed, "municipality", spec.cbs_code)},
        )
        teams = {}
        for t in spec.teams:
            teams[t.name], _ = Team.objects.get_or_create(
                municipality=municipality, name=t.name,
                defaults={"kind": t.kind, "fte": t.fte, "caseload_norm": t.caseload_norm,
                          "public_id": public_id_for(seed, "team", spec.cbs_code, t.name)},
            )
        existing_partners = set(PartnerOrganisation.objects.filter(municipality=municipality)
                                .values_list("name", flat=True))
        PartnerOrganisation.objects.bulk_create([
            PartnerOrganisation(municipality=municipality, name=name,
                                public_id=public_id_for(seed, "partner", spec.cbs_code, name))
            for name in spec.partners if name not in existing_partners
        ])
        partners = {p.name: p for p in PartnerOrganisation.objects.filter(municipality=municipality)}

        users = User.objects.bulk_create([
            User(username=s.username, first_name=s.first_name, last_name=s.last_name, email=s.email,
                 password=password_hash, is_staff=s.is_staff)
            for s in spec.staff
        ])
        by_username = {u.username: u for u in users}
        Membership.objects.bulk_create([
            Membership(user=by_username[s.username], municipality=municipality, role=s.role,
                       team=teams[s.team] if s.team else None, partner=partners[s.partner] if s.partner else None,
                       public_id=public_id_for(seed, "membership", s.username))
            for s in spec.staff
        ])

        clients = Client.objects.bulk_create([
            Client(
                public_id=p.public_id, municipality=municipality,
                team=teams[mplan.assignments[p.key].team],
                klantmanager=by_username.get(mplan.assignments[p.key].klantmanager or ""),
                given_names=p.given_names, family_name=p.family_name, birth_date=p.birth_date,
                regime=p.regime, is_synthetic=True,
            )
            for p in mplan.people
        ], batch_size=BATCH_SIZE)
        identifiers = ClientIdentifier.objects.bulk_create([
            ClientIdentifier(client=client, municipality=municipality, kind=kind, value=value,
                             public_id=public_id_for(seed, "identifier", p.key, kind))
            for p, client in zip(mplan.people, clients, strict=True)
            for kind, value in p.identifiers()
        ], batch_size=BATCH_SIZE)

        record(actor=None, action="demo.seeded", municipality=municipality, obj=municipality,
               details={"clients": len(clients)})
        statushouders = sum(1 for p in mplan.people if p.group == STATUSHOUDER)
        counts[spec.cbs_code] = MunicipalityCounts(
            name=spec.name, statushouders=statushouders, bijstand=len(clients) - statushouders,
            identifiers=len(identifiers),
            without_klantmanager=sum(1 for a in mplan.assignments.values() if a.klantmanager is None),
            partners=len(partners), users=len(users),
        )
    return counts


def database_records() -> list[list]:
    """The demo as it stands in the database, in the same canonical rows as ``plan.plan_records``."""
    rows: list[list] = []
    municipalities = Municipality.objects.filter(cbs_code__in=DEMO_CODES)
    for m in municipalities:
        rows.append(["municipality", m.cbs_code, m.name, m.province, m.theme_primary_colour])
    for t in Team.objects.filter(municipality__in=municipalities).select_related("municipality"):
        rows.append(["team", t.municipality.cbs_code, t.name, t.kind, f"{t.fte:.2f}", t.caseload_norm])
    for p in PartnerOrganisation.objects.filter(municipality__in=municipalities).select_related("municipality"):
        rows.append(["partner", p.municipality.cbs_code, p.name])
    for u in User.objects.filter(username__in=DEMO_USERNAMES):
        rows.append(["user", u.username, u.first_name, u.last_name, u.email, u.is_staff])
    for ms in (Membership.objects.filter(user__username__in=DEMO_USERNAMES)
               .select_related("user", "municipality", "team", "partner")):
        rows.append(["membership", ms.user.username, ms.municipality.cbs_code, ms.role,
                     ms.team.name if ms.team else "", ms.partner.name if ms.partner else ""])
    clients = Client.objects.filter(municipality__in=municipalities)
    for c in clients.values_list("public_id", "municipality__cbs_code", "team__name", "klantmanager__username",
                                 "given_names", "family_name", "birth_date", "regime", "is_synthetic"):
        public_id, code, team, km, given, family, birth, regime, synthetic = c
        rows.append(["client", str(public_id), code, team or "", km or "", given, family, birth.isoformat(),
                     regime, synthetic])
    for public_id, kind, value in (ClientIdentifier.objects.filter(client__in=clients)
                                   .values_list("client__public_id", "kind", "value")):
        rows.append(["identifier", str(public_id), kind, value])
    return rows


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    municipality: str
    where: str  # team or partner organisation
    featured: bool


def account_rows() -> list[AccountRow]:
    """The demo accounts as they stand in the database: the six personas first."""
    memberships = (Membership.objects.filter(user__username__in=DEMO_USERNAMES)
                   .select_related("user", "municipality", "team", "partner"))
    rows = [
        AccountRow(ms.user.username, str(ms.get_role_display()), ms.municipality.name,
                   (ms.team.name if ms.team else ms.partner.name if ms.partner else "—"),
                   ms.user.username in FEATURED_USERNAMES)
        for ms in memberships
    ]
    order: dict[str, int] = {}
    for name in (*FEATURED_USERNAMES, *DEMO_USERNAMES):
        order.setdefault(name, len(order))
    return sorted(rows, key=lambda r: order[r.username])


def format_account_table(rows: list[AccountRow]) -> str:
    header = ("Username", "Role", "Municipality", "Team / partner")
    table = [header] + [(r.username, r.role, r.municipality, r.where) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    out = [line(header), line("-" * w for w in widths)]
    featured = [r for r in rows if r.featured]
    others = [r for r in rows if not r.featured]
    out += [line((r.username, r.role, r.municipality, r.where)) for r in featured]
    if others:
        out.append(line("-" * w for w in widths))
        out += [line((r.username, r.role, r.municipality, r.where)) for r in others]
    out.append("")
    out.append(f"Password for every demo account: {DEMO_PASSWORD}")
    return "\n".join(out)
