"""What the demo people do after their intake, decided in memory like their journeys (issue 4, item 11).

For every municipality of the plan:

* the partners in detail (``demo.catalogue``): covenants, contact people, the legal basis of each data flow
  and the activity catalogue;
* a broad intake for every person whose journey has an intake milestone (completed on the
  INTAKE_COMPLETED date, a draft otherwise), filled in coherently with the person: mother tongue,
  Dutch levels, literacy, education and work, availability, childcare, debts, sometimes health;
* the personal plan (PIP) of every Wi2021 person with PIP_SET milestones: one version per milestone
  (the last one set, the earlier ones revised), the route following the intake (low literacy: Z-route;
  young and well educated: onderwijsroute; else B1, a few stepped down to A2), activities at the
  partners' offers, a few plans set despite an infeasible week (with the reason), some draft next versions,
  and draft plans for people whose intake runs or is done but whose plan is not set yet;
* the plan van aanpak (Participatiewet) of every bijstand client with an intake: set versions a few weeks
  after the intake and at reviews (the newest mostly in the last year), with activities that fit the
  distance to work on the Participatieladder (part-time paid work or a work-experience place; competence
  training; volunteering as tegenprestatie), debt assistance, GGZ or addiction care for a few, childcare
  for parents and a language course for some; overrides of the load check like the PIPs, some draft next
  versions, and only a draft while the intake runs or the client waits for a klantmanager. No PIP_SET:
  there is no inburgering term;
* the plan van aanpak of every Wi2013 client with an intake (the Wet inburgering 2013 has no PIP: they arrange
  their course themselves, with DUO): made like the bijstand ones while the client is on bijstand (without any
  bijstand: while the duty runs, and without Participatiewet obligations), with the A2 course and sometimes exam
  training while the duty runs, work experience, volunteering or paid work; no PIP_SET;
* ZRM 2017 measurements of many clients with a completed intake (``_zrm``);
* referrals of the planned activities to the partners (with consent where the basis is consent), their
  history, weekly attendance (all weeks at the Taalhuis Zwolle, the last 16 weeks elsewhere, the last 8
  for bijstand clients, whose referrals are kept for two years) and progress notes by the Taalhuis's
  partner user;
* exam attempts and module progress (PVT, MAP, final conversations) that agree with the journey: whoever
  has DUTY_FULFILLED has what fulfilment needs by that date, nobody else has all of it.

Random numbers come from one stream per person and part (``random.Random("<seed>:<part>:<key>")``), so a
person's programme does not depend on who else is in the plan. Life events stay on or before
``min(reference date, today)`` like the journeys; what runs on (courses, attendance, notes) runs up to today.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from meedoen.accounts.models import Role
from meedoen.clients.models import Regime, TargetGroup
from meedoen.demo import catalogue as cat
from meedoen.demo.catalogue import OfferSpec, PartnerSpec, catalogue_for
from meedoen.demo.data import DEMO_FLOW_KLANTMANAGER, TAALHUIS_ZWOLLE, MunicipalitySpec
from meedoen.demo.journeys import OCCUPATIONS_BY_EDUCATION, Journeys, PersonJourney
from meedoen.demo.plan import (
    BIJSTAND,
    FEMALE,
    STATUSHOUDER,
    Assignment,
    PersonPlan,
    _rng,
    _weighted,
    public_id_for,
)
from meedoen.exams.models import ASIEL_TARGET_GROUPS, FREE_ATTEMPTS, ExamComponent, ExamLevel, ExamResult, MapTheme
from meedoen.intake.models import (
    ZRM_DOMAINS,
    ZRM_SPECIAL_DOMAINS,
    Cefr,
    EducationLevel,
    IntakeStatus,
    Literacy,
    SensoryExemption,
)
from meedoen.journey.models import MilestoneKind
from meedoen.partners.models import LegalBasis
from meedoen.plans.load import LoadItem
from meedoen.plans.models import Intensity, LearningRoute, PlanStatus
from meedoen.referrals.models import ConsentDecision, ReferralResult, ReferralStatus

DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)
K = MilestoneKind
S = ReferralStatus

ATTENDANCE_WEEKS = 16
"""Attendance is kept for the last 16 weeks before today (at the Taalhuis Zwolle: every week)."""
BIJSTAND_ATTENDANCE_WEEKS = 8
"""For the many bijstand clients' re-integration activities: the last eight weeks (still twice the signal window)."""
FULL_ATTENDANCE_PARTNERS = frozenset({TAALHUIS_ZWOLLE})
WAITING_DAYS = 120
"""Referrals to a full offer that were to start in the last 120 days (or later) wait for a place."""
TERM_DAYS = 1095
RESULT_DAYS = 56
"""An exam result is known within about eight weeks (domain.md): older attempts are no longer pending."""

CEFR_SCALE = (Cefr.PRE_A1, Cefr.A1, Cefr.A2, Cefr.B1, Cefr.B2, Cefr.C1, Cefr.C2)
LATIN_SCRIPT_LANGUAGES = frozenset({"tur", "som", "kmr", "nld", "eng", "fra", "deu", "spa", "por", "pol"})
ASYLUM_GROUPS = frozenset({TargetGroup.ASIELSTATUSHOUDER, TargetGroup.GEZINSHERENIGER_ASIEL})
MAP_THEMES = tuple(MapTheme.values)

# --- Texts (short, neutral, invented; plain Dutch) -------------------------------------------------------

SECTORS = {
    "landarbeider": "landbouw", "herder": "landbouw", "schoonmaker": "schoonmaak", "bouwvakker": "bouw",
    "timmerman": "bouw", "lasser": "metaal", "naaister": "textiel", "marktkoopman": "handel", "winkelier": "handel",
    "kapper": "persoonlijke verzorging", "chauffeur": "transport", "kok": "horeca", "bakker": "voeding",
    "monteur": "techniek", "automonteur": "techniek", "elektricien": "techniek", "loodgieter": "techniek",
    "administratief medewerker": "administratie", "beveiliger": "beveiliging", "verpleegkundige": "zorg",
    "tandtechnicus": "zorg", "docent": "onderwijs", "ingenieur": "techniek", "apotheker": "zorg",
    "accountant": "financiële dienstverlening", "arts": "zorg", "jurist": "juridische dienstverlening",
    "ict'er": "ict", "journalist": "media", "magazijnmedewerker": "logistiek", "kassamedewerker": "detailhandel",
    "horecamedewerker": "horeca", "productiemedewerker": "industrie", "zorghulp": "zorg",
}
BIJSTAND_OCCUPATIONS = ("schoonmaker", "magazijnmedewerker", "kassamedewerker", "horecamedewerker", "chauffeur",
                        "productiemedewerker", "administratief medewerker", "zorghulp", "beveiliger", "bouwvakker")
MOTIVATION_STATUSHOUDER = (
    "Wil zo snel mogelijk Nederlands leren en aan het werk.",
    "Wil graag weer werken als {occupation}; wil weten wat daarvoor nodig is in Nederland.",
    "Wil Nederlands leren om de kinderen te helpen met school.",
    "Wil eerst de taal goed leren en daarna een opleiding doen.",
    "Wil vrijwilligerswerk doen om mensen te leren kennen.",
    "Wil zelf de post en de rekeningen kunnen lezen.",
)
MOTIVATION_BIJSTAND = (
    "Wil graag weer aan het werk, liefst in de buurt.",
    "Zoekt werk voor 24 tot 32 uur per week.",
    "Wil eerst de schulden op orde en dan werk zoeken.",
    "Wil een opleiding of cursus om meer kans op werk te hebben.",
    "Wil werken, maar niet in ploegendienst vanwege de kinderen.",
    "Twijfelt of werk nu haalbaar is; wil wel vrijwilligerswerk doen.",
)
CHILDCARE_TEXTS = (
    "Twee jonge kinderen; opvang nodig op de dagen van de taalles.",
    "Een kind van twee jaar; opvang nodig voor de ochtenden.",
    "Kinderen gaan naar de basisschool; naschoolse opvang nodig op twee middagen.",
    "Een baby en een peuter; opvang nodig als de activiteiten beginnen.",
)
DEBT_TEXTS = (
    "Achterstand in de huur van ongeveer € 1.200.",
    "Schuld bij de energieleverancier na de eindafrekening.",
    "Betalingsachterstand zorgverzekering; regeling loopt.",
    "Meerdere kleine schulden (telefoon, webwinkels).",
    "Lening voor de inrichting van de woning.",
)
HEALTH_TEXTS = (
    ("Rugklachten; kan niet lang staan of tillen.", "Geen extra zorg nodig; rekening houden bij werk."),
    ("Slaapt slecht en piekert veel; is onder behandeling van de huisarts.", "Gesprek met de praktijkondersteuner."),
    ("Diabetes; goed ingesteld.", "Geen; vaste controles bij de huisarts."),
    ("Knieklachten na een ongeluk.", "Fysiotherapie loopt."),
    ("Vermoeid; wordt onderzocht.", "Afspraken met de huisarts."),
    ("Migraine, een paar keer per maand.", "Geen extra zorg nodig."),
)
MAIN_GOALS = {
    LearningRoute.B1: ("Binnen drie jaar Nederlands op B1-niveau en aan het werk.",
                       "Nederlands leren tot B1 en een betaalde baan vinden.",
                       "Meedoen in de stad: taal op B1, eerst vrijwilligerswerk en daarna werk.",
                       "Weer werken als {occupation}, met Nederlands op B1-niveau."),
    LearningRoute.Z: ("Zelfredzaam worden: zelf de weg vinden in de stad en de post kunnen lezen.",
                      "Leren lezen en schrijven en meedoen in de buurt.",
                      "Zelf boodschappen, afspraken en post regelen en vrijwilligerswerk doen."),
    LearningRoute.EDUCATION: ("Via het taalschakeltraject naar een opleiding in Nederland.",
                              "Het Staatsexamen NT2 halen en daarna verder studeren.",
                              "Een diploma halen in Nederland, met de taal op B1 of hoger."),
}
GOAL_LANGUAGE = {
    LearningRoute.B1: "Taalles volgen en de examens lezen, luisteren, schrijven en spreken op B1 halen, en KNM.",
    LearningRoute.Z: "Alfabetisering en taalles volgen: in drie jaar 800 uur taal. Ook KNM.",
    LearningRoute.EDUCATION: "Het taalschakeltraject volgen en het Staatsexamen NT2 halen. Ook KNM.",
}
GOAL_LANGUAGE_A2 = "Taalles volgen en de examens lezen, luisteren, schrijven en spreken op A2 halen, en KNM."
GOAL_WORK = {
    LearningRoute.B1: ("Eerst vrijwilligerswerk, dan een werkervaringsplaats en daarna betaald werk.",
                       "Werkervaring opdoen in het vak {occupation}.",
                       "Met de MAP ontdekken welk werk past en daarin ervaring opdoen."),
    LearningRoute.Z: ("800 uur meedoen: vrijwilligerswerk en activiteiten in de buurt.",
                      "Vrijwilligerswerk doen en mensen leren kennen in de wijk."),
    LearningRoute.EDUCATION: ("Kiezen welke opleiding past en een bijbaan zoeken.",
                              "Een studiekeuze maken en meelopen bij een opleiding."),
}
GOAL_FINANCE = ("Zelf de vaste lasten betalen en de brieven over geld begrijpen.",
                "Leren werken met een budget; na het ontzorgen zelf de rekeningen betalen.",
                "Weten welke toeslagen er zijn en die zelf aanvragen.")
GOAL_FINANCE_DEBTS = "Met hulp van de schuldhulp de schulden regelen en een budget maken."
PROGRESS_AGREEMENTS = (
    "Elke drie maanden een voortgangsgesprek met de klantmanager. De taalschool geeft elke week de aanwezigheid door.",
    "Voortgangsgesprek elk kwartaal; bij afwezigheid zonder reden neemt de klantmanager contact op.",
    "Elke drie maanden een gesprek over het plan; de partners melden de voortgang in Meedoen.",
)
PW_OBLIGATIONS = (
    "U staat ingeschreven als werkzoekende en neemt passend werk aan. Zolang u voltijds taalles volgt, hoeft u "
    "niet te solliciteren. U doet mee aan de activiteiten in dit plan.",
    "Arbeidsverplichtingen: meedoen aan de activiteiten in dit plan en aan gesprekken met de klantmanager. "
    "Tijdelijk geen sollicitatieplicht tijdens de taalles.",
    "U zoekt werk naast de taalles en meldt veranderingen op tijd. Tegenprestatie: het vrijwilligerswerk uit dit plan.",
)
ONTZORGEN_NOTE = "Huur, energie en zorgverzekering worden zes maanden lang door de gemeente uit de uitkering betaald."
STEP_DOWN_REASONS = ("Na twee jaar taalles blijft B1 buiten bereik; in overleg met de taalschool afgeschaald naar A2.",
                     "Leerbaarheid en voortgang wijzen op A2 als haalbaar eindniveau.")
OVERRIDE_REASONS = (
    "De werkgever biedt de plek nu aan en de cliënt wil dit graag; na acht weken evalueren.",
    "Tijdelijk meer uren door de overlap van twee activiteiten; afgesproken met de cliënt.",
    "Cliënt kiest zelf voor meer uren omdat de plek anders vervalt; de taalschool is akkoord.",
    "Enkele drukke weken; de cliënt kan dit aan volgens de taalschool. Na de overlap evalueren.",
)
REJECT_REASONS = ("Het niveau past niet bij de groep; advies: een lagere groep.",
                  "Geen plaats op de dagen dat de cliënt kan.",
                  "De activiteit past niet bij de vraag van de cliënt.")
STOP_REASONS = ("Werk gevonden; de activiteit past niet meer in het rooster.",
                "Te zwaar naast de zorg voor de kinderen.",
                "Kwam niet meer; geen contact meer gekregen.",
                "Persoonlijke omstandigheden; stopt voorlopig.",
                "Verhuisd; de locatie is te ver weg.")
NOTES_GOOD = ("Komt trouw naar de les en doet goed mee in de groep.",
              "Maakt goede vorderingen met spreken; lezen gaat nog langzaam.",
              "Werkt hard aan de woordenschat; huiswerk is steeds af.",
              "Heeft de tussentoets gehaald; gaat door naar de volgende module.",
              "Doet actief mee en helpt andere cursisten.")
NOTES_SLIPPING = ("Mist de laatste weken vaak de les; gesprek over de reden gepland.",
                  "Aanwezigheid loopt terug; cliënt geeft aan het druk te hebben thuis.",
                  "Is een paar keer zonder bericht weggebleven; we nemen contact op.")
NOTE_STOPPED = "Is gestopt met de cursus; klantmanager is op de hoogte gebracht."
NOTE_COMPLETED = "Cursus afgerond; eindniveau besproken met de cliënt."


# --- Records ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CovenantRec:
    public_id: uuid.UUID
    partner: str
    start: dt.date
    end: dt.date | None
    delivers: str
    signed_on: dt.date


@dataclass(frozen=True)
class ContactRec:
    public_id: uuid.UUID
    partner: str
    name: str
    function: str
    phone: str
    email: str


@dataclass(frozen=True)
class BasisRec:
    public_id: uuid.UUID
    partner: str
    basis: str
    shared_data: str
    valid_from: dt.date
    valid_until: dt.date | None
    document_reference: str

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


@dataclass(frozen=True)
class OfferRec:
    public_id: uuid.UUID
    partner: str
    name: str
    activity_type: str
    hours_per_week: Decimal
    duration_weeks: int
    location: str
    languages: tuple[str, ...]
    capacity: int
    price: Decimal
    full: bool


@dataclass(frozen=True)
class LearnabilityRec:
    public_id: uuid.UUID
    tested_on: dt.date | None
    result: str
    provider: str
    exemption: str
    deviation_reason: str


@dataclass(frozen=True)
class OriginRec:
    public_id: uuid.UUID
    education_level: str
    education_years: int | None
    has_diploma: bool
    recognition_requested: bool
    occupation: str
    sector: str
    work_years: int | None


@dataclass(frozen=True)
class CircumstancesRec:
    public_id: uuid.UUID
    childcare_needs: str
    has_debts: bool | None
    debts_note: str
    hours_available: int | None
    motivation: str


@dataclass(frozen=True)
class HealthRec:
    public_id: uuid.UUID
    health: str
    care_needs: str


@dataclass(frozen=True)
class IntakeRec:
    public_id: uuid.UUID
    client: str  # person key
    status: str
    started_on: dt.date
    completed_on: dt.date | None
    mother_tongue: str  # ISO 639-3, "" when not filled in
    dutch_reading: str
    dutch_listening: str
    dutch_writing: str
    dutch_speaking: str
    literacy_own_script: str
    literacy_latin_script: str
    vve_informed_on: dt.date | None
    conversation_offered_on: dt.date | None
    updated_by: str  # username, "" for none
    touched_on: dt.date  # last change (updated_at)
    learnability: LearnabilityRec | None = None
    origin: OriginRec | None = None
    circumstances: CircumstancesRec | None = None
    health: HealthRec | None = None


@dataclass(frozen=True)
class ActivityRec:
    public_id: uuid.UUID
    activity_type: str
    offer: uuid.UUID | None
    description: str
    hours_per_week: Decimal
    start: dt.date
    end: dt.date
    carried_from: uuid.UUID | None


@dataclass(frozen=True)
class PlanRec:
    public_id: uuid.UUID
    client: str
    version: int
    status: str
    previous: uuid.UUID | None
    dagtekening: dt.date | None
    route: str
    stepped_down_to_a2: bool
    stepped_down_on: dt.date | None
    stepped_down_reason: str
    main_goal: str
    goal_language: str
    goal_work: str
    goal_finance: str
    pvt_intensity: str
    map_intensity: str
    ontzorgen: bool
    ontzorgen_until: dt.date | None
    ontzorgen_note: str
    progress_agreements: str
    contact_person: str
    participatiewet_obligations: str
    hours_available: int | None
    needs_childcare: bool
    load_override_reason: str
    set_by: str
    created_by: str
    created_on: dt.date
    activities: tuple[ActivityRec, ...] = ()


@dataclass(frozen=True)
class ConsentRec:
    public_id: uuid.UUID
    client: str
    partner: str
    decision: str
    scope: str
    decided_on: dt.date
    recorded_by: str


@dataclass(frozen=True)
class EventRec:
    status: str
    occurred_on: dt.date
    reason: str
    actor: str


@dataclass(frozen=True)
class AttendanceRec:
    public_id: uuid.UUID
    week_start: dt.date
    hours_present: Decimal
    hours_absent_authorised: Decimal
    hours_absent_unauthorised: Decimal
    recorded_by: str


@dataclass(frozen=True)
class NoteRec:
    public_id: uuid.UUID
    written_on: dt.date
    text: str
    author: str


@dataclass(frozen=True)
class ReferralRec:
    public_id: uuid.UUID
    client: str
    partner: str
    offer: uuid.UUID
    plan_activity: uuid.UUID
    basis: uuid.UUID
    consent: uuid.UUID | None
    status: str
    referred_on: dt.date
    waiting_since: dt.date | None
    sent_on: dt.date | None
    decided_on: dt.date | None
    started_on: dt.date | None
    ended_on: dt.date | None
    reason: str
    result: str
    note_for_partner: str
    referred_by: str
    events: tuple[EventRec, ...] = ()
    attendance: tuple[AttendanceRec, ...] = ()
    notes: tuple[NoteRec, ...] = ()


@dataclass(frozen=True)
class ExamRec:
    public_id: uuid.UUID
    client: str
    component: str
    level: str
    taken_on: dt.date
    result: str
    result_on: dt.date | None
    attempt: int
    free: bool
    recorded_by: str


@dataclass(frozen=True)
class ModuleRec:
    public_id: uuid.UUID
    client: str
    pvt_hours: int
    pvt_signed_on: dt.date | None
    map_themes_done: tuple[str, ...]
    map_practical_hours: int
    map_final_conversation_on: dt.date | None
    z_final_conversation_on: dt.date | None
    updated_by: str


@dataclass(frozen=True)
class ZrmRec:
    public_id: uuid.UUID
    client: str
    measured_on: dt.date
    scores: tuple[int | None, ...]  # in the order of intake.models.ZRM_DOMAINS; special domains may be None
    recorded_by: str


@dataclass(frozen=True)
class Programme:
    covenants: tuple[CovenantRec, ...] = ()
    contacts: tuple[ContactRec, ...] = ()
    bases: tuple[BasisRec, ...] = ()
    offers: tuple[OfferRec, ...] = ()
    intakes: tuple[IntakeRec, ...] = ()
    plans: tuple[PlanRec, ...] = ()
    consents: tuple[ConsentRec, ...] = ()
    referrals: tuple[ReferralRec, ...] = ()
    exams: tuple[ExamRec, ...] = ()
    modules: tuple[ModuleRec, ...] = ()
    zrm: tuple[ZrmRec, ...] = ()
    demo_flow: str | None = None  # key of the person the demo flow starts with (no intake yet)

    def counts(self) -> dict[str, int]:
        return {
            "covenants": len(self.covenants), "contacts": len(self.contacts), "data_flow_bases": len(self.bases),
            "offers": len(self.offers), "intakes": len(self.intakes),
            "intakes_completed": sum(1 for i in self.intakes if i.status == IntakeStatus.COMPLETED),
            "intake_health": sum(1 for i in self.intakes if i.health),
            "plans": len(self.plans), "plans_draft": sum(1 for p in self.plans if p.status == PlanStatus.DRAFT),
            "plans_overridden": sum(1 for p in self.plans if p.load_override_reason),
            "plan_activities": sum(len(p.activities) for p in self.plans),
            "consents": len(self.consents), "referrals": len(self.referrals),
            "referral_events": sum(len(r.events) for r in self.referrals),
            "attendance": sum(len(r.attendance) for r in self.referrals),
            "progress_notes": sum(len(r.notes) for r in self.referrals),
            "exam_attempts": len(self.exams), "module_progress": len(self.modules),
            "plans_pva": sum(1 for p in self.plans if not p.route),
            "zrm_measurements": len(self.zrm),
        }


# --- Helpers ---------------------------------------------------------------------------------------------

def _monday(day: dt.date) -> dt.date:
    return day - DAY * day.weekday()


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + DAY * rng.randint(0, (last - first).days)


def _half(value: float) -> Decimal:
    """Hours rounded to half an hour."""
    return Decimal(round(value * 2)) / 2


def _email(name: str) -> str:
    parts = [p for p in name.replace("Dr. ", "").replace("Ds. ", "").lower().split() if p]
    return f"{parts[0]}.{''.join(parts[1:])}@example.org"


def _first(j: PersonJourney, kind: str) -> dt.date | None:
    return next((m.date for m in j.milestones if m.kind == kind), None)


def _pip_dates(j: PersonJourney) -> list[dt.date]:
    return [m.date for m in sorted((m for m in j.milestones if m.kind == K.PIP_SET), key=lambda m: m.version)]


def _holiday(monday: dt.date) -> bool:
    """School holidays: no lessons in the Christmas weeks and the summer weeks (ISO weeks 30-34)."""
    week = monday.isocalendar()[1]
    return week >= 52 or week == 1 or 30 <= week <= 34


LESSON_TYPES = frozenset({"language_course", "knm", "literacy", "education", "pvt", "map_practice",
                          "skills_training"})


# --- Context ---------------------------------------------------------------------------------------------

@dataclass
class _Ctx:
    seed: int
    spec: MunicipalitySpec
    today: dt.date
    last_day: dt.date
    bases: dict[str, list[BasisRec]]
    offer_ids: dict[tuple[str, str], uuid.UUID]
    by_role: dict[str, list[tuple[PartnerSpec, OfferSpec]]]
    partner_users: dict[str, str]
    fallback: dict[str, str]  # team -> a user who records for clients without a klantmanager
    households: dict[str, list[PersonPlan]]
    person_sex: str = ""  # of the person being planned (some offers are for women only)


def _actors(spec: MunicipalitySpec) -> tuple[dict[str, str], dict[str, str]]:
    partner_users = {s.partner: s.username for s in spec.staff if s.role == Role.PARTNERMEDEWERKER and s.partner}
    fallback: dict[str, str] = {}
    for team in spec.teams:
        leads = [s.username for s in spec.staff if s.team == team.name and s.role == Role.TEAMLEIDER]
        kms = [s.username for s in spec.staff if s.team == team.name and s.role == Role.KLANTMANAGER]
        if leads or kms:
            fallback[team.name] = (leads or kms)[0]
    return partner_users, fallback


def _partner_rows(seed: int, spec: MunicipalitySpec, partners: Sequence[PartnerSpec]):
    code = spec.cbs_code
    covenants, contacts, bases, offer_ids = [], [], {}, {}
    for p in partners:
        covenants += [CovenantRec(public_id_for(seed, "covenant", code, p.name, str(i)), p.name, c.start, c.end,
                                  c.delivers, c.signed_on) for i, c in enumerate(p.covenants)]
        contacts += [ContactRec(public_id_for(seed, "partner_contact", code, p.name, str(i)), p.name, name, function,
                                phone, _email(name)) for i, (name, function, phone) in enumerate(p.contacts)]
        bases[p.name] = [BasisRec(public_id_for(seed, "basis", code, p.name, str(i)), p.name, b.basis, b.shared_data,
                                  b.valid_from, b.valid_until, b.document_reference) for i, b in enumerate(p.bases)]
        for o in p.offers:
            offer_ids[(p.name, o.name)] = public_id_for(seed, "offer", code, p.name, o.name)
    return covenants, contacts, bases, offer_ids


# --- Intake ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What the broad intake finds about a person (decided whether or not the intake is there yet)."""

    mother_tongue: str
    dutch: tuple[str, str, str, str]  # reading, listening, writing, speaking
    own_script: str
    latin_script: str
    education_level: str
    education_years: int | None
    has_diploma: bool
    recognition_requested: bool
    occupation: str
    sector: str
    work_years: int
    hours_available: int
    has_partner: bool
    young_children: bool
    childcare_needs: str
    debts_note: str
    health: tuple[str, str] | None
    motivation: str
    route: str  # "" for bijstand clients
    lbt_score: int | None
    lbt_deviation: str
    exemption: str

    @property
    def has_debts(self) -> bool:
        return bool(self.debts_note)

    @property
    def needs_childcare(self) -> bool:
        return bool(self.childcare_needs)


def _origin_education(rng: random.Random, p: PersonPlan, j: PersonJourney) -> tuple[str, int | None]:
    coa_years = j.coa_profile.education_years if j.coa_profile else None
    if p.group == BIJSTAND:
        level = {"primary": EducationLevel.PRIMARY, "vocational": EducationLevel.VOCATIONAL,
                 "higher": rng.choice((EducationLevel.HIGHER, EducationLevel.HIGHER, EducationLevel.UNIVERSITY)),
                 }.get(j.education) or rng.choice((EducationLevel.SECONDARY_LOWER, EducationLevel.SECONDARY_LOWER,
                                                   EducationLevel.SECONDARY_UPPER))
        years = {EducationLevel.PRIMARY: 8, EducationLevel.SECONDARY_LOWER: rng.randint(10, 11),
                 EducationLevel.SECONDARY_UPPER: 12, EducationLevel.VOCATIONAL: rng.randint(12, 14),
                 EducationLevel.HIGHER: 16, EducationLevel.UNIVERSITY: 17}[level]
        return str(level), years
    education = j.education
    if education == "none":
        return str(EducationLevel.NONE), 0
    if education == "primary":
        return str(EducationLevel.PRIMARY), coa_years if coa_years is not None else rng.randint(4, 7)
    if education == "secondary":
        years = coa_years if coa_years is not None else rng.randint(8, 12)
        return str(EducationLevel.SECONDARY_UPPER if years >= 11 else EducationLevel.SECONDARY_LOWER), years
    if education == "vocational":
        return str(EducationLevel.VOCATIONAL), coa_years if coa_years is not None else rng.randint(10, 14)
    if education == "higher":
        years = coa_years if coa_years is not None else rng.randint(14, 18)
        return str(EducationLevel.UNIVERSITY if years >= 17 else EducationLevel.HIGHER), years
    # unknown to COA: the intake finds out
    return str(rng.choice((EducationLevel.PRIMARY, EducationLevel.SECONDARY_LOWER))), rng.randint(4, 10)


def _dutch(rng: random.Random, p: PersonPlan, j: PersonJourney, started: dt.date | None) -> tuple[str, ...]:
    def level(index: int) -> str:
        return str(CEFR_SCALE[max(0, min(index, len(CEFR_SCALE) - 1))])

    low = j.low_literate
    if p.group == BIJSTAND:
        if p.origin == "NL":
            talk = rng.randint(5, 6)
            read = rng.randint(2, 3) if low else rng.randint(4, 5)
            return level(read), level(talk), level(read - (1 if low else rng.randint(0, 1))), level(talk)
        talk = rng.randint(3, 4)
        read = rng.randint(1, 2) if low else rng.randint(2, 4)
        return level(read), level(talk), level(read - rng.randint(0, 1)), level(talk - rng.randint(0, 1))
    arrival = p.link_date or started or dt.date.min
    months = ((started or arrival) - arrival).days / 30.4 if started else 0
    base = 0 if months < 6 else 1 if months < 18 else 2
    if "nld" in j.languages:
        base += 1
    if j.education == "higher" and rng.random() < 0.3:
        base += 1
    base = min(base, 3)
    listening = min(3, base + (1 if rng.random() < 0.3 else 0))
    reading = 0 if low else base
    writing = 0 if low else max(0, base - 1)
    return level(reading), level(listening), level(writing), level(base)


def _route(rng: random.Random, p: PersonPlan, j: PersonJourney, education_level: str, day: dt.date) -> str:
    if p.regime != Regime.WI2021:
        return ""
    if j.low_literate:
        return str(LearningRoute.Z)
    young = p.age_on(day) < 28
    schooled = education_level in (EducationLevel.SECONDARY_UPPER, EducationLevel.VOCATIONAL, EducationLevel.HIGHER,
                                   EducationLevel.UNIVERSITY)
    if young and schooled and rng.random() < 0.75:
        return str(LearningRoute.EDUCATION)
    return str(LearningRoute.B1)


def _facts(seed: int, p: PersonPlan, j: PersonJourney, members: list[PersonPlan]) -> Facts:
    rng = _rng(seed, "intake", p.key)
    started = _first(j, K.INTAKE_STARTED)
    day = started or _first(j, K.PIP_SET) or p.link_date or dt.date(2026, 1, 1)
    mother = j.languages[0] if j.languages else ""
    dutch = _dutch(rng, p, j, started)
    low = j.low_literate
    if p.group == BIJSTAND:
        own = str(Literacy.PARTLY if low else Literacy.YES)
        latin = own if mother in LATIN_SCRIPT_LANGUAGES else str(Literacy.PARTLY if low else Literacy.YES)
    else:
        own = str(rng.choice((Literacy.NO, Literacy.NO, Literacy.PARTLY)) if low else Literacy.YES)
        if low:
            latin = str(Literacy.NO)
        elif mother in LATIN_SCRIPT_LANGUAGES:
            latin = str(Literacy.YES)
        elif j.education == "higher" or rng.random() < 0.3:
            latin = str(Literacy.YES if rng.random() < 0.7 else Literacy.PARTLY)
        else:
            latin = str(rng.choice((Literacy.PARTLY, Literacy.NO)))
    level, years = _origin_education(rng, p, j)
    diploma = level in (EducationLevel.SECONDARY_UPPER, EducationLevel.VOCATIONAL, EducationLevel.HIGHER,
                        EducationLevel.UNIVERSITY) and rng.random() < 0.7
    recognition = diploma and level in (EducationLevel.VOCATIONAL, EducationLevel.HIGHER,
                                        EducationLevel.UNIVERSITY) and rng.random() < 0.5
    if p.group == BIJSTAND:
        occupation = rng.choice(BIJSTAND_OCCUPATIONS) if j.works else ""
        work_years = rng.randint(1, max(1, min(p.age_on(day) - 17, 30))) if j.works else 0
    else:
        coa_occupation = j.coa_profile.occupation if j.coa_profile else ""
        occupation = coa_occupation or (rng.choice(OCCUPATIONS_BY_EDUCATION[j.education]) if j.works else "")
        work_years = j.work_years if j.works else 0
    roles = {m.household_role for m in members}
    has_partner = p.household_role in ("head", "partner") and {"head", "partner"} <= roles
    age = p.age_on(day)
    kids_share = 0.0
    if p.household_role in ("head", "partner") and age < 46:
        size = j.coa_profile.household_size if j.coa_profile else None
        kids_share = 0.75 if size is not None and size > len(members) else 0.35
    elif p.household_role == "single" and p.sex == "v" and 24 <= age < 45:
        kids_share = 0.2
    young_children = rng.random() < kids_share
    childcare = rng.choice(CHILDCARE_TEXTS) if young_children and rng.random() < 0.6 else ""
    debts = rng.choice(DEBT_TEXTS) if rng.random() < (0.35 if p.group == BIJSTAND else 0.22) else ""
    health = rng.choice(HEALTH_TEXTS) if rng.random() < (0.15 if p.group == BIJSTAND else 0.2) else None
    if young_children or age >= 55 or health:
        hours = rng.choice((12, 16, 16, 20, 20, 24))
    elif p.group == BIJSTAND:
        hours = rng.choice((20, 24, 28, 32, 32, 36, 36, 40))
    else:
        hours = rng.choice((24, 28, 32, 32, 36, 36, 40))
    pool = MOTIVATION_BIJSTAND if p.group == BIJSTAND else MOTIVATION_STATUSHOUDER
    motivation = rng.choice(pool)
    if "{occupation}" in motivation:
        motivation = motivation.format(occupation=occupation) if occupation else pool[0]
    route = _route(rng, p, j, level, day)
    score = None
    deviation = exemption = ""
    if p.regime == Regime.WI2021:
        limitation = j.coa_profile.visible_limitations if j.coa_profile else ""
        if limitation == "Slechtziend":
            exemption = str(SensoryExemption.VISUAL)
        elif limitation == "Slechthorend" and rng.random() < 0.5:
            exemption = str(SensoryExemption.HEARING)
        else:
            score = {LearningRoute.Z: rng.randint(8, 30), LearningRoute.B1: rng.randint(34, 62),
                     LearningRoute.EDUCATION: rng.randint(60, 88)}[LearningRoute(route)]
            if route == LearningRoute.B1 and rng.random() < 0.08:
                score = rng.randint(22, 31)  # the test points lower; the municipality deviates with reasons
                deviation = ("De toets wijst op de Z-route; gezien de werkervaring, de motivatie en de snelle "
                             "voortgang in de taalles kiest de gemeente de B1-route.")
    return Facts(mother_tongue=mother, dutch=tuple(dutch), own_script=own, latin_script=latin,
                 education_level=level, education_years=years, has_diploma=diploma,
                 recognition_requested=recognition, occupation=occupation, sector=SECTORS.get(occupation, ""),
                 work_years=work_years, hours_available=hours, has_partner=has_partner,
                 young_children=young_children, childcare_needs=childcare, debts_note=debts, health=health,
                 motivation=motivation, route=route, lbt_score=score, lbt_deviation=deviation, exemption=exemption)


def _lbt_result(score: int, route: str, deviation: str) -> str:
    advice = {LearningRoute.Z: "Z-route", LearningRoute.B1: "B1-route", LearningRoute.EDUCATION: "onderwijsroute"}
    shown = LearningRoute.Z if deviation else LearningRoute(route)
    return f"Score {score}, advies {advice[shown]}"


def _intake(seed: int, p: PersonPlan, j: PersonJourney, facts: Facts, staff: str, last_day: dt.date,
            today: dt.date) -> IntakeRec | None:
    started = _first(j, K.INTAKE_STARTED)
    if started is None:
        return None
    completed = _first(j, K.INTAKE_COMPLETED)
    rng = _rng(seed, "intake-parts", p.key)
    done = completed is not None
    # A draft has what was filled in so far: the general part, usually the origin, sometimes the rest.
    has_origin = done or rng.random() < 0.75
    has_circumstances = done or rng.random() < 0.4
    has_lbt = p.regime == Regime.WI2021 and (done or rng.random() < 0.5)
    end = completed or min(last_day, started + DAY * 40)
    key = p.key
    learnability = None
    if has_lbt:
        tested = None if facts.exemption else _between(rng, min(started + DAY * 5, end), end)
        learnability = LearnabilityRec(
            public_id_for(seed, "intake_lbt", key), tested,
            "" if facts.exemption else _lbt_result(facts.lbt_score or 40, facts.route, facts.lbt_deviation),
            "" if facts.exemption else "Bureau ICE", facts.exemption, facts.lbt_deviation)
    origin = OriginRec(public_id_for(seed, "intake_origin", key), facts.education_level, facts.education_years,
                       facts.has_diploma, facts.recognition_requested, facts.occupation, facts.sector,
                       facts.work_years) if has_origin else None
    circumstances = CircumstancesRec(
        public_id_for(seed, "intake_circumstances", key), facts.childcare_needs, facts.has_debts, facts.debts_note,
        facts.hours_available, facts.motivation) if has_circumstances else None
    health = (HealthRec(public_id_for(seed, "intake_health", key), *facts.health)
              if facts.health and has_circumstances else None)
    vve = _between(rng, started, end) if facts.young_children else None
    conversation = _between(rng, started, min(end, started + DAY * 14)) if facts.has_partner else None
    reading, listening, writing, speaking = facts.dutch
    touched = completed or min(today, end + DAY * rng.randint(0, 10))
    return IntakeRec(
        public_id=public_id_for(seed, "intake", key), client=key,
        status=str(IntakeStatus.COMPLETED if done else IntakeStatus.DRAFT), started_on=started, completed_on=completed,
        mother_tongue=facts.mother_tongue, dutch_reading=reading, dutch_listening=listening, dutch_writing=writing,
        dutch_speaking=speaking, literacy_own_script=facts.own_script, literacy_latin_script=facts.latin_script,
        vve_informed_on=vve, conversation_offered_on=conversation, updated_by=staff, touched_on=touched,
        learnability=learnability, origin=origin, circumstances=circumstances, health=health,
    )


# --- The plan's activities (one timeline, copied into each version) --------------------------------------

@dataclass
class _Act:
    role: str
    activity_type: str
    offer: OfferSpec | None
    partner: str
    description: str
    hours: Decimal
    start: dt.date
    end: dt.date
    decided: int  # the version that added it (0: only in the draft next version)
    forced: bool = False  # must run to completion (what fulfilment of the duty needed)
    overload: bool = False  # the activity that makes the plan infeasible on purpose

    def item(self) -> LoadItem:
        return LoadItem(self.activity_type, self.description, self.hours, self.start, self.end)


NO_OFFER = {  # roles that are planned even when no partner offers them (description, type)
    cat.CHILDCARE: ("Kinderopvang bij een kindercentrum in de buurt", "childcare"),
    cat.SKILLS: ("Sollicitatietraining bij het werkplein", "skills_training"),
}
FALLBACK_ROLE = {cat.LATIN: cat.ALFA, cat.A2: cat.B1, cat.EXAM: None, cat.STAATS: None}


def _pick(ctx: _Ctx, rng: random.Random, role: str, start: dt.date, end: dt.date, decided_on: dt.date,
          boost_taalhuis: bool) -> tuple[PartnerSpec, OfferSpec] | None:
    """An offer for the role from a partner with a valid data-flow basis on the day of the decision and on the
    last day of the activity (a renewal counts)."""
    options = []
    for partner, offer in ctx.by_role.get(role, ()):
        if offer.women_only and ctx.person_sex != FEMALE:
            continue
        bases = ctx.bases[partner.name]
        if any(b.valid_on(decided_on) for b in bases) and any(b.valid_on(end) for b in bases):
            weight = offer.weight * (4 if boost_taalhuis and partner.name == TAALHUIS_ZWOLLE else 1)
            options.append(((partner, offer), weight))
    if not options:
        fallback = FALLBACK_ROLE.get(role)
        return _pick(ctx, rng, fallback, start, end, decided_on, boost_taalhuis) if fallback else None
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _act(ctx: _Ctx, rng: random.Random, role: str, start: dt.date, weeks: int | None, decided: int,
         decided_on: dt.date, stop: dt.date, boost: bool, *, end: dt.date | None = None,
         hours: Decimal | None = None) -> _Act | None:
    """An activity for the role from ``start``: ``weeks`` long (the offer's duration when None) or up to
    ``end``; never past ``stop``."""
    if start > stop:
        return None
    guess_end = end or start + WEEK * (weeks or 26) - DAY
    picked = _pick(ctx, rng, role, start, min(guess_end, stop), decided_on, boost)
    if picked is None:
        if role not in NO_OFFER:
            return None
        description, activity_type = NO_OFFER[role]
        last = min(end or start + WEEK * (weeks or 26) - DAY, stop)
        return _Act(role, activity_type, None, "", description, hours or Decimal(4), start, last, decided)
    partner, offer = picked
    last = min(end or start + WEEK * (weeks or offer.duration_weeks) - DAY, stop)
    if last < start:
        return None
    return _Act(role, offer.activity_type, offer, partner.name, offer.name, hours or offer.hours_per_week, start,
                last, decided)


def _frac(start: dt.date, span: int, rng: random.Random, low: float, high: float) -> dt.date:
    return start + DAY * int(span * rng.uniform(low, high))


def _timeline(ctx: _Ctx, rng: random.Random, p: PersonPlan, facts: Facts, pips: list[dt.date],
              program_end: dt.date, fulfilled: bool, boost: bool) -> list[_Act]:
    d1 = pips[0]
    stop = program_end - (WEEK if fulfilled else DAY)  # what fulfilment needed lies before its date
    span = max((program_end - d1).days, 120)
    route = facts.route
    acts: list[_Act | None] = []
    start = d1 + DAY * rng.randint(10, 35)

    def add(a: _Act | None) -> _Act | None:
        acts.append(a)
        return a

    if route == LearningRoute.Z:
        alfa = add(_act(ctx, rng, cat.ALFA, start, None, 1, d1, min(stop, d1 + DAY * int(span * 0.4)), boost))
        z_start = (alfa.end + DAY * 7) if alfa else start
        add(_act(ctx, rng, cat.Z, z_start, None, 1, d1, stop, boost, end=d1 + DAY * int(span * 0.95)))
        add(_act(ctx, rng, cat.VOL, _frac(d1, span, rng, 0.1, 0.2), None, 1, d1, stop, boost,
                 end=d1 + DAY * int(span * 0.9)))
    elif route == LearningRoute.EDUCATION:
        edu = add(_act(ctx, rng, cat.EDU, start, 52, 1, d1, min(stop, d1 + DAY * int(span * 0.7)), boost))
        if edu:
            add(_act(ctx, rng, cat.STAATS, edu.end + DAY * 7, None, 1, d1, min(stop, d1 + DAY * int(span * 0.95)),
                     boost))
        if rng.random() < 0.4:
            add(_act(ctx, rng, cat.VOL, _frac(d1, span, rng, 0.2, 0.4), 26, 1, d1, stop, boost,
                     hours=Decimal(4)))
    else:
        t = start
        if facts.latin_script != Literacy.YES:
            latin = add(_act(ctx, rng, cat.LATIN, t, 20, 1, d1, stop, boost))
            if latin:
                t = latin.end + DAY * 7
        add(_act(ctx, rng, cat.B1, t, None, 1, d1, stop, boost,
                 end=max(t + WEEK * 26, d1 + DAY * int(span * 0.8))))
        add(_act(ctx, rng, cat.VOL, _frac(d1, span, rng, 0.12, 0.3), 26, 1, d1, stop, boost))
        if rng.random() < 0.4:  # exam training before the exams
            add(_act(ctx, rng, cat.EXAM, _frac(d1, span, rng, 0.65, 0.75), None, 1, d1, stop, boost))
    add(_act(ctx, rng, cat.KNM, _frac(d1, span, rng, 0.25, 0.45), None, 1, d1, stop, boost))
    pvt = add(_act(ctx, rng, cat.PVT, _frac(d1, span, rng, 0.06, 0.2), None, 1, d1, stop, boost))
    map_practice = None
    if route in (LearningRoute.B1, LearningRoute.Z):
        map_practice = add(_act(ctx, rng, cat.MAP, _frac(d1, span, rng, 0.35, 0.6), None, 1, d1, stop, boost))
    for forced in (pvt, map_practice):
        if forced is not None and fulfilled:
            forced.forced = True
    if facts.has_debts:
        add(_act(ctx, rng, cat.DEBT, d1 + DAY * rng.randint(7, 28), None, 1, d1, stop, boost))
    if rng.random() < 0.3:
        add(_act(ctx, rng, cat.BUDDY, d1 + DAY * rng.randint(14, 60), None, 1, d1, stop, boost))
    if facts.health and rng.random() < 0.3:
        add(_act(ctx, rng, cat.GGZ, d1 + DAY * rng.randint(14, 90), None, 1, d1, stop, boost))
    # Later versions add the next step towards work.
    for version, day in enumerate(pips[1:], start=2):
        begin = day + DAY * rng.randint(21, 56)
        if begin + WEEK * 8 > program_end:
            continue
        if route == LearningRoute.EDUCATION:
            add(_act(ctx, rng, cat.VOL, begin, 26, version, day, stop, boost, hours=Decimal(4)))
        elif route == LearningRoute.Z or rng.random() < 0.4:
            add(_act(ctx, rng, cat.SKILLS, begin, None, version, day, stop, boost))
        else:
            add(_act(ctx, rng, cat.WEP, begin, None, version, day, stop, boost,
                     hours=Decimal(rng.choice((16, 20, 24)))))
    return [a for a in acts if a is not None]


Z_TARGET = 900
"""Planned hours for each half of a fulfilled Z-route (norm 800 + 800), with room for some absence."""


def _lesson_weeks(a: _Act) -> int:
    """The weeks in which the activity is attended (lessons pause in the school holidays), leaving out the
    first weeks (the start may wait for the partner's acceptance)."""
    monday, weeks = _monday(a.start) + 3 * WEEK, 0
    while monday <= a.end:
        weeks += not (a.activity_type in LESSON_TYPES and _holiday(monday))
        monday += WEEK
    return max(weeks, 1)


def _z_hours(acts: list[_Act]) -> None:
    """A fulfilled Z-route: the language and participation hours reach the norm before the fulfilment date
    (the exams app derives fulfilment from the hours attended at the partners)."""
    for roles, main_role in (((cat.ALFA, cat.LATIN, cat.Z, cat.KNM), cat.Z),
                             ((cat.VOL, cat.WEP, cat.SKILLS), cat.VOL)):
        group = [a for a in acts if a.role in roles and a.offer is not None]
        for a in group:
            a.forced = True
        main = next((a for a in group if a.role == main_role), None)
        have = sum(a.hours * _lesson_weeks(a) for a in group)
        if main is not None and have < Z_TARGET:
            extra = (Z_TARGET - have) / _lesson_weeks(main)
            main.hours = min(Decimal(40), main.hours + Decimal(int(extra) + 1))


def _in_version(a: _Act, version: int, day: dt.date) -> bool:
    return 1 <= a.decided <= version and (version == 1 or a.end >= day)


def over_limit(items: Sequence[LoadItem], hours_available: int | None, needs_childcare: bool) -> bool:
    """True when some week's hours exceed the availability (or, when childcare is needed, the childcare
    planned that week). The rule of ``plans.load.check_load`` (a week counts an activity when their periods
    overlap; childcare is no load), computed with a sweep over the weeks where the sums change: the seeder
    runs it thousands of times. The demo tests compare it with ``check_load``."""
    events: dict[int, list[Decimal]] = {}
    for item in items:
        first = _monday(item.start).toordinal()
        after = _monday(item.end).toordinal() + 7
        care = item.activity_type == "childcare"
        for position, sign in ((first, 1), (after, -1)):
            change = events.setdefault(position, [Decimal(0), Decimal(0)])
            change[1 if care else 0] += sign * item.hours_per_week
    load = care = Decimal(0)
    limit = Decimal(hours_available) if hours_available is not None else None
    for position in sorted(events):
        load += events[position][0]
        care += events[position][1]
        if load > 0 and ((limit is not None and load > limit) or (needs_childcare and load > care)):
            return True
    return False


def _fits(acts: list[_Act], hours: int) -> bool:
    return not over_limit([a.item() for a in acts if a.activity_type != "childcare"], hours, False)


def _make_feasible(acts: list[_Act], versions: list[tuple[int, dt.date]], hours: int, skip: int | None) -> None:
    """Lower hours (then drop optional activities) until every set version fits the availability."""
    reducible = {cat.VOL: 2, cat.WEP: 8, cat.SKILLS: 2, cat.PAID: 8, cat.BUDDY: 1, cat.EDU: 8, cat.B1: 4,
                 cat.Z: 4, cat.ALFA: 4, cat.LATIN: 4, cat.STAATS: 4}
    optional = (cat.BUDDY, cat.VOL, cat.SKILLS, cat.GGZ, cat.WEP)
    for version, day in versions:
        if version == skip:
            continue
        for _ in range(60):
            members = [a for a in acts if _in_version(a, version, day) and not a.overload]
            if _fits(members, hours):
                break
            candidates = [a for a in members if a.role in reducible and a.hours > reducible[a.role] and not a.forced]
            if candidates:
                biggest = max(candidates, key=lambda a: (a.hours, a.start))
                biggest.hours = max(Decimal(reducible[biggest.role]), biggest.hours - 2)
                continue
            droppable = [a for a in members if a.role in optional and not a.forced]
            if not droppable:
                break
            acts.remove(max(droppable, key=lambda a: (a.hours, a.start)))


def _childcare(ctx: _Ctx, rng: random.Random, acts: list[_Act], hours: int, boost: bool) -> _Act | None:
    """Childcare for the whole plan, for as many hours as the client is available: it covers every week's
    activities (the load check's childcare rule), whatever the offer's usual duration and hours."""
    load = [a for a in acts if a.activity_type != "childcare"]
    if not load:
        return None
    first = min(a.start for a in load)
    last = max(a.end for a in load)
    care = _act(ctx, rng, cat.CHILDCARE, first, None, 1, first, last, boost, end=last, hours=Decimal(hours))
    if care is not None:
        care.hours = Decimal(hours)
    return care


def _overload(ctx: _Ctx, rng: random.Random, acts: list[_Act], version: int, day: dt.date, hours: int,
              program_end: dt.date, boost: bool) -> _Act | None:
    """A work place that does not fit the week next to what runs: set anyway, with a reason."""
    begin = day + DAY * rng.randint(14, 42)
    end = min(begin + WEEK * rng.choice((12, 16, 26)) - DAY, program_end - DAY)
    if end <= begin:
        return None
    running = [a for a in acts if a.activity_type != "childcare" and a.start <= end and a.end >= begin
               and _in_version(a, version, day)]
    base = max((sum((a.hours for a in running if a.start <= m + 6 * DAY and a.end >= m), Decimal(0))
                for m in (_monday(begin) + WEEK * i for i in range(((end - begin).days // 7) + 1))), default=Decimal(0))
    extra = Decimal(hours) - base + rng.randint(4, 12)
    if extra <= 0 or extra > 40:
        return None
    act = _act(ctx, rng, cat.WEP, begin, None, version, day, end, boost, end=end, hours=max(extra, Decimal(8)))
    if act is None:
        return None
    act.hours = max(extra, Decimal(8))
    act.overload = True
    return act


# --- Referrals -------------------------------------------------------------------------------------------

@dataclass
class _People:
    staff: str  # the klantmanager, or who records for a client without one
    partner_user: dict[str, str]

    def partner_actor(self, partner: str) -> str:
        return self.partner_user.get(partner, self.staff)


def _profile(rng: random.Random, featured: bool, calm: bool = False) -> str:
    if calm:  # re-integration activities of bijstand clients: fewer drop-outs than at the language school
        weights = {"steady": 82, "patchy": 10, "slipping": 4, "unauthorised": 4}
    else:
        weights = ({"steady": 45, "patchy": 10, "slipping": 25, "unauthorised": 20} if featured
                   else {"steady": 70, "patchy": 12, "slipping": 10, "unauthorised": 8})
    return str(_weighted(rng, weights))


def _attendance(seed: int, rng: random.Random, ref_id: uuid.UUID, a: _Act, started: dt.date, ended: dt.date | None,
                stopped: bool, profile: str, today: dt.date, actor: str, full_history: bool,
                window_weeks: int = ATTENDANCE_WEEKS) -> list[AttendanceRec]:
    last = min(ended or today, today)
    window = None if full_history else _monday(today) - WEEK * window_weeks
    rows: list[AttendanceRec] = []
    monday = _monday(started)
    lessons = a.activity_type in LESSON_TYPES
    final = _monday(last)
    while monday <= final:
        if monday + DAY * 4 >= today or (window is not None and monday < window) or (lessons and _holiday(monday)):
            monday += WEEK
            continue
        scheduled = float(a.hours)
        weeks_left = (final - monday).days // 7
        auth = unauth = 0.0
        roll = rng.random()
        if stopped and weeks_left < 5:
            share = rng.uniform(0.2, 0.6)
            unauth = scheduled * (1 - share) * rng.uniform(0.4, 1)
            auth = scheduled * (1 - share) - unauth
        elif profile == "slipping" and not ended and weeks_left < 5:
            share = rng.uniform(0.35, 0.7)
            unauth = scheduled * (1 - share) * rng.uniform(0.3, 0.8)
            auth = scheduled * (1 - share) - unauth
        elif profile == "unauthorised" and (roll < 0.25 or (not ended and weeks_left == 1)):
            unauth = scheduled * rng.uniform(0.25, 0.5)
        elif profile == "patchy" and roll < 0.3:
            auth = scheduled * rng.uniform(0.2, 0.5)
            if rng.random() < 0.3:
                unauth = scheduled * 0.2
        elif roll < 0.08:
            auth = scheduled * rng.uniform(0.2, 0.5)
        auth_h = min(_half(auth), a.hours)
        unauth_h = min(_half(unauth), a.hours - auth_h)
        present = a.hours - auth_h - unauth_h
        rows.append(AttendanceRec(public_id_for(seed, "attendance", str(ref_id), monday.isoformat()), monday,
                                  present, auth_h, unauth_h, actor))
        monday += WEEK
    return rows


def _notes(seed: int, rng: random.Random, ref_id: uuid.UUID, started: dt.date, ended: dt.date | None, status: str,
           profile: str, today: dt.date, author: str) -> list[NoteRec]:
    last = min(ended or today, today - DAY)
    notes: list[NoteRec] = []
    day = started + DAY * rng.randint(21, 42)
    while day <= last:
        notes.append(NoteRec(public_id_for(seed, "note", str(ref_id), day.isoformat()), day,
                             rng.choice(NOTES_GOOD), author))
        day += DAY * rng.randint(42, 70)
    if status == S.STARTED and (profile in ("slipping", "unauthorised") or rng.random() < 0.45):
        recent = today - DAY * rng.randint(1, 12)
        if recent > started:
            notes = [n for n in notes if n.written_on < recent - DAY * 14]
            text = rng.choice(NOTES_SLIPPING) if profile in ("slipping", "unauthorised") else rng.choice(NOTES_GOOD)
            notes.append(NoteRec(public_id_for(seed, "note", str(ref_id), recent.isoformat()), recent, text, author))
    elif status in (S.STOPPED, S.COMPLETED) and ended and ended <= today:
        notes = [n for n in notes if n.written_on < ended]
        notes.append(NoteRec(public_id_for(seed, "note", str(ref_id), ended.isoformat()), ended,
                             NOTE_STOPPED if status == S.STOPPED else NOTE_COMPLETED, author))
    return notes


def _referral(ctx: _Ctx, rng: random.Random, key: str, a: _Act, activity_id: uuid.UUID, decided_on: dt.date,
              referred: dt.date, people: _People, consents: dict[tuple[str, str], ConsentRec], featured: bool,
              consent_rows: list[ConsentRec], z_route: bool, *, bijstand: bool = False) -> ReferralRec | None:
    """The referral of one planned activity as it stands today (None: not referred yet, no valid basis, or
    consent refused). Attendance is kept for every week at the Taalhuis Zwolle and on the Z-route (whose
    fulfilment counts the hours), for the last weeks elsewhere (bijstand clients: the last eight weeks, with
    fewer drop-outs)."""
    today = ctx.today
    if referred > today or a.offer is None:
        return None
    basis = next((b for b in ctx.bases[a.partner] if b.valid_on(referred)), None)
    if basis is None:
        return None
    consent = None
    if basis.basis == LegalBasis.CONSENT:
        consent = consents.get((key, a.partner))
        if consent is None:
            refused = not a.forced and rng.random() < 0.06
            consent = ConsentRec(
                public_id_for(ctx.seed, "consent", key, a.partner), key, a.partner,
                str(ConsentDecision.REFUSED if refused else ConsentDecision.GIVEN),
                f"Naam, contactgegevens en de afspraken uit het plan delen met {a.partner} voor: {a.description}.",
                max(decided_on, referred - DAY * rng.randint(0, 3)), people.staff)
            consents[(key, a.partner)] = consent
            consent_rows.append(consent)
        if consent.decision != ConsentDecision.GIVEN:
            return None  # a refusal blocks the referral
    staff, partner_actor = people.staff, people.partner_actor(a.partner)
    offer_id = ctx.offer_ids[(a.partner, a.offer.name)]
    ref_id = public_id_for(ctx.seed, "referral", key, str(activity_id))
    events: list[EventRec] = []
    fields = {"waiting_since": None, "sent_on": None, "decided_on": None, "started_on": None, "ended_on": None,
              "reason": "", "result": ""}
    attendance: list[AttendanceRec] = []
    notes: list[NoteRec] = []
    note_for_partner = rng.choice(("", "", "Spreekt nog weinig Nederlands; tolk bij het eerste gesprek.",
                                   "Kan alleen in de ochtend.", "Graag contact opnemen via de klantmanager."))
    if a.offer.full and not a.forced and a.start >= today - DAY * WAITING_DAYS:
        status = S.WAITING
        fields["waiting_since"] = referred
        events.append(EventRec(S.WAITING, referred, "", staff))
    else:
        fields["sent_on"] = referred
        events.append(EventRec(S.SENT, referred, "", staff))
        decision = referred + DAY * rng.randint(3, 21)
        if decision > today:
            status = S.SENT
        elif not a.forced and rng.random() < 0.05:
            status = S.REJECTED
            fields["decided_on"] = decision
            fields["reason"] = rng.choice(REJECT_REASONS)
            events.append(EventRec(S.REJECTED, decision, fields["reason"], partner_actor))
        else:
            fields["decided_on"] = decision
            events.append(EventRec(S.ACCEPTED, decision, "", partner_actor))
            started = max(a.start, decision + DAY * rng.randint(1, 7))
            if started > today or started > a.end:
                status = S.ACCEPTED
            else:
                fields["started_on"] = started
                events.append(EventRec(S.STARTED, started, "", partner_actor))
                span = (min(a.end, today) - started).days
                stop_day = None
                if not a.forced and span > 14 and rng.random() < (0.12 if featured else 0.09):
                    stop_day = started + DAY * rng.randint(14, span)
                profile = "steady" if a.forced else _profile(rng, featured, bijstand)
                if stop_day is not None:
                    status = S.STOPPED
                    fields["ended_on"] = stop_day
                    fields["reason"] = rng.choice(STOP_REASONS)
                    fields["result"] = str(ReferralResult.NOT_ACHIEVED if rng.random() < 0.7 else ReferralResult.PARTLY)
                    events.append(EventRec(S.STOPPED, stop_day, fields["reason"], partner_actor))
                elif a.end < today:
                    status = S.COMPLETED
                    fields["ended_on"] = a.end
                    fields["result"] = str(_weighted(rng, {ReferralResult.ACHIEVED: 75, ReferralResult.PARTLY: 20,
                                                           ReferralResult.NOT_ACHIEVED: 5}))
                    events.append(EventRec(S.COMPLETED, a.end, "", partner_actor))
                else:
                    status = S.STARTED
                full = a.partner in FULL_ATTENDANCE_PARTNERS or z_route
                attendance = _attendance(ctx.seed, rng, ref_id, a, started, fields["ended_on"], status == S.STOPPED,
                                         profile, today, partner_actor, full,
                                         BIJSTAND_ATTENDANCE_WEEKS if bijstand else ATTENDANCE_WEEKS)
                author = ctx.partner_users.get(a.partner)
                if author:
                    notes = _notes(ctx.seed, rng, ref_id, started, fields["ended_on"], status, profile, today, author)
    return ReferralRec(
        public_id=ref_id, client=key, partner=a.partner, offer=offer_id, plan_activity=activity_id,
        basis=basis.public_id, consent=consent.public_id if consent else None, status=str(status),
        referred_on=referred, note_for_partner=note_for_partner, referred_by=staff, events=tuple(events),
        attendance=tuple(attendance), notes=tuple(notes), **fields)


# --- Exams and modules -----------------------------------------------------------------------------------

def _attempts(ctx: _Ctx, rng: random.Random, key: str, component: str, level: str, first_on: dt.date,
              outcome: str, by: dt.date | None, free_attempts: int, staff: str, failures: int) -> list[ExamRec]:
    """Attempts at one component: ``failures`` failed ones, then one with ``outcome``. A pass with ``by`` has its
    result on that day (the failed attempts lie before it); otherwise the attempts start on ``first_on``.
    Nothing is taken after today; a result not known by today is pending."""
    today = ctx.today
    if outcome == "passed" and by is not None:
        last_taken = by - DAY * rng.randint(21, 56)
        taken_days = [last_taken - DAY * rng.randint(90, 150) * (failures - n) for n in range(failures)]
        taken_days.append(last_taken)
    else:
        taken_days, day = [], first_on
        for _ in range(failures + 1):
            taken_days.append(day)
            day += DAY * rng.randint(90, 150)
    rows: list[ExamRec] = []
    for attempt, taken in enumerate(taken_days, start=1):
        if taken > today:
            break
        final = attempt == len(taken_days)
        if final and outcome == "passed" and by is not None:
            result, result_on = ExamResult.PASSED, by
        else:
            result = ExamResult.FAILED if not final else {
                "passed": ExamResult.PASSED, "failed": ExamResult.FAILED, "no_show": ExamResult.NO_SHOW,
            }.get(outcome, ExamResult.PENDING)
            if result == ExamResult.PENDING and taken < today - DAY * RESULT_DAYS:  # results come within eight weeks
                result = ExamResult.FAILED
            if result == ExamResult.PENDING:
                result_on = None
            else:  # a no-show is known on the day itself
                result_on = taken if result == ExamResult.NO_SHOW else taken + DAY * rng.randint(21, 56)
            if result_on is not None and result_on > today:
                result, result_on = ExamResult.PENDING, None
        rows.append(ExamRec(public_id_for(ctx.seed, "exam", key, component, str(attempt)), key, component, level,
                            taken, str(result), result_on, attempt, attempt <= free_attempts, staff))
    return rows


def _exams(ctx: _Ctx, p: PersonPlan, j: PersonJourney, route: str, stepped: bool, d1: dt.date | None,
           fulfilled: dt.date | None, exempted: dt.date | None, staff: str) -> list[ExamRec]:
    rng = _rng(ctx.seed, "exams", p.key)
    today = ctx.today
    key = p.key
    wi2013 = p.regime == Regime.WI2013
    free = FREE_ATTEMPTS if j.target_group in ASIEL_TARGET_GROUPS else 0
    level = str(ExamLevel.A2 if wi2013 or stepped else ExamLevel.B1)
    skills = [ExamComponent.READING, ExamComponent.LISTENING, ExamComponent.WRITING, ExamComponent.SPEAKING]
    staats = route == LearningRoute.EDUCATION or (route == LearningRoute.B1 and not stepped
                                                  and j.education == "higher" and rng.random() < 0.2)
    rows: list[ExamRec] = []

    def failures() -> int:
        return int(_weighted(rng, {0: 70, 1: 25, 2: 5}))

    if fulfilled:
        if route == LearningRoute.Z:
            components: list[tuple[str, str]] = [(ExamComponent.KNM, "")] if rng.random() < 0.7 else []
        elif staats:
            two = route == LearningRoute.EDUCATION and j.education == "higher" and rng.random() < 0.5
            components = [(ExamComponent.STAATSEXAMEN_II if two else ExamComponent.STAATSEXAMEN_I,
                           ExamLevel.B2 if two else ExamLevel.B1), (ExamComponent.KNM, "")]
        else:
            components = [(c, level) for c in skills] + [(ExamComponent.KNM, "")]
            if wi2013:
                components.append((ExamComponent.ONA, ""))
        last = len(components) - 1
        for i, (component, lvl) in enumerate(components):
            by = fulfilled if i == last else fulfilled - DAY * rng.randint(0, 60)
            rows += _attempts(ctx, rng, key, str(component), str(lvl), by, "passed", by, free, staff, failures())
        return rows
    start = d1 or (p.link_date + DAY * 365 if p.link_date else None)
    if start is None:
        return rows
    stop = exempted or today
    if route == LearningRoute.Z or (start + DAY * 400 > stop):
        if route == LearningRoute.Z and start + DAY * 500 <= stop and rng.random() < 0.3:
            rows += _attempts(ctx, rng, key, str(ExamComponent.KNM), "", _between(rng, start + DAY * 400, stop),
                              str(_weighted(rng, {"passed": 60, "failed": 40})), None, free, staff, 0)
        return rows
    sitting = _between(rng, start + DAY * 380, min(stop, start + DAY * 720))
    if staats:
        component = ExamComponent.STAATSEXAMEN_I
        rows += _attempts(ctx, rng, key, str(component), str(ExamLevel.B1), sitting,
                          str(_weighted(rng, {"failed": 60, "pending": 40})), None, free, staff, 0)
        return rows
    components = [(c, level) for c in skills] + [(ExamComponent.KNM, "")]
    if wi2013:
        components.append((ExamComponent.ONA, ""))
    for component, lvl in components:
        if exempted:
            outcome = "failed"
        elif component == ExamComponent.WRITING:  # not all of it: the duty is not fulfilled
            outcome = str(_weighted(rng, {"failed": 70, "no_show": 10, "pending": 20}))
        else:
            outcome = str(_weighted(rng, {"passed": 60, "failed": 25, "pending": 10, "no_show": 5}))
        day = sitting + DAY * rng.randint(0, 21)
        if day > stop:
            continue
        rows += _attempts(ctx, rng, key, str(component), str(lvl), day, outcome, None, free, staff,
                          int(_weighted(rng, {0: 80, 1: 20})) if outcome == "passed" else 0)
    # Passing needs a result date: a pass whose result would lie after today is still pending.
    return [r for r in rows if r.taken_on <= stop]


def _module(ctx: _Ctx, p: PersonPlan, route: str, d1: dt.date | None, fulfilled: dt.date | None,
            pvt: ReferralRec | None, pvt_act: _Act | None, map_ref: ReferralRec | None, map_act: _Act | None,
            staff: str) -> ModuleRec | None:
    rng = _rng(ctx.seed, "modules", p.key)
    today = ctx.today
    limit = fulfilled or today
    pvt_hours, pvt_signed = 0, None
    if p.regime == Regime.WI2013:
        if fulfilled or rng.random() < 0.6:
            pvt_hours = rng.choice((12, 14, 16))
            first = fulfilled or today
            pvt_signed = first - DAY * rng.randint(60, 400)
        themes: tuple[str, ...] = ()
        practical, map_final, z_final = 0, None, None
    else:
        if pvt is not None and pvt_act is not None and pvt.started_on:
            weeks = ((pvt.ended_on or today) - pvt.started_on).days // 7 + 1
            if pvt.status == S.COMPLETED:
                pvt_hours = int(pvt_act.hours * ((pvt_act.end - pvt_act.start).days + 1) / 7)
                pvt_signed = min(pvt.ended_on + DAY * rng.randint(0, 10), limit)
            else:
                pvt_hours = min(int(pvt_act.hours * weeks), 11)
        themes, practical, map_final, z_final = (), 0, None, None
        if route in (LearningRoute.B1, LearningRoute.Z) and d1 is not None:
            count = 8 if fulfilled else min(8, max(0, (today - d1).days // 100))
            themes = tuple(MAP_THEMES[:count])
            if map_ref is not None and map_act is not None and map_ref.started_on:
                if map_ref.status == S.COMPLETED:
                    practical = int(map_act.hours * ((map_act.end - map_act.start).days + 1) / 7)
                else:
                    weeks = ((map_ref.ended_on or today) - map_ref.started_on).days // 7 + 1
                    practical = int(map_act.hours * weeks)
            if fulfilled:
                practical = max(practical, 40)
                map_final = fulfilled - DAY * rng.randint(3, 20)
            elif count == 8 and practical >= 40 and rng.random() < 0.5:
                map_final = min(today, (map_ref.ended_on or today) + DAY * rng.randint(7, 40)) if map_ref else None
        if route == LearningRoute.Z and fulfilled:
            z_final = fulfilled
        if fulfilled and pvt_signed is None:  # fulfilment needs the signed declaration
            pvt_hours = max(pvt_hours, 12)
            pvt_signed = fulfilled - DAY * rng.randint(60, 300)
    if not (pvt_hours or themes or practical or map_final or z_final):
        return None
    return ModuleRec(public_id_for(ctx.seed, "module_progress", p.key), p.key, pvt_hours, pvt_signed, themes,
                     practical, map_final, z_final, staff)


# --- The plan van aanpak of a bijstand client (Participatiewet) ------------------------------------------

PVA_MAIN_GOALS = {
    "close": ("Binnen een jaar (parttime) betaald werk en minder afhankelijk van de uitkering.",
              "Weer aan het werk als {occupation}, eerst parttime.",
              "Uitstromen naar betaald werk, met begeleiding van een jobcoach."),
    "middle": ("Stap voor stap naar werk: eerst werkritme opdoen, dan een werkervaringsplaats.",
               "Werknemersvaardigheden opdoen en daarna een werkervaringsplaats.",
               "Ontdekken welk werk past en daarin ervaring opdoen."),
    "far": ("Weer meedoen: een vaste dagbesteding en contact met mensen buiten de deur.",
            "Eerst rust in de thuissituatie en in de financiën; daarna kijken naar werk of vrijwilligerswerk.",
            "Meedoen in de buurt, met vrijwilligerswerk als tegenprestatie."),
}
PVA_GOAL_WORK = {
    "close": ("Solliciteren met hulp van de jobcoach; een parttime baan van 16 tot 24 uur per week.",
              "Werkervaring opdoen en daarna doorstromen naar betaald werk."),
    "middle": ("Een competentietraining volgen en daarna een werkervaringsplaats.",
               "Vrijwilligerswerk voor het werkritme; na een half jaar een werkervaringsplaats."),
    "far": ("Vrijwilligerswerk een paar uur per week; betaald werk is nu nog niet haalbaar.",
            "Een vaste dagbesteding opbouwen; over een half jaar opnieuw kijken naar werk."),
}
PVA_GOAL_LANGUAGE = {cat.A2: "Taalles volgen en de taaleis (niveau 1F) halen.",
                     cat.NT1: "Beter leren lezen en schrijven bij het Taalhuis."}
WI2013_GOAL_LANGUAGE = ("Het inburgeringsexamen op niveau A2 halen (Wet inburgering 2013: eigen cursus met een "
                        "lening van DUO).")
WI2013_EXAM_TRAINING = ("Examentraining inburgeringsexamen A2", "language_course", Decimal(4), 10)
"""A Wi2013 client's exam training: an own activity (the course is their own responsibility, via DUO)."""
PVA_GOAL_FINANCE = ("Zelf de vaste lasten betalen en geen nieuwe schulden maken.",
                    "Weten welke toeslagen er zijn en die zelf aanvragen.",
                    "Rondkomen van het inkomen; inkomsten uit werk op tijd doorgeven.")
PVA_OBLIGATIONS = {
    "close": ("U staat ingeschreven als werkzoekende op werk.nl. U solliciteert vier keer per maand en neemt passend "
              "werk aan. U doet mee aan de activiteiten in dit plan.",
              "U zoekt actief naar werk en neemt passend werk aan, ook tijdelijk of parttime. U geeft inkomsten en "
              "veranderingen op tijd door."),
    "middle": ("Arbeidsverplichtingen: meedoen aan de training en de werkervaringsplaats uit dit plan en aan de "
               "gesprekken met de klantmanager. Passend werk neemt u aan.",
               "U doet mee aan de activiteiten in dit plan en solliciteert twee keer per maand. Tegenprestatie: het "
               "vrijwilligerswerk uit dit plan."),
    "far": ("Tijdelijk geen sollicitatieplicht vanwege uw situatie. U doet wel mee aan de activiteiten in dit plan en "
            "komt naar de gesprekken met de klantmanager. Over zes maanden kijken we opnieuw.",
            "Tegenprestatie: het vrijwilligerswerk uit dit plan. U komt naar de afspraken met de klantmanager en geeft "
            "veranderingen op tijd door."),
}
PVA_PROGRESS = (
    "Elke drie maanden een gesprek met de klantmanager over dit plan.",
    "Voortgangsgesprek elk kwartaal; de werkgever of de trainer meldt de voortgang in Meedoen.",
    "Elk half jaar kijken we samen opnieuw naar dit plan; tussendoor contact als er iets verandert.",
)
PVA_OVERRIDE_REASONS = (
    "De werkgever biedt de plek nu aan en de cliënt wil dit graag; na acht weken evalueren.",
    "Tijdelijk meer uren door de overlap van de training en de werkervaringsplaats; afgesproken met de cliënt.",
    "De cliënt kiest zelf voor meer uren omdat de baan anders vervalt; na de proeftijd evalueren.",
)
NO_OFFER_PVA = {  # a role without a partner offer on that day (e.g. before the covenants): an own activity
    cat.WEP: ("Werkervaringsplaats via het werkplein", "work_experience", Decimal(20)),
    cat.VOL: ("Vrijwilligerswerk als tegenprestatie", "volunteering", Decimal(6)),
    cat.PAID_PT: ("Parttime werk", "paid_work", Decimal(16)),
    cat.DEBT: ("Schuldhulpverlening van de gemeente", "debt_assistance", Decimal("1.5")),
}
PVA_REVIEW_DAYS = 420
"""A bijstand client's plan van aanpak is looked at again about once a year: most have a version of the last
420 days (an older first version stays as a revised one)."""
REFERRAL_HISTORY_DAYS = 730
"""Referrals of bijstand clients' activities that ended more than two years ago are not in the demo."""
PVA_OPEN_END = 730
"""Activities of a client still on bijstand may run up to two years past today."""


def _rung_on(j: PersonJourney, day: dt.date) -> int | None:
    """The Participatieladder rung measured last on or before ``day`` (else the first one measured)."""
    earlier = [m.rung for m in j.ladder if m.measured_on <= day]
    if earlier:
        return earlier[-1]
    return j.ladder[0].rung if j.ladder else None


def _distance(j: PersonJourney, facts: Facts, day: dt.date) -> str:
    """Distance to work on ``day`` ("close", "middle", "far"), from the ladder and the person's circumstances."""
    rung = _rung_on(j, day) or (4 if j.works else 2)
    if rung >= 4 and not facts.health:
        return "close"
    if rung <= 1 or (rung == 2 and (facts.health is not None or not j.works)):
        return "far"
    return "middle"


def _episode_stop(ctx: _Ctx, j: PersonJourney, day: dt.date) -> dt.date:
    """Activities decided on ``day`` end when that bijstand episode ends (open: up to two years on)."""
    for e in j.episodes:
        if e.start <= day and (e.end is None or e.end >= day):
            return e.end or ctx.today + DAY * PVA_OPEN_END
    return ctx.today + DAY * PVA_OPEN_END


def _pva_language(rng: random.Random, p: PersonPlan, j: PersonJourney, facts: Facts) -> str:
    """A language activity for some: reading and writing (born here, low literacy), or the taaleis (1F)."""
    if p.origin == "NL":
        return cat.NT1 if j.low_literate and rng.random() < 0.6 else ""
    weak = CEFR_SCALE.index(Cefr(facts.dutch[0])) <= 1 or j.low_literate
    return cat.A2 if weak and rng.random() < 0.6 else ""


def _pva_act(ctx: _Ctx, rng: random.Random, role: str, start: dt.date, weeks: int | None, version: int,
             day: dt.date, stop: dt.date, boost: bool, *, hours: Decimal | None = None) -> _Act | None:
    act = _act(ctx, rng, role, start, weeks, version, day, stop, boost, hours=hours)
    if act is None and role in NO_OFFER_PVA and start <= stop:
        description, activity_type, usual = NO_OFFER_PVA[role]
        act = _Act(role, activity_type, None, "", description, hours or usual, start,
                   min(start + WEEK * (weeks or 26) - DAY, stop), version)
    return act


def _pva_version_acts(ctx: _Ctx, rng: random.Random, j: PersonJourney, facts: Facts, version: int, day: dt.date,
                      stop: dt.date, boost: bool, language: str, *, wi2013: bool = False) -> list[_Act]:
    """What one version of the plan van aanpak plans from its day, by the client's distance to work then. A Wi2013
    client whose duty runs (``language`` set) has the A2 course in every first version (often in later ones) and
    sometimes exam training towards the A2 exam."""
    distance = _distance(j, facts, day)
    begin = day + DAY * rng.randint(10, 35)
    acts: list[_Act | None] = []
    if distance == "close":
        if rng.random() < 0.4:
            acts.append(_pva_act(ctx, rng, cat.SKILLS, begin, None, version, day, stop, boost))
        if rng.random() < 0.5:
            acts.append(_pva_act(ctx, rng, cat.PAID_PT, begin + WEEK * rng.randint(0, 6), rng.choice((26, 39, 52)),
                                 version, day, stop, boost, hours=Decimal(rng.choice((16, 20, 24)))))
        else:
            acts.append(_pva_act(ctx, rng, cat.WEP, begin, None, version, day, stop, boost,
                                 hours=Decimal(rng.choice((20, 24)))))
    elif distance == "middle":
        training = _pva_act(ctx, rng, cat.SKILLS, begin, None, version, day, stop, boost)
        acts.append(training)
        if rng.random() < 0.55:
            after = training.end + DAY * rng.randint(7, 21) if training else begin
            acts.append(_pva_act(ctx, rng, cat.WEP, after, None, version, day, stop, boost,
                                 hours=Decimal(rng.choice((16, 20, 24)))))
        else:
            acts.append(_pva_act(ctx, rng, cat.VOL, begin, 26, version, day, stop, boost))
    else:
        acts.append(_pva_act(ctx, rng, cat.VOL, begin, 26, version, day, stop, boost,
                             hours=Decimal(rng.choice((4, 6, 8)))))
        if rng.random() < 0.4:
            acts.append(_pva_act(ctx, rng, cat.BUDDY, begin + DAY * rng.randint(0, 30), None, version, day, stop,
                                 boost))
    if facts.health and rng.random() < (0.5 if distance == "far" else 0.2):
        acts.append(_pva_act(ctx, rng, cat.GGZ, day + DAY * rng.randint(7, 45), None, version, day, stop, boost))
    if facts.has_debts and (version == 1 or rng.random() < 0.3):
        acts.append(_pva_act(ctx, rng, cat.DEBT, day + DAY * rng.randint(7, 28), None, version, day, stop, boost))
    if language and (version == 1 or rng.random() < (0.6 if wi2013 else 0.3)):
        course = _pva_act(ctx, rng, language, begin + WEEK * rng.randint(0, 4), None, version, day, stop, boost)
        acts.append(course)
        if wi2013 and rng.random() < 0.35:
            description, activity_type, hours, weeks = WI2013_EXAM_TRAINING
            start = (course.end - WEEK * weeks + DAY) if course else begin + WEEK * rng.randint(4, 12)
            start = max(start, begin)
            if start <= stop:
                acts.append(_Act(cat.EXAM, activity_type, None, "", description, hours, start,
                                 min(start + WEEK * weeks - DAY, stop), version))
    return [a for a in acts if a is not None]


def _small_training(version: int, day: dt.date) -> _Act:
    description, activity_type = NO_OFFER[cat.SKILLS]
    start = day + DAY * 14
    return _Act(cat.SKILLS, activity_type, None, "", description, Decimal(2), start, start + WEEK * 8 - DAY, version)


def _ensure_activity(acts: list[_Act], version: int, day: dt.date) -> None:
    """Every version plans at least one activity (setting needs one): else a short training of the werkplein."""
    if not any(_in_version(a, version, day) and a.activity_type != "childcare" for a in acts):
        acts.append(_small_training(version, day))


def _pva_childcare(ctx: _Ctx, rng: random.Random, acts: list[_Act], versions: list[tuple[int, dt.date]],
                   hours: int, boost: bool) -> None:
    """Childcare in each version, for the hours the client is available, over the weeks of its activities."""
    for version, day in versions:
        load = [a for a in acts if _in_version(a, version, day) and a.activity_type != "childcare"]
        if not load:
            continue
        first, last = min(a.start for a in load), max(a.end for a in load)
        care = _act(ctx, rng, cat.CHILDCARE, first, None, version, day, last, boost, end=last, hours=Decimal(hours))
        if care is not None:
            care.hours = Decimal(hours)
            acts.append(care)


def _pva_days(rng: random.Random, j: PersonJourney, completed: dt.date, last_day: dt.date,
              guided: Callable[[dt.date], bool]) -> list[dt.date]:
    """The dagtekeningen of the set versions: a few weeks after the intake, sometimes a review in between, and
    for most a review in the last year. Only days the municipality guides the client (``guided``: on bijstand,
    the plan carries its obligations; a Wi2013 client also while the duty runs)."""
    first = completed + DAY * rng.randint(5, 28)
    if first > last_day or not guided(first):
        return []
    days = [first]
    gap = (last_day - first).days
    if gap > 900 and rng.random() < 0.45:
        middle = _between(rng, first + DAY * 300, last_day - DAY * (PVA_REVIEW_DAYS + 60))
        if guided(middle):
            days.append(middle)
    if gap > PVA_REVIEW_DAYS and rng.random() < 0.85:
        low = max(days[-1] + DAY * 240, last_day - DAY * PVA_REVIEW_DAYS)
        if low <= last_day - DAY * 20:
            late = _between(rng, low, last_day - DAY * 20)
            if guided(late):
                days.append(late)
    elif 240 < gap <= PVA_REVIEW_DAYS and rng.random() < 0.3:
        later = _between(rng, first + DAY * 180, last_day - DAY * 10)
        if guided(later):
            days.append(later)
    return days


def _pva_rec(seed: int, key: str, version: int, status: str, previous: uuid.UUID | None, day: dt.date | None,
             facts: Facts, j: PersonJourney, rng: random.Random, language: str, km: str, staff: str, reason: str,
             created_on: dt.date, activities: tuple[ActivityRec, ...], wi2013: bool = False) -> PlanRec:
    distance = _distance(j, facts, day or created_on)
    occupation = facts.occupation or "medewerker"
    goal_language = WI2013_GOAL_LANGUAGE if wi2013 and language else PVA_GOAL_LANGUAGE.get(language, "")
    return PlanRec(
        public_id=public_id_for(seed, "plan", key, str(version)), client=key, version=version, status=status,
        previous=previous, dagtekening=day, route="", stepped_down_to_a2=False, stepped_down_on=None,
        stepped_down_reason="", main_goal=rng.choice(PVA_MAIN_GOALS[distance]).format(occupation=occupation),
        goal_language=goal_language, goal_work=rng.choice(PVA_GOAL_WORK[distance]),
        goal_finance=GOAL_FINANCE_DEBTS if facts.has_debts else rng.choice(PVA_GOAL_FINANCE), pvt_intensity="",
        map_intensity="", ontzorgen=False, ontzorgen_until=None, ontzorgen_note="",
        progress_agreements=PVA_PROGRESS[version % len(PVA_PROGRESS)], contact_person=km,
        participatiewet_obligations=(rng.choice(PVA_OBLIGATIONS[distance]) if _on_bijstand(j, day or created_on)
                                     else ""),
        hours_available=facts.hours_available, needs_childcare=facts.needs_childcare, load_override_reason=reason,
        set_by=staff if status != PlanStatus.DRAFT else "", created_by=staff, created_on=created_on,
        activities=activities)


def _plan_van_aanpak(ctx: _Ctx, p: PersonPlan, j: PersonJourney, facts: Facts, km: str, staff: str,
                     out: _Out) -> None:
    """The plan van aanpak of a bijstand client or a Wi2013 client with an intake: set versions (the newest set,
    earlier ones revised) with activities at the partners that fit re-integration, some set despite an infeasible
    week (with a reason), a draft next version for some; a draft only while the intake runs, the client waits for
    a klantmanager or the first plan is being written. Referred like the statushouders' plans. No PIP_SET (the
    Wet inburgering 2013 has no PIP). A Wi2013 client is guided like a bijstand client when they have (had) bijstand,
    else while the duty runs (set versions then need no Participatiewet obligations, as ``plans.services`` has it);
    while the duty runs the plan has the A2 course (their own, via DUO) and sometimes exam training."""
    rng = _rng(ctx.seed, "pva", p.key)
    featured = km == DEMO_FLOW_KLANTMANAGER
    completed, started = _first(j, K.INTAKE_COMPLETED), _first(j, K.INTAKE_STARTED)
    wi2013 = p.regime == Regime.WI2013
    if wi2013:
        ended = _first(j, K.DUTY_FULFILLED) or _first(j, K.DUTY_EXEMPTED)
        language = cat.A2

        def guided(day: dt.date) -> bool:  # who has (had) bijstand: on bijstand (the obligations are required)
            return _on_bijstand(j, day) if j.episodes else ended is None or day < ended

        def lang(day: dt.date) -> str:
            return "" if ended is not None and day >= ended else language
    else:
        language = _pva_language(rng, p, j, facts)

        def guided(day: dt.date) -> bool:
            return _on_bijstand(j, day)

        def lang(day: dt.date) -> str:
            return language
    hours = facts.hours_available
    days = _pva_days(rng, j, completed, ctx.last_day, guided) if completed and km else []
    if not days:  # the first plan is being written
        created = (completed or started) + DAY * rng.randint(3, 20)
        if j.waiting_since:
            created = max(created, j.waiting_since - DAY * rng.randint(0, 60))
        created = max(started, min(ctx.today, created))
        stop = _episode_stop(ctx, j, created)
        acts = _pva_version_acts(ctx, rng, j, facts, 1, created, stop, featured, lang(created), wi2013=wi2013)
        _make_feasible(acts, [(1, created)], hours, None)
        _ensure_activity(acts, 1, created)
        if facts.needs_childcare:
            _pva_childcare(ctx, rng, acts, [(1, created)], hours, featured)
        activities = tuple(_activity_rec(ctx.seed, p.key, 1, i, x, None, ctx) for i, x in enumerate(acts))
        out.plans.append(_pva_rec(ctx.seed, p.key, 1, str(PlanStatus.DRAFT), None, None, facts, j, rng, lang(created),
                                  km, staff, "", created, activities, wi2013))
        return
    versions = list(enumerate(days, start=1))
    acts: list[_Act] = []
    for version, day in versions:
        acts += _pva_version_acts(ctx, rng, j, facts, version, day, _episode_stop(ctx, j, day), featured, lang(day),
                                  wi2013=wi2013)
    overload_version = None
    if hours <= 36 and rng.random() < (0.25 if featured else 0.08):
        version, day = versions[-1]
        extra = _overload(ctx, rng, acts, version, day, hours, _episode_stop(ctx, j, day) + DAY, featured)
        if extra is not None:
            acts.append(extra)
            overload_version = version
    _make_feasible(acts, versions, hours, overload_version)
    for version, day in versions:
        _ensure_activity(acts, version, day)
    if facts.needs_childcare:
        _pva_childcare(ctx, rng, acts, versions, max(hours, 40 if overload_version else hours), featured)
    # A draft next version for some: the klantmanager is preparing the next step.
    draft_acts: list[_Act] = []
    draft_on = None
    if days[-1] <= ctx.today - DAY * 60 and guided(ctx.today) and rng.random() < (
            0.3 if featured else 0.12):
        draft_on = ctx.today - DAY * rng.randint(2, 25)
        draft_acts = _pva_version_acts(ctx, rng, j, facts, 0, draft_on, _episode_stop(ctx, j, draft_on), featured,
                                       "")[:1]
    ids: dict[tuple[int, int], uuid.UUID] = {}
    previous = None
    for version, day in versions:
        members = [(i, x) for i, x in enumerate(acts) if _in_version(x, version, day)]
        activities = []
        for i, x in members:
            rec = _activity_rec(ctx.seed, p.key, version, i, x, ids.get((version - 1, i)), ctx)
            ids[(version, i)] = rec.public_id
            activities.append(rec)
        infeasible = over_limit([x.item() for _, x in members], hours, facts.needs_childcare)
        status = PlanStatus.SET if version == len(versions) else PlanStatus.REVISED
        plan = _pva_rec(ctx.seed, p.key, version, str(status), previous, day, facts, j, rng, lang(day), km, staff,
                        rng.choice(PVA_OVERRIDE_REASONS) if infeasible else "", day, tuple(activities), wi2013)
        out.plans.append(plan)
        previous = plan.public_id
    if draft_on is not None:
        version = len(versions) + 1
        carried = [(i, x) for i, x in enumerate(acts) if _in_version(x, version - 1, days[-1]) and x.end >= draft_on]
        activities = [_activity_rec(ctx.seed, p.key, version, i, x, ids.get((version - 1, i)), ctx)
                      for i, x in carried]
        activities += [_activity_rec(ctx.seed, p.key, version, len(acts) + n, x, None, ctx)
                       for n, x in enumerate(draft_acts)]
        out.plans.append(_pva_rec(ctx.seed, p.key, version, str(PlanStatus.DRAFT), previous, None, facts, j, rng,
                                  lang(draft_on), km, staff, "", draft_on, tuple(activities), wi2013))
    # Referrals: from the version that planned the activity, as for the statushouders; like the conversations
    # of bijstand clients, kept for the last two years (what ended before was referred on paper).
    rrng = _rng(ctx.seed, "referrals", p.key)
    people = _People(staff, ctx.partner_users)
    consents: dict[tuple[str, str], ConsentRec] = {}
    history = ctx.today - DAY * REFERRAL_HISTORY_DAYS
    planned = [(max(days[x.decided - 1], x.start - DAY * rrng.randint(14, 42)), i) for i, x in enumerate(acts)
               if x.offer is not None and (x.decided, i) in ids and x.end >= history]
    for referred, i in sorted(planned):
        x = acts[i]
        ref = _referral(ctx, rrng, p.key, x, ids[(x.decided, i)], days[x.decided - 1], referred, people, consents,
                        featured, out.consents, False, bijstand=True)
        if ref is not None:
            out.referrals.append(ref)


# --- ZRM 2017 measurements -------------------------------------------------------------------------------

ZRM_WINDOW_DAYS = 1095
"""ZRM measurements of bijstand clients are kept for the last three years (statushouders: from the intake)."""
WORK_BY_RUNG = {1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4}
TIME_BY_RUNG = {1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4}
PARTICIPATION_BY_RUNG = {1: 1, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4}
ZRM_DRIFT = ("financien", "huisvesting", "huiselijke_relaties", "geestelijke_gezondheid", "lichamelijke_gezondheid",
             "instrumentele_adl", "sociaal_netwerk")
ZRM_RELAPSE = ("financien", "huiselijke_relaties", "geestelijke_gezondheid", "middelengebruik", "huisvesting")


def _zrm_start(rng: random.Random, p: PersonPlan, j: PersonJourney, facts: Facts, day: dt.date) -> dict[str, int]:
    """The scores at the first measurement, from what the intake found (1 acuut … 5 volledig zelfredzaam)."""
    statushouder = p.group == STATUSHOUDER
    health = facts.health[0] if facts.health else ""
    worried = "piekert" in health
    if facts.has_debts:
        finance = 1 if rng.random() < 0.35 else 2
    else:
        finance = 2 if statushouder or rng.random() < 0.25 else 3
    if statushouder:
        housing = 2 if j.address is None else 3
    else:
        housing = 2 if "huur" in facts.debts_note else int(_weighted(rng, {3: 25, 4: 70, 5: 5}))
    return {
        "financien": finance,
        "huisvesting": housing,
        "huiselijke_relaties": int(_weighted(rng, {2: 10, 3: 45, 4: 45})),
        "geestelijke_gezondheid": 2 if worried else 3 if health else int(_weighted(rng, {3: 35, 4: 55, 5: 10})),
        "lichamelijke_gezondheid": 3 if health and not worried else 5 if p.age_on(day) < 30 and rng.random() < 0.5
        else 4,
        "middelengebruik": int(_weighted(rng, {2: 3, 3: 5, 4: 50, 5: 42})),
        "basale_adl": 4 if p.age_on(day) >= 55 or health else 5,
        "instrumentele_adl": 2 if j.low_literate else int(rng.choice((2, 3)) if statushouder
                                                          else _weighted(rng, {3: 35, 4: 65})),
        "sociaal_netwerk": int(rng.choice((2, 2, 3)) if statushouder else _weighted(rng, {2: 20, 3: 55, 4: 25})),
        "justitie": int(_weighted(rng, {3: 2, 4: 8, 5: 90})),
    }


def _zrm(ctx: _Ctx, p: PersonPlan, j: PersonJourney, facts: Facts, intake: IntakeRec | None,
         staff: str) -> list[ZrmRec]:
    """ZRM 2017 measurements (scores only) of many clients with a completed intake: at the intake (bijstand
    clients with an old intake: at a reassessment in the last three years), then every six to twelve months while
    the client is followed. Most improve, some relapse on a domain or two; work, time and participation follow the
    Participatieladder. The three special-category domains are scored for some (all who told about their health)."""
    completed = _first(j, K.INTAKE_COMPLETED)
    if completed is None or intake is None:
        return []
    rng = _rng(ctx.seed, "zrm", p.key)
    bijstand = p.group == BIJSTAND
    if rng.random() >= (0.85 if bijstand else 0.6):
        return []
    stop = min(ctx.today, j.waiting_since or ctx.today)
    if bijstand and j.episodes and j.episodes[-1].end is not None:
        stop = min(stop, j.episodes[-1].end)
    day = completed
    if bijstand and day < ctx.today - DAY * ZRM_WINDOW_DAYS:
        day = ctx.today - DAY * (ZRM_WINDOW_DAYS - rng.randint(0, 200))
    special = intake.health is not None or rng.random() < 0.3
    course = _weighted(rng, {"improving": 65, "stable": 22, "relapse": 13})
    relapse_at = rng.randint(2, 5) if course == "relapse" else None
    work_bonus = 1 if j.works and rng.random() < 0.4 else 0
    scores = _zrm_start(rng, p, j, facts, day)
    rows: list[ZrmRec] = []
    n = 0  # measurements so far (days off bijstand are skipped: the first one has the scores of the intake)
    while day <= stop:
        if not bijstand or _on_bijstand(j, day):
            n += 1
        else:
            day += DAY * rng.randint(182, 365)
            continue
        if n > 1:
            for name in ZRM_DRIFT:
                roll = rng.random()
                if course != "stable" and roll < 0.3:
                    scores[name] += 1
                elif roll > 0.96:
                    scores[name] -= 1
            if n == relapse_at:
                for name in rng.sample(ZRM_RELAPSE, rng.randint(1, 2)):
                    scores[name] -= rng.randint(1, 2)
        rung = _rung_on(j, day) or (3 if j.works else 2)
        scores["werk_opleiding"] = WORK_BY_RUNG[rung] + work_bonus
        scores["tijdsbesteding"] = TIME_BY_RUNG[rung]
        scores["maatschappelijke_participatie"] = PARTICIPATION_BY_RUNG[rung]
        scores = {name: max(1, min(5, value)) for name, value in scores.items()}
        values = tuple(None if name in ZRM_SPECIAL_DOMAINS and not special else scores[name]
                       for name, _label in ZRM_DOMAINS)
        rows.append(ZrmRec(public_id_for(ctx.seed, "zrm", p.key, str(len(rows))), p.key, day, values, staff))
        day += DAY * rng.randint(182, 365)
    return rows


# --- One person ------------------------------------------------------------------------------------------

@dataclass
class _Out:
    intakes: list[IntakeRec] = field(default_factory=list)
    plans: list[PlanRec] = field(default_factory=list)
    consents: list[ConsentRec] = field(default_factory=list)
    referrals: list[ReferralRec] = field(default_factory=list)
    exams: list[ExamRec] = field(default_factory=list)
    modules: list[ModuleRec] = field(default_factory=list)
    zrm: list[ZrmRec] = field(default_factory=list)


def _goals(rng: random.Random, route: str, facts: Facts, stepped: bool) -> dict[str, str]:
    occupation = facts.occupation or "vakman"
    main = rng.choice(MAIN_GOALS[LearningRoute(route)]).format(occupation=occupation)
    work = rng.choice(GOAL_WORK[LearningRoute(route)]).format(occupation=occupation)
    return {"main_goal": main, "goal_language": GOAL_LANGUAGE_A2 if stepped else GOAL_LANGUAGE[LearningRoute(route)],
            "goal_work": work, "goal_finance": GOAL_FINANCE_DEBTS if facts.has_debts else rng.choice(GOAL_FINANCE)}


def _on_bijstand(j: PersonJourney, day: dt.date) -> bool:
    return any(e.start <= day and (e.end is None or e.end >= day) for e in j.episodes)


def _ontzorgen(j: PersonJourney) -> dt.date | None:
    """Ontzorgen (art. 56a Participatiewet): asielstatushouders with bijstand, six months from its start (ends
    earlier when the bijstand ends). The last day, or None when it does not apply."""
    if j.target_group not in ASYLUM_GROUPS or not j.episodes:
        return None
    first = j.episodes[0]
    month = first.start.month + 6
    year, month = first.start.year + (month - 1) // 12, (month - 1) % 12 + 1
    day = min(first.start.day, 28)
    until = dt.date(year, month, day) - DAY
    return min(until, first.end) if first.end else until


def _plan_rec(seed: int, key: str, version: int, status: str, previous: uuid.UUID | None, day: dt.date | None,
              route: str, facts: Facts, j: PersonJourney, rng: random.Random, goals: dict[str, str], stepped: bool,
              stepped_on: dt.date | None, stepped_reason: str, km: str, staff: str, reason: str, created_on: dt.date,
              activities: tuple[ActivityRec, ...], ontzorgen_until: dt.date | None) -> PlanRec:
    pvt = Intensity.HIGH if route == LearningRoute.Z else (Intensity.LOW if facts.education_level in (
        EducationLevel.HIGHER, EducationLevel.UNIVERSITY) else Intensity.MEDIUM)
    map_intensity = "" if route == LearningRoute.EDUCATION else str(
        Intensity.HIGH if route == LearningRoute.Z else Intensity.MEDIUM)
    bijstand = _on_bijstand(j, day or created_on)
    return PlanRec(
        public_id=public_id_for(seed, "plan", key, str(version)), client=key, version=version, status=status,
        previous=previous, dagtekening=day, route=route, stepped_down_to_a2=stepped, stepped_down_on=stepped_on,
        stepped_down_reason=stepped_reason, **goals, pvt_intensity=str(pvt), map_intensity=map_intensity,
        ontzorgen=ontzorgen_until is not None, ontzorgen_until=ontzorgen_until,
        ontzorgen_note=ONTZORGEN_NOTE if ontzorgen_until else "",
        progress_agreements=PROGRESS_AGREEMENTS[version % len(PROGRESS_AGREEMENTS)],
        contact_person=km, participatiewet_obligations=rng.choice(PW_OBLIGATIONS) if bijstand else "",
        hours_available=facts.hours_available, needs_childcare=facts.needs_childcare, load_override_reason=reason,
        set_by=staff if status != PlanStatus.DRAFT else "", created_by=staff, created_on=created_on,
        activities=activities)


def _person(ctx: _Ctx, p: PersonPlan, j: PersonJourney, a: Assignment, out: _Out) -> None:
    members = ctx.households[p.household]
    km = a.klantmanager or ""
    staff = km or ctx.fallback.get(a.team, "")
    if not staff:
        return  # a made-up municipality without staff in the team: nobody to record anything
    ctx.person_sex = p.sex
    facts = _facts(ctx.seed, p, j, members)
    intake = _intake(ctx.seed, p, j, facts, staff, ctx.last_day, ctx.today)
    if intake is not None:
        out.intakes.append(intake)
    out.zrm.extend(_zrm(ctx, p, j, facts, intake, staff))
    if p.regime == Regime.NONE:
        if intake is not None:
            _plan_van_aanpak(ctx, p, j, facts, km, staff, out)
        return
    fulfilled = _first(j, K.DUTY_FULFILLED)
    exempted = _first(j, K.DUTY_EXEMPTED)
    pips = _pip_dates(j)
    featured = km == DEMO_FLOW_KLANTMANAGER
    route = facts.route
    if p.regime == Regime.WI2013:
        out.exams.extend(_exams(ctx, p, j, "", False, None, fulfilled, exempted, staff))
        module = _module(ctx, p, "", None, fulfilled, None, None, None, None, staff)
        if module:
            out.modules.append(module)
        if intake is not None:  # no PIP under the Wet inburgering 2013: a plan van aanpak
            _plan_van_aanpak(ctx, p, j, facts, km, staff, out)
        return
    if p.regime != Regime.WI2021 or not route:
        return
    rng = _rng(ctx.seed, "pip", p.key)
    people = _People(staff, ctx.partner_users)
    if not pips:  # the first plan is being written (during the intake or after it)
        completed, started = _first(j, K.INTAKE_COMPLETED), _first(j, K.INTAKE_STARTED)
        if started is not None:
            created = min(ctx.today, completed + DAY * rng.randint(3, 20) if completed
                          else started + DAY * rng.randint(7, 30))
            acts = _timeline(ctx, rng, p, facts, [created], created + DAY * TERM_DAYS, False, featured)
            acts = [x for x in acts if x.decided == 1]
            _make_feasible(acts, [(1, created)], facts.hours_available, None)
            _ensure_activity(acts, 1, created)
            if facts.needs_childcare:
                care = _childcare(ctx, rng, acts, facts.hours_available, featured)
                if care:
                    acts.append(care)
            activities = tuple(_activity_rec(ctx.seed, p.key, 1, i, x, None, ctx) for i, x in enumerate(acts))
            out.plans.append(_plan_rec(ctx.seed, p.key, 1, str(PlanStatus.DRAFT), None, None, route, facts, j, rng,
                                       _goals(rng, route, facts, False), False, None, "", km, staff, "", created,
                                       activities, _ontzorgen(j)))
        return
    program_end = fulfilled or exempted or pips[0] + DAY * TERM_DAYS
    acts = _timeline(ctx, rng, p, facts, pips, program_end, fulfilled is not None, featured)
    if fulfilled and route == LearningRoute.Z:
        _z_hours(acts)
    versions = list(enumerate(pips, start=1))
    hours = facts.hours_available
    overload_version = None
    if not fulfilled and hours <= 36 and rng.random() < (0.25 if featured else 0.1):
        version, day = versions[-1]
        extra = _overload(ctx, rng, acts, version, day, hours, program_end, featured)
        if extra is not None:
            acts.append(extra)
            overload_version = version
    _make_feasible(acts, versions, hours, overload_version)
    for version, day in versions:
        _ensure_activity(acts, version, day)
    if facts.needs_childcare:
        care = _childcare(ctx, rng, acts, max(hours, 40 if overload_version else hours), featured)
        if care:
            acts.append(care)
    stepped_in = None
    if route == LearningRoute.B1 and len(pips) >= 2 and rng.random() < 0.3:
        stepped_in = 2
    # A draft next version for some: the klantmanager is preparing the next step.
    draft_on = None
    if not (fulfilled or exempted) and pips[-1] <= ctx.today - DAY * 60 and rng.random() < (0.3 if featured else 0.12):
        draft_on = ctx.today - DAY * rng.randint(2, 25)
    # Records: the set versions, then the draft.
    ids: dict[tuple[int, int], uuid.UUID] = {}
    previous_plan = None
    ontzorgen_until = _ontzorgen(j)
    stepped_on = pips[stepped_in - 1] if stepped_in else None
    stepped_reason = rng.choice(STEP_DOWN_REASONS) if stepped_in else ""
    for version, day in versions:
        members_v = [(i, x) for i, x in enumerate(acts) if _in_version(x, version, day)]
        activities = []
        for i, x in members_v:
            carried = ids.get((version - 1, i))
            rec = _activity_rec(ctx.seed, p.key, version, i, x, carried, ctx)
            ids[(version, i)] = rec.public_id
            activities.append(rec)
        stepped = stepped_in is not None and version >= stepped_in
        infeasible = over_limit([x.item() for _, x in members_v], hours, facts.needs_childcare)
        reason = rng.choice(OVERRIDE_REASONS) if infeasible else ""
        status = PlanStatus.SET if version == len(versions) else PlanStatus.REVISED
        plan = _plan_rec(ctx.seed, p.key, version, str(status), previous_plan, day, route, facts, j, rng,
                         _goals(rng, route, facts, stepped), stepped, stepped_on if stepped else None,
                         stepped_reason if stepped else "", km, staff, reason, day, tuple(activities),
                         ontzorgen_until)
        out.plans.append(plan)
        previous_plan = plan.public_id
    if draft_on is not None:
        version = len(versions) + 1
        carried_acts = [(i, x) for i, x in enumerate(acts) if _in_version(x, version - 1, versions[-1][1])
                        and x.end >= draft_on]
        new = None
        begin = draft_on + DAY * rng.randint(21, 60)
        if route != LearningRoute.EDUCATION:
            new = _act(ctx, rng, cat.WEP if rng.random() < 0.6 else cat.SKILLS, begin, None, 0, draft_on,
                       program_end - DAY, featured)
        if new is None and not carried_acts:
            new = _small_training(0, draft_on)
        activities = [_activity_rec(ctx.seed, p.key, version, i, x, ids.get((version - 1, i)), ctx)
                      for i, x in carried_acts]
        if new is not None:
            activities.append(_activity_rec(ctx.seed, p.key, version, len(acts), new, None, ctx))
        stepped = stepped_in is not None or (route == LearningRoute.B1 and rng.random() < 0.2)
        out.plans.append(_plan_rec(
            ctx.seed, p.key, version, str(PlanStatus.DRAFT), previous_plan, None, route, facts, j, rng,
            _goals(rng, route, facts, stepped), stepped, (stepped_on or draft_on) if stepped else None,
            (stepped_reason or STEP_DOWN_REASONS[1]) if stepped else "", km, staff, "", draft_on,
            tuple(activities), ontzorgen_until))
    # Referrals: from the version that planned the activity.
    rrng = _rng(ctx.seed, "referrals", p.key)
    consents: dict[tuple[str, str], ConsentRec] = {}
    pvt_ref = map_ref = None
    pvt_act = map_act = None
    planned = []  # (referred on, index): referred some weeks before the start, handled in date order
    for i, x in enumerate(acts):
        if x.offer is not None and (x.decided, i) in ids:
            planned.append((max(pips[x.decided - 1], x.start - DAY * rrng.randint(14, 70)), i))
    for referred, i in sorted(planned):
        x = acts[i]
        ref = _referral(ctx, rrng, p.key, x, ids[(x.decided, i)], pips[x.decided - 1], referred, people, consents,
                        featured, out.consents, route == LearningRoute.Z)
        if ref is None:
            continue
        out.referrals.append(ref)
        if x.role == cat.PVT:
            pvt_ref, pvt_act = ref, x
        elif x.role == cat.MAP:
            map_ref, map_act = ref, x
    stepped = stepped_in is not None
    out.exams.extend(_exams(ctx, p, j, route, stepped, pips[0], fulfilled, exempted, staff))
    module = _module(ctx, p, route, pips[0], fulfilled, pvt_ref, pvt_act, map_ref, map_act, staff)
    if module:
        out.modules.append(module)


def _activity_rec(seed: int, key: str, version: int, index: int, a: _Act, carried: uuid.UUID | None,
                  ctx: _Ctx) -> ActivityRec:
    offer = ctx.offer_ids[(a.partner, a.offer.name)] if a.offer else None
    return ActivityRec(public_id_for(seed, "activity", key, str(version), str(index)), a.activity_type, offer,
                       a.description, a.hours, a.start, a.end, carried)


# --- Entry point -----------------------------------------------------------------------------------------

def demo_flow_person(spec: MunicipalitySpec, people: Sequence[PersonPlan],
                     assignments: dict[str, Assignment]) -> str | None:
    """The client the demo flow starts with: on the featured klantmanager's caseload, under the Wet
    inburgering 2021, housed (not in the AZC), preferably living alone, the most recently linked."""
    if not any(s.username == DEMO_FLOW_KLANTMANAGER for s in spec.staff):
        return None
    candidates = [p for p in people if assignments[p.key].klantmanager == DEMO_FLOW_KLANTMANAGER
                  and p.group == STATUSHOUDER and p.regime == Regime.WI2021]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (p.in_azc, p.household_role != "single", -p.link_date.toordinal(), p.key))
    return best.key


def build_programme(seed: int, spec: MunicipalitySpec, people: Sequence[PersonPlan],
                    assignments: dict[str, Assignment], journeys: Journeys, *, reference_date: dt.date,
                    today: dt.date, demo_flow: str | None = None) -> Programme:
    """Everything after the intake for one municipality (pure: no database)."""
    partners = catalogue_for(spec.cbs_code, spec.partners)
    covenants, contacts, bases, offer_ids = _partner_rows(seed, spec, partners)
    by_role: dict[str, list[tuple[PartnerSpec, OfferSpec]]] = {}
    for partner in partners:
        for offer in partner.offers:
            by_role.setdefault(offer.role, []).append((partner, offer))
    partner_users, fallback = _actors(spec)
    households: dict[str, list[PersonPlan]] = {}
    for person in people:
        households.setdefault(person.household, []).append(person)
    ctx = _Ctx(seed=seed, spec=spec, today=today, last_day=min(reference_date, today), bases=bases,
               offer_ids=offer_ids, by_role=by_role, partner_users=partner_users, fallback=fallback,
               households=households)
    out = _Out()
    for person in people:
        _person(ctx, person, journeys.people[person.key], assignments[person.key], out)
    # Capacity: a full offer holds exactly the places taken today; the others have room.
    placed = Counter(r.offer for r in out.referrals if r.status in (S.ACCEPTED, S.STARTED))
    offers = []
    for partner in partners:
        for o in partner.offers:
            oid = offer_ids[(partner.name, o.name)]
            taken = placed[oid]
            capacity = max(taken, 1) if o.full else max(o.capacity, taken + 2 + taken // 5)
            offers.append(OfferRec(oid, partner.name, o.name, o.activity_type, o.hours_per_week, o.duration_weeks,
                                   o.location, o.languages, capacity, o.price, o.full))
    return Programme(
        covenants=tuple(covenants), contacts=tuple(contacts), bases=tuple(b for p in partners for b in bases[p.name]),
        offers=tuple(offers), intakes=tuple(out.intakes), plans=tuple(out.plans), consents=tuple(out.consents),
        referrals=tuple(out.referrals), exams=tuple(out.exams), modules=tuple(out.modules), zrm=tuple(out.zrm),
        demo_flow=demo_flow,
    )


# --- Canonical rows (compare the plan with the database: ``seeding.database_records``) ---------------------

def _same(value):
    return value


_CANON_BY_TYPE = {  # the common exact types first (a dict lookup); subclasses go the long way below
    str: _same, int: _same, bool: _same, type(None): _same,
    Decimal: lambda value: format(value.quantize(Decimal("0.01")), "f"),
    dt.date: dt.date.isoformat, uuid.UUID: str,
}


def canon(value):
    """One value in the form both sides of the digest agree on."""
    exact = _CANON_BY_TYPE.get(type(value))
    if exact is not None:
        return exact(value)
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [canon(v) for v in value]
    return str(value)


def row(table: str, *values) -> list:
    return [table, *(canon(v) for v in values)]


def programme_rows(code: str, programme: Programme, client_ids: dict[str, uuid.UUID]) -> list[list]:
    """Canonical rows of one municipality's programme (``client_ids``: person key -> client public id)."""
    rows: list[list] = []
    rows += [row("covenant", code, c.partner, c.start, c.end, c.delivers, c.signed_on) for c in programme.covenants]
    rows += [row("partner_contact", code, c.partner, c.name, c.function, c.phone, c.email)
             for c in programme.contacts]
    rows += [row("basis", b.public_id, code, b.partner, b.basis, b.shared_data, b.valid_from, b.valid_until,
                 b.document_reference) for b in programme.bases]
    rows += [row("offer", o.public_id, code, o.partner, o.name, o.activity_type, o.hours_per_week, o.duration_weeks,
                 o.location, sorted(o.languages), o.capacity, o.price) for o in programme.offers]
    for i in programme.intakes:
        cid = client_ids[i.client]
        rows.append(row("intake", cid, i.status, i.started_on, i.completed_on, i.mother_tongue, i.dutch_reading,
                        i.dutch_listening, i.dutch_writing, i.dutch_speaking, i.literacy_own_script,
                        i.literacy_latin_script, i.vve_informed_on, i.conversation_offered_on, i.updated_by))
        if i.learnability:
            t = i.learnability
            rows.append(row("intake_lbt", cid, t.tested_on, t.result, t.provider, t.exemption, t.deviation_reason))
        if i.origin:
            o = i.origin
            rows.append(row("intake_origin", cid, o.education_level, o.education_years, o.has_diploma,
                            o.recognition_requested, o.occupation, o.sector, o.work_years))
        if i.circumstances:
            c = i.circumstances
            rows.append(row("intake_circumstances", cid, c.childcare_needs, c.has_debts, c.debts_note,
                            c.hours_available, c.motivation))
        if i.health:
            rows.append(row("intake_health", cid, i.health.health, i.health.care_needs))
    for p in programme.plans:
        rows.append(row("plan", p.public_id, client_ids[p.client], p.version, p.status, p.previous, p.dagtekening,
                        p.route, p.stepped_down_to_a2, p.stepped_down_on, p.stepped_down_reason, p.main_goal,
                        p.goal_language, p.goal_work, p.goal_finance, p.pvt_intensity, p.map_intensity, p.ontzorgen,
                        p.ontzorgen_until, p.ontzorgen_note, p.progress_agreements, p.contact_person,
                        p.participatiewet_obligations, p.hours_available, p.needs_childcare,
                        p.load_override_reason, p.set_by, p.created_by))
        rows += [row("activity", a.public_id, p.public_id, a.activity_type, a.offer, a.description, a.hours_per_week,
                     a.start, a.end, a.carried_from) for a in p.activities]
    rows += [row("consent", client_ids[c.client], c.partner, c.decision, c.scope, c.decided_on, c.recorded_by)
             for c in programme.consents]
    for r in programme.referrals:
        rows.append(row("referral", r.public_id, client_ids[r.client], r.partner, r.offer, r.plan_activity, r.basis,
                        r.consent, r.status, r.referred_on, r.waiting_since, r.sent_on, r.decided_on, r.started_on,
                        r.ended_on, r.reason, r.result, r.note_for_partner, r.referred_by))
        rows += [row("referral_event", r.public_id, e.status, e.occurred_on, e.reason, e.actor) for e in r.events]
        rows += [row("attendance", r.public_id, a.week_start, a.hours_present, a.hours_absent_authorised,
                     a.hours_absent_unauthorised, a.recorded_by) for a in r.attendance]
        rows += [row("progress_note", r.public_id, n.written_on, n.text, n.author) for n in r.notes]
    rows += [row("exam", client_ids[e.client], e.component, e.level, e.taken_on, e.result, e.result_on, e.attempt,
                 e.free, e.recorded_by) for e in programme.exams]
    rows += [row("zrm", client_ids[z.client], z.measured_on, *z.scores, z.recorded_by) for z in programme.zrm]
    rows += [row("module_progress", client_ids[m.client], m.pvt_hours, m.pvt_signed_on, list(m.map_themes_done),
                 m.map_practical_hours, m.map_final_conversation_on, m.z_final_conversation_on, m.updated_by)
             for m in programme.modules]
    return rows
