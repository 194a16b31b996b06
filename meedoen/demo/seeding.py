"""Writing the demo plan to the database, in bulk.

The demo bypasses the per-client services on purpose (thousands of rows in a few seconds); instead
it records one ``demo.seeded`` audit event per municipality. Everything is written in a single
transaction: the demo is either fully there or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from meedoen.accounts.models import Membership, Municipality, PartnerOrganisation, Team, User
from meedoen.audit.services import record
from meedoen.caseload import services as caseload
from meedoen.caseload.models import RoutingRule, SegmentRule
from meedoen.clients.models import Client, ClientIdentifier, Household, Language, Regime
from meedoen.demo.bulk import insert_rows
from meedoen.demo.data import (
    DEMO_FLOW_KLANTMANAGER,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    FEATURED_USERNAMES,
    MUNICIPALITIES,
)
from meedoen.demo.journeys import PersonJourney
from meedoen.demo.plan import STATUSHOUDER, DemoPlan, MunicipalityPlan, PersonPlan, public_id_for
from meedoen.demo.programme_db import programme_records, raise_signals, write_programme
from meedoen.demo.work import DEMO_SECTORS, DEMO_VACANCY_TITLE
from meedoen.demo.work_db import rebuild_match_profiles, work_records, write_work
from meedoen.journey import deadlines as engine
from meedoen.journey.models import (
    BijstandEpisode,
    ClientDeadline,
    CoaProfile,
    Contact,
    Handover,
    JourneySettings,
    LadderMeasurement,
    Milestone,
    MilestoneKind,
    TermExtension,
)
from meedoen.journey.services import recompute_deadlines
from meedoen.work.models import Vacancy, WorkProfile

BATCH_SIZE = 500
DEADLINE_BATCH = 1000
"""``recompute_deadlines`` runs a fixed number of queries per call: the seeder calls it per 1,000 clients."""
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
    rows: dict[str, int] = field(default_factory=dict)  # journey rows written, by kind
    deadline_statuses: dict[str, int] = field(default_factory=dict)  # by engine status, as of today
    segments: dict[str, int] = field(default_factory=dict)  # clients per segment (after the intake)
    programme: dict[str, int] = field(default_factory=dict)  # intakes, plans, referrals... written, by kind
    work: dict[str, int] = field(default_factory=dict)  # employers, vacancies, placements... written, by kind

    @property
    def clients(self) -> int:
        return self.statushouders + self.bijstand


def demo_flow_client(plan: DemoPlan | None = None) -> Client | None:
    """The client the demo flow starts with (on the featured klantmanager's caseload, no broad intake yet).

    From the plan when it is given (the seeding run); otherwise looked up: a Wi2021 client of that
    klantmanager with an address and no intake, living alone and linked most recently as the plan prefers
    (None once the flow has been played)."""
    if plan is not None:
        for mplan in plan.municipalities:
            key = mplan.programme.demo_flow if mplan.programme else None
            if key:
                person = next(p for p in mplan.people if p.key == key)
                return Client.objects.filter(public_id=person.public_id).first()
        return None
    linked = Milestone.objects.filter(client=OuterRef("pk"), kind=MilestoneKind.LINKED).values("date")[:1]
    return (Client.objects.filter(klantmanager__username=DEMO_FLOW_KLANTMANAGER, regime=Regime.WI2021,
                                  broad_intake__isnull=True, is_synthetic=True).exclude(street="")
            .annotate(linked_on=Subquery(linked))
            .order_by("household_role", F("linked_on").desc(nulls_last=True), "family_name").first())


def demo_work_pair(plan: DemoPlan | None = None) -> tuple[Client, Vacancy] | None:
    """The client and the vacancy of the work demo (the klantmanager finds the vacancy, sees the one requirement
    that is not met, proposes the client and records the hire). From the plan when it is given; otherwise looked
    up: the open vacancy of that title and the featured klantmanager's client whose work profile is the demo's,
    not proposed for anything yet (None once the demo has been played)."""
    if plan is not None:
        for mplan in plan.municipalities:
            if mplan.work is not None and mplan.work.demo_client:
                person = next(p for p in mplan.people if p.key == mplan.work.demo_client)
                client = Client.objects.filter(public_id=person.public_id).first()
                vacancy = Vacancy.objects.filter(public_id=mplan.work.demo_vacancy).select_related("employer").first()
                return (client, vacancy) if client and vacancy else None
        return None
    vacancy = (Vacancy.objects.filter(title=DEMO_VACANCY_TITLE, status="open", municipality__cbs_code__in=DEMO_CODES)
               .select_related("employer").order_by("pk").first())
    if vacancy is None:
        return None
    for profile in (WorkProfile.objects.filter(municipality=vacancy.municipality_id,
                                               client__klantmanager__username=DEMO_FLOW_KLANTMANAGER,
                                               experience_occupation="magazijnmedewerker")
                    .exclude(client__proposals__isnull=False).select_related("client", "updated_by")
                    .order_by("client__public_id")):
        signature = (profile.updated_by is not None and profile.updated_by.username == DEMO_FLOW_KLANTMANAGER,
                     profile.experience_occupation, tuple(profile.desired_sectors), tuple(profile.desired_kinds))
        if signature == (True, "magazijnmedewerker", DEMO_SECTORS, ("paid_job",)):
            return profile.client, vacancy
    return None


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

        households = dict(zip(
            mplan.journeys.households,
            Household.objects.bulk_create([Household(public_id=public_id, municipality=municipality)
                                           for public_id in mplan.journeys.households.values()],
                                          batch_size=BATCH_SIZE),
            strict=True,
        ))
        rules = caseload_rules(municipality)
        clients = Client.objects.bulk_create([
            _client(p, mplan, municipality, teams, by_username, households, rules, plan.today) for p in mplan.people
        ], batch_size=BATCH_SIZE)
        identifiers = ClientIdentifier.objects.bulk_create([
            ClientIdentifier(client=client, municipality=municipality, kind=kind, value=value,
                             public_id=public_id_for(seed, "identifier", p.key, kind))
            for p, client in zip(mplan.people, clients, strict=True)
            for kind, value in p.identifiers()
        ], batch_size=BATCH_SIZE)
        rows = write_journeys(seed, mplan, municipality, clients, by_username)
        work_rows: dict[str, int] = {}
        if mplan.work is not None:  # before the deadlines: placements bring Participatieladder measurements
            work_rows = write_work(mplan.work, municipality,
                                   {p.key: c.pk for p, c in zip(mplan.people, clients, strict=True)}, by_username)
        for start in range(0, len(clients), DEADLINE_BATCH):
            rows["deadlines"] = rows.get("deadlines", 0) + recompute_deadlines(clients[start:start + DEADLINE_BATCH])
        programme_rows: dict[str, int] = {}
        if mplan.programme is not None:
            client_of = {p.key: c.pk for p, c in zip(mplan.people, clients, strict=True)}
            programme_rows = write_programme(mplan.programme, municipality, client_of, by_username, partners,
                                             plan.today)
            programme_rows.update(raise_signals(municipality, plan.today, seed))
        if mplan.work is not None:  # from the intakes, plans and exams just written
            rebuild_match_profiles([municipality.pk])

        record(actor=None, action="demo.seeded", municipality=municipality, obj=municipality,
               details={"clients": len(clients), "milestones": rows["milestones"], "contacts": rows["contacts"]})
        statushouders = sum(1 for p in mplan.people if p.group == STATUSHOUDER)
        counts[spec.cbs_code] = MunicipalityCounts(
            name=spec.name, statushouders=statushouders, bijstand=len(clients) - statushouders,
            identifiers=len(identifiers),
            without_klantmanager=sum(1 for a in mplan.assignments.values() if a.klantmanager is None),
            partners=len(partners), users=len(users), rows=rows, programme=programme_rows, work=work_rows,
            deadline_statuses=deadline_statuses(municipality),
            segments=dict(Counter(c.segment.name for c in clients if c.segment is not None)),
        )
    return counts


@dataclass(frozen=True)
class CaseloadRules:
    routing: list[RoutingRule]
    segments: list[SegmentRule]


def caseload_rules(municipality: Municipality) -> CaseloadRules:
    """The municipality's routing rules, segments and waiting-list policy (``meedoen.caseload`` defaults
    when it has none yet), to explain every demo client's team and segment the way the product does."""
    caseload.ensure_default_routing(municipality)
    caseload.ensure_default_segments(municipality)
    caseload.ensure_waiting_list_policy(municipality)
    return CaseloadRules(caseload.routing_rules(municipality), caseload.segment_rules(municipality))


def _caseload_fields(client: Client, j: PersonJourney, rules: CaseloadRules, today: dt.date) -> None:
    """Routing explanation, and after the broad intake the segment, from the caseload rules (no writes)."""
    _team, client.routing_explanation = caseload.explain_routing(client, rules.routing, today)
    if any(m.kind == MilestoneKind.INTAKE_COMPLETED for m in j.milestones):
        c = j.coa_profile
        profile = CoaProfile(education=c.education, education_years=c.education_years,
                             work_experience_years=c.work_experience_years) if c else None
        client.segment, client.segment_explanation = caseload.explain_segment(client, rules.segments, profile, today)


def _client(p: PersonPlan, mplan: MunicipalityPlan, municipality: Municipality, teams: dict[str, Team],
            users: dict[str, User], households: dict[str, Household], rules: CaseloadRules,
            today: dt.date) -> Client:
    assignment = mplan.assignments[p.key]
    j = mplan.journeys.people[p.key]
    address = j.address
    client = Client(
        public_id=p.public_id, municipality=municipality, team=teams[assignment.team],
        klantmanager=users.get(assignment.klantmanager or ""),
        given_names=p.given_names, family_name=p.family_name, birth_date=p.birth_date,
        regime=p.regime, target_group=j.target_group, country_of_origin=j.country_of_origin,
        household=households[p.household] if j.household_role else None, household_role=j.household_role,
        street=address.street if address else "", house_number=address.house_number if address else "",
        postcode=address.postcode if address else "", city=address.city if address else "",
        low_literacy=j.low_literacy, has_work_experience=j.has_work_experience,
        waiting_since=j.waiting_since, is_synthetic=True,
    )
    _caseload_fields(client, j, rules, today)
    return client


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.make_aware(value) if value is not None else None


def write_journeys(seed: int, mplan: MunicipalityPlan, municipality: Municipality, clients: list[Client],
                   users: dict[str, User]) -> dict[str, int]:
    """Bulk-write every person's journey rows (the plan decided them); returns the number of rows by kind."""
    language_ids = dict(Language.objects.values_list("code", "id"))
    mid = municipality.pk
    languages, milestones, episodes, contacts, ladder, extensions, profiles, handovers = ([] for _ in range(8))
    for p, client in zip(mplan.people, clients, strict=True):
        j: PersonJourney = mplan.journeys.people[p.key]
        cid, key = client.pk, p.key
        user = users.get(mplan.assignments[key].klantmanager or "")
        by = user.pk if user else None
        languages += [(cid, language_ids[code]) for code in j.languages]
        milestones += [(public_id_for(seed, "milestone", key, m.kind, str(m.version)), cid, mid, m.kind, m.date,
                        m.version, dict(m.details), m.exception_reason, by) for m in j.milestones]
        episodes += [(public_id_for(seed, "episode", key, str(i)), cid, mid, e.start, e.end, e.end_reason, by)
                     for i, e in enumerate(j.episodes)]
        contacts += [(public_id_for(seed, "contact", key, str(i)), cid, mid, c.kind, c.occurred_on,
                      bool(c.interpreter_language),
                      language_ids[c.interpreter_language] if c.interpreter_language else None, c.summary,
                      _aware(c.next_appointment), by) for i, c in enumerate(j.contacts)]
        ladder += [(public_id_for(seed, "ladder", key, str(i)), cid, mid, m.measured_on, m.rung, by)
                   for i, m in enumerate(j.ladder)]
        extensions += [(public_id_for(seed, "extension", key, str(i)), cid, mid, x.weeks, x.ground, x.decided_on, by)
                       for i, x in enumerate(j.extensions)]
        if j.coa_profile:
            c = j.coa_profile
            profiles.append((public_id_for(seed, "coa_profile", key), cid, c.received_on, c.household_size,
                             c.education, c.education_years, c.work_experience_years, c.occupation,
                             c.visible_limitations))
        if j.handover:
            h = j.handover
            handovers.append((public_id_for(seed, "handover", key), cid, h.first_talk_on, h.profile_received,
                              h.contact_details_received, h.health_consent, h.health_consent_on,
                              h.pre_integration_followed))
    tables = (
        ("languages", Client.languages.through, ("client_id", "language_id"), languages),
        ("milestones", Milestone, ("public_id", "client_id", "municipality_id", "kind", "date", "version", "details",
                                   "exception_reason", "recorded_by_id"), milestones),
        ("bijstand_episodes", BijstandEpisode, ("public_id", "client_id", "municipality_id", "start", "end",
                                                "end_reason", "recorded_by_id"), episodes),
        ("contacts", Contact, ("public_id", "client_id", "municipality_id", "kind", "occurred_on", "interpreter",
                               "interpreter_language_id", "summary", "next_appointment", "recorded_by_id"), contacts),
        ("ladder_measurements", LadderMeasurement, ("public_id", "client_id", "municipality_id", "measured_on", "rung",
                                                    "recorded_by_id"), ladder),
        ("term_extensions", TermExtension, ("public_id", "client_id", "municipality_id", "weeks", "ground",
                                            "decided_on", "recorded_by_id"), extensions),
        ("coa_profiles", CoaProfile, ("public_id", "client_id", "received_on", "household_size", "education",
                                      "education_years", "work_experience_years", "occupation",
                                      "visible_limitations"), profiles),
        ("handovers", Handover, ("public_id", "client_id", "first_talk_on", "profile_received",
                                 "contact_details_received", "health_consent", "health_consent_on",
                                 "pre_integration_followed"), handovers),
    )
    return {name: insert_rows(model, columns, rows) for name, model, columns, rows in tables}


def analyze_database() -> None:
    """Refresh the query planner's statistics after a bulk load. SQLite never does this by itself (without
    statistics it may scan a whole municipality where an index on the klantmanager would do); PostgreSQL's
    autovacuum does it some time later."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def deadline_statuses(municipality: Municipality, today: dt.date | None = None) -> dict[str, int]:
    """How many deadlines of a municipality have each status today (as the pages derive it)."""
    today = today or timezone.localdate()
    settings_row = JourneySettings.objects.filter(municipality=municipality).first()
    due_soon_days = settings_row.due_soon_days if settings_row else JourneySettings._meta.get_field(
        "due_soon_days").default
    statuses: Counter[str] = Counter()
    for due, met_on, is_window in ClientDeadline.objects.filter(municipality=municipality).values_list(
            "due_date", "met_on", "is_window").iterator(chunk_size=5000):
        statuses[str(engine.status(due, met_on, is_window, today, due_soon_days))] += 1
    return dict(statuses)


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
    for public_id, code in Household.objects.filter(municipality__in=municipalities).values_list(
            "public_id", "municipality__cbs_code"):
        rows.append(["household", str(public_id), code])
    clients = Client.objects.filter(municipality__in=municipalities)
    for c in clients.values_list("public_id", "municipality__cbs_code", "team__name", "klantmanager__username",
                                 "given_names", "family_name", "birth_date", "regime", "is_synthetic",
                                 "target_group", "country_of_origin", "household__public_id", "household_role",
                                 "street", "house_number", "postcode", "city", "low_literacy", "has_work_experience",
                                 "waiting_since"):
        (public_id, code, team, km, given, family, birth, regime, synthetic, target_group, country, household, role,
         street, number, postcode, city, low_literacy, work, waiting) = c
        rows.append(["client", str(public_id), code, team or "", km or "", given, family, birth.isoformat(),
                     regime, synthetic, target_group, country, str(household) if household else "", role,
                     street, number, postcode, city, low_literacy, work, _iso(waiting)])
    for public_id, kind, value in (ClientIdentifier.objects.filter(client__in=clients)
                                   .values_list("client__public_id", "kind", "value")):
        rows.append(["identifier", str(public_id), kind, value])
    rows += _journey_records(clients)
    rows += programme_records(municipalities)
    rows += work_records(municipalities)
    return rows


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


def _journey_records(clients) -> list[list]:
    """The journey rows in the form of ``plan.journey_rows``."""
    rows: list[list] = []
    of = {"client__in": clients}
    for pid, code in Client.languages.through.objects.filter(**of).values_list("client__public_id",
                                                                                "language__code"):
        rows.append(["language", str(pid), code])
    for pid, kind, date, version, details, reason, by in Milestone.objects.filter(**of).values_list(
            "client__public_id", "kind", "date", "version", "details", "exception_reason", "recorded_by__username"):
        rows.append(["milestone", str(pid), kind, date.isoformat(), version, details, reason, by or ""])
    for pid, start, end, reason, by in BijstandEpisode.objects.filter(**of).values_list(
            "client__public_id", "start", "end", "end_reason", "recorded_by__username"):
        rows.append(["episode", str(pid), start.isoformat(), _iso(end), reason, by or ""])
    for pid, kind, day, interpreter, language, summary, appointment, by in Contact.objects.filter(**of).values_list(
            "client__public_id", "kind", "occurred_on", "interpreter", "interpreter_language__code", "summary",
            "next_appointment", "recorded_by__username"):
        local = timezone.localtime(appointment).replace(tzinfo=None) if appointment else None
        rows.append(["contact", str(pid), kind, day.isoformat(), interpreter, language or "", summary, _iso(local),
                     by or ""])
    for pid, day, rung, by in LadderMeasurement.objects.filter(**of).values_list(
            "client__public_id", "measured_on", "rung", "recorded_by__username"):
        rows.append(["ladder", str(pid), day.isoformat(), rung, by or ""])
    for pid, weeks, ground, decided, by in TermExtension.objects.filter(**of).values_list(
            "client__public_id", "weeks", "ground", "decided_on", "recorded_by__username"):
        rows.append(["extension", str(pid), weeks, ground, decided.isoformat(), by or ""])
    for row in CoaProfile.objects.filter(**of).values_list(
            "client__public_id", "received_on", "household_size", "education", "education_years",
            "work_experience_years", "occupation", "visible_limitations"):
        rows.append(["coa_profile", str(row[0]), row[1].isoformat(), *row[2:]])
    for row in Handover.objects.filter(**of).values_list(
            "client__public_id", "first_talk_on", "profile_received", "contact_details_received", "health_consent",
            "health_consent_on", "pre_integration_followed"):
        rows.append(["handover", str(row[0]), _iso(row[1]), row[2], row[3], row[4], _iso(row[5]), row[6]])
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
