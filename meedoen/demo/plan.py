"""The demo plan: every synthetic person, decided in memory before anything is written.

``build_plan`` is a pure function of (seed, sizes, reference date, today): the same input gives the
same plan, on every machine. The seeder writes the plan to the database in bulk; later issues
(journey milestones, plans, activities) add their rows from the same ``PersonPlan`` records, e.g.
the link date and the AZC status, which the client model cannot store yet.

Random numbers come from separate named streams (``random.Random("<seed>:<municipality>:<part>")``)
so that, for example, changing the number of bijstand clients does not change the statushouders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from meedoen.accounts.models import Role
from meedoen.clients.models import IdentifierKind, Regime
from meedoen.demo.data import (
    MIDDEN_DRENTHE,
    MUNICIPALITIES,
    REFERENCE_DATE,
    SEED,
    ZWOLLE,
    MunicipalitySpec,
    TeamSpec,
)
from meedoen.demo.identifiers import IdentifierGenerator
from meedoen.demo.names import (
    NAMES,
    NETHERLANDS_SECOND_NAMES,
    NETHERLANDS_YOUNG,
    NL_YOUNG_FROM_YEAR,
    ORIGINS_ABROAD,
)

if TYPE_CHECKING:
    from meedoen.demo.journeys import Journeys
    from meedoen.demo.programme import Programme
    from meedoen.demo.work import WorkPlan

WI2021_START = dt.date(2022, 1, 1)
"""Wet inburgering 2021 applies to people whose duty began from 1 January 2022 (domain.md)."""

FIRST_LINK_YEAR = 2019

STATUSHOUDER = "statushouder"
BIJSTAND = "bijstand"

MALE = "m"
FEMALE = "v"

# Statushouders linked this recently queue behind the others for a klantmanager (the newest wait), except a
# few on each featured klantmanager's caseload, so the demo personas see every stage of the journey.
RECENT_LINK_DAYS = 240
FEATURED_RECENT = 6

DEMO_NAMESPACE = uuid.UUID("6f1c8f1e-3b0a-5d7e-9a51-0d3c2b7e4a10")

# --- Plausible distributions (invented for the demo, not statistics) ---------------------------

# Relative size of each link cohort (year the person was linked to the municipality by COA).
LINK_YEAR_WEIGHTS: dict[int, int] = {
    2019: 7, 2020: 5, 2021: 10, 2022: 15, 2023: 17, 2024: 18, 2025: 16, 2026: 12,
}

# Countries of origin by period of the link.
ORIGIN_WEIGHTS_EARLY = {"SY": 38, "ER": 24, "AF": 8, "TR": 9, "IQ": 8, "YE": 3, "SO": 8, "UA": 2}  # 2019-2021
ORIGIN_WEIGHTS_MID = {"SY": 40, "TR": 14, "AF": 12, "ER": 11, "YE": 8, "IQ": 6, "SO": 7, "UA": 2}  # 2022-2023
ORIGIN_WEIGHTS_LATE = {"SY": 30, "ER": 18, "TR": 10, "AF": 9, "YE": 15, "IQ": 5, "SO": 11, "UA": 2}  # 2024+

# Bijstand clients: mostly born in the Netherlands; "NL-mix" is a Dutch given name with a family
# name from one of the other origins (second generation).
BIJSTAND_ORIGIN_WEIGHTS = {
    "NL": 58, "NL-mix": 6, "TR": 8, "SY": 6, "SO": 5, "ER": 4, "IQ": 4, "AF": 4, "UA": 3, "YE": 2,
}

STATUSHOUDER_HOUSEHOLDS = {"single": 44, "couple": 24, "family": 17, "single_parent": 10, "siblings": 5}
BIJSTAND_HOUSEHOLDS = {"single": 70, "couple": 24, "parent_child": 6}

# Identifiers of people still in an AZC: BSN (+ V-nummer), only a V-nummer, or only a COA number.
AZC_IDENTIFIERS = {"bsn": 50, "v_only": 35, "coa_only": 15}

MAX_AGE_AT_REFERENCE = 64  # stays under the state pension age, so still in the Participatiewet


# --- Plan records -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sizes:
    zwolle_statushouders: int = 600
    zwolle_bijstand: int = 2700
    middendrenthe_statushouders: int = 100

    def for_municipality(self, cbs_code: str) -> tuple[int, int]:
        """(statushouders, bijstand clients) for one municipality."""
        if cbs_code == ZWOLLE:
            return self.zwolle_statushouders, self.zwolle_bijstand
        if cbs_code == MIDDEN_DRENTHE:
            return self.middendrenthe_statushouders, 0
        raise KeyError(cbs_code)


@dataclass(frozen=True)
class PersonPlan:
    """One synthetic client, with what later issues need to build their journey."""

    key: str  # stable within a plan, e.g. "GM0193-S-00012"
    municipality: str  # CBS code
    group: str  # STATUSHOUDER or BIJSTAND
    origin: str  # ISO 3166-1 alpha-2 country of origin (NL for people born here)
    name_origin: str  # whose name list the family name came from (differs from origin for "NL-mix")
    sex: str
    given_names: str
    family_name: str
    birth_date: dt.date
    household: str
    household_role: str  # single, head, partner, child, sibling
    regime: str
    link_date: dt.date | None  # statushouders: the day COA linked them to the municipality
    in_azc: bool  # statushouders still living in an asylum seekers' centre
    bsn: str = ""
    v_number: str = ""
    coa_number: str = ""
    public_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def age_on(self, day: dt.date) -> int:
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def identifiers(self) -> list[tuple[str, str]]:
        pairs = [(IdentifierKind.BSN, self.bsn), (IdentifierKind.V_NUMBER, self.v_number),
                 (IdentifierKind.COA_NUMBER, self.coa_number)]
        return [(str(kind), value) for kind, value in pairs if value]


@dataclass(frozen=True)
class Assignment:
    team: str
    klantmanager: str | None  # username; None = not yet on anyone's caseload (waiting list)


@dataclass(frozen=True)
class MunicipalityPlan:
    spec: MunicipalitySpec
    people: tuple[PersonPlan, ...]
    assignments: dict[str, Assignment]
    journeys: Journeys  # registry facts, milestones, bijstand, contacts... per person (meedoen.demo.journeys)
    # Partners in detail, intakes, plans, referrals, exams (meedoen.demo.programme); None: journeys only.
    programme: Programme | None = None
    # Employers, vacancies, profiles, placements, trajectories (meedoen.demo.work); None: none.
    work: WorkPlan | None = None

    @property
    def cbs_code(self) -> str:
        return self.spec.cbs_code


@dataclass(frozen=True)
class DemoPlan:
    seed: int
    sizes: Sizes
    reference_date: dt.date
    today: dt.date
    municipalities: tuple[MunicipalityPlan, ...]

    def people(self) -> Iterator[PersonPlan]:
        for municipality in self.municipalities:
            yield from municipality.people

    def municipality(self, cbs_code: str) -> MunicipalityPlan:
        return next(m for m in self.municipalities if m.cbs_code == cbs_code)


_NAMESPACE_BYTES = DEMO_NAMESPACE.bytes


def public_id_for(seed: int, *parts: str) -> uuid.UUID:
    """A stable public id for a demo row, so that the same seed gives the very same data: ``uuid.uuid5`` in the
    demo namespace (computed as uuid5 does, without recomputing the namespace's bytes for each of the rows)."""
    name = "/".join([str(seed), *parts])
    return uuid.UUID(bytes=hashlib.sha1(_NAMESPACE_BYTES + name.encode()).digest()[:16], version=5)  # noqa: S324


def _rng(seed: int, *parts: str) -> random.Random:
    return random.Random(":".join([str(seed), *parts]))  # str seeds are hashed with SHA-512: stable


def _weighted(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, on: dt.date, age: int) -> dt.date:
    """A birth date for someone who is exactly ``age`` years old on ``on``."""
    latest = _years_before(on, age)
    return latest - dt.timedelta(days=rng.randint(0, 364))


def _link_date(rng: random.Random, reference: dt.date) -> dt.date:
    years = {y: w for y, w in LINK_YEAR_WEIGHTS.items() if y <= reference.year}
    year = _weighted(rng, years)
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), reference)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _in_azc(rng: random.Random, link: dt.date, reference: dt.date) -> bool:
    """Housing is due 10 (+2) weeks after the link but often takes longer (domain.md)."""
    weeks = (reference - link).days / 7
    if weeks < 12:
        return rng.random() < 0.9
    if weeks < 30:
        return rng.random() < 0.35
    return False


def _origin_weights(link_year: int) -> dict[str, int]:
    if link_year <= 2021:
        return ORIGIN_WEIGHTS_EARLY
    if link_year <= 2023:
        return ORIGIN_WEIGHTS_MID
    return ORIGIN_WEIGHTS_LATE


def _age(rng: random.Random, buckets: Sequence[tuple[int, int, int]]) -> int:
    """An age from weighted (low, high, weight) buckets, both ends included."""
    low, high, _ = rng.choices(buckets, weights=[b[2] for b in buckets])[0]
    return rng.randint(low, high)


def _given_name(rng: random.Random, origin: str, sex: str, birth_year: int, taken: set[str]) -> str:
    names = NAMES[origin]
    if origin == "NL" and birth_year >= NL_YOUNG_FROM_YEAR:
        names = NETHERLANDS_YOUNG
    pool = names.male if sex == MALE else names.female
    while True:
        first = rng.choice(pool)
        if first not in taken:
            break
    taken.add(first)
    if origin == "NL" and rng.random() < 0.35:  # Dutch registers often hold two or more given names
        second = NETHERLANDS_SECOND_NAMES.male if sex == MALE else NETHERLANDS_SECOND_NAMES.female
        return f"{first} {rng.choice(second)}"
    return first


def _statushouder_members(rng: random.Random, kind: str, cap: int) -> list[tuple[str, str, int]]:
    """(household role, sex, age at the link) for the adults of one household; ``cap`` = max age."""
    def clamp(age: int) -> int:
        return max(18, min(age, cap))

    if kind == "single":
        sex = MALE if rng.random() < 0.7 else FEMALE
        return [("single", sex, clamp(_age(rng, [(18, 24, 4), (25, 34, 4), (35, 52, 2)])))]
    if kind == "couple":
        head = clamp(rng.randint(21, 50))
        return [("head", MALE, head), ("partner", FEMALE, clamp(head - rng.randint(-2, 8)))]
    if kind == "family":
        head = clamp(rng.randint(40, 60))
        partner = clamp(max(38, head - rng.randint(0, 8)))
        children = [("child", rng.choice((MALE, FEMALE)), rng.randint(18, 24)) for _ in range(rng.randint(1, 2))]
        return [("head", MALE, head), ("partner", FEMALE, partner), *children]
    if kind == "single_parent":
        head = clamp(rng.randint(38, 56))
        children = [("child", rng.choice((MALE, FEMALE)), rng.randint(18, 24)) for _ in range(rng.randint(1, 2))]
        return [("head", FEMALE, head), *children]
    # siblings
    return [("sibling", rng.choice((MALE, FEMALE)), rng.randint(18, 25)) for _ in range(2)]


def _bijstand_members(rng: random.Random, kind: str) -> list[tuple[str, str, int]]:
    """(household role, sex, age at the reference date) for one bijstand household."""
    if kind == "single":
        sex = MALE if rng.random() < 0.52 else FEMALE
        return [("single", sex, _age(rng, [(18, 26, 7), (27, 40, 30), (41, 55, 34), (56, 64, 29)]))]
    if kind == "couple":
        head = rng.randint(25, 64)
        return [("head", MALE, head), ("partner", FEMALE, max(23, min(64, head - rng.randint(-3, 7))))]
    parent = rng.randint(42, 64)
    return [("head", FEMALE if rng.random() < 0.7 else MALE, parent), ("child", rng.choice((MALE, FEMALE)),
                                                                         rng.randint(18, 25))]


def _statushouders(seed: int, code: str, target: int, ids: IdentifierGenerator,
                   reference: dt.date) -> list[PersonPlan]:
    rng = _rng(seed, code, "statushouders")
    people: list[PersonPlan] = []
    household_no = 0
    while len(people) < target:
        household_no += 1
        household = f"{code}-HS-{household_no:05d}"
        link = _link_date(rng, reference)
        origin = _weighted(rng, _origin_weights(link.year))
        cap = MAX_AGE_AT_REFERENCE - (reference.year - link.year)
        members = _statushouder_members(rng, _weighted(rng, STATUSHOUDER_HOUSEHOLDS), cap)
        members = members[: target - len(people)]  # the last household may be cut short to hit the size
        family_name = rng.choice(NAMES[origin].family)
        in_azc = _in_azc(rng, link, reference)
        id_mode = _weighted(rng, AZC_IDENTIFIERS) if in_azc else "bsn"
        regime = Regime.WI2021 if link >= WI2021_START else Regime.WI2013
        taken: set[str] = set()
        for role, sex, age_at_link in members:
            key = f"{code}-S-{len(people) + 1:05d}"
            birth_date = _birth_date(rng, link, age_at_link)
            people.append(PersonPlan(
                key=key, municipality=code, group=STATUSHOUDER, origin=origin, name_origin=origin, sex=sex,
                given_names=_given_name(rng, origin, sex, birth_date.year, taken), family_name=family_name,
                birth_date=birth_date, household=household, household_role=role,
                regime=str(regime), link_date=link, in_azc=in_azc,
                bsn=ids.bsn() if id_mode == "bsn" else "",
                v_number=ids.v_number() if id_mode in ("bsn", "v_only") else "",
                coa_number=ids.coa_number() if id_mode == "coa_only" else "",
                public_id=public_id_for(seed, "client", key),
            ))
    return people


def _bijstand(seed: int, code: str, target: int, ids: IdentifierGenerator, reference: dt.date) -> list[PersonPlan]:
    rng = _rng(seed, code, "bijstand")
    people: list[PersonPlan] = []
    household_no = 0
    while len(people) < target:
        household_no += 1
        household = f"{code}-HB-{household_no:05d}"
        origin = _weighted(rng, BIJSTAND_ORIGIN_WEIGHTS)
        if origin == "NL-mix":
            origin, name_origin = "NL", rng.choice(ORIGINS_ABROAD)
        else:
            name_origin = origin
        given_origin = origin  # Dutch given names for people born here, also with a family name from abroad
        members = _bijstand_members(rng, _weighted(rng, BIJSTAND_HOUSEHOLDS))[: target - len(people)]
        family_name = rng.choice(NAMES[name_origin].family)
        taken: set[str] = set()
        for role, sex, age in members:
            key = f"{code}-B-{len(people) + 1:05d}"
            birth_date = _birth_date(rng, reference, age)
            people.append(PersonPlan(
                key=key, municipality=code, group=BIJSTAND, origin=origin, name_origin=name_origin, sex=sex,
                given_names=_given_name(rng, given_origin, sex, birth_date.year, taken), family_name=family_name,
                birth_date=birth_date, household=household, household_role=role,
                regime=str(Regime.NONE), link_date=None, in_azc=False, bsn=ids.bsn(),
                public_id=public_id_for(seed, "client", key),
            ))
    return people


def _team_for(teams: Iterable[TeamSpec], age: int) -> TeamSpec:
    for team in teams:
        if team.takes(age):
            return team
    raise ValueError(f"No team takes clients aged {age}.")


def _assign(seed: int, spec: MunicipalitySpec, people: Sequence[PersonPlan], today: dt.date,
            reference_date: dt.date) -> dict[str, Assignment]:
    """Route every person to a team by age today, then fill each klantmanager's caseload.

    A household stays together with one klantmanager within a team. Each klantmanager takes their share
    of statushouders (``StaffSpec.statushouder_share``); among the statushouders those under the Wet
    inburgering 2021 go first and the most recently linked last (a featured klantmanager takes a few of
    those first). Whoever does not fit stays without a klantmanager: the waiting list (teams are over
    capacity on purpose).
    """
    team_of = {p.key: _team_for(spec.teams, p.age_on(today)).name for p in people}
    result = {p.key: Assignment(team_of[p.key], None) for p in people}
    recent_from = reference_date - dt.timedelta(days=RECENT_LINK_DAYS)

    def recent(group: list[PersonPlan]) -> bool:
        return group[0].link_date >= recent_from

    for team in spec.teams:
        households: dict[str, list[PersonPlan]] = {}
        for person in people:
            if team_of[person.key] == team.name:
                households.setdefault(person.household, []).append(person)
        rng = _rng(seed, spec.cbs_code, "caseload", team.name)
        statushouders = [g for g in households.values() if g[0].group == STATUSHOUDER]
        bijstand = [g for g in households.values() if g[0].group == BIJSTAND]
        rng.shuffle(statushouders)
        rng.shuffle(bijstand)
        # Stable sorts: the shuffle stays within each class.
        statushouders.sort(key=lambda g: (recent(g), g[0].regime != Regime.WI2021))
        queues = (deque(statushouders), deque(bijstand))
        for km in spec.staff:
            if km.role != Role.KLANTMANAGER or km.team != team.name:
                continue
            count = from_statushouders = 0
            while km.featured and from_statushouders < FEATURED_RECENT and queues[0] and recent(queues[0][-1]):
                group = queues[0].pop()
                for person in group:
                    result[person.key] = Assignment(team.name, km.username)
                count += len(group)
                from_statushouders += len(group)
            while count < km.caseload and (queues[0] or queues[1]):
                want_statushouders = from_statushouders < km.caseload * km.statushouder_share
                queue = queues[0] if (want_statushouders and queues[0]) or not queues[1] else queues[1]
                group = queue.popleft()
                if count + len(group) > km.caseload + 2:
                    continue  # too large for the room left: this household waits
                for person in group:
                    result[person.key] = Assignment(team.name, km.username)
                count += len(group)
                if group[0].group == STATUSHOUDER:
                    from_statushouders += len(group)
    return result


def build_municipality_plan(spec: MunicipalitySpec, n_statushouders: int, n_bijstand: int, *, seed: int,
                            today: dt.date, reference_date: dt.date,
                            taken_bsns: set[str] | None = None, with_programme: bool = False) -> MunicipalityPlan:
    """One municipality of the plan: its people, their teams and klantmanagers, and their journeys; with
    ``with_programme`` also the partners in detail, intakes, plans, referrals and exams (the demo). Always the
    work data (employers, vacancies, placements...: ``demo.work``), from the journeys and the programme if any.

    Also used by ``benchmarks/generate.py`` with a made-up municipality of any size (journeys and work)."""
    # journeys and programme build on this module's records
    from meedoen.demo.journeys import build_journeys
    from meedoen.demo.programme import build_programme, demo_flow_person
    from meedoen.demo.work import build_work

    ids = IdentifierGenerator(_rng(seed, spec.cbs_code, "identifiers"), set() if taken_bsns is None else taken_bsns)
    people = (_statushouders(seed, spec.cbs_code, n_statushouders, ids, reference_date)
              + _bijstand(seed, spec.cbs_code, n_bijstand, ids, reference_date))
    assignments = _assign(seed, spec, people, today, reference_date)
    demo_flow = demo_flow_person(spec, people, assignments) if with_programme else None
    journeys = build_journeys(seed, spec, people, assignments, reference_date=reference_date, today=today,
                              intake_pending=frozenset({demo_flow} if demo_flow else ()))
    programme = build_programme(seed, spec, people, assignments, journeys, reference_date=reference_date,
                                today=today, demo_flow=demo_flow) if with_programme else None
    work = build_work(seed, spec, people, assignments, journeys, programme, reference_date=reference_date,
                      today=today)
    return MunicipalityPlan(spec, tuple(people), assignments, journeys, programme, work)


def build_plan(sizes: Sizes | None = None, *, seed: int = SEED, today: dt.date,
               reference_date: dt.date = REFERENCE_DATE) -> DemoPlan:
    """The complete demo, in memory. ``today`` decides the routing by age (under 27 or not) and caps the
    journeys: nothing is dated after ``min(reference_date, today)``."""
    sizes = sizes or Sizes()
    taken_bsns: set[str] = set()
    municipalities = []
    for spec in MUNICIPALITIES:
        n_statushouders, n_bijstand = sizes.for_municipality(spec.cbs_code)
        municipalities.append(build_municipality_plan(spec, n_statushouders, n_bijstand, seed=seed, today=today,
                                                      reference_date=reference_date, taken_bsns=taken_bsns,
                                                      with_programme=True))
    return DemoPlan(seed, sizes, reference_date, today, tuple(municipalities))


# --- Digest: the same records computed from the plan or read back from the database ------------

def plan_records(plan: DemoPlan) -> list[list]:
    """Canonical rows of everything the seeder writes (compare with ``seeding.database_records``)."""
    rows: list[list] = []
    for mplan in plan.municipalities:
        spec = mplan.spec
        rows.append(["municipality", spec.cbs_code, spec.name, str(spec.province), spec.theme_primary_colour])
        rows += [["team", spec.cbs_code, t.name, str(t.kind), f"{t.fte:.2f}", t.caseload_norm] for t in spec.teams]
        rows += [["partner", spec.cbs_code, name] for name in spec.partners]
        for s in spec.staff:
            rows.append(["user", s.username, s.first_name, s.last_name, s.email, s.is_staff])
            rows.append(["membership", s.username, spec.cbs_code, str(s.role), s.team or "", s.partner or ""])
        households = mplan.journeys.households
        rows += [["household", str(public_id), spec.cbs_code] for public_id in households.values()]
        for p in mplan.people:
            a = mplan.assignments[p.key]
            j = mplan.journeys.people[p.key]
            pid = str(p.public_id)
            address = j.address
            rows.append(["client", pid, spec.cbs_code, a.team, a.klantmanager or "", p.given_names,
                         p.family_name, p.birth_date.isoformat(), p.regime, True,
                         j.target_group, j.country_of_origin,
                         str(households[p.household]) if j.household_role else "", j.household_role,
                         *((address.street, address.house_number, address.postcode, address.city) if address
                           else ("", "", "", "")),
                         j.low_literacy, j.has_work_experience, _iso(j.waiting_since)])
            rows += [["identifier", pid, kind, value] for kind, value in p.identifiers()]
            rows += journey_rows(pid, j, a.klantmanager or "")
        if mplan.programme is not None:
            from meedoen.demo.programme import programme_rows

            rows += programme_rows(spec.cbs_code, mplan.programme, {p.key: p.public_id for p in mplan.people})
        if mplan.work is not None:
            from meedoen.demo.work import work_rows

            rows += work_rows(spec.cbs_code, mplan.work, {p.key: p.public_id for p in mplan.people})
    return rows


def _iso(value: dt.date | dt.datetime | None) -> str:
    return value.isoformat() if value is not None else ""


def journey_rows(pid: str, j, recorder: str) -> list[list]:
    """Canonical rows of one person's journey (``seeding.database_records`` reads the same from the database).

    Records are made by the client's klantmanager; clients without one have no recorder."""
    rows: list[list] = [["language", pid, code] for code in j.languages]
    rows += [["milestone", pid, m.kind, m.date.isoformat(), m.version, dict(m.details), m.exception_reason,
              recorder] for m in j.milestones]
    rows += [["episode", pid, e.start.isoformat(), _iso(e.end), e.end_reason, recorder] for e in j.episodes]
    rows += [["contact", pid, c.kind, c.occurred_on.isoformat(), bool(c.interpreter_language),
              c.interpreter_language, c.summary, _iso(c.next_appointment), recorder] for c in j.contacts]
    rows += [["ladder", pid, m.measured_on.isoformat(), m.rung, recorder] for m in j.ladder]
    rows += [["extension", pid, x.weeks, x.ground, x.decided_on.isoformat(), recorder] for x in j.extensions]
    if j.coa_profile:
        c = j.coa_profile
        rows.append(["coa_profile", pid, c.received_on.isoformat(), c.household_size, c.education,
                     c.education_years, c.work_experience_years, c.occupation, c.visible_limitations])
    if j.handover:
        h = j.handover
        rows.append(["handover", pid, _iso(h.first_talk_on), h.profile_received, h.contact_details_received,
                     h.health_consent, _iso(h.health_consent_on), h.pre_integration_followed])
    return rows


def digest(rows: list[list]) -> str:
    """SHA-256 over the rows in a canonical order."""
    # The same text as json.dumps(sorted(rows, key=json.dumps)), with each row encoded once.
    canonical = "[" + ", ".join(sorted(json.dumps(r, ensure_ascii=False) for r in rows)) + "]"
    return hashlib.sha256(canonical.encode()).hexdigest()
