"""Plausible journeys for the demo people, decided in memory from the plan (still no database).

For every person of a municipality plan: the registry facts (target group, country of origin,
languages, household, address, low literacy, work experience, waiting list),
the dated milestones in their usual order with realistic gaps (domain.md), bijstand episodes,
conversations, Participatieladder measurements, term extensions, the COA information profile and the
warm-handover checklist.

Random numbers come from one stream per household and one per person
(``random.Random("<seed>:journey:<key>")``), so a journey does not depend on who else is in the plan
(only addresses are handed out in plan order, to keep them unique).

Dates: life events (link, housing, BRP, intake, PIP, bijstand, duty ended) are placed relative to the
fixed reference date and never after ``min(reference date, today)``. The follow-up that runs on a
cadence (progress conversations every ~3 months, Participatieladder twice a year) and the waiting list
run up to the real today, so the cadence deadlines show a realistic mix of on time, due soon and
overdue whenever the demo is seeded; nothing is dated after today except a planned next appointment.

All shares and gaps are invented for the demo: plausible, not statistics. Nationality is never used to
decide a fact that the product's rules read (low literacy, work experience): those follow education
and age.

Documented order exceptions: about 2% of the Wi2021 people with a PIP had the PIP set before their
broad intake started ("to meet the term"); both milestones carry an ``exception_reason``.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from meedoen.clients.models import HouseholdRole, Regime, TargetGroup
from meedoen.demo.data import MIDDEN_DRENTHE, MunicipalitySpec
from meedoen.demo.plan import (
    BIJSTAND,
    STATUSHOUDER,
    WI2021_START,
    Assignment,
    PersonPlan,
    _rng,
    _weighted,
    public_id_for,
)
from meedoen.journey.models import (
    BijstandEndReason,
    ContactKind,
    ExtensionGround,
    Handover,
    MilestoneKind,
)

DAY = dt.timedelta(days=1)

# --- Plausible shares (invented for the demo) -----------------------------------------------------

EDUCATION_WEIGHTS = {"none": 11, "primary": 22, "secondary": 31, "vocational": 16, "higher": 15, "unknown": 5}
EDUCATION_YEARS = {"none": (0, 0), "primary": (4, 7), "secondary": (8, 12), "vocational": (10, 14),
                   "higher": (14, 18)}
LOW_LITERACY_BY_EDUCATION = {"none": 0.9, "primary": 0.45, "secondary": 0.14, "vocational": 0.08, "higher": 0.03,
                             "unknown": 0.3}
# Bijstand clients: highest completed education (Dutch levels) and the same kind of dependence.
BIJSTAND_EDUCATION_WEIGHTS = {"primary": 20, "secondary": 40, "vocational": 30, "higher": 10}
BIJSTAND_LOW_LITERACY = {"primary": 0.40, "secondary": 0.12, "vocational": 0.05, "higher": 0.01}

OCCUPATIONS_BY_EDUCATION = {
    "none": ("landarbeider", "schoonmaker", "bouwvakker", "herder", "naaister", "marktkoopman"),
    "primary": ("kapper", "chauffeur", "bouwvakker", "kok", "naaister", "bakker", "winkelier", "lasser"),
    "secondary": ("winkelier", "chauffeur", "monteur", "elektricien", "kok", "administratief medewerker",
                  "beveiliger", "timmerman"),
    "vocational": ("elektricien", "automonteur", "loodgieter", "timmerman", "verpleegkundige", "lasser",
                   "tandtechnicus"),
    "higher": ("docent", "ingenieur", "apotheker", "accountant", "arts", "jurist", "ict'er", "journalist"),
    "unknown": ("winkelier", "chauffeur", "kok", "schoonmaker"),
}
VISIBLE_LIMITATIONS = ("Loopt met een kruk", "Slechtziend", "Slechthorend", "Beperkte handfunctie",
                       "Rolstoelgebruiker")

# Languages (ISO 639-3) by country of origin: (first language, weight) alternatives and extra languages.
FIRST_LANGUAGES = {
    "SY": {"ara": 88, "kmr": 12}, "ER": {"tir": 100}, "AF": {"prs": 65, "pus": 35}, "TR": {"tur": 75, "kmr": 25},
    "IQ": {"ara": 60, "ckb": 25, "kmr": 15}, "YE": {"ara": 100}, "UA": {"ukr": 100}, "SO": {"som": 100},
    "NL": {"nld": 100},
}
SECOND_LANGUAGES = {"SY": ("ara", 0.1), "ER": ("amh", 0.25), "AF": ("fas", 0.15), "TR": ("tur", 0.2),
                    "IQ": ("ara", 0.3), "YE": ("eng", 0.1), "UA": ("rus", 0.55), "SO": ("ara", 0.15)}

HOUSING_CORPORATIONS = {
    "default": ("Woonstichting IJsseldelta", "Woningcorporatie Hanzewonen", "Stichting Wonen Zwolle-Zuid"),
    MIDDEN_DRENTHE: ("Woonstichting Midden-Drenthe", "Drents Thuis Wonen"),
}

# Invented, plausible street names; each street has one postcode area (four digits).
ZWOLLE_STREETS = (
    "Esdoornstraat", "Lijsterbeslaan", "Merelweg", "Kievitstraat", "Rembrandtlaan", "Vermeerstraat",
    "Sweelinckstraat", "Berkenlaan", "Ooievaarsweg", "Zwanenhof", "Tulpstraat", "Irisweg", "Havikstraat",
    "Reigerlaan", "Dahliastraat", "Wilgenhof", "Elzenstraat", "Mozartlaan", "Brahmsstraat", "Haydnweg",
    "Vechtkade", "Weteringpad", "Dijkweg", "Molenstraat", "Kerkpad", "Stationsplein", "Hanzehof", "Sallandstraat",
    "Twentelaan", "Drostenstraat", "Kamperpoort", "Lindenlaan", "Kastanjestraat", "Beukenhof", "Platanenlaan",
    "Zilverschoonstraat", "Boterbloemweg", "Klaverstraat", "Roggestraat", "Haverlaan", "Tarwehof", "Gerstweg",
    "Meeuwenlaan", "Spechtstraat", "Vinkenhof", "Zwaluwstraat", "Fazantweg", "Kraanvogelstraat",
    "Pieter Breughelstraat", "Frans Halslaan", "Jan Steenstraat", "Mondriaanhof", "Escherweg", "Beatrixlaan",
    "Marijkestraat", "Julianahof", "Oranjelaan", "Nassaustraat", "Waterstraat", "Ijsvogelhof",
)
ZWOLLE_POSTCODES = (8011, 8012, 8013, 8014, 8015, 8016, 8017, 8019, 8021, 8022, 8023, 8024, 8025, 8026, 8027,
                    8028, 8031, 8032, 8033, 8034, 8035, 8041, 8042, 8043, 8044, 8045)
MIDDEN_DRENTHE_STREETS = (  # (street, place, postcode digits)
    ("Brinkstraat", "Beilen", 9411), ("Ringweg", "Beilen", 9411), ("Esweg", "Beilen", 9412),
    ("Heidelaan", "Beilen", 9413), ("Dennenweg", "Beilen", 9413), ("Stationsstraat", "Beilen", 9411),
    ("Zuideinde", "Beilen", 9415), ("Wilhelminalaan", "Beilen", 9412), ("Hoofdweg", "Hooghalen", 9414),
    ("Kampweg", "Westerbork", 9431), ("Hoofdstraat", "Westerbork", 9431), ("Veldweg", "Westerbork", 9432),
    ("Vaartweg", "Smilde", 9422), ("Kanaalstraat", "Smilde", 9422), ("Hoofdwijk", "Bovensmilde", 9421),
    ("Brugstraat", "Bovensmilde", 9421), ("Dorpsstraat", "Wijster", 9418), ("Schoolstraat", "Beilen", 9412),
)
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"

SUMMARIES = {
    ContactKind.INTAKE: ("Brede intake: opleiding, werkervaring, gezondheid en thuissituatie besproken.",
                         "Intakegesprek: rechten en plichten en de eerste afspraken doorgenomen.",
                         "Kennismaking en intake; leerbaarheidstoets aangevraagd."),
    ContactKind.PROGRESS: ("Voortgang besproken; de taalles loopt volgens plan.",
                           "Afspraken uit het plan doorgenomen, geen bijzonderheden.",
                           "Gesproken over vrijwilligerswerk naast de taalles.",
                           "Sollicitaties besproken; volgt een training werknemersvaardigheden.",
                           "Kinderopvang geregeld; kan nu vaker naar de les.",
                           "Zorgen over geld besproken; verwezen naar de schuldhulp.",
                           "Werkervaringsplek bij een werkgever in de buurt besproken.",
                           "Taalniveau vooruitgegaan; volgende stap in het plan besproken.",
                           "Gezondheid besproken; afspraken over de belasting per week aangepast."),
    ContactKind.PHONE: ("Telefonisch: afspraak verzet.", "Telefonisch: vraag over een brief beantwoord.",
                        "Telefonisch: gevraagd hoe het gaat."),
    ContactKind.HOME_VISIT: ("Huisbezoek na de verhuizing: woning en buurt doorgelopen.",
                             "Huisbezoek: thuissituatie besproken."),
}

TIMES = ((9, 0), (10, 0), (10, 30), (11, 15), (13, 30), (14, 15), (15, 0))


# --- Records ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MilestonePlan:
    kind: str
    date: dt.date
    version: int = 1
    details: tuple[tuple[str, str], ...] = ()
    exception_reason: str = ""


@dataclass(frozen=True)
class EpisodePlan:
    start: dt.date
    end: dt.date | None = None
    end_reason: str = ""


@dataclass(frozen=True)
class ContactPlan:
    kind: str
    occurred_on: dt.date
    interpreter_language: str = ""  # ISO 639-3; empty: no interpreter
    next_appointment: dt.datetime | None = None  # naive, local time (made aware when written)
    summary: str = ""


@dataclass(frozen=True)
class LadderPlan:
    measured_on: dt.date
    rung: int


@dataclass(frozen=True)
class ExtensionPlan:
    weeks: int
    ground: str
    decided_on: dt.date


@dataclass(frozen=True)
class CoaProfilePlan:
    received_on: dt.date
    household_size: int
    education: str
    education_years: int | None
    work_experience_years: int | None
    occupation: str
    visible_limitations: str


@dataclass(frozen=True)
class HandoverPlan:
    first_talk_on: dt.date | None
    profile_received: bool
    contact_details_received: bool
    health_consent: str
    health_consent_on: dt.date | None
    pre_integration_followed: bool


@dataclass(frozen=True)
class Address:
    street: str
    house_number: str
    postcode: str
    city: str


@dataclass(frozen=True)
class PersonJourney:
    target_group: str
    country_of_origin: str
    languages: tuple[str, ...]
    household_role: str
    address: Address | None
    low_literacy: bool | None
    has_work_experience: bool | None
    waiting_since: dt.date | None
    milestones: tuple[MilestonePlan, ...] = ()
    episodes: tuple[EpisodePlan, ...] = ()
    contacts: tuple[ContactPlan, ...] = ()
    ladder: tuple[LadderPlan, ...] = ()
    extensions: tuple[ExtensionPlan, ...] = ()
    coa_profile: CoaProfilePlan | None = None
    handover: HandoverPlan | None = None
    # What the broad intake finds, decided with the journey (also before the intake is completed, when
    # ``low_literacy`` and ``has_work_experience`` are still unknown): the programme (``demo.programme``)
    # fills the intake and the plan from these. Statushouders: an ``EDUCATION_WEIGHTS`` key; bijstand
    # clients: a ``BIJSTAND_EDUCATION_WEIGHTS`` key.
    education: str = ""
    work_years: int = 0
    low_literate: bool = False
    works: bool = False


@dataclass(frozen=True)
class Journeys:
    people: dict[str, PersonJourney]  # by person key
    households: dict[str, uuid.UUID]  # plan household id -> public id, for households of two or more


# --- Small helpers -----------------------------------------------------------------------------------

def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + DAY * rng.randint(0, (last - first).days)


def _at(rng: random.Random, day: dt.date) -> dt.datetime:
    hour, minute = rng.choice(TIMES)
    return dt.datetime(day.year, day.month, day.day, hour, minute)  # noqa: DTZ001 - made aware when written


def _contact(rng: random.Random, kind: str, day: dt.date, interpreter: str = "",
             appointment: dt.datetime | None = None) -> ContactPlan:
    return ContactPlan(kind, day, interpreter, appointment, rng.choice(SUMMARIES[kind]))


def _upto(day: dt.date | None, last_day: dt.date) -> dt.date | None:
    """The day if it has happened by ``last_day``, else None."""
    return day if day is not None and day <= last_day else None


_ROLES = {"head": HouseholdRole.REFERENT, "partner": HouseholdRole.PARTNER, "child": HouseholdRole.CHILD}


def _household_role(person: PersonPlan, members: Sequence[PersonPlan]) -> str:
    if len(members) < 2:
        return ""
    if person.household_role == "sibling":
        return str(HouseholdRole.REFERENT if person is members[0] else HouseholdRole.OTHER)
    return str(_ROLES.get(person.household_role, HouseholdRole.OTHER))


class AddressBook:
    """Hands out unique invented addresses in one municipality (in plan order, so deterministic)."""

    def __init__(self, cbs_code: str, city: str = "Zwolle"):
        self.cbs_code = cbs_code
        self.city = city  # other municipalities than the two demo ones: Zwolle-style streets in their own name
        self.taken: set[tuple[str, str]] = set()

    def _street(self, rng: random.Random) -> tuple[str, str, int, int]:
        if self.cbs_code == MIDDEN_DRENTHE:
            index = rng.randrange(len(MIDDEN_DRENTHE_STREETS))
            street, city, digits = MIDDEN_DRENTHE_STREETS[index]
            return street, city, digits, index
        index = rng.randrange(len(ZWOLLE_STREETS))
        return ZWOLLE_STREETS[index], self.city, ZWOLLE_POSTCODES[index % len(ZWOLLE_POSTCODES)], index

    def address(self, rng: random.Random) -> Address:
        for attempt in range(200):
            street, city, digits, index = self._street(rng)
            number = rng.randint(1, 160 if attempt < 20 else 400)
            suffix = "" if attempt < 10 or rng.random() < 0.3 else rng.choice(("A", "B", "C", "-1", "-2", "-3"))
            house_number = f"{number}{suffix}"
            if (street + city, house_number) in self.taken:
                continue
            self.taken.add((street + city, house_number))
            block = number // 24
            letters = (POSTCODE_LETTERS[(index * 5 + block) % len(POSTCODE_LETTERS)]
                       + POSTCODE_LETTERS[(index * 11 + block * 3 + 7) % len(POSTCODE_LETTERS)])
            if letters in ("SA", "SD", "SS"):  # not used in Dutch postcodes
                letters = letters[0] + "X"
            return Address(street, house_number, f"{digits} {letters}", city)
        raise RuntimeError("No free demo address left")  # pragma: no cover - 60 streets x 400 x 7 variants


def _languages(rng: random.Random, origin: str, name_origin: str, group: str, years_here: float) -> tuple[str, ...]:
    if origin == "NL":
        langs = ["nld"]
        if name_origin != "NL" and rng.random() < 0.35:
            first = _weighted(rng, FIRST_LANGUAGES.get(name_origin, {"eng": 1}))
            langs.append(first)
        return tuple(langs)
    langs = [_weighted(rng, FIRST_LANGUAGES[origin])]
    second, share = SECOND_LANGUAGES.get(origin, ("eng", 0.1))
    if second not in langs and rng.random() < share:
        langs.append(second)
    if group == BIJSTAND and rng.random() < 0.65:
        langs.append("nld")
    elif group == STATUSHOUDER and years_here >= 2.5 and rng.random() < 0.5:
        langs.append("nld")
    if "eng" not in langs and rng.random() < 0.12:
        langs.append("eng")
    return tuple(langs)


# --- Follow-up: conversations and Participatieladder -------------------------------------------------

@dataclass
class FollowUp:
    """What the follow-up of one person needs."""

    start: dt.date | None  # intake completed (or first PIP): progress and ladder count from here
    stop: dt.date  # last day anything can be recorded (today, waiting list, end of bijstand)
    ongoing: bool  # still followed up today (the last conversation planned the next one)
    interpreter_language: str  # the language an interpreter would speak; "" when none is needed
    interpreter_from: dt.date | None  # arrival: the need for an interpreter fades with the years
    low_literacy: bool
    first_rung: dict[int, int]
    window_start: dt.date  # history kept from here (bijstand clients: the last two years)


def _interpreter(rng: random.Random, f: FollowUp, day: dt.date) -> str:
    if not f.interpreter_language or f.interpreter_from is None:
        return ""
    years = (day - f.interpreter_from).days / 365.25
    share = 0.85 if years < 1 else 0.6 if years < 2 else 0.35 if years < 3 else 0.12
    if f.low_literacy:
        share += 0.1
    return f.interpreter_language if rng.random() < share else ""


def _progress_contacts(rng: random.Random, f: FollowUp) -> list[ContactPlan]:
    if f.start is None or f.start > f.stop:
        return []
    stop = f.stop
    if rng.random() < 0.08:  # conversations that lapsed: the progress deadline is overdue
        stop = min(stop, f.stop - DAY * rng.randint(100, 260))
    first = f.start + DAY * rng.randint(70, 100)
    if first < f.window_start:
        first = f.window_start + DAY * rng.randint(0, 90)
    days: list[dt.date] = []
    day = first
    while day <= stop:
        days.append(day)
        day += DAY * rng.randint(75, 110)
    contacts = []
    for i, day in enumerate(days):
        if i + 1 < len(days):
            following = days[i + 1]
        elif stop == f.stop and f.ongoing:
            following = day + DAY * rng.randint(80, 95)  # planned, may lie ahead
        else:
            following = None
        appointment = _at(rng, following) if following is not None and rng.random() < 0.85 else None
        contacts.append(_contact(rng, ContactKind.PROGRESS, day, _interpreter(rng, f, day), appointment))
        if i + 1 < len(days) and rng.random() < 0.25:  # a phone call in between
            call = _between(rng, day + DAY * 14, days[i + 1] - DAY * 14)
            contacts.append(_contact(rng, ContactKind.PHONE, call))
    return contacts


def _ladder(rng: random.Random, f: FollowUp, rung_cap: int) -> list[LadderPlan]:
    if f.start is None or f.start > f.stop:
        return []
    stop = f.stop
    if rng.random() < 0.06:  # measurements that lapsed: overdue
        stop = min(stop, f.stop - DAY * rng.randint(200, 400))
    day = f.start + DAY * rng.randint(0, 30)
    if day < f.window_start:
        day = f.window_start + DAY * rng.randint(0, 150)
    rung = _weighted(rng, f.first_rung)
    result = []
    while day <= stop:
        result.append(LadderPlan(day, min(rung, rung_cap)))
        step = rng.random()
        rung = max(1, min(6, rung + (1 if step < 0.25 else -1 if step > 0.95 else 0)))
        day += DAY * rng.randint(150, 200)
    return result


def _waiting_since(rng: random.Random, entry: dt.date, last_day: dt.date) -> dt.date:
    back = _weighted(rng, {(0, 90): 40, (91, 180): 30, (181, 365): 22, (366, 540): 8})
    since = max(entry + DAY * rng.randint(0, 14), last_day - DAY * rng.randint(*back))
    return min(since, last_day)


def _end_reason(rng: random.Random, weights: dict[str, int]) -> str:
    return str(_weighted(rng, weights))


# --- Statushouders -------------------------------------------------------------------------------------

@dataclass
class HouseholdFacts:
    permit: dt.date
    link: dt.date
    offered: dt.date | None
    housed: dt.date | None
    brp: dt.date | None
    bijstand_start: dt.date | None
    address: Address | None
    corporation: str
    size: int
    late_key: str | None = None  # a partner who came later (family reunification / formation)
    late_arrival: dt.date | None = None
    late_group: str = ""


def _housing(rng: random.Random, link: dt.date, in_azc: bool, last_day: dt.date):
    """(housing offered, housed): norm 10 weeks (+2 to move), often late (domain.md)."""
    span = (last_day - link).days
    if in_azc:
        if span >= 35 and rng.random() < 0.25:  # offered in the last days; the move is still ahead
            return last_day - DAY * rng.randint(0, min(12, span - 28)), None
        return None, None
    late = rng.random() < 0.3
    offer_days = rng.randint(77, 240) if late else rng.randint(28, 70)
    move_days = rng.randint(3, 14) if rng.random() < 0.85 else rng.randint(15, 35)
    if offer_days + move_days > span:  # the plan says housed already: fit the dates into the time there was
        offer_days = int(span * 0.7)
        move_days = rng.randint(0, max(0, span - offer_days))
    offered = link + DAY * offer_days
    if rng.random() < 0.08:  # the offer date was never recorded
        offered = None
    return offered, link + DAY * (offer_days + move_days)


def _household_size(members: Sequence[PersonPlan], rng: random.Random) -> int:
    roles = {m.household_role for m in members}
    size = len(members)
    if "child" in roles:
        size += rng.randint(1, 4)  # children under 18 are no clients of their own
    elif "partner" in roles and rng.random() < 0.4:
        size += rng.randint(1, 2)
    return size


def _statushouder_household(ctx: _Context, members: list[PersonPlan]) -> dict[str, PersonJourney]:
    rng = _rng(ctx.seed, "journey", members[0].household)
    first = members[0]
    link = min(first.link_date, ctx.last_day)
    offered, housed = _housing(rng, link, first.in_azc, ctx.last_day)
    brp = min(housed + DAY * rng.randint(0, 6), ctx.last_day) if housed else None
    corporations = HOUSING_CORPORATIONS.get(ctx.spec.cbs_code, HOUSING_CORPORATIONS["default"])
    facts = HouseholdFacts(
        permit=link - DAY * rng.randint(8, 24), link=link, offered=offered, housed=housed, brp=brp,
        bijstand_start=min(housed + DAY * rng.randint(0, 4), ctx.last_day) if housed else None,
        address=ctx.addresses.address(rng) if housed else None, corporation=rng.choice(corporations),
        size=_household_size(members, rng),
    )
    partner = next((m for m in members if m.household_role == "partner"), None)
    if partner is not None and housed and link >= WI2021_START and rng.random() < 0.25:
        latest = min(housed + DAY * 450, ctx.last_day - DAY * 14)
        if housed + DAY * 90 <= latest:
            facts.late_key, facts.late_arrival = partner.key, _between(rng, housed + DAY * 90, latest)
            has_children = any(m.household_role == "child" for m in members)
            facts.late_group = (TargetGroup.GEZINSVORMER_ASIEL if not has_children and rng.random() < 0.4
                                else TargetGroup.GEZINSHERENIGER_ASIEL)
    return {p.key: _statushouder(ctx, p, members, facts) for p in members}


def _statushouder(ctx: _Context, p: PersonPlan, members: list[PersonPlan], h: HouseholdFacts) -> PersonJourney:
    rng = _rng(ctx.seed, "journey", p.key)
    last_day = ctx.last_day
    assignment = ctx.assignments[p.key]
    late = p.key == h.late_key
    wi2021 = p.regime == Regime.WI2021
    arrival = h.late_arrival if late else h.link
    age = p.age_on(arrival)

    # Facts from the COA profile and the intake: they follow education and age, nothing else.
    education = _weighted(rng, EDUCATION_WEIGHTS)
    low_lit = rng.random() < LOW_LITERACY_BY_EDUCATION[education] + (0.05 if age >= 50 else 0)
    no_work = (0.65 if age < 25 else 0.38 if age < 35 else 0.28) + {"none": 0.12, "higher": -0.12}.get(education, 0)
    has_work = rng.random() >= no_work
    years_work = rng.randint(1, max(1, min(age - 16, 30))) if has_work else 0
    languages = _languages(rng, p.origin, p.name_origin, STATUSHOUDER, (last_day - arrival).days / 365.25)

    milestones: list[MilestonePlan] = []
    if late:
        permit = arrival - DAY * rng.randint(14, 60)
        brp = min(arrival + DAY * rng.randint(2, 10), last_day)
        milestones += [MilestonePlan(MilestoneKind.PERMIT, permit), MilestonePlan(MilestoneKind.BRP_REGISTERED, brp)]
        bijstand_start = brp
    else:
        milestones += [MilestonePlan(MilestoneKind.PERMIT, h.permit), MilestonePlan(MilestoneKind.LINKED, h.link)]
        if h.offered and h.offered <= last_day:
            milestones.append(MilestonePlan(MilestoneKind.HOUSING_OFFERED, h.offered))
        if h.housed:
            milestones.append(MilestonePlan(MilestoneKind.HOUSED, h.housed,
                                            details=(("housing_corporation", h.corporation),)))
        if h.brp:
            milestones.append(MilestonePlan(MilestoneKind.BRP_REGISTERED, h.brp))
        brp, bijstand_start = h.brp, h.bijstand_start

    # COA information profile (links from 2022) and the warm handover checklist (recent links).
    coa = handover = None
    if not late and h.link >= WI2021_START:
        coa = CoaProfilePlan(
            received_on=min(h.link + DAY * rng.randint(0, 7), last_day), household_size=h.size,
            education=education, education_years=(rng.randint(*EDUCATION_YEARS[education])
                                                   if education in EDUCATION_YEARS else None),
            work_experience_years=years_work, occupation=(rng.choice(OCCUPATIONS_BY_EDUCATION[education])
                                                          if has_work else ""),
            visible_limitations=rng.choice(VISIBLE_LIMITATIONS) if rng.random() < 0.04 else "",
        )
    if not late and wi2021 and h.link >= last_day - DAY * 548:
        first_talk = _upto(h.link + DAY * rng.randint(7, 21), last_day)
        consent = _weighted(rng, {Handover.Consent.GIVEN: 70, Handover.Consent.REFUSED: 5,
                                  Handover.Consent.NOT_ASKED: 25}) if first_talk else Handover.Consent.NOT_ASKED
        handover = HandoverPlan(
            first_talk_on=first_talk, profile_received=coa is not None and first_talk is not None,
            contact_details_received=first_talk is not None and rng.random() < 0.85,
            health_consent=str(consent),
            health_consent_on=first_talk if consent != Handover.Consent.NOT_ASKED else None,
            pre_integration_followed=first_talk is not None and rng.random() < 0.55,
        )
        done = sum([handover.first_talk_on is not None, handover.profile_received, handover.contact_details_received,
                    handover.health_consent != Handover.Consent.NOT_ASKED, handover.pre_integration_followed])
        if done >= 4:
            completed_on = _upto(first_talk + DAY * rng.randint(7, 28), last_day)
            if completed_on and (h.housed is None or completed_on <= h.housed):
                milestones.append(MilestonePlan(MilestoneKind.HANDOVER, completed_on))

    # Broad intake: a few weeks after housing; under Wi2021 sometimes already in the AZC.
    intake_started = None
    if wi2021 and handover is not None and handover.first_talk_on and rng.random() < 0.3:
        intake_started = h.link + DAY * rng.randint(21, 56)
    elif late:
        intake_started = brp + DAY * rng.randint(5, 21)
    elif h.housed:
        intake_started = h.housed + DAY * rng.randint(5, 21)
    intake_started = _upto(intake_started, last_day)
    if p.key in ctx.intake_pending:  # the client of the demo flow: linked and housed, the intake still to do
        intake_started = None
    intake_completed = _upto(intake_started + DAY * rng.randint(28, 56), last_day) if intake_started else None

    # Personal plan (Wi2021 only): 8-14 weeks after BRP registration, some later; never before the intake.
    pip_dates: list[dt.date] = []
    if wi2021 and brp and intake_completed:
        weeks = _weighted(rng, {(7, 10): 60, (11, 14): 25, (15, 26): 15})
        pip = max(brp + DAY * (7 * rng.randint(*weeks) + rng.randint(0, 6)), intake_completed + DAY * rng.randint(1, 7))
        if pip <= last_day:
            pip_dates.append(pip)
            while (len(pip_dates) < 3 and pip_dates[-1] <= last_day - DAY * 270
                   and rng.random() < (0.2 if len(pip_dates) == 1 else 0.25)):
                later = pip_dates[-1] + DAY * rng.randint(150, 480)
                if later > last_day:
                    break
                pip_dates.append(later)
    order_exception = bool(pip_dates) and rng.random() < 0.02
    if order_exception:  # the PIP was set first to meet the term; the intake came after it
        later_start = _upto(pip_dates[0] + DAY * rng.randint(7, 30), last_day)
        if later_start is None:
            order_exception = False
        else:
            intake_started = later_start
            intake_completed = _upto(later_start + DAY * rng.randint(21, 42), last_day)
    if intake_started:
        reason = ("Intake pas na het PIP gehouden: PIP eerst vastgesteld om de termijn te halen."
                  if order_exception else "")
        milestones.append(MilestonePlan(MilestoneKind.INTAKE_STARTED, intake_started, exception_reason=reason))
    if intake_completed:
        milestones.append(MilestonePlan(MilestoneKind.INTAKE_COMPLETED, intake_completed))
    for version, day in enumerate(pip_dates, start=1):
        reason = ("PIP vastgesteld vóór de brede intake om de wettelijke termijn te halen; intake volgt."
                  if order_exception and version == 1 else "")
        milestones.append(MilestonePlan(MilestoneKind.PIP_SET, day, version=version, exception_reason=reason))

    # Inburgering duty ended (2019-2022 cohorts), extensions of the term (Wi2021).
    fulfilled = exempted = None
    if h.link.year <= 2022:
        roll = rng.random()
        if p.regime == Regime.WI2013:
            if roll < 0.55:
                fulfilled = _upto(h.link + DAY * rng.randint(700, 1300), last_day)
            elif roll < 0.61:
                exempted = _upto(h.link + DAY * rng.randint(365, 1100), last_day)
        elif pip_dates:
            if roll < 0.42:
                fulfilled = _upto(pip_dates[0] + DAY * rng.randint(540, 1090), last_day)
            elif roll < 0.47:
                exempted = _upto(pip_dates[0] + DAY * rng.randint(180, 900), last_day)
    if fulfilled:
        milestones.append(MilestonePlan(MilestoneKind.DUTY_FULFILLED, fulfilled))
    if exempted:
        ground = rng.choice(("Medische ontheffing (DUO)", "Aantoonbaar onvoldoende leerbaar",
                             "Aantoonbaar voldoende inspanning"))
        milestones.append(MilestonePlan(MilestoneKind.DUTY_EXEMPTED, exempted, details=(("ground", ground),)))
    extensions: list[ExtensionPlan] = []
    if wi2021 and pip_dates and not (fulfilled or exempted):
        term_end = pip_dates[0] + DAY * 1095
        ground = str(_weighted(rng, {ExtensionGround.MEDICAL: 30, ExtensionGround.NO_COURSE: 15,
                                     ExtensionGround.CIRCUMSTANCES: 25, ExtensionGround.EFFORT: 25,
                                     ExtensionGround.OTHER: 5}))
        if term_end <= last_day + DAY * 180 and rng.random() < 0.45:
            decided = max(pip_dates[0] + DAY * 365, term_end - DAY * rng.randint(30, 150))
            if decided <= last_day:
                extensions.append(ExtensionPlan(rng.choice((13, 26, 26, 39, 52)), ground, decided))
        elif pip_dates[0] <= last_day - DAY * 400 and rng.random() < 0.05:
            extensions.append(ExtensionPlan(rng.choice((13, 26)), str(ExtensionGround.MEDICAL),
                                            _between(rng, pip_dates[0] + DAY * 200, last_day)))

    # Bijstand from the day of housing (or arrival); some leave it, a few come back.
    episodes: list[EpisodePlan] = []
    if bijstand_start:
        span = (last_day - bijstand_start).days
        if span >= 150 and rng.random() < min(0.55, 0.11 * span / 365):
            end = bijstand_start + DAY * rng.randint(120, span)
            reason = _end_reason(rng, {BijstandEndReason.WORK: 50, BijstandEndReason.EDUCATION: 15,
                                       BijstandEndReason.MOVED: 10, BijstandEndReason.PARTNER_INCOME: 8,
                                       BijstandEndReason.OTHER: 17})
            episodes.append(EpisodePlan(bijstand_start, end, reason))
            back = end + DAY * rng.randint(90, 540)
            if reason != BijstandEndReason.MOVED and back <= last_day and rng.random() < 0.15:
                episodes.append(EpisodePlan(back))
        else:
            episodes.append(EpisodePlan(bijstand_start))

    waiting_since = None
    if assignment.klantmanager is None:  # waiting for a klantmanager for the guidance after the intake
        waiting_since = _waiting_since(rng, intake_completed or h.housed or arrival, ctx.follow_day)
    stop = waiting_since or ctx.follow_day
    duty_runs = p.regime in (Regime.WI2021, Regime.WI2013) and not (fulfilled or exempted)
    if episodes and episodes[-1].end is not None and not duty_runs:  # out of bijstand and done with inburgering
        stop = min(stop, episodes[-1].end)
    interpreter_language = next((code for code in languages if code != "nld"), "")
    follow = FollowUp(start=intake_completed if not pip_dates else min(intake_completed or pip_dates[0],
                                                                             pip_dates[0]),
                      stop=stop, ongoing=stop == ctx.follow_day,
                      interpreter_language=interpreter_language, interpreter_from=arrival,
                      low_literacy=low_lit, first_rung={1: 15, 2: 40, 3: 35, 4: 10},
                      window_start=dt.date.min)  # a newcomer's whole follow-up is kept
    contacts: list[ContactPlan] = []
    if intake_started and intake_started <= stop:
        contacts.append(_contact(rng, ContactKind.INTAKE, intake_started, _interpreter(rng, follow, intake_started)))
    if h.housed and not late and rng.random() < 0.4:
        visit = _upto(h.housed + DAY * rng.randint(5, 25), stop)
        if visit:
            contacts.append(_contact(rng, ContactKind.HOME_VISIT, visit, _interpreter(rng, follow, visit)))
    contacts += _progress_contacts(rng, follow)
    working = any(e.end_reason == BijstandEndReason.WORK for e in episodes)
    ladder = _ladder(rng, follow, 6 if working else 5)

    knows_work = coa is not None or intake_completed is not None
    return PersonJourney(
        target_group=str(h.late_group if late else TargetGroup.ASIELSTATUSHOUDER),
        country_of_origin=p.origin, languages=languages, household_role=_household_role(p, members),
        address=h.address, low_literacy=low_lit if intake_completed else None,
        has_work_experience=has_work if knows_work else None,
        waiting_since=waiting_since,
        milestones=tuple(sorted(milestones, key=lambda m: (m.date, m.kind, m.version))),
        episodes=tuple(episodes), contacts=tuple(sorted(contacts, key=lambda c: (c.occurred_on, c.kind))),
        ladder=tuple(ladder), extensions=tuple(extensions), coa_profile=coa, handover=handover,
        education=education, work_years=years_work, low_literate=low_lit, works=has_work,
    )


# --- Bijstand clients (Participatiewet only) -------------------------------------------------------------

BIJSTAND_START_YEARS = {2015: 6, 2016: 6, 2017: 6, 2018: 7, 2019: 7, 2020: 9, 2021: 8, 2022: 9, 2023: 10, 2024: 11,
                        2025: 12, 2026: 9}


def _adult_from(person: PersonPlan) -> dt.date:
    born = person.birth_date
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        return born.replace(year=born.year + 18, day=28)


def _return_gap(draw: int) -> int:
    """Days from leaving bijstand to coming back, from one even draw in 60..900: a quarter of the returns within
    six months, a sixth in the second half year, the rest up to two and a half years later. Among those who leave
    for work that gives about the shares Divosa reports: 14 % back within 6 months, 20 % within a year and 35 %
    within five years."""
    share = (draw - 60) / 840
    if share < 0.25:
        return 60 + round(share / 0.25 * 122)
    if share < 0.41:
        return 183 + round((share - 0.25) / 0.16 * 182)
    return 366 + round((share - 0.41) / 0.59 * 534)


def _bijstand_household(ctx: _Context, members: list[PersonPlan]) -> dict[str, PersonJourney]:
    rng = _rng(ctx.seed, "journey", members[0].household)
    last_day = ctx.last_day
    years = {y: w for y, w in BIJSTAND_START_YEARS.items() if y <= last_day.year}
    year = _weighted(rng, years)
    start = _between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), last_day - DAY * 7))
    pattern = rng.random()
    ended = returned = None
    if pattern < 0.13 and (last_day - start).days > 400:  # left bijstand, then came back
        end = start + DAY * rng.randint(200, min(1500, (last_day - start).days - 120))
        ended = (end, _end_reason(rng, {BijstandEndReason.WORK: 55, BijstandEndReason.EDUCATION: 12,
                                        BijstandEndReason.PARTNER_INCOME: 10, BijstandEndReason.OTHER: 23}))
        back = end + DAY * _return_gap(rng.randint(60, 900))
        returned = back if back <= last_day else None
    elif pattern < 0.20 and (last_day - start).days > 120:  # left recently; followed up for a return
        end = max(start + DAY * 60, last_day - DAY * rng.randint(10, 330))
        ended = (end, _end_reason(rng, {BijstandEndReason.WORK: 45, BijstandEndReason.EDUCATION: 12,
                                        BijstandEndReason.MOVED: 15, BijstandEndReason.PARTNER_INCOME: 8,
                                        BijstandEndReason.OTHER: 20}))
    address = ctx.addresses.address(rng)
    return {p.key: _bijstand(ctx, p, members, start, ended, returned, address) for p in members}


def _bijstand(ctx: _Context, p: PersonPlan, members: list[PersonPlan], household_start: dt.date,
              ended: tuple[dt.date, str] | None, returned: dt.date | None, address: Address) -> PersonJourney:
    rng = _rng(ctx.seed, "journey", p.key)
    last_day = ctx.last_day
    assignment = ctx.assignments[p.key]
    start = min(max(household_start, _adult_from(p) + DAY * rng.randint(0, 120)), last_day)
    episodes: list[EpisodePlan] = []
    if ended is not None and ended[0] > start:
        episodes.append(EpisodePlan(start, ended[0], ended[1]))
        if returned is not None:
            episodes.append(EpisodePlan(returned))
    else:
        episodes.append(EpisodePlan(start))

    education = _weighted(rng, BIJSTAND_EDUCATION_WEIGHTS)
    low_lit = rng.random() < BIJSTAND_LOW_LITERACY[education]
    age = p.age_on(start)
    has_work = rng.random() >= (0.55 if age < 23 else 0.25 if age < 30 else 0.15)

    milestones = []
    intake_started = _upto(start + DAY * rng.randint(5, 21), last_day)
    intake_completed = _upto(intake_started + DAY * rng.randint(14, 42), last_day) if intake_started else None
    if intake_started:
        milestones.append(MilestonePlan(MilestoneKind.INTAKE_STARTED, intake_started))
    if intake_completed:
        milestones.append(MilestonePlan(MilestoneKind.INTAKE_COMPLETED, intake_completed))

    current = episodes[-1]
    waiting_since = (_waiting_since(rng, intake_completed or current.start, ctx.follow_day)
                     if assignment.klantmanager is None else None)
    stop = min(waiting_since or ctx.follow_day, current.end or ctx.follow_day)
    languages = _languages(rng, p.origin, p.name_origin, BIJSTAND, 10.0)
    needs_interpreter = "nld" not in languages and rng.random() < 0.6
    follow = FollowUp(start=intake_completed, stop=stop, ongoing=stop == ctx.follow_day,
                      interpreter_language=languages[0] if needs_interpreter else "",
                      interpreter_from=current.start - DAY * 365 if needs_interpreter else None,
                      low_literacy=low_lit, first_rung={1: 10, 2: 25, 3: 30, 4: 20, 5: 10, 6: 5},
                      window_start=ctx.window_start)
    contacts: list[ContactPlan] = []
    if intake_started and intake_started >= ctx.window_start and intake_started <= stop:
        contacts.append(_contact(rng, ContactKind.INTAKE, intake_started, _interpreter(rng, follow, intake_started)))
    if returned is not None and returned <= stop and returned >= ctx.window_start:
        contacts.append(_contact(rng, ContactKind.INTAKE, returned + DAY * rng.randint(3, 14)))
    contacts = [c for c in contacts if c.occurred_on <= stop]
    contacts += _progress_contacts(rng, follow)
    if rng.random() < 0.05:
        visit = _upto(_between(rng, max(start, ctx.window_start), stop), stop)
        if visit:
            contacts.append(_contact(rng, ContactKind.HOME_VISIT, visit))

    return PersonJourney(
        target_group="", country_of_origin=p.origin, languages=languages,
        household_role=_household_role(p, members), address=address,
        low_literacy=low_lit if intake_completed else None, has_work_experience=has_work if intake_completed else None,
        waiting_since=waiting_since,
        milestones=tuple(milestones), episodes=tuple(episodes),
        contacts=tuple(sorted(contacts, key=lambda c: (c.occurred_on, c.kind))),
        ladder=tuple(_ladder(rng, follow, 6)),
        education=education, low_literate=low_lit, works=has_work,
    )


# --- Entry point ------------------------------------------------------------------------------------------

@dataclass
class _Context:
    seed: int
    spec: MunicipalitySpec
    assignments: dict[str, Assignment]
    today: dt.date
    last_day: dt.date  # life events (milestones, bijstand) up to here: min(reference date, today)
    follow_day: dt.date  # conversations, measurements and the waiting list run up to today
    window_start: dt.date
    addresses: AddressBook
    intake_pending: frozenset[str] = frozenset()  # people whose broad intake has not started (the demo flow)


HISTORY_DAYS = 730
"""Conversations and measurements of bijstand clients are kept for the last two years (statushouders: all)."""


def build_journeys(seed: int, spec: MunicipalitySpec, people: Sequence[PersonPlan],
                   assignments: dict[str, Assignment], *, reference_date: dt.date, today: dt.date,
                   intake_pending: frozenset[str] = frozenset()) -> Journeys:
    """The journeys of a municipality's people. ``intake_pending``: people whose broad intake has not
    started yet whatever their dates say (the client a klantmanager takes through the demo flow)."""
    last_day = min(reference_date, today)
    ctx = _Context(seed=seed, spec=spec, assignments=assignments,
                   today=today, last_day=last_day, follow_day=today, window_start=today - DAY * HISTORY_DAYS,
                   addresses=AddressBook(spec.cbs_code, spec.name), intake_pending=intake_pending)
    by_household: dict[str, list[PersonPlan]] = {}
    for person in people:
        by_household.setdefault(person.household, []).append(person)
    journeys: dict[str, PersonJourney] = {}
    households: dict[str, uuid.UUID] = {}
    for household, members in by_household.items():
        if len(members) >= 2:
            households[household] = public_id_for(seed, "household", household)
        if members[0].group == STATUSHOUDER:
            journeys.update(_statushouder_household(ctx, members))
        else:
            journeys.update(_bijstand_household(ctx, members))
    return Journeys(journeys, households)

