"""Work in the demo (issue 5, item 7): employers, vacancies, work profiles, proposals, placements with the
bijstand outflow they cause, and procured re-integration trajectories, decided in memory from the journeys and
the programme (still no database; ``demo.work_db`` writes it).

For every municipality of the plan, sized to it (Zwolle: about 30 employers and 60 vacancies):

* employers in the region's sectors (logistics, care, construction, hospitality, retail, technical and a few in
  cleaning and agriculture) with invented names, unique eight-digit KvK numbers, one or two contact people, and
  cooperation agreements with about a third of them (commitments that some employers met and some did not);
* vacancies of every kind (paid jobs, work-experience places, MAP practical places, volunteer work) with
  language requirements per skill where the work asks for them (customer contact: speaking B1; safety
  instructions: reading A2; care: speaking and listening B1), a driving licence or certificates for some;
* a work profile for most clients with a completed intake or bijstand: experience from the intake's occupation,
  wishes (sectors, kinds of work, hours, places), a driving licence for some and certificates for a few;
* placements that agree with the journeys: every bijstand episode that ends with reason work has a paid job
  from the next day with a wage at or above the bijstand norm (full outflow); a job that ended before the
  client came back into bijstand (a return); part-time jobs below the norm for about 9 % of the clients on
  bijstand today (partial outflow, the episode stays open), some with a job coach, wage-cost subsidy or
  sheltered work; work-experience, MAP practical and volunteer places where the plan has such an activity
  running; a Participatieladder measurement at each start (6 paid, 5 paid with support, 4 unpaid);
* proposals in every state by the clients' klantmanagers (hired ones linked to their placement);
* one or two re-integration providers with a procurement contract and trajectories with clearly different
  results (about 30 % and 15 % success within the window; some results after the window; some pending);
* the pair of the work demo: a client of the featured klantmanager and an open vacancy that fits on experience,
  hours and wishes, with exactly one hard requirement not met (speaking B1).

Nothing is derived from gender, age, origin or health. Random numbers come from named streams
(``random.Random("<seed>:work:<municipality>:<part>")``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, MIDDEN_DRENTHE, MunicipalitySpec
from meedoen.demo.journeys import Journeys, PersonJourney
from meedoen.demo.names import NETHERLANDS
from meedoen.demo.plan import STATUSHOUDER, Assignment, PersonPlan, _rng, public_id_for
from meedoen.journey.models import BijstandEndReason, MilestoneKind

DAY = dt.timedelta(days=1)

# Demo values of the bijstand norms (net per month, including the holiday allowance), plausible for the second
# half of 2026. The functioneel beheerder replaces them with the current national normbedragen (they change on
# 1 January and 1 July).
NORM_SINGLE = Decimal("1401.50")
NORM_COUPLE = Decimal("2002.14")
NORMS_VALID_FROM = dt.date(2026, 7, 1)

ZWOLLE_SIZE = 3300  # clients in the Zwolle demo: employers, vacancies and trajectories scale from it
PARTIAL_SHARE = 0.09  # clients on bijstand today with a part-time job below the norm

# --- Region, sectors, occupations --------------------------------------------------------------------------

REGION_ZWOLLE = ("Zwolle", ("Kampen", "Hattem", "Dalfsen", "Genemuiden", "Hasselt", "Heerde", "Staphorst"))
REGION_MIDDEN_DRENTHE = ("Beilen", ("Westerbork", "Smilde", "Hooghalen", "Assen", "Wijster"))

# Intake sectors (free text, Dutch) to the work sectors.
SECTOR_OF_INTAKE = {
    "logistiek": "logistics", "transport": "logistics", "zorg": "care", "bouw": "construction",
    "horeca": "hospitality", "voeding": "hospitality", "detailhandel": "retail", "handel": "retail",
    "techniek": "technical", "industrie": "technical", "metaal": "technical", "textiel": "technical",
    "schoonmaak": "cleaning", "landbouw": "agriculture", "onderwijs": "education", "administratie": "business",
    "financiële dienstverlening": "business", "juridische dienstverlening": "business", "ict": "business",
    "beveiliging": "other", "persoonlijke verzorging": "other", "media": "other",
}
MAIN_SECTORS = ("logistics", "care", "construction", "hospitality", "retail", "technical")

# (name, sector, city index: 0 = the main place, else a place in the region)
ZWOLLE_EMPLOYERS: tuple[tuple[str, str, int], ...] = (
    ("Transportbedrijf Brinkhuis", "logistics", 0), ("Distributiecentrum IJsselpoort", "logistics", 0),
    ("Koeltransport Ter Wee", "logistics", 1), ("Hulsbeek Logistiek", "logistics", 0),
    ("Pakkethal Stadshagen", "logistics", 0), ("Op- en Overslag Kampereiland", "logistics", 1),
    ("Zorggroep De Esdoorn", "care", 0), ("Thuiszorg Vechtstreek", "care", 3),
    ("Woonzorgcentrum Het Lindehof", "care", 0), ("Stichting Dagbesteding De Wissel", "care", 0),
    ("Zorgcentrum Molenhoek", "care", 2),
    ("Bouwbedrijf Nijenhuis", "construction", 0), ("Aannemersbedrijf Ter Stege", "construction", 3),
    ("Infra Westenholte", "construction", 0), ("Timmerfabriek Hattem-Oost", "construction", 2),
    ("Renovatiebedrijf Vechtdal", "construction", 0),
    ("Eetcafé De Drie Snoeken", "hospitality", 0), ("Hotel Sallandse Poort", "hospitality", 0),
    ("Lunchroom De Pelikaan", "hospitality", 1), ("Partycentrum Holtenbroek", "hospitality", 0),
    ("Bouwmarkt Kleinhout", "retail", 0), ("Tuincentrum De Groene Vlinder", "retail", 3),
    ("Bakkerij Jonkers", "retail", 0), ("Buurtsuper Assendorp", "retail", 0),
    ("Drogisterij Het Gouden Vat", "retail", 1),
    ("Metaalbewerking Kamperveen", "technical", 1), ("Installatiebedrijf Mensinck", "technical", 0),
    ("Kunststoffabriek Dalfsen", "technical", 3), ("Elektrotechniek Hoornstra", "technical", 0),
    ("Schoonmaakbedrijf Glans & Zorg", "cleaning", 0), ("Facilitair Bedrijf Hanzeland", "cleaning", 0),
    ("Kwekerij De Vechtoever", "agriculture", 3), ("Hoveniersbedrijf Het Ommerveld", "agriculture", 4),
)
MIDDEN_DRENTHE_EMPLOYERS: tuple[tuple[str, str, int], ...] = (
    ("Transport Hooghalen-Zuid", "logistics", 3), ("Zorgcentrum De Brinkhof", "care", 0),
    ("Bouwbedrijf Westerveld-Beilen", "construction", 0), ("Hotel-restaurant De Drentse Es", "hospitality", 1),
    ("Supermarkt Wijsterweg", "retail", 0), ("Machinebouw Smilde", "technical", 2),
    ("Schoonmaakdienst Drentsche Aa", "cleaning", 0), ("Akkerbouwbedrijf Ten Holte", "agriculture", 5),
)
# Made-up family names for employers beyond the lists (other sizes, the benchmark).
EMPLOYER_SURNAMES = ("Brinkhorst", "Ter Welle", "Oldenkamp", "Hazewinkel", "Dijkstraat", "Nijeboer", "Kolkman",
                     "Wesselink", "Lammerink", "Stokvisch", "Haverkamp", "Veltkamp", "Roelofsen", "Oosterbrink",
                     "Bosschaart", "Meulenbelt", "Tijhuis", "Hofsteenge", "Kraakman", "Wolbers")
SECTOR_PREFIX = {
    "logistics": ("Transportbedrijf", "Logistiek"), "care": ("Zorgcentrum", "Thuiszorg"),
    "construction": ("Bouwbedrijf", "Aannemersbedrijf"), "hospitality": ("Restaurant", "Eetcafé"),
    "retail": ("Winkelbedrijf", "Bouwmarkt"), "technical": ("Metaalbedrijf", "Installatiebedrijf"),
    "cleaning": ("Schoonmaakbedrijf",), "agriculture": ("Kwekerij", "Hoveniersbedrijf"),
}
EMPLOYER_SECTOR_WEIGHTS = {"logistics": 6, "care": 5, "construction": 5, "hospitality": 4, "retail": 5,
                           "technical": 4, "cleaning": 2, "agriculture": 2}

READING_SAFETY = "Veiligheidsinstructies en werkbonnen lezen."
CUSTOMERS = "Klantcontact: klanten te woord staan en helpen."
CARE = "Gesprekken met cliënten en de overdracht aan collega's."


@dataclass(frozen=True)
class Job:
    """A kind of work in a sector: what a vacancy asks and what a placement is."""

    title: str
    occupation: str
    hours: tuple[int, ...]
    levels: tuple[tuple[str, str], ...] = ()  # (skill, CEFR) requirements
    reason: str = ""
    licence: bool = False
    certificates: tuple[str, ...] = ()


JOBS: dict[str, tuple[Job, ...]] = {
    "logistics": (
        Job("Orderpicker", "orderpicker", (24, 32, 38), (("reading", "a2"),), READING_SAFETY),
        Job("Heftruckchauffeur", "heftruckchauffeur", (32, 38), (("reading", "a2"),), READING_SAFETY,
            certificates=("Heftruckcertificaat",)),
        Job("Magazijnmedewerker", "magazijnmedewerker", (24, 32, 36), (("reading", "a2"),), READING_SAFETY),
        Job("Chauffeur bestelbus", "chauffeur", (32, 38), (("speaking", "a2"), ("reading", "a2")),
            "Pakketten afleveren bij klanten en routes lezen.", licence=True),
        Job("Vrachtwagenchauffeur", "chauffeur", (38, 40), (("reading", "a2"),), READING_SAFETY, licence=True,
            certificates=("Rijbewijs C", "Code 95 (beroepschauffeur)")),
    ),
    "care": (
        Job("Helpende zorg en welzijn", "helpende zorg", (20, 24, 28), (("speaking", "b1"), ("listening", "b1")),
            CARE, certificates=("Diploma helpende zorg en welzijn (mbo 2)",)),
        Job("Medewerker huishoudelijke hulp", "huishoudelijke hulp", (12, 16, 20),
            (("speaking", "a2"), ("listening", "a2")), "Afspraken maken met cliënten thuis."),
        Job("Gastvrouw/gastheer zorgcentrum", "gastvrouw", (16, 20, 24), (("speaking", "b1"), ("listening", "b1")),
            "Contact met bewoners en bezoekers."),
        Job("Zorghulp", "zorghulp", (16, 20, 24), (("speaking", "b1"), ("listening", "b1")), CARE),
    ),
    "construction": (
        Job("Bouwplaatsmedewerker", "bouwplaatsmedewerker", (32, 38, 40), (("reading", "a2"),),
            "Veiligheidsinstructies op de bouwplaats lezen.", certificates=("VCA Basis",)),
        Job("Timmerman", "timmerman", (36, 38, 40), (("reading", "a2"),), READING_SAFETY,
            certificates=("VCA Basis",)),
        Job("Grondwerker", "grondwerker", (38, 40), (("reading", "a2"),), READING_SAFETY, licence=True,
            certificates=("VCA Basis",)),
        Job("Hulpmetselaar", "hulpmetselaar", (32, 38), (("reading", "a2"),), READING_SAFETY),
    ),
    "hospitality": (
        Job("Kok", "kok", (24, 32, 38), (("reading", "a2"),), "Recepten en hygiënevoorschriften lezen.",
            certificates=("HACCP (voedselveiligheid)",)),
        Job("Medewerker bediening", "medewerker bediening", (16, 20, 24), (("speaking", "b1"), ("listening", "b1")),
            "Gasten te woord staan en bestellingen opnemen."),
        Job("Afwasser", "afwasser", (12, 16, 24)),
        Job("Keukenhulp", "keukenhulp", (16, 20, 24), (("reading", "a2"),), "Hygiënevoorschriften lezen.",
            certificates=("HACCP (voedselveiligheid)",)),
    ),
    "retail": (
        Job("Verkoopmedewerker", "verkoopmedewerker", (16, 24, 32), (("speaking", "b1"),), CUSTOMERS),
        Job("Kassamedewerker", "kassamedewerker", (12, 16, 24), (("speaking", "b1"),), CUSTOMERS),
        Job("Vakkenvuller", "vakkenvuller", (12, 16, 20)),
        Job("Medewerker bakkerij", "bakker", (24, 32), (("reading", "a2"),), "Recepten en hygiëneregels lezen.",
            certificates=("HACCP (voedselveiligheid)",)),
    ),
    "technical": (
        Job("Monteur", "monteur", (38, 40), (("reading", "a2"),), READING_SAFETY, licence=True),
        Job("Productiemedewerker", "productiemedewerker", (32, 38), (("reading", "a2"),),
            "Werkinstructies en veiligheidsregels lezen."),
        Job("Lasser", "lasser", (38, 40), (("reading", "a2"),), READING_SAFETY, certificates=("VCA Basis",)),
        Job("Elektromonteur", "elektricien", (38, 40), (("reading", "b1"), ("speaking", "a2")),
            "Schema's, veiligheidsvoorschriften en werkbonnen lezen.", licence=True,
            certificates=("NEN 3140 (elektrotechniek)", "VCA Basis")),
    ),
    "cleaning": (
        Job("Schoonmaker", "schoonmaker", (12, 16, 20, 24)),
        Job("Schoonmaker kantoren", "schoonmaker", (12, 16, 20), (("reading", "a2"),),
            "Werkschema's en veiligheidsinformatie van schoonmaakmiddelen lezen."),
    ),
    "agriculture": (
        Job("Medewerker groenvoorziening", "hovenier", (24, 32, 38), (("reading", "a2"),), READING_SAFETY),
        Job("Kwekerijmedewerker", "kwekerijmedewerker", (24, 32, 38)),
    ),
}
VOLUNTEER_JOBS = {
    "care": Job("Vrijwilliger ontmoetingsruimte", "gastvrouw", (4, 6, 8), (("speaking", "a2"),),
                "Een praatje maken met bewoners."),
    "agriculture": Job("Vrijwilliger tuin en kas", "tuinmedewerker", (4, 6, 8)),
    "hospitality": Job("Vrijwilliger keuken buurtrestaurant", "keukenhulp", (4, 6, 8)),
}
# Occupation of the intake (or the plan) to a sector and the certificates someone in it often holds.
OCCUPATION_SECTOR = {
    "magazijnmedewerker": "logistics", "chauffeur": "logistics", "schoonmaker": "cleaning",
    "kassamedewerker": "retail", "winkelier": "retail", "marktkoopman": "retail", "horecamedewerker": "hospitality",
    "kok": "hospitality", "bakker": "retail", "productiemedewerker": "technical", "lasser": "technical",
    "monteur": "technical", "automonteur": "technical", "elektricien": "technical", "loodgieter": "technical",
    "bouwvakker": "construction", "timmerman": "construction", "zorghulp": "care", "verpleegkundige": "care",
    "landarbeider": "agriculture", "herder": "agriculture", "administratief medewerker": "business",
}
CERTIFICATES_OF = {
    "chauffeur": ("Rijbewijs C", "Code 95 (beroepschauffeur)"), "magazijnmedewerker": ("Heftruckcertificaat",),
    "bouwvakker": ("VCA Basis",), "timmerman": ("VCA Basis",), "lasser": ("VCA Basis",),
    "elektricien": ("NEN 3140 (elektrotechniek)", "VCA Basis"), "kok": ("HACCP (voedselveiligheid)",),
    "bakker": ("HACCP (voedselveiligheid)",), "horecamedewerker": ("SVH Sociale Hygiëne",),
    "zorghulp": ("Diploma helpende zorg en welzijn (mbo 2)",), "verpleegkundige": ("EHBO",),
    "beveiliger": ("BHV (bedrijfshulpverlening)",),
}
BIJSTAND_WORK = ("schoonmaker", "magazijnmedewerker", "kassamedewerker", "horecamedewerker", "chauffeur",
                 "productiemedewerker", "zorghulp", "bouwvakker")

CONTACT_FUNCTIONS = ("HR-adviseur", "Vestigingsmanager", "Eigenaar", "Teamleider", "Planner", "Bedrijfsleider")
MUNICIPALITY_OFFERS = (
    "Jobcoaching in de eerste zes maanden en loonkostensubsidie waar nodig.",
    "Voorselectie van kandidaten en een proefplaatsing van twee maanden.",
    "Jobcoaching, loonkostensubsidie en een vast aanspreekpunt bij het Werkgeversservicepunt.",
    "Voorselectie van kandidaten en taalondersteuning op de werkvloer.",
)
OTHER_COMMITMENTS = ("Twee keer per jaar een open dag voor werkzoekenden.", "Meedenken over een leerwerktraject.",
                     "", "", "Een mbo-2-opleiding in combinatie met werk (BBL).")
SHARED_DATA = ("Naam, telefoonnummer, cv en taalniveau.", "Naam, e-mailadres en cv.",
               "Naam, telefoonnummer en werkervaring.", "Naam, cv, taalniveau en beschikbare uren.")
PROPOSAL_NOTES = ("", "", "Cliënt is gemotiveerd; heeft eerder in deze sector gewerkt.",
                  "Werkgever wil eerst een proefdag.", "Gesprek samen met de jobcoach.")
EMPLOYER_NOTES = ("", "", "Werkt graag met mensen uit de bijstand; begeleiding op de werkvloer.",
                  "Seizoenswerk in het voorjaar en de zomer.", "Ploegendiensten; rooster in overleg.")


# --- Records -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EmployerRec:
    public_id: uuid.UUID
    name: str
    kvk_number: str
    sector: str
    city: str
    notes: str


@dataclass(frozen=True)
class EmployerContactRec:
    public_id: uuid.UUID
    employer: uuid.UUID
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class AgreementRec:
    public_id: uuid.UUID
    employer: uuid.UUID
    start: dt.date
    end: dt.date
    committed_jobs: int
    committed_work_experience: int
    committed_other: str
    municipality_offers: str
    signed_on: dt.date


@dataclass(frozen=True)
class VacancyRec:
    public_id: uuid.UUID
    employer: uuid.UUID
    title: str
    occupation: str
    sector: str
    kind: str
    hours_per_week: int
    location: str
    start: dt.date
    duration_weeks: int | None
    capacity: int
    description: str
    required_reading: str
    required_listening: str
    required_writing: str
    required_speaking: str
    language_reason: str
    requires_driving_licence: bool
    certificates: tuple[str, ...]
    status: str
    created_by: str


@dataclass(frozen=True)
class ProfileRec:
    public_id: uuid.UUID
    client: str  # person key
    experience_occupation: str
    experience_sectors: tuple[str, ...]
    experience_years: int | None
    desired_sectors: tuple[str, ...]
    desired_kinds: tuple[str, ...]
    desired_hours: int | None
    preferred_locations: str
    driving_licence: bool
    certificates: tuple[str, ...]
    updated_by: str


@dataclass(frozen=True)
class ProposalRec:
    public_id: uuid.UUID
    vacancy: uuid.UUID
    client: str
    status: str
    proposed_on: dt.date
    share_basis: str
    consent_on: dt.date | None
    shared_data: str
    score: int | None
    interview_on: dt.date | None
    decided_on: dt.date | None
    not_hired_reason: str
    note: str
    proposed_by: str


@dataclass(frozen=True)
class PlacementRec:
    public_id: uuid.UUID
    client: str
    kind: str
    employer: uuid.UUID
    vacancy: uuid.UUID | None
    proposal: uuid.UUID | None
    occupation: str
    start: dt.date
    end: dt.date | None
    end_reason: str
    hours_per_week: int
    contract_type: str
    monthly_wage: Decimal | None
    bijstand_norm: Decimal | None
    outflow: str
    job_coach: bool
    wage_cost_subsidy: bool
    wage_value_percent: int | None
    recorded_by: str


@dataclass(frozen=True)
class LadderRec:
    public_id: uuid.UUID
    client: str
    measured_on: dt.date
    rung: int
    recorded_by: str


@dataclass(frozen=True)
class ProviderRec:
    public_id: uuid.UUID
    name: str
    kvk_number: str


@dataclass(frozen=True)
class ContractRec:
    public_id: uuid.UUID
    provider: uuid.UUID
    reference: str
    trajectory_type: str
    start: dt.date
    end: dt.date
    price: Decimal
    promised_success_percent: int
    success_window_months: int


@dataclass(frozen=True)
class TrajectoryRec:
    public_id: uuid.UUID
    contract: uuid.UUID
    client: str
    start: dt.date
    end: dt.date | None
    result: str
    result_on: dt.date | None
    recorded_by: str


@dataclass(frozen=True)
class WorkPlan:
    norm_single: Decimal
    norm_couple: Decimal
    norms_valid_from: dt.date
    employers: tuple[EmployerRec, ...] = ()
    contacts: tuple[EmployerContactRec, ...] = ()
    agreements: tuple[AgreementRec, ...] = ()
    vacancies: tuple[VacancyRec, ...] = ()
    profiles: tuple[ProfileRec, ...] = ()
    proposals: tuple[ProposalRec, ...] = ()
    placements: tuple[PlacementRec, ...] = ()
    ladder: tuple[LadderRec, ...] = ()
    providers: tuple[ProviderRec, ...] = ()
    contracts: tuple[ContractRec, ...] = ()
    trajectories: tuple[TrajectoryRec, ...] = ()
    demo_client: str | None = None  # person key of the work demo's client
    demo_vacancy: uuid.UUID | None = None  # and the vacancy found for them

    def counts(self) -> dict[str, int]:
        kinds = Counter(v.kind for v in self.vacancies)
        return {
            "employers": len(self.employers), "employer_contacts": len(self.contacts),
            "agreements": len(self.agreements), "vacancies": len(self.vacancies),
            "vacancies_open": sum(1 for v in self.vacancies if v.status == "open"),
            **{f"vacancies_{kind}": n for kind, n in sorted(kinds.items())},
            "work_profiles": len(self.profiles), "proposals": len(self.proposals),
            "placements": len(self.placements),
            "placements_full_outflow": sum(1 for p in self.placements if p.outflow == "full"),
            "placements_partial_outflow": sum(1 for p in self.placements if p.outflow == "partial"),
            "ladder_at_placement": len(self.ladder), "providers": len(self.providers),
            "trajectories": len(self.trajectories),
        }


# --- Helpers -----------------------------------------------------------------------------------------------

def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + DAY * rng.randint(0, (last - first).days)


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _first(j: PersonJourney, kind: str) -> dt.date | None:
    return next((m.date for m in j.milestones if m.kind == kind), None)


def _slug(name: str) -> str:
    keep = "".join(c if c.isalnum() else "-" for c in name.lower().replace("&", "en"))
    return "-".join(part for part in keep.split("-") if part)


def _region(spec: MunicipalitySpec) -> tuple[str, tuple[str, ...]]:
    if spec.cbs_code == MIDDEN_DRENTHE:
        return REGION_MIDDEN_DRENTHE
    if spec.name == "Zwolle":
        return REGION_ZWOLLE
    return spec.name, REGION_ZWOLLE[1]


def _job_for(rng: random.Random, sector: str, occupation: str = "") -> Job:
    jobs = JOBS[sector]
    same = [j for j in jobs if j.occupation == occupation]
    return same[0] if same else rng.choice(jobs)


@dataclass
class _World:
    """What the work plan reads from the rest of the plan, by person key."""

    seed: int
    code: str
    today: dt.date
    last_day: dt.date
    people: dict[str, PersonPlan]
    journeys: dict[str, PersonJourney]
    assignments: dict[str, Assignment]
    intakes: dict  # key -> IntakeRec (completed or draft)
    set_plans: dict  # key -> the PlanRec in force (status set)
    main_city: str
    places: tuple[str, ...]

    def rng(self, *parts: str) -> random.Random:
        return _rng(self.seed, "work", self.code, *parts)

    def km(self, key: str) -> str:
        return self.assignments[key].klantmanager or ""

    def norm(self, key: str) -> Decimal:
        return NORM_COUPLE if self.people[key].household_role in ("head", "partner") else NORM_SINGLE

    def on_bijstand_today(self, key: str) -> bool:
        episodes = self.journeys[key].episodes
        return bool(episodes) and episodes[-1].end is None and episodes[-1].start <= self.today

    def last_ladder(self, key: str) -> dt.date | None:
        ladder = self.journeys[key].ladder
        return ladder[-1].measured_on if ladder else None

    def city(self, key: str) -> str:
        address = self.journeys[key].address
        return address.city if address else self.main_city


# --- Employers ---------------------------------------------------------------------------------------------

def _employers(w: _World, n_clients: int) -> tuple[list[EmployerRec], list[EmployerContactRec]]:
    rng = w.rng("employers")
    listed = MIDDEN_DRENTHE_EMPLOYERS if w.code == MIDDEN_DRENTHE else ZWOLLE_EMPLOYERS
    by_sector: dict[str, list[tuple[str, str, int]]] = {}
    for item in listed:
        by_sector.setdefault(item[1], []).append(item)
    base = [row for rank in range(max(len(v) for v in by_sector.values())) for rows in by_sector.values()
            for row in rows[rank:rank + 1]]  # one of each sector first: small demos have every sector
    wanted = max(8, round(30 * n_clients / ZWOLLE_SIZE))
    if n_clients >= 0.8 * ZWOLLE_SIZE:
        wanted = max(wanted, len(base))
    places = (w.main_city, *w.places)
    chosen: list[tuple[str, str, str]] = [(name, sector, places[min(index, len(places) - 1)])
                                          for name, sector, index in base[:wanted]]
    taken = {name for name, _, _ in chosen}
    while len(chosen) < wanted:
        sector = str(rng.choices(list(EMPLOYER_SECTOR_WEIGHTS), weights=list(EMPLOYER_SECTOR_WEIGHTS.values()))[0])
        city = w.main_city if rng.random() < 0.6 else rng.choice(w.places)
        name = f"{rng.choice(SECTOR_PREFIX[sector])} {rng.choice(EMPLOYER_SURNAMES)}"
        if name in taken:
            name = f"{name} {city}"
        if name in taken:
            continue
        taken.add(name)
        chosen.append((name, sector, city))
    kvks: set[str] = set()
    employers, contacts = [], []
    for name, sector, city in chosen:
        kvk = f"{rng.randint(10_000_000, 99_999_999)}"
        while kvk in kvks:
            kvk = f"{rng.randint(10_000_000, 99_999_999)}"
        kvks.add(kvk)
        eid = public_id_for(w.seed, "employer", w.code, name)
        employers.append(EmployerRec(eid, name, kvk, sector, city, rng.choice(EMPLOYER_NOTES)))
        for i in range(1 if rng.random() < 0.55 else 2):
            first, last = rng.choice(NETHERLANDS.female + NETHERLANDS.male), rng.choice(NETHERLANDS.family)
            contacts.append(EmployerContactRec(
                public_id_for(w.seed, "employer_contact", w.code, name, str(i)), eid, f"{first} {last}",
                CONTACT_FUNCTIONS[(i + len(contacts)) % len(CONTACT_FUNCTIONS)],
                f"06-{rng.randint(10_000_000, 99_999_999)}",
                f"{_slug(first)}.{_slug(last).replace('-', '')}@{_slug(name)}.example"))
    return employers, contacts


# --- Work profiles -----------------------------------------------------------------------------------------

def _profiles(w: _World) -> dict[str, ProfileRec]:
    profiles: dict[str, ProfileRec] = {}
    for key, j in w.journeys.items():
        completed = _first(j, MilestoneKind.INTAKE_COMPLETED)
        if completed is None and not j.episodes:
            continue
        rng = w.rng("profile", key)
        if rng.random() >= 0.88:
            continue
        intake = w.intakes.get(key)
        origin = intake.origin if intake is not None else None
        if origin is not None:
            occupation, years = origin.occupation, origin.work_years
            sector = SECTOR_OF_INTAKE.get(origin.sector, "") or OCCUPATION_SECTOR.get(occupation, "")
        elif j.works:
            occupation = rng.choice(BIJSTAND_WORK)
            years, sector = rng.randint(1, 12), OCCUPATION_SECTOR[occupation]
        else:
            occupation, years, sector = "", None, ""
        experience = (sector,) if sector else ()
        desired = list(experience if sector in MAIN_SECTORS or sector in ("cleaning", "agriculture") else ())
        for extra in rng.sample(MAIN_SECTORS + ("cleaning",), rng.randint(0 if desired else 1, 2)):
            if extra not in desired:
                desired.append(extra)
        rung = j.ladder[-1].rung if j.ladder else (4 if j.works else 2)
        if rung >= 4:
            kinds = ["paid_job"] + (["work_experience"] if rng.random() < 0.35 else [])
        elif rung == 3:
            kinds = ["work_experience", "paid_job"] if rng.random() < 0.5 else ["work_experience", "volunteer"]
        else:
            kinds = ["volunteer", "work_experience"] if rng.random() < 0.6 else ["volunteer"]
        if w.people[key].group == STATUSHOUDER and w.people[key].regime == "wi2021" and rng.random() < 0.4:
            kinds.append("map_practical")
        circumstances = intake.circumstances if intake is not None else None
        hours = (circumstances.hours_available if circumstances is not None and circumstances.hours_available
                 else rng.choice((16, 20, 24, 24, 32, 36)))
        places = [w.city(key)]
        for place in rng.sample(w.places, rng.choice((0, 1, 1, 2))):
            places.append(place)
        licence = occupation == "chauffeur" or rng.random() < 0.3
        certificates = tuple(c for c in CERTIFICATES_OF.get(occupation, ()) if rng.random() < 0.5)
        profiles[key] = ProfileRec(
            public_id_for(w.seed, "work_profile", key), key, occupation, experience, years if occupation else None,
            tuple(desired), tuple(kinds), min(40, max(1, hours)), ", ".join(places), licence, certificates, w.km(key))
    return profiles


# --- Placements --------------------------------------------------------------------------------------------

@dataclass
class _Placer:
    w: _World
    employers: list[EmployerRec]
    placements: list[PlacementRec]
    ladder: list[LadderRec]
    numbers: Counter = field(default_factory=Counter)

    def employer(self, rng: random.Random, sector: str, kinds_ok: Sequence[str] = ()) -> EmployerRec:
        pool = [e for e in self.employers if e.sector == sector and (not kinds_ok or e.sector in kinds_ok)]
        if not pool:
            pool = [e for e in self.employers if not kinds_ok or e.sector in kinds_ok] or self.employers
        return rng.choice(pool)

    def add(self, key: str, rec_kwargs: dict, rung: int) -> PlacementRec:
        number = self.numbers[key]
        self.numbers[key] += 1
        rec = PlacementRec(public_id=public_id_for(self.w.seed, "placement", key, str(number)), client=key,
                           recorded_by=self.w.km(key), **rec_kwargs)
        self.placements.append(rec)
        if rec.start <= self.w.today:
            self.ladder.append(LadderRec(public_id_for(self.w.seed, "work_ladder", key, str(number)), key, rec.start,
                                         rung, self.w.km(key)))
        return rec


def _sector_of(profile: ProfileRec | None, rng: random.Random) -> str:
    if profile is not None and profile.experience_sectors and profile.experience_sectors[0] in JOBS:
        return profile.experience_sectors[0]
    if profile is not None:
        wished = [s for s in profile.desired_sectors if s in JOBS]
        if wished:
            return rng.choice(wished)
    return rng.choice(MAIN_SECTORS)


def _full_outflow(placer: _Placer, profiles: dict[str, ProfileRec]) -> None:
    """A paid job from the day after every bijstand episode that ended with work; ended before a return."""
    w = placer.w
    for key, j in w.journeys.items():
        for i, e in enumerate(j.episodes):
            if e.end is None or e.end_reason != BijstandEndReason.WORK:
                continue
            rng = w.rng("exit", key, str(i))
            sector = _sector_of(profiles.get(key), rng)
            employer = placer.employer(rng, sector)
            job = _job_for(rng, employer.sector, profiles[key].experience_occupation if key in profiles else "")
            norm = w.norm(key)
            start = e.end + DAY
            end, reason = None, ""
            following = j.episodes[i + 1] if i + 1 < len(j.episodes) else None
            if following is not None:
                end = max(start, following.start - DAY * rng.randint(1, 45))
                reason = rng.choice(("contract_ended", "contract_ended", "dismissed", "resigned"))
            subsidy = rng.random() < 0.05
            placer.add(key, {
                "kind": "paid_job", "employer": employer.public_id, "vacancy": None, "proposal": None,
                "occupation": job.occupation, "start": start, "end": end, "end_reason": reason,
                "hours_per_week": rng.choice((32, 36, 38, 40)),
                "contract_type": rng.choices(("permanent", "fixed_term", "agency", "on_call"), (25, 50, 15, 10))[0],
                "monthly_wage": (norm * Decimal(rng.randint(102, 145)) / 100).quantize(Decimal("0.01")),
                "bijstand_norm": norm, "outflow": "full", "job_coach": subsidy or rng.random() < 0.08,
                "wage_cost_subsidy": subsidy, "wage_value_percent": rng.randint(60, 80) if subsidy else None,
            }, 5 if subsidy else 6)


def _running(w: _World, key: str, activity_type: str):
    plan = w.set_plans.get(key)
    if plan is None:
        return None
    return next((a for a in plan.activities if a.activity_type == activity_type and a.start <= w.today <= a.end),
                None)


def _after_ladder(w: _World, key: str, day: dt.date) -> dt.date:
    """A placement starts after the journey's last Participatieladder measurement (which it then updates)."""
    last = w.last_ladder(key)
    if last is not None and day <= last:
        day = last + DAY
    return min(day, w.today)


def _partial_outflow(placer: _Placer, profiles: dict[str, ProfileRec]) -> None:
    """Part-time paid jobs below the norm for about 9 % of the clients on bijstand today: first those whose plan
    has paid work running, then others close to work (ladder 4 or higher)."""
    w = placer.w
    on_bijstand = sorted(k for k in w.journeys if w.on_bijstand_today(k))
    target = round(PARTIAL_SHARE * len(on_bijstand))
    busy = {p.client for p in placer.placements if p.end is None}
    first = [k for k in on_bijstand if k not in busy and _running(w, k, "paid_work") is not None]
    rng = w.rng("partial")
    others = [k for k in on_bijstand if k not in busy and k not in first and w.journeys[k].ladder
              and w.journeys[k].ladder[-1].rung >= 4 and _first(w.journeys[k], MilestoneKind.INTAKE_COMPLETED)]
    rng.shuffle(others)
    for key in (first + others)[:target]:
        prng = w.rng("partial", key)
        activity = _running(w, key, "paid_work")
        episode = w.journeys[key].episodes[-1]
        if activity is not None:
            start, hours = activity.start, int(activity.hours_per_week)
        else:
            start = _between(prng, max(episode.start + DAY * 60, w.today - DAY * 400), w.today - DAY * 7)
            hours = prng.choice((12, 16, 20, 24))
        start = min(max(_after_ladder(w, key, start), episode.start), w.today)
        norm = w.norm(key)
        support = prng.random()
        sheltered, subsidy = support < 0.08, 0.08 <= support < 0.28
        coach = sheltered or subsidy or prng.random() < 0.25
        sector = _sector_of(profiles.get(key), prng)
        employer = placer.employer(prng, sector)
        job = _job_for(prng, employer.sector, profiles[key].experience_occupation if key in profiles else "")
        placer.add(key, {
            "kind": "paid_job", "employer": employer.public_id, "vacancy": None, "proposal": None,
            "occupation": job.occupation, "start": start, "end": None, "end_reason": "",
            "hours_per_week": max(4, min(hours, 28)),
            "contract_type": "sheltered" if sheltered else prng.choice(("fixed_term", "fixed_term", "on_call",
                                                                        "agency", "permanent")),
            "monthly_wage": (norm * Decimal(prng.randint(30, 85)) / 100).quantize(Decimal("0.01")),
            "bijstand_norm": norm, "outflow": "partial", "job_coach": coach,
            "wage_cost_subsidy": subsidy or sheltered,
            "wage_value_percent": prng.randint(50, 80) if (subsidy or sheltered) else None,
        }, 5 if coach or subsidy or sheltered else 6)


def _unpaid(placer: _Placer, profiles: dict[str, ProfileRec]) -> None:
    """Work-experience, MAP practical and volunteer places where the plan has such an activity running."""
    w = placer.w
    busy = {p.client for p in placer.placements if p.end is None}
    for activity_type, kind, share, sectors in (
            ("work_experience", "work_experience", 0.4, ()),
            ("map_practice", "map_practical", 1.0, ()),
            ("volunteering", "volunteer", 0.25, tuple(VOLUNTEER_JOBS))):
        for key in sorted(w.set_plans):
            if key in busy:
                continue
            activity = _running(w, key, activity_type)
            if activity is None:
                continue
            rng = w.rng("unpaid", kind, key)
            if rng.random() >= share:
                continue
            if sectors:
                employer = placer.employer(rng, rng.choice(sectors), sectors)
                job = VOLUNTEER_JOBS[employer.sector]
            else:
                employer = placer.employer(rng, _sector_of(profiles.get(key), rng))
                job = _job_for(rng, employer.sector)
            start = _after_ladder(w, key, activity.start)
            placer.add(key, {
                "kind": kind, "employer": employer.public_id, "vacancy": None, "proposal": None,
                "occupation": job.occupation, "start": start, "end": None, "end_reason": "",
                "hours_per_week": max(1, min(40, int(activity.hours_per_week))), "contract_type": "",
                "monthly_wage": None, "bijstand_norm": None, "outflow": "none", "job_coach": False,
                "wage_cost_subsidy": False, "wage_value_percent": None,
            }, 4)
            busy.add(key)


# --- Vacancies and proposals -------------------------------------------------------------------------------

def _vacancy(w: _World, number: int, employer: EmployerRec, job: Job, kind: str, status: str, start: dt.date,
             hours: int, rng: random.Random, created_by: str) -> VacancyRec:
    levels = dict(job.levels)
    if kind == "volunteer":
        title = job.title
    elif kind == "work_experience":
        title = f"Werkervaringsplaats {job.title.lower()}"
        levels = {skill: "a2" if level == "b1" else level for skill, level in levels.items()}
    elif kind == "map_practical":
        title = f"MAP-praktijkplaats {job.title.lower()}"
        levels = {skill: "a1" for skill in levels}
    else:
        title = job.title
    weeks = {"paid_job": rng.choice((None, None, 26, 52)), "work_experience": rng.choice((13, 26)),
             "map_practical": rng.choice((6, 8, 10)), "volunteer": None}[kind]
    description = {
        "paid_job": f"{job.title} bij {employer.name} in {employer.city}, {hours} uur per week.",
        "work_experience": f"Werkervaring opdoen als {job.occupation} met begeleiding op de werkvloer.",
        "map_practical": "Praktijkplaats voor de module arbeidsmarkt en participatie (MAP).",
        "volunteer": "Vrijwilligerswerk in een vast team; ook geschikt om de taal te oefenen.",
    }[kind]
    return VacancyRec(
        public_id_for(w.seed, "vacancy", w.code, str(number)), employer.public_id, title, job.occupation,
        employer.sector, kind, hours, employer.city, start, weeks, 1 if kind == "paid_job" or rng.random() < 0.6 else 2,
        description, levels.get("reading", ""), levels.get("listening", ""), levels.get("writing", ""),
        levels.get("speaking", ""), job.reason if levels else "", job.licence and kind == "paid_job",
        job.certificates if kind == "paid_job" else (), status, created_by)


def _filled_vacancies(w: _World, placer: _Placer, employers: dict[uuid.UUID, EmployerRec], n: int,
                      start_number: int) -> tuple[list[VacancyRec], list[ProposalRec]]:
    """Vacancies filled by recent placements (the hire recorded from a proposal by the klantmanager)."""
    rng = w.rng("filled")
    recent = [p for p in placer.placements if p.kind in ("paid_job", "work_experience") and p.recorded_by
              and w.today - DAY * 540 <= p.start <= w.today and p.end is None]
    recent.sort(key=lambda p: p.public_id)
    rng.shuffle(recent)
    vacancies, proposals = [], []
    for number, placement in enumerate(recent[:n], start=start_number):
        employer = employers[placement.employer]
        job = _job_for(rng, employer.sector, placement.occupation)
        vacancy = _vacancy(w, number, employer, job, placement.kind, "filled",
                           placement.start - DAY * rng.randint(0, 14), placement.hours_per_week, rng,
                           placement.recorded_by)
        # The placement's own occupation, hours and place are what was hired for.
        vacancy = replace(vacancy, occupation=placement.occupation)
        proposed = placement.start - DAY * rng.randint(25, 60)
        interview = proposed + DAY * rng.randint(4, 12)
        consent = rng.random() < 0.85
        proposal = ProposalRec(
            public_id_for(w.seed, "proposal", placement.client, "hired", str(number)), vacancy.public_id,
            placement.client, "hired", proposed, "consent" if consent else "client_applies",
            proposed - DAY * rng.randint(0, 3) if consent else None, rng.choice(SHARED_DATA) if consent else "",
            rng.randint(60, 95), interview, min(placement.start - DAY, interview + DAY * rng.randint(2, 10)), "",
            rng.choice(PROPOSAL_NOTES), placement.recorded_by)
        vacancies.append(vacancy)
        proposals.append(proposal)
        index = placer.placements.index(placement)
        placer.placements[index] = replace(placement, vacancy=vacancy.public_id, proposal=proposal.public_id)
    return vacancies, proposals


def _open_and_closed(w: _World, employers: list[EmployerRec], n_open: int, n_closed: int, start_number: int,
                     staff: str) -> list[VacancyRec]:
    rng = w.rng("vacancies")
    kinds = {"paid_job": 64, "work_experience": 20, "map_practical": 6, "volunteer": 10}
    vacancies = []
    for i in range(n_open + n_closed):
        number = start_number + i
        status = "open" if i < n_open else "closed"
        kind = str(rng.choices(list(kinds), weights=list(kinds.values()))[0])
        if i < 4:  # every kind at least once
            kind = list(kinds)[i]
        if kind == "volunteer":
            pool = [e for e in employers if e.sector in VOLUNTEER_JOBS] or employers
            employer = rng.choice(pool)
            job = VOLUNTEER_JOBS.get(employer.sector, VOLUNTEER_JOBS["care"])
        else:
            employer = rng.choice(employers)
            job = rng.choice(JOBS[employer.sector])
        start = (_between(rng, w.today - DAY * 14, w.today + DAY * 60) if status == "open"
                 else _between(rng, w.today - DAY * 240, w.today - DAY * 30))
        vacancies.append(_vacancy(w, number, employer, job, kind, status, start, rng.choice(job.hours), rng, staff))
    return vacancies


def _proposals(w: _World, vacancies: list[VacancyRec], profiles: dict[str, ProfileRec], placed: set[str],
               reserved: tuple[str, uuid.UUID] | None) -> list[ProposalRec]:
    """Proposals by the clients' klantmanagers on the open and closed vacancies, in every state."""
    rng = w.rng("proposals")
    eligible = {k: p for k, p in profiles.items() if w.km(k) and k not in placed and w.on_bijstand_today(k)
                and _first(w.journeys[k], MilestoneKind.INTAKE_COMPLETED)}
    if reserved is not None:
        eligible.pop(reserved[0], None)  # the work demo's client: nothing proposed yet
    index: dict[tuple[str, str], list[str]] = {}
    for key in sorted(eligible):
        p = eligible[key]
        for kind in p.desired_kinds:
            for sector in (*p.desired_sectors, ""):  # "": volunteer work in any sector
                index.setdefault((kind, sector), []).append(key)
    open_proposal: set[str] = set()
    proposals = []
    for v in vacancies:
        if v.status == "filled":
            continue
        pool = index.get((v.kind, "" if v.kind == "volunteer" else v.sector), [])
        wanted = rng.choice((0, 1, 1, 2, 2, 3, 4)) if v.status == "open" else rng.choice((1, 2, 3))
        for key in rng.sample(pool, min(len(pool), wanted * 2)):
            if wanted == 0:
                break
            if v.status == "open":
                status = rng.choices(("proposed", "interview", "not_hired", "withdrawn"), (35, 25, 28, 12))[0]
            else:
                status = rng.choices(("not_hired", "withdrawn"), (75, 25))[0]
            if status in ("proposed", "interview") and key in open_proposal:
                continue
            if status in ("proposed", "interview"):
                open_proposal.add(key)
            wanted -= 1
            top = min(w.today, v.start + DAY * 30) if v.status == "closed" else w.today
            if status == "proposed":
                proposed = w.today - DAY * rng.randint(0, 20)
            elif status == "interview":
                proposed = w.today - DAY * rng.randint(10, 35)
            else:
                proposed = top - DAY * rng.randint(20, 80)
            interview = (proposed + DAY * rng.randint(4, 12)) if status in ("interview", "not_hired") else None
            if interview is not None and interview > w.today:
                interview = w.today
            decided = None
            if status in ("not_hired", "withdrawn"):
                decided = min(w.today, (interview or proposed) + DAY * rng.randint(2, 14))
            reason = ""
            if status == "not_hired":
                reason = rng.choices(("language", "experience", "hours", "other_candidate", "client_declined",
                                      "no_show", "other"), (18, 20, 10, 32, 8, 7, 5))[0]
            consent = rng.random() < 0.85
            proposals.append(ProposalRec(
                public_id_for(w.seed, "proposal", key, v.public_id.hex), v.public_id, key, status, proposed,
                "consent" if consent else "client_applies", proposed - DAY * rng.randint(0, 3) if consent else None,
                rng.choice(SHARED_DATA) if consent else "", rng.randint(45, 92), interview, decided, reason,
                rng.choice(PROPOSAL_NOTES), w.km(key)))
    return proposals


# --- Agreements --------------------------------------------------------------------------------------------

def _agreements(w: _World, employers: list[EmployerRec], placements: list[PlacementRec]) -> list[AgreementRec]:
    """Agreements with about a third of the employers; what they committed to is set against what was
    delivered (paid jobs and work-experience places from the start): about half met, the others behind."""
    rng = w.rng("agreements")
    delivered = Counter(p.employer for p in placements if p.kind != "volunteer")
    # The employers that take most people are the ones that made agreements.
    chosen = sorted(employers, key=lambda e: (-delivered[e.public_id], e.name))[:max(2, round(len(employers) / 3))]
    agreements = []
    for i, e in enumerate(sorted(chosen, key=lambda e: e.name)):
        start = w.today - DAY * rng.randint(180, 600)
        end = start + DAY * 730
        jobs = sum(1 for p in placements if p.employer == e.public_id and p.kind == "paid_job" and p.start >= start)
        places = sum(1 for p in placements if p.employer == e.public_id
                     and p.kind in ("work_experience", "map_practical") and p.start >= start)
        met = i % 2 == 0
        committed_jobs = max(1, jobs - rng.randint(0, 1)) if met else jobs + rng.randint(2, 4)
        committed_places = max(0, places - rng.randint(0, 1)) if met else places + rng.randint(1, 3)
        agreements.append(AgreementRec(
            public_id_for(w.seed, "agreement", w.code, e.name), e.public_id, start, end, committed_jobs,
            committed_places, rng.choice(OTHER_COMMITMENTS), rng.choice(MUNICIPALITY_OFFERS),
            start - DAY * rng.randint(3, 30)))
    return agreements


# --- Providers and trajectories ----------------------------------------------------------------------------

PROVIDERS = (("Traject Vooruit Zwolle", "to_work", Decimal("3200.00"), 30, 0.27, 0.03),
             ("Werkroute IJsselvallei", "work_fit", Decimal("4100.00"), 25, 0.12, 0.03))
PROVIDERS_SMALL = (("Werkroute Drenthe", "to_work", Decimal("3400.00"), 25, 0.22, 0.03),)
CONTRACT_START = dt.date(2024, 1, 1)
WINDOW_MONTHS = 12


def _trajectories(w: _World, placements: list[PlacementRec], n_clients: int, large: bool, staff: str):
    rng = w.rng("trajectories")
    specs = PROVIDERS if large else PROVIDERS_SMALL
    if w.code == MIDDEN_DRENTHE:
        specs = PROVIDERS_SMALL
    contract_end = dt.date(w.today.year + 1, 12, 31)
    per_provider = max(8, round(120 * n_clients / ZWOLLE_SIZE))
    providers, contracts, trajectories = [], [], []
    used: set[str] = set()
    # Paid jobs that can be a trajectory's result: started from two months into the contract, up to today.
    jobs = sorted((p for p in placements if p.kind == "paid_job" and CONTRACT_START + DAY * 60 <= p.start <= w.today),
                  key=lambda p: p.public_id)
    rng.shuffle(jobs)
    on_bijstand = sorted(k for k in w.journeys if w.on_bijstand_today(k) and w.journeys[k].episodes[-1].start
                         <= w.today - DAY * 30)
    placed = {p.client for p in placements if p.kind == "paid_job"}
    idle = [k for k in on_bijstand if k not in placed]
    rng.shuffle(idle)
    educated = sorted(k for k, j in w.journeys.items() for e in j.episodes
                      if e.end_reason == BijstandEndReason.EDUCATION and e.end and e.end >= CONTRACT_START + DAY * 60)
    rng.shuffle(educated)
    for number, (name, kind, price, promised, work_share, late_share) in enumerate(specs, start=1):
        pid = public_id_for(w.seed, "provider", w.code, name)
        providers.append(ProviderRec(pid, name, f"{rng.randint(10_000_000, 99_999_999)}"))
        cid = public_id_for(w.seed, "contract", w.code, name)
        contracts.append(ContractRec(cid, pid, f"{w.code}-2023-REI-{number:02d}", kind, CONTRACT_START, contract_end,
                                     price, promised, WINDOW_MONTHS))
        pending_n = round(per_provider * 0.18)
        decided_n = per_provider - pending_n
        n_work, n_late = round(decided_n * work_share), max(1, round(decided_n * late_share))
        n_education = max(1, round(decided_n * 0.03))

        def add(key: str, start: dt.date, end: dt.date | None, result: str, result_on: dt.date | None,
                name: str = name, cid: uuid.UUID = cid) -> None:
            used.add(key)
            trajectories.append(TrajectoryRec(public_id_for(w.seed, "trajectory", w.code, name, key), cid, key,
                                              start, end, result, result_on, w.km(key) or staff))

        made = 0
        for target, late in ((n_work, False), (n_late, True)):
            count = 0
            for job in jobs:
                if count >= target:
                    break
                key = job.client
                if key in used:
                    continue
                episode = next((e for e in w.journeys[key].episodes if e.start <= job.start
                                and (e.end is None or e.end + DAY >= job.start)), None)
                back = rng.randint(400, 520) if late else rng.randint(60, 330)
                start = job.start - DAY * back
                if episode is None or start < max(CONTRACT_START, episode.start):
                    continue
                add(key, start, job.start, "work", job.start)
                count += 1
            made += count
        count = 0
        for key in educated:
            if count >= n_education or key in used:
                continue
            end = next(e.end for e in w.journeys[key].episodes if e.end_reason == BijstandEndReason.EDUCATION)
            start = end - DAY * rng.randint(90, 300)
            if start < CONTRACT_START:
                continue
            add(key, start, end, "education", end)
            count += 1
        made += count
        for key in idle:
            if made >= decided_n:
                break
            if key in used:
                continue
            episode = w.journeys[key].episodes[-1]
            first = max(CONTRACT_START, episode.start)
            last = w.today - DAY * 200
            if first > last:
                continue
            start = _between(rng, first, last)
            end = min(w.today, start + DAY * rng.randint(150, 365))
            add(key, start, end, "none", end)
            made += 1
        pending = 0
        for key in idle:
            if pending >= pending_n:
                break
            if key in used:
                continue
            episode = w.journeys[key].episodes[-1]
            start = _between(rng, max(episode.start, w.today - DAY * 300), w.today - DAY * 7)
            add(key, start, None, "pending", None)
            pending += 1
    return providers, contracts, trajectories


# --- The work demo's pair ----------------------------------------------------------------------------------

CEFR_ORDER = ("pre_a1", "a1", "a2", "b1", "b2", "c1", "c2")


def _rank(level: str) -> int:
    return CEFR_ORDER.index(level) + 1 if level in CEFR_ORDER else 0


def plan_load(plan, day: dt.date) -> Decimal:
    """The plan's weekly hours on ``day`` (without childcare): what a job must fit next to."""
    return sum((a.hours_per_week for a in plan.activities if a.start <= day <= a.end
                and a.activity_type not in ("childcare", "paid_work")), Decimal(0))


def _demo_pair(w: _World, employers: list[EmployerRec], placements: list[PlacementRec], n_vacancy: int,
               staff: str) -> tuple[str, VacancyRec, ProfileRec] | None:
    """A client of the featured klantmanager on bijstand with a completed intake (speaking A2, reading at least
    A2), a set plan that leaves at least 24 free hours, no job or place: and an open paid job at a logistics
    employer in the main place that fits on experience, hours and wishes, but asks speaking B1."""
    busy = {p.client for p in placements if p.end is None}
    candidates = []
    for key in sorted(w.journeys):
        if (w.km(key) != DEMO_FLOW_KLANTMANAGER or key in busy or not w.on_bijstand_today(key)
                or w.people[key].group == STATUSHOUDER):  # no exams that could raise the intake's levels
            continue
        intake = w.intakes.get(key)
        plan = w.set_plans.get(key)
        if intake is None or intake.status != "completed" or plan is None or not plan.hours_available:
            continue
        levels = (intake.dutch_reading, intake.dutch_listening, intake.dutch_writing, intake.dutch_speaking)
        if _rank(intake.dutch_speaking) != _rank("a2") or _rank(intake.dutch_reading) < _rank("a2"):
            continue
        free = plan.hours_available - plan_load(plan, w.today)
        if free < 24:
            continue
        wanted = ("b1", "b1", "a2", "a2")
        distance = sum(abs(_rank(a) - _rank(b)) for a, b in zip(levels, wanted, strict=True))
        origin = intake.origin
        logistics = origin is not None and SECTOR_OF_INTAKE.get(origin.sector) == "logistics"
        candidates.append((not logistics, distance, key, int(free), plan.hours_available))
    if not candidates:
        return None
    _, _, key, free, available = min(candidates)
    hours = 24
    logistics_here = sorted((e for e in employers if e.sector == "logistics" and e.city == w.main_city),
                            key=lambda e: e.name)
    if not logistics_here:
        return None
    employer = logistics_here[0]
    job = Job(DEMO_VACANCY_TITLE, "magazijnmedewerker", (hours,),
              (("reading", "a2"), ("speaking", "b1")),
              "Klanten aan de uitgiftebalie te woord staan en veiligheidsinstructies lezen.")
    rng = w.rng("demo-vacancy")
    vacancy = _vacancy(w, n_vacancy, employer, job, "paid_job", "open", w.today + DAY * 21, hours, rng, staff)
    vacancy = replace(vacancy, duration_weeks=52, requires_driving_licence=False, certificates=())
    intake = w.intakes[key]
    years = intake.origin.work_years if intake.origin is not None and intake.origin.work_years else 3
    profile = ProfileRec(
        public_id_for(w.seed, "work_profile", key), key, "magazijnmedewerker", ("logistics",), years,
        DEMO_SECTORS, ("paid_job",), min(free, available, 32), f"{w.main_city}, {w.places[0]}",
        False, (), w.km(key))
    return key, vacancy, profile


DEMO_VACANCY_TITLE = "Magazijnmedewerker uitgifte"
DEMO_SECTORS = ("logistics", "retail")


def demo_signature(profile) -> tuple:
    """What tells the work demo's client apart from the featured klantmanager's other clients."""
    return (profile.updated_by == DEMO_FLOW_KLANTMANAGER, profile.experience_occupation,
            tuple(profile.desired_sectors), tuple(profile.desired_kinds))


# --- Entry point -------------------------------------------------------------------------------------------

def build_work(seed: int, spec: MunicipalitySpec, people: Sequence[PersonPlan], assignments: dict[str, Assignment],
               journeys: Journeys, programme, *, reference_date: dt.date, today: dt.date) -> WorkPlan:
    """The work data of one municipality (pure: no database). ``programme`` may be None (the benchmark): the work
    profiles then follow the journeys only and there is no pair for the work demo."""
    intakes = {i.client: i for i in programme.intakes} if programme is not None else {}
    set_plans = {p.client: p for p in programme.plans if p.status == "set"} if programme is not None else {}
    main_city, places = _region(spec)
    w = _World(seed, spec.cbs_code, today, min(reference_date, today), {p.key: p for p in people},
               journeys.people, assignments, intakes, set_plans, main_city, places)
    staff = next((s.username for s in spec.staff if s.featured and s.role == "klantmanager"),
                 next((s.username for s in spec.staff if s.role == "klantmanager"), ""))
    n_clients = len(people)
    employers, contacts = _employers(w, n_clients)
    by_id = {e.public_id: e for e in employers}
    profiles = _profiles(w)
    placer = _Placer(w, employers, [], [])
    _full_outflow(placer, profiles)
    _partial_outflow(placer, profiles)
    _unpaid(placer, profiles)
    # Everyone placed has a work profile (the klantmanager recorded the job from it).
    for p in placer.placements:
        if p.client not in profiles:
            profiles[p.client] = ProfileRec(
                public_id_for(seed, "work_profile", p.client), p.client, p.occupation if p.kind == "paid_job" else "",
                (by_id[p.employer].sector,) if p.kind == "paid_job" else (), 1 if p.kind == "paid_job" else None,
                (by_id[p.employer].sector,), (p.kind,), p.hours_per_week, w.city(p.client), False, (), w.km(p.client))
    n_vacancies = max(12, round(60 * n_clients / ZWOLLE_SIZE))
    n_filled = max(2, round(n_vacancies * 0.2))
    n_closed = max(1, round(n_vacancies * 0.08))
    n_open = n_vacancies - n_filled - n_closed - 1  # one more: the work demo's vacancy
    filled, hired = _filled_vacancies(w, placer, by_id, n_filled, 1)
    others = _open_and_closed(w, employers, n_open, n_closed, len(filled) + 1, staff)
    vacancies = filled + others
    pair = _demo_pair(w, employers, placer.placements, len(vacancies) + 1, staff) if programme is not None else None
    demo_client = demo_vacancy = None
    if pair is not None:
        demo_client, vacancy, profile = pair
        profiles[demo_client] = profile
        for key, other in list(profiles.items()):  # the demo's profile is the only one like it (seed_demo finds it)
            if key != demo_client and demo_signature(other) == demo_signature(profile):
                profiles[key] = replace(other, desired_sectors=tuple(reversed(other.desired_sectors)))
        vacancies.append(vacancy)
        demo_vacancy = vacancy.public_id
    placed = {p.client for p in placer.placements if p.end is None and p.kind == "paid_job"}
    proposals = hired + _proposals(w, vacancies, profiles, placed,
                                   (demo_client, demo_vacancy) if demo_client else None)
    agreements = _agreements(w, employers, placer.placements)
    large = sum(1 for p in people if p.group != STATUSHOUDER) >= 1000
    providers, contracts, trajectories = _trajectories(w, placer.placements, n_clients, large, staff)
    return WorkPlan(
        norm_single=NORM_SINGLE, norm_couple=NORM_COUPLE, norms_valid_from=NORMS_VALID_FROM,
        employers=tuple(employers), contacts=tuple(contacts), agreements=tuple(agreements),
        vacancies=tuple(vacancies), profiles=tuple(profiles[k] for k in sorted(profiles)),
        proposals=tuple(proposals), placements=tuple(placer.placements), ladder=tuple(placer.ladder),
        providers=tuple(providers), contracts=tuple(contracts), trajectories=tuple(trajectories),
        demo_client=demo_client, demo_vacancy=demo_vacancy,
    )


# --- Canonical rows (compare the plan with the database: ``work_db.work_records``) -------------------------

def work_rows(code: str, work: WorkPlan, client_ids: dict[str, uuid.UUID]) -> list[list]:
    """Canonical rows of one municipality's work data (``client_ids``: person key -> client public id)."""
    from meedoen.demo.programme import row

    employer_names = {e.public_id: e.name for e in work.employers}
    rows: list[list] = [row("work_settings", code, work.norm_single, work.norm_couple, work.norms_valid_from)]
    rows += [row("employer", e.public_id, code, e.name, e.kvk_number, e.sector, e.city, e.notes)
             for e in work.employers]
    rows += [row("employer_contact", c.public_id, employer_names[c.employer], c.name, c.function, c.phone, c.email)
             for c in work.contacts]
    rows += [row("agreement", a.public_id, employer_names[a.employer], a.start, a.end, a.committed_jobs,
                 a.committed_work_experience, a.committed_other, a.municipality_offers, a.signed_on)
             for a in work.agreements]
    rows += [row("vacancy", v.public_id, employer_names[v.employer], v.title, v.occupation, v.sector, v.kind,
                 v.hours_per_week, v.location, v.start, v.duration_weeks, v.capacity, v.description, v.required_reading,
                 v.required_listening, v.required_writing, v.required_speaking, v.language_reason,
                 v.requires_driving_licence, sorted(v.certificates), v.status, v.created_by) for v in work.vacancies]
    rows += [row("work_profile", client_ids[p.client], p.experience_occupation, list(p.experience_sectors),
                 p.experience_years, list(p.desired_sectors), list(p.desired_kinds), p.desired_hours,
                 p.preferred_locations, p.driving_licence, sorted(p.certificates), p.updated_by)
             for p in work.profiles]
    rows += [row("proposal", p.public_id, p.vacancy, client_ids[p.client], p.status, p.proposed_on, p.share_basis,
                 p.consent_on, p.shared_data, p.score, p.interview_on, p.decided_on, p.not_hired_reason, p.note,
                 p.proposed_by) for p in work.proposals]
    rows += [row("placement", p.public_id, client_ids[p.client], p.kind, employer_names[p.employer], p.vacancy,
                 p.proposal, p.occupation, p.start, p.end, p.end_reason, p.hours_per_week, p.contract_type,
                 p.monthly_wage, p.bijstand_norm, p.outflow, p.job_coach, p.wage_cost_subsidy, p.wage_value_percent,
                 p.recorded_by) for p in work.placements]
    rows += [["ladder", str(client_ids[m.client]), m.measured_on.isoformat(), m.rung, m.recorded_by]
             for m in work.ladder]
    provider_names = {p.public_id: p.name for p in work.providers}
    rows += [row("provider", p.public_id, code, p.name, p.kvk_number) for p in work.providers]
    rows += [row("procurement_contract", c.public_id, provider_names[c.provider], c.reference, c.trajectory_type,
                 c.start, c.end, c.price, c.promised_success_percent, c.success_window_months) for c in work.contracts]
    rows += [row("trajectory", t.public_id, t.contract, client_ids[t.client], t.start, t.end, t.result, t.result_on,
                 t.recorded_by) for t in work.trajectories]
    return rows
